// io.limits.* (connections in all and per address, allow/deny lists with X-Forwarded-For from
// trusted proxies only, events per second), the sample's connect middleware (ClientInfoMiddleware)
// and the Actuator endpoints (/actuator/health's "io" component, /actuator/metrics/io.*), seen by
// socket.io-client 4.8 over websocket and long-polling.
//
// Four servers, each with its own configuration and ports (the default ones + 300..303, clear of
// the other files'); a JVM start is slow, so one server covers several limits.
//
// startApp()'s readiness probe is a real Engine.IO handshake: the server counts it as a connection
// until the Socket.IO connect timeout closes it (it never sends CONNECT). The servers run with a
// 1 s connect timeout, and the tests that count connections start once the health endpoint
// reports no Engine.IO session. That state has no event to await, so `until()` polls it, bounded.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, connected } from "../support/client.mjs";
import { Polling, RawWs } from "../support/raw.mjs";
import { DEFAULT_TIMEOUT, delay, nextEvent, within } from "../support/wait.mjs";

const NODE = process.env.E2E_TARGET === "node";
const NO_LIMITS = NODE && "the Node reference server is plain socket.io 4.8, which has no connection, address or "
  + "event-rate limits (an application builds them with allowRequest and middlewares, or leaves them to its proxy)";
const NO_ACTUATOR = NODE && "the Node reference server has no Actuator endpoints";

const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
const portsOf = (i) => ({ socketPort: 9092 + PORT_OFFSET + 300 + i, httpPort: 8080 + PORT_OFFSET + 300 + i });
// every server: the readiness probe's session is closed 1 s after the start
const SHORT_CONNECT_TIMEOUT = "--io.socket.server-options.connect-timeout=1s";

// websocket and long-polling without upgrade: the address is decided at the handshake
const BOTH = TRANSPORTS.filter((t) => !t.upgraded);

const clients = new Set();

/** A socket.io-client socket (no reconnection unless asked), optionally behind a proxy that says X-Forwarded-For. */
function open(app, transport, { forwardedFor, headers = {}, ...options } = {}) {
  const extraHeaders = { ...headers, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
  const socket = io(app.url, {
    forceNew: true, reconnection: false, timeout: DEFAULT_TIMEOUT, ...transport.options, extraHeaders, ...options,
  });
  clients.add(socket);
  return socket;
}

function closeClients() {
  for (const socket of clients) socket.disconnect();
  clients.clear();
}

/** Resolves with the connect_error's error; fails if the socket connects instead. */
function refusal(socket, what) {
  return within(new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error(`${what} connected; expected a connect_error`)));
    socket.once("connect_error", resolve);
  }), `the connect_error of ${what}`);
}

const whoami = (socket) => socket.timeout(DEFAULT_TIMEOUT).emitWithAck("whoami");

async function getJson(url) {
  const res = await within(fetch(url), `GET ${url}`);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** The "io" component of /actuator/health. */
async function ioHealth(app) {
  const { status, body } = await getJson(`${app.httpUrl}/actuator/health`);
  assert.equal(status, 200, `health: ${JSON.stringify(body)}`);
  return body.components.io;
}

/** The value of a meter (COUNT of counters and timers, VALUE of gauges); 0 when not registered yet. */
async function metric(app, name, tags = {}) {
  const query = Object.entries(tags).map(([key, value]) => `tag=${encodeURIComponent(`${key}:${value}`)}`).join("&");
  const { status, body } = await getJson(`${app.httpUrl}/actuator/metrics/${name}${query ? `?${query}` : ""}`);
  if (status === 404) return 0;
  assert.equal(status, 200, `metric ${name}: ${JSON.stringify(body)}`);
  return body.measurements.find((m) => m.statistic === "COUNT" || m.statistic === "VALUE").value;
}

/** Polls `check` (bounded) until it returns true; server-side state with no event to await. */
async function until(what, check, ms = 2 * DEFAULT_TIMEOUT) {
  const deadline = Date.now() + ms;
  for (;;) {
    const last = await check();
    if (last === true) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await delay(50);
  }
}

/** Waits until the server has `count` Engine.IO sessions, i.e. has released every other connection. */
function sessions(app, count) {
  return until(`${count} Engine.IO session(s) on the server`, async () => {
    const open = (await ioHealth(app)).details.connectedClients;
    return open === count || `${open} sessions`;
  });
}

/** The raw Engine.IO handshake, as a proxy forwarding for `forwardedFor` would send it. */
async function handshake(app, forwardedFor) {
  const res = await within(fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, {
    headers: { "x-forwarded-for": forwardedFor },
  }), "the handshake");
  return { status: res.status, body: await res.text() };
}

/** The HTTP status a websocket handshake is answered with. */
function websocketStatus(app, forwardedFor) {
  const ws = new WebSocket(`${app.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, {
    headers: { "x-forwarded-for": forwardedFor },
  });
  return within(new Promise((resolve, reject) => {
    ws.once("open", () => {
      ws.terminate();
      resolve(101);
    });
    ws.once("unexpected-response", (req, res) => {
      req.destroy();
      resolve(res.statusCode);
    });
    ws.once("error", reject);
  }), "the websocket handshake");
}

/**
 * What socket.io-client reports when the server refuses the transport's handshake: HTTP 403 for
 * polling, 400 for a websocket upgrade (as engine.io answers both).
 */
function assertHandshakeRefused(err, transport) {
  if (transport.name === "websocket") {
    // engine.io-client's websocket transport: the `ws` error event, no status of its own
    assert.equal(err.message, "websocket error");
    assert.match(String(err.description?.message ?? err.description), /400/);
  } else {
    // the polling transport: the XHR's status
    assert.equal(err.message, "xhr poll error");
    assert.equal(err.description, 403);
  }
}

describe("connection and address limits behind a trusted proxy", { skip: NO_LIMITS }, () => {
  // 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 are documentation ranges; 127.0.0.1 (the
  // proxy, and startApp's probe) must be allowed too
  const ALLOW = "127.0.0.1,192.0.2.0/24,198.51.100.0/24,203.0.113.0/24";
  let app;
  before(async () => {
    app = await startApp({
      ports: portsOf(0),
      args: [
        "--io.limits.max-connections=3",
        "--io.limits.max-connections-per-address=2",
        "--io.limits.trusted-proxies=127.0.0.1",
        `--io.limits.allow=${ALLOW}`,
        // deny wins over allow: 203.0.113.0-127 are refused, 203.0.113.128-255 admitted
        "--io.limits.deny=203.0.113.0/25",
        SHORT_CONNECT_TIMEOUT,
      ],
    });
    await sessions(app, 0);
  });
  afterEach(async () => {
    closeClients();
    if (app) await sessions(app, 0);
  });
  after(async () => {
    closeClients();
    await app?.stop();
  });

  for (const transport of BOTH) {
    describe(`over ${transport.name}`, () => {
      it("max-connections=3: the 4th client gets \"Too many connections\" and does not retry; a freed slot admits a new client", async () => {
        const rejected = await metric(app, "io.connections.rejected", { reason: "max-connections" });
        // three addresses: the per-address limit (2) stays out of the way
        const admitted = await Promise.all([1, 2, 3].map((i) =>
          connected(open(app, transport, { forwardedFor: `192.0.2.${i}` }), transport)));
        // reconnection on: the client would retry a transport failure, not a refusal by the server
        const fourth = open(app, transport, { forwardedFor: "192.0.2.4", reconnection: true });
        const err = await refusal(fourth, "the 4th client");
        assert.equal(err.message, "Too many connections");
        assert.equal(err.data, undefined);
        assert.equal(fourth.active, false, "socket.active is false: socket.io-client will not reconnect by itself");
        assert.equal(await metric(app, "io.connections.rejected", { reason: "max-connections" }), rejected + 1);

        admitted[0].disconnect();
        await sessions(app, 2);
        const fifth = await connected(open(app, transport, { forwardedFor: "192.0.2.5" }), transport);
        assert.equal((await whoami(fifth)).address, "192.0.2.5");
        for (const socket of admitted.slice(1)) assert.ok(socket.connected);
      });

      it("max-connections-per-address=2 counts the address X-Forwarded-For gives: the 3rd from one address is refused, another address is admitted", async () => {
        const rejected = await metric(app, "io.connections.rejected", { reason: "max-connections-per-address" });
        const first = await connected(open(app, transport, { forwardedFor: "198.51.100.7" }), transport);
        // what the client itself wrote left of the proxy's entry is not believed
        const second = await connected(open(app, transport, { forwardedFor: "192.0.2.99, 198.51.100.7" }), transport);
        assert.equal((await whoami(first)).address, "198.51.100.7");
        assert.equal((await whoami(second)).address, "198.51.100.7");

        const err = await refusal(open(app, transport, { forwardedFor: "198.51.100.7" }), "a 3rd client from 198.51.100.7");
        assert.equal(err.message, "Too many connections from this address");
        assert.equal(await metric(app, "io.connections.rejected", { reason: "max-connections-per-address" }), rejected + 1);

        const other = await connected(open(app, transport, { forwardedFor: "198.51.100.8" }), transport);
        assert.equal((await whoami(other)).address, "198.51.100.8");
        assert.ok(first.connected && second.connected);
      });

      it("deny and allow lists judge the forwarded address: refused clients get a connect_error from the handshake's refusal", async () => {
        const rejected = await metric(app, "io.connections.rejected", { reason: "address" });
        const denied = await refusal(open(app, transport, { forwardedFor: "203.0.113.9" }), "a client from 203.0.113.9 (denied)");
        assertHandshakeRefused(denied, transport);
        const notAllowed = await refusal(open(app, transport, { forwardedFor: "100.64.0.1" }), "a client from 100.64.0.1 (not allowed)");
        assertHandshakeRefused(notAllowed, transport);
        assert.equal(await metric(app, "io.connections.rejected", { reason: "address" }), rejected + 2);

        const admitted = await connected(open(app, transport, { forwardedFor: "203.0.113.200" }), transport);
        assert.equal((await whoami(admitted)).address, "203.0.113.200");
      });
    });
  }

  it("the server closes a connection refused over the limit itself (raw Engine.IO clients)", async () => {
    await Promise.all([1, 2, 3].map((i) => connected(open(app, BOTH[0], { forwardedFor: `192.0.2.${i}` }), BOTH[0])));
    const [ws] = await RawWs.open(app.url);
    const [polling] = await Polling.open(app.url);
    try {
      ws.send("40");
      assert.equal(await ws.next("the CONNECT_ERROR over websocket"), '44{"message":"Too many connections"}');
      await ws.waitClosed();
      await polling.send("40");
      polling.startPolling();
      assert.equal(await polling.next("the CONNECT_ERROR over polling"), '44{"message":"Too many connections"}');
      assert.match(await polling.waitClosed(), /close packet|HTTP 400/);
    } finally {
      await Promise.all([ws.close(), polling.close()]);
    }
  });

  it("a refused address gets what socket.io's allowRequest answers: 403 {code: 4, message: \"Forbidden\"}, 400 to a websocket upgrade", async () => {
    for (const address of ["203.0.113.9", "100.64.0.1"]) {
      const { status, body } = await handshake(app, address);
      assert.equal(status, 403, `handshake from ${address}`);
      assert.deepEqual(JSON.parse(body), { code: 4, message: "Forbidden" });
      assert.equal(await websocketStatus(app, address), 400, `websocket from ${address}`);
    }
    const admitted = await handshake(app, "203.0.113.200");
    assert.equal(admitted.status, 200);
    assert.match(admitted.body, /^0\{"sid":/);
  });
});

describe("without trusted proxies, X-Forwarded-For is ignored", { skip: NO_LIMITS }, () => {
  let app;
  before(async () => {
    app = await startApp({
      ports: portsOf(1),
      args: [
        "--io.limits.max-connections-per-address=2",
        "--io.limits.allow=127.0.0.0/8",
        "--io.limits.deny=203.0.113.0/24",
        SHORT_CONNECT_TIMEOUT,
      ],
    });
    await sessions(app, 0);
  });
  afterEach(async () => {
    closeClients();
    if (app) await sessions(app, 0);
  });
  after(async () => {
    closeClients();
    await app?.stop();
  });

  for (const transport of BOTH) {
    it(`over ${transport.name}: clients claiming other addresses are judged, and counted, as 127.0.0.1`, async () => {
      // would be denied, and not allowed, if the header were believed
      const denied = await connected(open(app, transport, { forwardedFor: "203.0.113.9" }), transport);
      const notAllowed = await connected(open(app, transport, { forwardedFor: "100.64.0.1" }), transport);
      assert.equal((await whoami(denied)).address, "127.0.0.1");
      assert.equal((await whoami(notAllowed)).address, "127.0.0.1");
      const err = await refusal(open(app, transport, { forwardedFor: "198.51.100.1" }), "a 3rd client from 127.0.0.1");
      assert.equal(err.message, "Too many connections from this address");
    });
  }

  it("a spoofed X-Forwarded-For does not get a handshake refused", async () => {
    const { status, body } = await handshake(app, "203.0.113.9");
    assert.equal(status, 200);
    assert.match(body, /^0\{"sid":/);
  });
});

describe("sample app with --io.limits.events-per-second=5", () => {
  const RATE = 5;
  const BURST = 50;
  // how long an ack of a dropped event is waited for: the admitted ones come within milliseconds
  const ACK_WAIT = 2000;
  let app;
  before(async () => {
    app = await startApp({ ports: portsOf(2), args: [`--io.limits.events-per-second=${RATE}`, SHORT_CONNECT_TIMEOUT] });
  });
  afterEach(closeClients);
  after(async () => {
    closeClients();
    await app?.stop();
  });

  /**
   * Waits until the server has read every packet the socket sent so far, and answered what it
   * answers at once. The connection's packets are read in order, one at a time: the burst's
   * EVENTs (the first one over the rate makes the server emit "error" right then), then the
   * CONNECT to a namespace the server does not have, which it answers right then with a
   * CONNECT_ERROR "Invalid namespace" on the same connection. So an "error" event caused by the
   * burst arrives before the barrier's connect_error. (The acks come from handler threads and may
   * come later.) The barrier is no event, so it is not rate limited.
   */
  async function barrier(socket, name) {
    const probe = socket.io.socket(`/${name}`);
    const [err] = await nextEvent(probe, "connect_error", `the connect_error of the barrier /${name}`);
    assert.equal(err.message, "Invalid namespace");
  }

  /** The number of runs of consecutive events missing from `acked` (sorted indexes into a burst). */
  function droppedRuns(acked) {
    let runs = 0;
    for (let i = 0; i < BURST; i++) {
      if (!acked.includes(i) && (i === 0 || acked.includes(i - 1))) runs++;
    }
    return runs;
  }

  /** Emits BURST echo events at once; resolves with the indexes of those acknowledged within ACK_WAIT. */
  function burst(socket, label) {
    const acks = Array.from({ length: BURST }, (_, i) => socket.timeout(ACK_WAIT).emitWithAck("echo", `${label}-${i}`));
    return Promise.allSettled(acks).then((results) => results.flatMap((r, i) => {
      if (r.status !== "fulfilled") return [];
      assert.deepEqual(r.value, `${label}-${i}`);
      return [i];
    }));
  }

  describe("rate-exceeded=error (the default)", { skip: NO_LIMITS }, () => {
    for (const transport of BOTH) {
      it(`over ${transport.name}: a burst of ${BURST} events: the excess is dropped unanswered, the socket gets one "error" event per run of dropped events`, async () => {
        const dropped = await metric(app, "io.events.dropped", { event: "echo", reason: "rate-limit" });
        const received = await metric(app, "io.events.received", { event: "echo" });
        const socket = await connected(open(app, transport), transport);
        const errors = [];
        socket.on("error", (error) => errors.push(error));
        const disconnects = [];
        socket.on("disconnect", (reason) => disconnects.push(reason));

        const first = burst(socket, "a");
        await barrier(socket, "barrier-1");
        const atBarrier = errors.length;
        const acked = await first;
        // The bucket holds 5 tokens and gains one every 200 ms: the burst's first 5 are handled,
        // and one more for each 200 ms that reading the burst took (a polling client sends its
        // first event alone, the others once that POST is answered). Each handled event ends a
        // run of dropped ones: the next drop starts a new run, with its own "error" event.
        assert.deepEqual(acked.slice(0, RATE), [0, 1, 2, 3, 4]);
        assert.ok(acked.length < BURST, `${acked.length} of ${BURST} acknowledged`);
        assert.ok(atBarrier >= 1, "an error event before the barrier");
        assert.equal(atBarrier, droppedRuns(acked), `error events: ${JSON.stringify(errors)}; acknowledged: ${acked}`);
        assert.match(errors[0].message, /^Rate limit exceeded: at most 5 events per second/);
        // every event is counted as received; those not acknowledged were dropped by the limit
        assert.equal(await metric(app, "io.events.received", { event: "echo" }), received + BURST);
        assert.equal(await metric(app, "io.events.dropped", { event: "echo", reason: "rate-limit" }),
          dropped + BURST - acked.length);

        // ACK_WAIT later the bucket is full again: the next burst's excess gets its own "error"
        const second = burst(socket, "b");
        await barrier(socket, "barrier-2");
        const acked2 = await second;
        assert.deepEqual(acked2.slice(0, RATE), [0, 1, 2, 3, 4]);
        assert.equal(errors.length, atBarrier + droppedRuns(acked2), JSON.stringify(errors));
        assert.ok(socket.connected);
        assert.deepEqual(disconnects, []);
        if (atBarrier > 1 || errors.length > 2) {
          console.log(`[limits] ${transport.name}: ${errors.length} error events; acknowledged ${acked} / ${acked2}`);
        }
      });
    }
  });

  describe("connect middleware (the sample's ClientInfoMiddleware)", () => {
    for (const transport of BOTH) {
      it(`over ${transport.name}: the client's version, from auth or a header, is kept in the socket's data`, async () => {
        const fromAuth = await connected(open(app, transport, { auth: { clientVersion: "2.3.1" } }), transport);
        const fromHeader = await connected(open(app, transport, { headers: { "x-client-version": "1.4.0-beta.2" } }), transport);
        const none = await connected(open(app, transport), transport);
        assert.equal((await whoami(fromAuth)).clientVersion, "2.3.1");
        assert.equal((await whoami(fromHeader)).clientVersion, "1.4.0-beta.2");
        const info = await whoami(none);
        assert.equal(info.clientVersion, "unknown");
        assert.equal(info.id, none.id);
        assert.deepEqual(info.roles, ["public"]);
      });

      it(`over ${transport.name}: a refusal reaches the client's connect_error with its message and data`, async () => {
        const rejected = NODE ? 0 : await metric(app, "io.connections.rejected", { reason: "middleware" });
        const old = open(app, transport, { auth: { clientVersion: "0.9.2" }, reconnection: true });
        const err = await refusal(old, "a client of version 0.9.2");
        assert.equal(err.message, "Client version 0.9.2 is no longer supported, please update");
        assert.deepEqual(err.data, { minimumVersion: "1.0.0", clientVersion: "0.9.2" });
        assert.equal(old.active, false, "refused by the server: no automatic retry");

        const invalid = await refusal(open(app, transport, { headers: { "x-client-version": "latest" } }), "a client of version \"latest\"");
        assert.equal(invalid.message, "Invalid client version");
        assert.deepEqual(invalid.data, { minimumVersion: "1.0.0", clientVersion: "latest" });
        if (!NODE) assert.equal(await metric(app, "io.connections.rejected", { reason: "middleware" }), rejected + 2);
      });
    }
  });

  describe("Actuator", { skip: NO_ACTUATOR }, () => {
    it("the health endpoint's io component and the io.* meters reflect the clients and their events", async () => {
      await sessions(app, 0);
      const opened = await metric(app, "io.connections.opened", { namespace: "/" });
      const received = await metric(app, "io.events.received", { event: "whoami" });
      const handled = await metric(app, "io.handler.duration", { event: "whoami", outcome: "success" });

      const sockets = await Promise.all(BOTH.map((transport) => connected(open(app, transport), transport)));
      // two whoami each (within the rate); their acks also show the sockets are fully connected
      for (const socket of sockets) {
        await whoami(socket);
        await whoami(socket);
      }
      const component = await ioHealth(app);
      assert.equal(component.status, "UP");
      assert.deepEqual(component.details, {
        listening: true,
        port: app.socketPort,
        connectedClients: 2,
        namespaces: { "/": 2 },
        adapter: { type: "memory", state: "memory" },
      });
      assert.equal(await metric(app, "io.connections", { namespace: "/" }), 2);
      assert.equal(await metric(app, "io.connections.opened", { namespace: "/" }), opened + 2);
      assert.equal(await metric(app, "io.events.received", { event: "whoami" }), received + 4);
      assert.equal(await metric(app, "io.handler.duration", { event: "whoami", outcome: "success" }), handled + 4);

      closeClients();
      await sessions(app, 0);
      assert.deepEqual((await ioHealth(app)).details.namespaces, { "/": 0 });
      assert.equal(await metric(app, "io.connections", { namespace: "/" }), 0);
    });
  });
});

describe("--io.limits.rate-exceeded=disconnect", { skip: NO_LIMITS }, () => {
  let app;
  before(async () => {
    app = await startApp({
      ports: portsOf(3),
      args: ["--io.limits.events-per-second=5", "--io.limits.rate-exceeded=disconnect", SHORT_CONNECT_TIMEOUT],
    });
  });
  afterEach(closeClients);
  after(async () => {
    closeClients();
    await app?.stop();
  });

  for (const transport of BOTH) {
    it(`over ${transport.name}: the first event over the rate gets no ack; the server disconnects the socket ("io server disconnect")`, async () => {
      const socket = await connected(open(app, transport), transport);
      const errors = [];
      socket.on("error", (error) => errors.push(error));
      const disconnected = nextEvent(socket, "disconnect", "the disconnect");
      // one event at a time, each waiting for its ack, so that the client has sent nothing more
      // when the server disconnects it: the bucket (5 tokens, +5 per second) empties within a
      // few events as long as a round trip takes well under 200 ms
      let acked = 0;
      for (let i = 0; i < 100; i++) {
        try {
          assert.equal(await socket.timeout(DEFAULT_TIMEOUT).emitWithAck("echo", i), i);
          acked++;
        } catch (err) {
          // socket.io-client fails the pending ack as soon as the socket is disconnected
          assert.match(err.message, /socket has been disconnected/);
          break;
        }
      }
      const [reason] = await disconnected;
      assert.equal(reason, "io server disconnect");
      assert.ok(acked >= 5 && acked < 100, `${acked} events acknowledged`);
      assert.equal(socket.active, false, "disconnected by the server: no automatic reconnection");
      assert.deepEqual(errors, []);
    });

    // the events still on their way after the DISCONNECT are dropped by the server, which keeps
    // the connection open so that the client reads its DISCONNECT
    it(`over ${transport.name}: a client flooding the server (50 events at once) is disconnected with "io server disconnect"`, async () => {
      const socket = await connected(open(app, transport), transport);
      const disconnected = nextEvent(socket, "disconnect", "the disconnect");
      for (let i = 0; i < 50; i++) socket.emit("echo", i);
      const [reason] = await disconnected;
      assert.equal(reason, "io server disconnect");
      assert.equal(socket.active, false, "disconnected by the server: no automatic reconnection");
    });
  }
});
