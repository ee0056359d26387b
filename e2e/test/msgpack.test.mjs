// The sample app with profile msgpack (io.socket.server-options.parser=msgpack) and clients that
// use socket.io-msgpack-parser: the default profile's events work the same, each packet travelling
// as one MessagePack binary message, binary values in place. With E2E_TARGET=node the reference
// server runs Node's socket.io with the same parser.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import msgpackParser from "socket.io-msgpack-parser";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, client, closeClientsAfterEach, connected } from "../support/client.mjs";
import { TEST_JWT_SECRET } from "../support/jwt.mjs";
import { createArticle, login } from "../support/sample-api.mjs";
import { nextEvent, within } from "../support/wait.mjs";

const NODE = process.env.E2E_TARGET === "node";

let app;
before(async () => { app = await startApp({ profile: "msgpack", args: [`--sample.jwt.secret=${TEST_JWT_SECRET}`] }); });
after(() => app?.stop());
closeClientsAfterEach();

const open = (transport, options = {}) => client(app.url, transport, { parser: msgpackParser, ...options });
const connect = (transport, options) => connected(open(transport, options), transport);

/** Decodes, with the parser's own Decoder, every Socket.IO packet the server sends from now on. */
function wire(socket) {
  const packets = [];
  const texts = [];
  const decoder = new msgpackParser.Decoder();
  decoder.on("decoded", (packet) => packets.push(packet));
  socket.io.engine.on("packet", ({ type, data }) => {
    if (type !== "message") return;
    if (typeof data === "string") texts.push(data);
    else decoder.add(data);
  });
  return { packets, texts };
}

async function getUser(id) {
  const res = await fetch(`${app.httpUrl}/api/users/${id}`);
  assert.equal(res.status, 200, `GET /api/users/${id}`);
  return res.json();
}

const JSON_VALUES = {
  null: null,
  zero: 0,
  integer: 42,
  negative: -7,
  "large integer": 9007199254740991,
  "negative large integer": -9007199254740991,
  "32-bit boundary": 4294967296,
  decimal: 3.25,
  "tiny decimal": 1.5e-7,
  true: true,
  false: false,
  "empty string": "",
  string: "hello",
  "long string": "x".repeat(70_000),
  "unicode string": "héllo wörld ☃ 日本語 🚀 Ω",
  "string with escapes": 'quote " backslash \\ slash / newline \n tab \t nul \u0000 rs \u001e ls \u2028',
  "empty object": {},
  "empty array": [],
  "nested object": { a: { b: { c: [1, "two", { three: 3 }, [4, [5]]], d: null, e: false } }, "key with space": "v" },
  "array of mixed": [null, [], {}, "", 0, true, { x: [{ y: "z" }] }],
  "object of 20 keys": Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
};

it("logs the init hook at start-up", async () => {
  await app.waitForLog("[io] init hook called");
});

for (const transport of TRANSPORTS) {
  describe(`msgpack parser over ${transport.name}`, () => {
    it("connects, and every packet the server sends is one MessagePack binary message", async () => {
      const socket = await connect(transport);
      await app.waitForLog(`[io] a new client with id ${socket.id} has connected`);
      const { packets, texts } = wire(socket);
      const buffer = Buffer.from([0, 1, 2, 255]);
      assert.deepEqual(await ack(socket, "echo", "a", buffer), ["a", buffer]);
      assert.deepEqual(texts, []);
      assert.equal(packets.length, 1);
      const [reply] = packets;
      assert.equal(reply.type, 3);
      assert.equal(reply.nsp, "/");
      assert.equal(typeof reply.id, "number");
      assert.ok(Buffer.isBuffer(reply.data[1]), "binary in place, not an attachment");
    });

    it("custom-event-name acks {x, y} and logs the location", async () => {
      const socket = await connect(transport);
      assert.deepEqual(await ack(socket, "custom-event-name", 1.5, -2.25), [{ x: 1.5, y: -2.25 }]);
      await app.waitForLog("[io] hello from custom event location 1.5 -2.25");
    });

    it("update-user-name acks the new user, the REST API shows it; an unknown id acks an error", async () => {
      const socket = await connect(transport);
      const name = `dave (${transport.name}) ✓`;
      assert.deepEqual(await ack(socket, "update-user-name", 2, name), [{ id: 2, name }]);
      assert.deepEqual(await getUser(2), { id: 2, name });
      assert.deepEqual(await ack(socket, "update-user-name", 999, "nobody"), [{ error: "User 999 not found" }]);
    });

    it("ping-me makes the server emit pong-you with the same args, and acks true", async () => {
      const socket = await connect(transport);
      const pong = nextEvent(socket, "pong-you");
      assert.deepEqual(await ack(socket, "ping-me", "a", 2, { b: [null] }, Buffer.from("bin")), [true]);
      assert.deepEqual(await pong, ["a", 2, { b: [null] }, Buffer.from("bin")]);
    });

    it("echo acks one arg of every JSON type, then all of them at once", async () => {
      const socket = await connect(transport);
      assert.deepEqual(await ack(socket, "echo"), []);
      for (const [label, value] of Object.entries(JSON_VALUES)) {
        assert.deepEqual(await ack(socket, "echo", value), [value], label);
      }
      const values = Object.values(JSON_VALUES);
      assert.deepEqual(await ack(socket, "echo", ...values), values);
    });

    it("echo acks Buffers byte for byte: two with JSON between, nested, empty, 64 KiB", async () => {
      const socket = await connect(transport);
      const two = [Buffer.from([1, 2, 3]), { between: true }, Buffer.from("second")];
      assert.deepEqual(await ack(socket, "echo", ...two), two);
      const nested = { list: [Buffer.from([9]), { deeper: Buffer.from([8, 7]) }] };
      assert.deepEqual(await ack(socket, "echo", nested, "tail"), [nested, "tail"]);
      assert.deepEqual(await ack(socket, "echo", Buffer.alloc(0)), [Buffer.alloc(0)]);
      const big = randomBytes(64 * 1024);
      assert.deepEqual(await ack(socket, "echo", big), [big]);
    });

    it("boom acks {error: 'boom'} and the socket keeps working; events are handled in order", async () => {
      const socket = await connect(transport);
      assert.deepEqual(await ack(socket, "boom", 1, "two"), [{ error: "boom" }]);
      const order = [];
      const track = (label, promise) => promise.then((value) => { order.push(label); return value; });
      const acks = [
        track("slow", ack(socket, "slow", 300)),
        track("echo", ack(socket, "echo", 1)),
        track("custom-event-name", ack(socket, "custom-event-name", 0.5, 0.25)),
      ];
      assert.deepEqual(await Promise.all(acks), [["slow-done"], [1], [{ x: 0.5, y: 0.25 }]]);
      assert.deepEqual(order, ["slow", "echo", "custom-event-name"]);
    });

    it("async-echo and mono-echo ack later; no-ack sends no ACK packet at all", async () => {
      const socket = await connect(transport);
      assert.deepEqual(await ack(socket, "async-echo", 1, "two", { three: [3] }), [[1, "two", { three: [3] }]]);
      assert.deepEqual(await ack(socket, "mono-echo", { x: 1 }), [{ x: 1 }]);
      const { packets } = wire(socket);
      await assert.rejects(socket.timeout(500).emitWithAck("no-ack"), /operation has timed out/);
      // events of one socket are answered in order: once this ack is here, an ack of no-ack
      // would have arrived before it
      assert.deepEqual(await ack(socket, "echo", "after"), ["after"]);
      assert.deepEqual(packets.filter((p) => p.type === 3).map((p) => p.data), [["after"]]);
    });

    it("errors: fail-internal, fail-public, fail-handled, and create-profile's validation", async () => {
      const socket = await connect(transport);
      assert.deepEqual(await ack(socket, "fail-internal"), [{ error: "Internal server error" }]);
      assert.deepEqual(await ack(socket, "fail-public"), [{ error: "Nope" }]);
      assert.deepEqual(await ack(socket, "fail-handled"), [{ error: "handled", code: 42 }]);
      assert.deepEqual(await ack(socket, "create-profile", { name: "Ada", age: 36 }), [{ ok: true, name: "Ada" }]);
      const [refused] = await ack(socket, "create-profile", { name: "", age: 200 });
      assert.equal(refused.error, "Invalid payload");
      assert.deepEqual(refused.details.map((detail) => detail.field).sort(), ["age", "name"]);
    });

    it("who-am-i-param and editor-only: an anonymous client cannot claim to be anyone; whoami", async () => {
      const socket = await connect(transport, { auth: { clientVersion: "2.3.1" } });
      const claim = { name: "admin", roles: ["editor"] };
      assert.deepEqual(await ack(socket, "who-am-i-param", claim), [{ name: null, roles: ["public"] }]);
      assert.deepEqual(await ack(socket, "editor-only", claim), [{ error: "Forbidden" }]);
      const [info] = await ack(socket, "whoami");
      assert.equal(info.id, socket.id);
      assert.equal(info.clientVersion, "2.3.1");
    });

    it("a middleware's refusal reaches connect_error with its message and data", async () => {
      const socket = open(transport, { auth: { clientVersion: "0.9.2" } });
      const [err] = await nextEvent(socket, "connect_error");
      assert.equal(err.message, "Client version 0.9.2 is no longer supported, please update");
      assert.deepEqual(err.data, { minimumVersion: "1.0.0", clientVersion: "0.9.2" });
    });

    it("an unknown namespace fails with 'Invalid namespace'; the main namespace still works", async () => {
      const main = await connect(transport);
      const nope = main.io.socket("/nope");
      nope.connect();
      const [err] = await nextEvent(nope, "connect_error");
      assert.equal(err.message, "Invalid namespace");
      assert.deepEqual(await ack(main, "echo", "still here"), ["still here"]);
    });

    it("a content event reaches the public room", { skip: NODE && "the Node reference server has no content types" }, async () => {
      const alice = await login(app.httpUrl, "alice", "alice-pass");
      const socket = await connect(transport);
      const created = nextEvent(socket, "article:create");
      const article = await createArticle(app.httpUrl, alice.jwt, { title: `msgpack ${transport.name}`, body: "b" });
      const [event] = await created;
      assert.equal(event.data.id, article.body.id);
      assert.equal(event.data.title, `msgpack ${transport.name}`);
    });
  });
}

it("a client with the default parser cannot talk to a msgpack server", async () => {
  const socket = client(app.url, TRANSPORTS[0]);
  // its CONNECT is a text message: the server closes the connection
  const reason = await within(new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected with the default parser")));
    socket.io.once("close", resolve);
    socket.once("connect_error", (err) => resolve(err.message));
  }), "the connection to close");
  assert.ok(reason, "closed");
});
