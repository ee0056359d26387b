// The sample app's event contract (default profile), once per transport.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, client, closeClientsAfterEach, connect } from "../support/client.mjs";
import { nextEvent } from "../support/wait.mjs";

let app;
before(async () => { app = await startApp(); });
after(() => app?.stop());
closeClientsAfterEach();

it("logs the init hook at start-up", async () => {
  await app.waitForLog("[io] init hook called");
});

async function getUser(id) {
  const res = await fetch(`${app.httpUrl}/api/users/${id}`);
  assert.equal(res.status, 200, `GET /api/users/${id}`);
  return res.json();
}

for (const transport of TRANSPORTS) {
  describe(`sample contract over ${transport.name}`, () => {
    it("logs the connection with the socket id the client sees", async () => {
      const socket = await connect(app.url, transport);
      assert.ok(socket.id, "client has a socket id");
      await app.waitForLog(`[io] a new client with id ${socket.id} has connected`);
    });

    it("custom-event-name acks {x, y} and logs the location", async () => {
      const socket = await connect(app.url, transport);
      // non-integral numbers print the same in Java and JavaScript
      assert.deepEqual(await ack(socket, "custom-event-name", 1.5, -2.25), [{ x: 1.5, y: -2.25 }]);
      await app.waitForLog("[io] hello from custom event location 1.5 -2.25");
    });

    it("update-user-name acks the new user, and the REST API shows the new name", async () => {
      const socket = await connect(app.url, transport);
      const name = `bob (${transport.name}) ✓`;
      assert.deepEqual(await ack(socket, "update-user-name", 2, name), [{ id: 2, name }]);
      assert.deepEqual(await getUser(2), { id: 2, name });
      assert.deepEqual(await getUser(1), { id: 1, name: "alice" }, "other users unchanged");
    });

    it("update-user-name with an unknown id acks an error", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "update-user-name", 999, "nobody"), [{ error: "User 999 not found" }]);
    });

    it("ping-me makes the server emit pong-you with the same args, and acks true", async () => {
      const socket = await connect(app.url, transport);
      const pong = nextEvent(socket, "pong-you");
      assert.deepEqual(await ack(socket, "ping-me", "a", 2, { b: [null] }), [true]);
      assert.deepEqual(await pong, ["a", 2, { b: [null] }]);
    });

    it("connecting to an unknown namespace fails with 'Invalid namespace'", async () => {
      const socket = client(`${app.url}/nope`, transport);
      const [err] = await nextEvent(socket, "connect_error");
      assert.equal(err.message, "Invalid namespace");
      assert.equal(socket.connected, false);
    });

    it("the main namespace still works after a rejected namespace on the same connection", async () => {
      const main = await connect(app.url, transport);
      const nope = main.io.socket("/nope");
      nope.connect();
      const [err] = await nextEvent(nope, "connect_error");
      assert.equal(err.message, "Invalid namespace");
      assert.deepEqual(await ack(main, "echo", "still here"), ["still here"]);
    });
  });
}

it("clients on different transports share the same user store", async () => {
  const [ws, polling] = await Promise.all([
    connect(app.url, TRANSPORTS[0]),
    connect(app.url, TRANSPORTS[1]),
  ]);
  assert.deepEqual(await ack(ws, "update-user-name", 3, "caroline"), [{ id: 3, name: "caroline" }]);
  assert.deepEqual(await getUser(3), { id: 3, name: "caroline" });
  assert.deepEqual(await ack(polling, "update-user-name", 3, "carol"), [{ id: 3, name: "carol" }]);
  assert.deepEqual(await getUser(3), { id: 3, name: "carol" });
});

describe("default-profile handshake and CORS", () => {
  it("the Engine.IO handshake announces the default settings", async () => {
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.equal(body[0], "0");
    const open = JSON.parse(body.slice(1));
    assert.equal(typeof open.sid, "string");
    assert.deepEqual(
      { upgrades: open.upgrades, pingInterval: open.pingInterval, pingTimeout: open.pingTimeout, maxPayload: open.maxPayload },
      { upgrades: ["websocket"], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 },
    );
  });

  it("no Access-Control-Allow-Origin for a foreign origin when no CORS origins are configured", async () => {
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: "http://evil.example" } });
    await res.text();
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    assert.notEqual(res.headers.get("access-control-allow-credentials"), "true");
  });
});
