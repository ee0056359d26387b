// Connection state recovery (profile recovery: 30 s window), once per transport, with
// socket.io-client 4.8's own recovery: the CONNECT carries a pid, broadcasts carry an offset as
// their last argument, and a client whose connection dropped reconnects with the same id, its
// rooms, and the packets it missed, delivered before its `connect` event.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { ack, client, closeClientsAfterEach, connect, connected } from "../support/client.mjs";
import { postJson } from "../support/redis.mjs";
import { nextEvent } from "../support/wait.mjs";

const TRANSPORTS = [
  { name: "websocket", options: { transports: ["websocket"] } },
  { name: "polling", options: { transports: ["polling"], upgrade: false } },
];

let app;
before(async () => { app = await startApp({ profile: "recovery" }); });
after(() => app?.stop());
closeClientsAfterEach();

const broadcast = (room, event, data) => postJson(`${app.httpUrl}/api/broadcast`, { room, event, data });

/** Records every event and `connect` of a socket, in order, with their arguments. */
function journal(socket) {
  const seen = [];
  socket.onAny((event, ...args) => seen.push([event, ...args]));
  socket.on("connect", () => seen.push(["(connect)"]));
  return seen;
}

for (const transport of TRANSPORTS) {
  describe(`connection state recovery over ${transport.name}`, () => {
    const room = `recovery-${transport.name}`;

    it("a dropped client gets its id, rooms and missed packets back, before its connect event", async () => {
      const socket = await connect(app.url, transport);
      assert.equal(socket.recovered, false);
      const id = socket.id;
      assert.deepEqual(await ack(socket, "join", room), [true]);
      const watcher = await connect(app.url, transport);
      await ack(watcher, "join", room);

      const first = nextEvent(socket, "news");
      await broadcast(room, "news", 1);
      const [one, offset] = await first;
      assert.equal(one, 1);
      assert.equal(typeof offset, "string", "the offset comes as the last argument");

      const seen = journal(socket);
      const leaving = nextEvent(watcher, "member-leaving");
      socket.io.engine.close();
      assert.deepEqual((await leaving)[0], { id, reason: "transport close" });
      await broadcast(room, "news", 2);
      await broadcast("some-other-room", "news", "not for it");
      await broadcast(room, "news", 3);
      await broadcast(id, "direct", "to the socket id");

      socket.connect();
      await connected(socket, transport);
      assert.equal(socket.recovered, true);
      assert.equal(socket.id, id);
      assert.deepEqual(seen.map(([event, value]) => (value === undefined ? [event] : [event, value])), [
        ["news", 2], ["news", 3], ["direct", "to the socket id"], ["(connect)"],
      ]);
      const offsets = seen.filter(([event]) => event !== "(connect)").map((entry) => entry.at(-1));
      assert.equal(new Set([offset, ...offsets]).size, 4, "each packet has its own offset");

      const live = nextEvent(socket, "news");
      await broadcast(room, "news", 4);
      assert.equal((await live)[0], 4, "the room is still joined");
    });

    it("a client that disconnects itself starts over", async () => {
      const socket = await connect(app.url, transport);
      const id = socket.id;
      await ack(socket, "join", room);
      const first = nextEvent(socket, "news");
      await broadcast(room, "news", "before");
      await first;
      socket.disconnect();
      socket.connect();
      await connected(socket, transport);
      assert.equal(socket.recovered, false);
      assert.notEqual(socket.id, id);
    });

    it("a client that never received a packet cannot recover", async () => {
      const socket = client(app.url, transport);
      await connected(socket, transport);
      const id = socket.id;
      const watcher = await connect(app.url, transport);
      await ack(watcher, "join", `${room}-none`);
      await ack(socket, "join", `${room}-none`);
      const leaving = nextEvent(watcher, "member-leaving");
      socket.io.engine.close();
      await leaving;
      socket.connect();
      await connected(socket, transport);
      // socket.io-client sends no offset until a packet carried one: nothing to resume from
      assert.equal(socket.recovered, false);
      assert.notEqual(socket.id, id);
    });
  });
}
