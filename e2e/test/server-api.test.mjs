// The server half of the Socket.IO API (default profile), once per transport: the server asks a
// client for an acknowledgement (ask-me), and a room with a timeout (poll-room).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";

let app;
before(async () => { app = await startApp(); });
after(() => app?.stop());
closeClientsAfterEach();

/** The ACK packets (Socket.IO types 3 and 6) the client's engine receives. */
function ackPackets(socket) {
  const acks = [];
  socket.io.engine.on("packet", (packet) => {
    if (packet.type === "message" && /^[36]/.test(String(packet.data))) acks.push(packet.data);
  });
  return acks;
}

for (const transport of TRANSPORTS) {
  describe(`server-side acknowledgements over ${transport.name}`, () => {
    it("ask-me: the server's question carries an ack id, and the client's answer comes back", async () => {
      const socket = await connect(app.url, transport);
      const asked = [];
      socket.on("question", (...args) => {
        const callback = args.pop();
        asked.push(args);
        callback({ answer: 42, from: socket.id });
      });
      assert.deepEqual(await ack(socket, "ask-me"), [{ answer: 42, from: socket.id }]);
      assert.deepEqual(asked, [[]], "question was emitted once, with no arguments and a callback");
    });

    it("ask-me: a client that never answers gets {error: timeout} once the 2 s pass", async () => {
      const socket = await connect(app.url, transport);
      let asked = 0;
      socket.on("question", () => { asked++; });
      assert.deepEqual(await ack(socket, "ask-me"), [{ error: "timeout" }]);
      assert.equal(asked, 1);
    });

    it("poll-room: one answer per answering member, the silent one and outsiders left out", async () => {
      const room = `poll-${transport.name.replaceAll(" ", "-")}`;
      const voters = [];
      for (const name of ["ann", "bob"]) {
        const voter = await connect(app.url, transport);
        voter.on("vote?", (callback) => callback(name));
        assert.deepEqual(await ack(voter, "join", room), [true]);
        voters.push(voter);
      }
      const silent = await connect(app.url, transport);
      let silentAsked = 0;
      silent.on("vote?", () => { silentAsked++; });
      assert.deepEqual(await ack(silent, "join", room), [true]);
      const outsider = await connect(app.url, transport);
      let outsiderAsked = 0;
      outsider.on("vote?", () => { outsiderAsked++; });
      const caller = await connect(app.url, transport);
      const [answers] = await ack(caller, "poll-room", room, 800);
      assert.deepEqual([...answers].sort(), ["ann", "bob"]);
      assert.equal(silentAsked, 1, "the silent member was asked");
      assert.equal(outsiderAsked, 0, "a socket outside the room was not asked");
    });

    it("poll-room: everyone answers, so the answers come before the timeout", async () => {
      const room = `quick-${transport.name.replaceAll(" ", "-")}`;
      const voter = await connect(app.url, transport);
      voter.on("vote?", (callback) => callback({ yes: true }));
      await ack(voter, "join", room);
      const caller = await connect(app.url, transport);
      // the test waits for the ack at most DEFAULT_TIMEOUT (5 s): an ack sent only when the
      // 10 s timeout passes would fail it
      assert.deepEqual(await ack(caller, "poll-room", room, 10_000), [[{ yes: true }]]);
    });

    it("poll-room: nobody in the room gives []", async () => {
      const caller = await connect(app.url, transport);
      assert.deepEqual(await ack(caller, "poll-room", "nobody-here", 300), [[]]);
    });

    it("poll-room: a bad timeout is an error the client reads, and no question is asked", async () => {
      const caller = await connect(app.url, transport);
      const acks = ackPackets(caller);
      const [reply] = await ack(caller, "poll-room", "anything", 0);
      assert.match(reply.error, /timeoutMs must be between 1 and 10000/);
      assert.equal(acks.length, 1);
    });
  });
}
