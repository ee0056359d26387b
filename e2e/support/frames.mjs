// A websocket client on a plain TCP socket, for tests that look at frames as they travel: the RSV1 bit
// (a permessage-deflate message) and each frame's length on the wire. It inflates compressed messages
// itself (the servers under test compress each message on its own: server_no_context_takeover) and sends
// masked, uncompressed text frames. Plus `rawHttp`, an HTTP GET/POST that neither adds Accept-Encoding
// nor decompresses (fetch does both).
import http from "node:http";
import { createConnection } from "node:net";
import { randomBytes } from "node:crypto";
import { constants, inflateRawSync } from "node:zlib";
import { within } from "./wait.mjs";

const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/**
 * Opens a websocket with the given request headers (e.g. Sec-WebSocket-Extensions) and reads the
 * handshake response: { status, headers, body } (body: what a refused handshake sent).
 * A 101 response gives a connection with next() (the next frame) and sendText().
 */
export async function openRawWebSocket(url, headers = {}) {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = createConnection({ host: hostname, port: Number(port) });
  let buffer = Buffer.alloc(0);
  let wake = null;
  let ended = false;
  socket.on("data", (chunk) => { buffer = Buffer.concat([buffer, chunk]); wake?.(); });
  socket.on("close", () => { ended = true; wake?.(); });
  socket.on("error", () => { ended = true; wake?.(); });
  const lines = [
    `GET ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, "Upgrade: websocket", "Connection: Upgrade",
    `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`, "Sec-WebSocket-Version: 13",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.write(lines.join("\r\n") + "\r\n\r\n");

  const waitFor = async (ready, what) => {
    while (!ready()) {
      if (ended) throw new Error(`connection closed waiting for ${what}`);
      await within(new Promise((resolve) => { wake = resolve; }), what);
    }
  };
  const take = (n) => { const out = buffer.subarray(0, n); buffer = buffer.subarray(n); return out; };

  await waitFor(() => buffer.includes("\r\n\r\n"), "the handshake response");
  const head = take(buffer.indexOf("\r\n\r\n") + 4).toString("latin1").split("\r\n");
  const status = Number(head[0].split(" ")[1]);
  const responseHeaders = Object.fromEntries(head.slice(1).filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  if (status !== 101) {
    const length = Number(responseHeaders["content-length"] ?? 0);
    await waitFor(() => buffer.length >= length || ended, "the refusal body");
    socket.destroy();
    return { status, headers: responseHeaders, body: take(length).toString("utf8") };
  }

  return {
    status,
    headers: responseHeaders,
    /** The next data frame: { compressed, opcode, wireLength, text }; pings are answered and skipped. */
    async next(what = "a frame") {
      for (;;) {
        await waitFor(() => buffer.length >= 2, what);
        const second = buffer[1] & 0x7f;
        const headerLength = second === 126 ? 4 : second === 127 ? 10 : 2;
        await waitFor(() => buffer.length >= headerLength, what);
        const length = second === 126 ? buffer.readUInt16BE(2) : second === 127 ? Number(buffer.readBigUInt64BE(2)) : second;
        await waitFor(() => buffer.length >= headerLength + length, what);
        const first = buffer[0];
        take(headerLength);
        const payload = Buffer.from(take(length));
        const compressed = (first & 0x40) !== 0;
        const data = compressed ? inflateRawSync(Buffer.concat([payload, DEFLATE_TAIL]), { finishFlush: constants.Z_SYNC_FLUSH }) : payload;
        const text = data.toString("utf8");
        if ((first & 0x0f) === 1 && text === "2") {
          this.sendText("3");
          continue;
        }
        return { compressed, opcode: first & 0x0f, wireLength: headerLength + length, text };
      }
    },
    sendText(text) {
      const payload = Buffer.from(text, "utf8");
      const lengthBytes = payload.length < 126 ? [payload.length]
        : payload.length <= 0xffff ? [126, payload.length >> 8, payload.length & 0xff] : null;
      if (!lengthBytes) throw new Error("sendText: frames over 64 KB are not needed here");
      const mask = randomBytes(4);
      const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | lengthBytes[0], ...lengthBytes.slice(1)]), mask, masked]));
    },
    close() { socket.destroy(); },
  };
}

/** An HTTP request as sent, the response as received: { status, headers, body (Buffer) }. */
export function rawHttp(url, { method = "GET", headers = {}, body } = {}) {
  return within(new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  }), `${method} ${url}`);
}
