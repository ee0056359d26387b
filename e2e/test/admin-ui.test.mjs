// The Socket.IO Admin UI (profile admin-ui): socket.io-client 4.8 speaks to /admin as the UI
// of @socket.io/admin-ui 0.5 does. With E2E_TARGET=node the reference server calls the real
// instrument(io, { namespaceName: "/admin", mode: "development", auth: basic admin/admin-pass }),
// so every payload shape checked here is the Node server's.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as ioClient } from "socket.io-client";
import { startApp } from "../support/app.mjs";
import { closeClientsAfterEach, connect } from "../support/client.mjs";
import { nextEvent, within } from "../support/wait.mjs";

const LOGIN = { username: "admin", password: "admin-pass" };
const WS = { name: "websocket", options: { transports: ["websocket"] } };
const POLLING = { name: "polling", options: { transports: ["polling"], upgrade: false } };

let app;
before(async () => { app = await startApp({ profile: "admin-ui" }); });
after(() => app?.stop());
closeClientsAfterEach();

const opened = [];
after(() => opened.forEach((s) => s.close()));

/** An admin UI socket; resolves once it is connected, with what it was sent. */
function adminUi(auth) {
  const socket = ioClient(`${app.url}/admin`, { transports: ["websocket"], reconnection: false, forceNew: true, auth });
  opened.push(socket);
  const seen = [];
  const waiters = [];
  socket.onAny((event, ...args) => {
    seen.push([event, ...args]);
    waiters.splice(0).forEach((w) => w());
  });
  /** The next (or first already seen) event of that name that passes the test. */
  socket.seen = (event, test = () => true) => within(new Promise((resolve) => {
    const look = () => {
      const found = seen.find(([name, ...args]) => name === event && test(...args));
      if (found) resolve(found.slice(1));
      else waiters.push(look);
    };
    look();
  }), `admin ui event ${event}`);
  return socket;
}

const connected = (socket) => within(new Promise((resolve, reject) => {
  socket.once("connect", resolve);
  socket.once("connect_error", reject);
}), "admin ui connect");

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function assertSerializedSocket(described) {
  assert.deepEqual(Object.keys(described).sort(), ["clientId", "data", "handshake", "id", "nsp", "rooms", "transport"]);
  assert.equal(described.clientId.length, 12);
  assert.deepEqual(Object.keys(described.handshake).sort(),
    ["address", "headers", "issued", "query", "secure", "time", "url", "xdomain"]);
  assert.equal(typeof described.handshake.issued, "number");
  assert.equal(described.handshake.query.EIO, "4");
  assert.ok(!("_admin" in described.data), "the UI's own data is not shown");
}

describe("Socket.IO Admin UI", () => {
  it("refuses wrong credentials with connect_error 'invalid credentials'", async () => {
    for (const auth of [{ username: "admin", password: "wrong" }, { username: "root", password: "admin-pass" }, {}]) {
      const socket = adminUi(auth);
      const error = await within(new Promise((resolve) => socket.once("connect_error", resolve)), "connect_error");
      assert.equal(error.message, "invalid credentials");
    }
  });

  it("sends a session, the config and every socket to a logged-in UI; the session logs in again", async () => {
    const user = await connect(app.url, POLLING);
    const ui = adminUi(LOGIN);
    await connected(ui);
    const [sessionId] = await ui.seen("session");
    assert.match(sessionId, /^[0-9a-f]{16}$/);
    const [config] = await ui.seen("config");
    assert.deepEqual(config, {
      supportedFeatures: ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"],
    });
    const [sockets] = await ui.seen("all_sockets");
    const described = sockets.find((s) => s.id === user.id);
    assert.ok(described, `the user socket among ${JSON.stringify(sockets.map((s) => s.id))}`);
    assertSerializedSocket(described);
    assert.equal(described.nsp, "/");
    assert.equal(described.transport, "polling");
    assert.ok(described.rooms.includes(user.id));
    assert.ok(sockets.some((s) => s.nsp === "/admin" && s.id === ui.id), "the UI's own socket is listed");

    const again = adminUi({ sessionId });
    await connected(again);
    await again.seen("config");
  });

  it("sends server_stats every 2 seconds", async () => {
    const user = await connect(app.url, WS);
    const ui = adminUi(LOGIN);
    await connected(ui);
    const [stats] = await ui.seen("server_stats", (s) => s.namespaces.some((n) => n.name === "/admin" && n.socketsCount >= 1));
    assert.deepEqual(Object.keys(stats).sort(),
      ["aggregatedEvents", "clientsCount", "hostname", "namespaces", "pid", "pollingClientsCount", "serverId", "uptime"]);
    assert.equal(typeof stats.serverId, "string");
    assert.equal(typeof stats.pid, "number");
    assert.ok(stats.uptime > 0);
    assert.ok(stats.clientsCount >= 2);
    assert.ok(stats.namespaces.find((n) => n.name === "/").socketsCount >= 1);
    for (const event of stats.aggregatedEvents) {
      assert.equal(typeof event.timestamp, "number");
      assert.equal(typeof event.count, "number");
    }
    const first = Date.now();
    await ui.seen("server_stats", () => Date.now() - first > 1000);
    assert.ok(user.connected);
  });

  it("tells connections, events, rooms and disconnections, and carries out join, leave and _disconnect", async () => {
    const ui = adminUi(LOGIN);
    await connected(ui);
    await ui.seen("config");
    const user = await connect(app.url, WS);
    const id = user.id;
    const [described, at] = await ui.seen("socket_connected", (s) => s.id === id);
    assertSerializedSocket(described);
    assert.equal(described.transport, "websocket");
    assert.match(at, ISO_DATE);

    user.emit("admin-ui-hello", "world", 42);
    const received = await ui.seen("event_received", (nsp, socketId) => socketId === id);
    assert.deepEqual(received.slice(0, 3), ["/", id, ["admin-ui-hello", "world", 42]]);
    assert.match(received[3], ISO_DATE);

    ui.emit("join", "/", "admin-ui-lobby", id);
    const joined = await ui.seen("room_joined", (nsp, room) => room === "admin-ui-lobby");
    assert.deepEqual(joined.slice(0, 3), ["/", "admin-ui-lobby", id]);

    ui.emit("emit", "/", "admin-ui-lobby", "from-admin", { hello: true });
    assert.deepEqual(await nextEvent(user, "from-admin"), [{ hello: true }]);
    const sent = await ui.seen("event_sent", (nsp, socketId, args) => args[0] === "from-admin");
    assert.deepEqual(sent.slice(0, 3), ["/", id, ["from-admin", { hello: true }]]);

    ui.emit("leave", "/", "admin-ui-lobby");
    const left = await ui.seen("room_left", (nsp, room) => room === "admin-ui-lobby");
    assert.deepEqual(left.slice(0, 3), ["/", "admin-ui-lobby", id]);

    const gone = nextEvent(user, "disconnect");
    ui.emit("_disconnect", "/", false, id);
    assert.equal((await gone)[0], "io server disconnect");
    const disconnected = await ui.seen("socket_disconnected", (nsp, socketId) => socketId === id);
    assert.deepEqual(disconnected.slice(0, 3), ["/", id, "server namespace disconnect"]);
  });
});
