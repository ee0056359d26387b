// `echo` acks exactly what it received: JSON of every type, several args, binary attachments.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";

let app;
before(async () => { app = await startApp(); });
after(() => app?.stop());
closeClientsAfterEach();

const JSON_VALUES = {
  null: null,
  zero: 0,
  integer: 42,
  negative: -7,
  "large integer": 9007199254740991,
  decimal: 3.25,
  "tiny decimal": 1.5e-7,
  true: true,
  false: false,
  "empty string": "",
  string: "hello",
  "unicode string": "héllo wörld ☃ 日本語 🚀 Ω",
  "string with escapes": 'quote " backslash \\ slash / newline \n tab \t nul \u0000 rs \u001e ls \u2028',
  "empty object": {},
  "empty array": [],
  "nested object": { a: { b: { c: [1, "two", { three: 3 }, [4, [5]]], d: null, e: false } }, "key with space": "v" },
  "array of mixed": [null, [], {}, "", 0, true, { x: [{ y: "z" }] }],
};
const entries = Object.entries(JSON_VALUES);

for (const transport of TRANSPORTS) {
  describe(`echo over ${transport.name}`, () => {
    it("with no args acks with no args", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "echo"), []);
    });

    it("with one arg of every JSON type", async () => {
      const socket = await connect(app.url, transport);
      for (const [label, value] of entries) {
        assert.deepEqual(await ack(socket, "echo", value), [value], label);
      }
    });

    it("with three args of every JSON type", async () => {
      const socket = await connect(app.url, transport);
      for (let i = 0; i < entries.length; i++) {
        const triple = [0, 1, 2].map((k) => entries[(i + k) % entries.length]);
        const values = triple.map(([, v]) => v);
        assert.deepEqual(await ack(socket, "echo", ...values), values, triple.map(([l]) => l).join(", "));
      }
    });

    it("with all JSON values as separate args", async () => {
      const socket = await connect(app.url, transport);
      const values = entries.map(([, v]) => v);
      assert.deepEqual(await ack(socket, "echo", ...values), values);
    });

    it("with one Buffer acks a byte-exact Buffer", async () => {
      const socket = await connect(app.url, transport);
      const buffer = Buffer.from([0, 1, 2, 127, 128, 254, 255]);
      const [reply, ...rest] = await ack(socket, "echo", buffer);
      assert.ok(Buffer.isBuffer(reply), `expected a Buffer, got ${reply?.constructor?.name}: ${JSON.stringify(reply)}`);
      assert.deepEqual(reply, buffer);
      assert.deepEqual(rest, []);
    });

    it("with two Buffers and JSON between them", async () => {
      const socket = await connect(app.url, transport);
      const args = [Buffer.from("first"), "between", 3, Buffer.from([9, 8, 7])];
      assert.deepEqual(await ack(socket, "echo", ...args), args);
    });

    it("with Buffers nested inside objects and arrays", async () => {
      const socket = await connect(app.url, transport);
      const arg = { file: Buffer.from("nested"), meta: { name: "x.bin", parts: [Buffer.from([1]), 2, { p: Buffer.from([3, 4]) }] } };
      assert.deepEqual(await ack(socket, "echo", arg, "tail"), [arg, "tail"]);
    });

    it("with an empty Buffer", async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "echo", Buffer.alloc(0)), [Buffer.alloc(0)]);
    });

    it("with a 64 KiB random Buffer", async () => {
      const socket = await connect(app.url, transport);
      const buffer = randomBytes(64 * 1024);
      assert.deepEqual(await ack(socket, "echo", buffer), [buffer]);
    });
  });
}
