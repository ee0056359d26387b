// Compression and the request filter, default profile: WebSocket permessage-deflate (off by default, on
// with io.socket.server-options.per-message-deflate.enabled=true, threshold 1024 bytes) seen frame by frame
// on a raw socket; gzip/deflate of polling responses from 1024 bytes (on by default); socket.io-client 4.8
// over every transport with compression on; and the sample's BlockedClientFilter (socket.io's allowRequest):
// no session for a request with X-Blocked: 1.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gunzipSync, inflateSync } from "node:zlib";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, client, closeClientsAfterEach, connect } from "../support/client.mjs";
import { openRawWebSocket, rawHttp } from "../support/frames.mjs";
import { nextEvent } from "../support/wait.mjs";

const OFFER = { "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits" };
const LARGE = "hello socket.io, ".repeat(150); // 2550 bytes: over the threshold once framed
const SMALL = "hello"; // far under it
const BLOCKED_MESSAGE = "Blocked by the X-Blocked header";

closeClientsAfterEach();
const opened = [];
const raw = async (url, headers) => {
  const ws = await openRawWebSocket(url, headers);
  opened.push(ws);
  return ws;
};
after(() => opened.forEach((ws) => ws.close?.()));

/** Opens a raw websocket session and connects to "/", returning the websocket and the OPEN frame. */
async function socketIoOverRawWebSocket(app, headers) {
  const ws = await raw(`${app.url}/socket.io/?EIO=4&transport=websocket`, headers);
  assert.equal(ws.status, 101);
  const open = await ws.next("the OPEN packet");
  ws.sendText("40");
  const connect = await ws.next("the CONNECT answer");
  assert.match(connect.text, /^40\{"sid":/);
  return { ws, open, connect };
}

/** Emits `echo` with `value` and an ack id over a raw websocket; resolves with the ack's frame. */
async function rawEcho(ws, id, value) {
  ws.sendText(`42${id}${JSON.stringify(["echo", value])}`);
  const frame = await ws.next(`the ack of echo #${id}`);
  assert.equal(frame.text, `43${id}${JSON.stringify([value])}`);
  return frame;
}

/** A polling session connected to "/": { sid, get(headers), post(body) }. */
async function pollingSession(app) {
  const base = `${app.url}/socket.io/?EIO=4&transport=polling`;
  const open = await rawHttp(base);
  assert.equal(open.status, 200);
  const { sid } = JSON.parse(open.body.toString("utf8").slice(1));
  const url = `${base}&sid=${sid}`;
  const session = {
    get: (headers = {}) => rawHttp(url, { headers }),
    post: async (body) => {
      const res = await rawHttp(url, { method: "POST", body, headers: { "Content-Type": "text/plain;charset=UTF-8" } });
      assert.equal(res.status, 200);
    },
  };
  await session.post("40");
  const connect = await session.get();
  assert.match(connect.body.toString("utf8"), /^40\{"sid":/);
  return session;
}

describe("permessage-deflate enabled", () => {
  let app;
  before(async () => {
    app = await startApp({ args: ["--io.socket.server-options.per-message-deflate.enabled=true"] });
  });
  after(() => app?.stop());

  it("is negotiated with a client that offers it, each message compressed on its own", async () => {
    const { ws, open, connect } = await socketIoOverRawWebSocket(app, OFFER);
    const extensions = ws.headers["sec-websocket-extensions"];
    assert.match(extensions, /^permessage-deflate/);
    assert.match(extensions, /server_no_context_takeover/);
    assert.equal(open.compressed, false, "the OPEN packet is under the threshold");
    assert.equal(connect.compressed, false);
  });

  it("compresses a message from the threshold on and leaves a smaller one as it is", async () => {
    const { ws } = await socketIoOverRawWebSocket(app, OFFER);
    const large = await rawEcho(ws, 1, LARGE);
    assert.equal(large.compressed, true, "RSV1 set on the large ack");
    assert.ok(large.wireLength < LARGE.length / 5, `deflated to ${large.wireLength} bytes on the wire from ${LARGE.length}`);
    const small = await rawEcho(ws, 2, SMALL);
    assert.equal(small.compressed, false, "RSV1 clear on the small ack");
    assert.equal(small.wireLength, 2 + `432${JSON.stringify([SMALL])}`.length);
  });

  it("is not negotiated with a client that does not offer it", async () => {
    const { ws } = await socketIoOverRawWebSocket(app, {});
    assert.equal(ws.headers["sec-websocket-extensions"], undefined);
    const large = await rawEcho(ws, 1, LARGE);
    assert.equal(large.compressed, false);
  });

  for (const transport of TRANSPORTS) {
    it(`socket.io-client 4.8 echoes large and small payloads over ${transport.name}`, async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "echo", LARGE), [LARGE]);
      assert.deepEqual(await ack(socket, "echo", SMALL, { nested: [LARGE] }), [SMALL, { nested: [LARGE] }]);
      assert.equal(socket.io.engine.transport.name, transport.name === "polling" ? "polling" : "websocket");
    });
  }
});

describe("compression defaults", () => {
  let app;
  before(async () => { app = await startApp(); });
  after(() => app?.stop());

  it("answers a permessage-deflate offer without the extension (disabled by default)", async () => {
    const { ws } = await socketIoOverRawWebSocket(app, OFFER);
    assert.equal(ws.headers["sec-websocket-extensions"], undefined);
    assert.equal((await rawEcho(ws, 1, LARGE)).compressed, false);
  });

  it("gzips a polling response from 1024 bytes for a request that accepts gzip", async () => {
    const session = await pollingSession(app);
    await session.post(`421${JSON.stringify(["echo", LARGE])}`);
    const res = await session.get({ "Accept-Encoding": "gzip, deflate, br" });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], "gzip");
    // framing differs and is no client's concern: Node streams it chunked, the app sends Content-Length
    assert.equal(gunzipSync(res.body).toString("utf8"), `431${JSON.stringify([LARGE])}`);
    assert.ok(res.body.length < LARGE.length / 5, `gzipped to ${res.body.length} bytes from ${LARGE.length}`);
  });

  it("deflates a polling response when the request prefers deflate", async () => {
    const session = await pollingSession(app);
    await session.post(`421${JSON.stringify(["echo", LARGE])}`);
    const res = await session.get({ "Accept-Encoding": "gzip;q=0.5, deflate" });
    assert.equal(res.headers["content-encoding"], "deflate");
    assert.equal(inflateSync(res.body).toString("utf8"), `431${JSON.stringify([LARGE])}`);
  });

  it("sends a polling response under 1024 bytes, or to a request without Accept-Encoding, as it is", async () => {
    const session = await pollingSession(app);
    await session.post(`421${JSON.stringify(["echo", SMALL])}`);
    const small = await session.get({ "Accept-Encoding": "gzip" });
    assert.equal(small.headers["content-encoding"], undefined);
    assert.equal(small.body.toString("utf8"), `431${JSON.stringify([SMALL])}`);

    await session.post(`422${JSON.stringify(["echo", LARGE])}`);
    const plain = await session.get();
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.body.toString("utf8"), `432${JSON.stringify([LARGE])}`);
  });

  for (const transport of TRANSPORTS) {
    it(`socket.io-client 4.8 echoes a large payload over ${transport.name}`, async () => {
      const socket = await connect(app.url, transport);
      assert.deepEqual(await ack(socket, "echo", LARGE), [LARGE]);
    });
  }
});

describe("request filter (allowRequest)", () => {
  let app;
  before(async () => { app = await startApp(); });
  after(() => app?.stop());

  it("refuses a polling handshake with X-Blocked: 1 with 403 and the Engine.IO error body", async () => {
    const res = await rawHttp(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { "X-Blocked": "1" } });
    assert.equal(res.status, 403);
    assert.match(res.headers["content-type"], /^application\/json/);
    assert.deepEqual(JSON.parse(res.body.toString("utf8")), { code: 4, message: BLOCKED_MESSAGE });
  });

  it("refuses a websocket handshake with X-Blocked: 1 with 400 and the message", async () => {
    const ws = await raw(`${app.url}/socket.io/?EIO=4&transport=websocket`, { "X-Blocked": "1" });
    assert.equal(ws.status, 400);
    assert.equal(ws.body, BLOCKED_MESSAGE);
  });

  for (const transport of TRANSPORTS) {
    it(`gives socket.io-client a connect_error over ${transport.name}, and lets others in`, async () => {
      const blocked = client(app.url, transport, { extraHeaders: { "X-Blocked": "1" } });
      const [error] = await nextEvent(blocked, "connect_error");
      assert.equal(blocked.connected, false);
      assert.ok(error instanceof Error);
      const allowed = await connect(app.url, transport, { extraHeaders: { "X-Blocked": "0" } });
      assert.deepEqual(await ack(allowed, "echo", SMALL), [SMALL]);
    });
  }
});
