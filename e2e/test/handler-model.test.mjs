// The handler model (default profile), once per transport: async acknowledgements, no
// acknowledgement at all, parameters from the socket, method security, validation, and errors
// that reach the client only when the application says so. The tests that need a JWT (the
// Node reference server has no login) run against the sample app only.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import { login } from "../support/sample-api.mjs";

const NODE = process.env.E2E_TARGET === "node";

let app;
before(async () => { app = await startApp(); });
after(() => app?.stop());
closeClientsAfterEach();

for (const transport of TRANSPORTS) {
  describe(`handler model over ${transport.name}`, () => {
    it("async-echo acks once its CompletableFuture completes, with the args", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "async-echo", 1, "two", { three: [3] }), [[1, "two", { three: [3] }]]);
    });

    it("mono-echo acks with the Mono's value", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "mono-echo", { x: 1 }), [{ x: 1 }]);
    });

    it("no-ack never acknowledges: timeout().emitWithAck rejects, and no ack packet arrives later", async () => {
      const socket = await connect(app.url, transport);
      const acks = [];
      socket.io.engine.on("packet", (packet) => {
        // an Engine.IO message carries a Socket.IO packet: 3 is ACK, 6 BINARY_ACK
        if (packet.type === "message" && /^[36]/.test(String(packet.data))) acks.push(packet.data);
      });
      await assert.rejects(socket.timeout(500).emitWithAck("no-ack"), /operation has timed out/);
      // events of one socket are answered in order: once this ack is here, any ack of no-ack
      // would have arrived before it
      assert.deepEqual(await ack(socket, "echo", "after"), ["after"]);
      assert.equal(acks.length, 1, `ack packets: ${JSON.stringify(acks)}`);
    });

    it("fail-internal acks exactly {error: 'Internal server error'} and the log has the exception once", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "fail-internal"), [{ error: "Internal server error" }]);
      await app.waitForLog("password=hunter2");
    });

    it("fail-public acks the public exception's message; fail-handled the exception handler's answer", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "fail-public"), [{ error: "Nope" }]);
      assert.deepEqual(await ack(socket, "fail-handled"), [{ error: "handled", code: 42 }]);
    });

    it("create-profile validates its payload: one detail per broken field, the handler not called", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "create-profile", { name: "Ada", age: 36 }), [{ ok: true, name: "Ada" }]);
      const [refused] = await ack(socket, "create-profile", { name: "", age: 200 });
      assert.equal(refused.error, "Invalid payload");
      assert.deepEqual(refused.details.map((detail) => detail.field).sort(), ["age", "name"]);
      for (const detail of refused.details) assert.equal(typeof detail.message, "string");
    });

    it("who-am-i-param and editor-only: an anonymous client cannot claim to be anyone", async () => {
      const socket = await connect(app.url, transport);
      const claim = { name: "admin", roles: ["editor"] };
      assert.deepEqual(await ack(socket, "who-am-i-param", claim), [{ name: null, roles: ["public"] }]);
      assert.deepEqual(await ack(socket, "editor-only", claim), [{ error: "Forbidden" }]);
    });

    it("who-am-i-param and editor-only follow the socket's JWT: bob is an editor, alice is not", { skip: NODE && "the Node reference server has no login" }, async () => {
      const [bob, alice] = await Promise.all([login(app.httpUrl, "bob", "bob-pass"), login(app.httpUrl, "alice", "alice-pass")]);
      const asBob = await connect(app.url, transport, { auth: { token: bob.jwt } });
      const asAlice = await connect(app.url, transport, { auth: { token: alice.jwt } });
      const claim = { name: "admin", roles: ["editor"] };
      assert.deepEqual(await ack(asBob, "who-am-i-param", claim), [{ name: "bob", roles: ["authenticated", "editor"] }]);
      assert.deepEqual(await ack(asAlice, "who-am-i-param", claim), [{ name: "alice", roles: ["authenticated"] }]);
      assert.deepEqual(await ack(asBob, "editor-only"), [{ ok: true }]);
      assert.deepEqual(await ack(asAlice, "editor-only"), [{ error: "Forbidden" }]);
    });
  });
}
