// Raw Engine.IO v4 clients written for these tests: one over `ws`, one over HTTP long-polling with
// fetch. Frames are strings (text packets) or Buffers (binary); nothing is decoded beyond that.
import { afterEach } from "node:test";
import WebSocket from "ws";
import { DEFAULT_TIMEOUT, within } from "./wait.mjs";

const SEPARATOR = "\x1e";
const opened = new Set();

/** Registers an afterEach() in the calling file that closes every raw client it opened. */
export function closeRawAfterEach() {
  afterEach(async () => {
    await Promise.all([...opened].map((c) => c.close()));
    opened.clear();
  });
}

/** A FIFO of received frames that tests consume with a bounded `next()`. */
class Inbox {
  received = []; // everything, pings included, in arrival order
  #queue = [];
  #waiters = [];
  #ended = null;
  #onEnd;
  /** Resolves with a reason once the connection is over (websocket closed, close packet, HTTP error). */
  closed = new Promise((resolve) => { this.#onEnd = resolve; });

  #pingWaiters = [];

  /** Records an auto-answered ping (kept out of the queue). */
  pinged() {
    this.received.push("2");
    for (const resolve of this.#pingWaiters.splice(0)) resolve();
  }

  /** Waits for the next ping that autoPong answers. */
  nextPing(what = "a ping", ms = DEFAULT_TIMEOUT) {
    return within(new Promise((resolve) => this.#pingWaiters.push(resolve)), what, ms);
  }

  push(frame) {
    this.received.push(frame);
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(frame);
    else this.#queue.push(frame);
  }

  end(reason) {
    if (this.#ended) return;
    this.#ended = reason;
    this.#onEnd(reason);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error(`connection ended (${reason}) while waiting`));
  }

  next(what = "a frame", ms = DEFAULT_TIMEOUT) {
    if (this.#queue.length) return Promise.resolve(this.#queue.shift());
    if (this.#ended) return Promise.reject(new Error(`connection ended (${this.#ended}) before ${what}`));
    const waiter = {};
    const promise = new Promise((resolve, reject) => Object.assign(waiter, { resolve, reject }));
    this.#waiters.push(waiter);
    return within(promise, what, ms).finally(() => {
      const i = this.#waiters.indexOf(waiter);
      if (i >= 0) this.#waiters.splice(i, 1);
    });
  }

  waitClosed(what = "the server to close the connection", ms = DEFAULT_TIMEOUT) {
    return within(this.closed, what, ms);
  }

  async take(count, what = `${count} frames`, ms = DEFAULT_TIMEOUT) {
    const frames = [];
    for (let i = 0; i < count; i++) frames.push(await this.next(`${what} (got ${i})`, ms));
    return frames;
  }
}

const wsUrl = (base, query) =>
  `${base.replace(/^http/, "ws")}/socket.io/?${new URLSearchParams({ EIO: "4", transport: "websocket", ...query })}`;

/**
 * Engine.IO over a raw WebSocket. With `autoPong` (default) every "2" is answered with "3" and kept
 * out of the inbox, so tests only see the packets they care about.
 */
export class RawWs extends Inbox {
  constructor(base, { query = {}, autoPong = true } = {}) {
    super();
    this.autoPong = autoPong;
    this.ws = new WebSocket(wsUrl(base, query));
    opened.add(this);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", resolve);
      this.ws.once("error", reject);
      this.ws.once("unexpected-response", (req, res) => {
        req.destroy();
        this.end(`upgrade refused with HTTP ${res.statusCode}`);
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      });
    });
    this.opened.catch(() => {});
    this.ws.once("close", (code) => this.end(`websocket closed, code ${code}`));
    this.ws.on("error", (err) => this.end(`websocket error: ${err.message}`));
    this.ws.on("message", (data, isBinary) => {
      const frame = isBinary ? Buffer.from(data) : data.toString();
      if (frame === "2" && this.autoPong) {
        this.send("3");
        this.pinged();
      } else {
        this.push(frame);
      }
    });
  }

  /** Opens a websocket session and returns [client, parsed open packet]. */
  static async open(base, options) {
    const client = new RawWs(base, options);
    await within(client.opened, "websocket to open");
    const open = await client.next("the Engine.IO open packet");
    if (!open.startsWith("0")) throw new Error(`expected open packet, got ${open}`);
    return [client, JSON.parse(open.slice(1))];
  }

  send(...frames) {
    for (const frame of frames) this.ws.send(frame);
  }

  async close() {
    opened.delete(this);
    if (this.ws.readyState === WebSocket.CLOSED || this.ws.readyState === WebSocket.CONNECTING) return this.ws.terminate();
    this.ws.terminate();
    await this.closed;
  }
}

export const encodePayload = (frames) =>
  frames.map((f) => (typeof f === "string" ? f : "b" + Buffer.from(f).toString("base64"))).join(SEPARATOR);

export const decodePayload = (body) =>
  body.split(SEPARATOR).map((p) => (p.startsWith("b") ? Buffer.from(p.slice(1), "base64") : p));

/** Engine.IO over HTTP long-polling. POSTs are serialised (the protocol allows only one at a time). */
export class Polling extends Inbox {
  #posting = Promise.resolve();
  #loop = null;
  #abort = new AbortController();

  constructor(base, sid) {
    super();
    this.base = base;
    this.sid = sid;
    this.url = `${base}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
    opened.add(this);
  }

  /** Performs the handshake and returns [client, parsed open packet]. */
  static async open(base) {
    const res = await within(fetch(`${base}/socket.io/?EIO=4&transport=polling`), "polling handshake");
    const body = await res.text();
    if (res.status !== 200 || !body.startsWith("0")) throw new Error(`handshake failed: ${res.status} ${body}`);
    const open = JSON.parse(body.slice(1));
    return [new Polling(base, open.sid), open];
  }

  /** One GET; resolves with { status, frames, body }. */
  async get(what = "a polling GET to answer", ms = DEFAULT_TIMEOUT) {
    const res = await within(fetch(this.url, { signal: this.#abort.signal }), what, ms);
    const body = await res.text();
    return { status: res.status, body, frames: res.status === 200 ? decodePayload(body) : [] };
  }

  /** One POST carrying all `frames`; resolves with { status, body }. */
  post(...frames) {
    const run = async () => {
      const res = await within(
        fetch(this.url, { method: "POST", body: encodePayload(frames), headers: { "Content-Type": "text/plain;charset=UTF-8" } }),
        `POST of ${frames.length} packet(s)`,
      );
      return { status: res.status, body: await res.text() };
    };
    const result = this.#posting.then(run, run);
    this.#posting = result.catch(() => {});
    return result;
  }

  /** Sends frames in one POST, which must be accepted. */
  async send(...frames) {
    const { status, body } = await this.post(...frames);
    if (status !== 200) throw new Error(`POST answered ${status} ${body}`);
  }

  /** Keeps one GET pending at all times, feeding the inbox; answers pings unless autoPong is false. */
  startPolling({ autoPong = true } = {}) {
    this.#loop ??= (async () => {
      try {
        for (;;) {
          const { status, body, frames } = await this.get("polling GET", 60_000);
          if (status !== 200) return this.end(`HTTP ${status} ${body}`);
          for (const frame of frames) {
            if (frame === "2" && autoPong) {
              await this.post("3");
              this.pinged();
            } else {
              this.push(frame);
            }
          }
          if (frames.includes("1")) return this.end("close packet");
        }
      } catch (err) {
        this.end(err.name === "AbortError" ? "aborted" : `${err.message} ${err.cause ?? ""}`);
      }
    })();
    return this;
  }

  async close() {
    opened.delete(this);
    this.#abort.abort();
    await this.#loop;
  }
}
