// Content-event fan-out benchmark (not a test): how long a committed article write takes to reach
// every connected Socket.IO client of the sample app, and whether every client gets it exactly once.
//
//   SAMPLE_APP_JAR=../sample-app/target/sample-app.jar npm run bench:content -- [options]
//
//   --clients N          connected clients, a quarter each anonymous / alice JWT / bob JWT /
//                        dashboard API token (default 1000)
//   --workers N          worker threads the clients are spread over (default 2)
//   --rate N             article writes per second, on a fixed schedule (default 100)
//   --seconds N          measured seconds (default 30)
//   --warmup-seconds N   seconds of writes before those, discarded (default 3)
//   --max-in-flight N    writes outstanding at once; a write due beyond that is skipped (default 200)
//   --drain-seconds N    longest wait for the last events after the last write answered (default 10)
//   --port-index N       socket port 29092+N, HTTP port 28080+N (default 60; with E2E_PORT_OFFSET
//                        set and no --port-index: 9092+offset and 8080+offset)
//   --deadline-seconds N the whole run aborts after this (default: computed from the above)
//   --pin                diagnostic: the server on CPU 0 and this driver on CPU 1 (taskset), so that
//                        each side's limit shows instead of both fighting over both cores
//
// Clients connect (websocket only, forceNew, no reconnection) from worker threads and record the
// receive time of every article:create/update/delete (performance.timeOrigin + performance.now(),
// one clock in every thread). The main thread logs in as bob and writes on a fixed schedule: write k
// is due at start + k/rate and goes out then even if earlier ones have not answered, cycling
// create -> update -> delete of one article. A write waits for the previous write of its own article
// (the update needs the created id) and is skipped when that one failed. Every title carries the
// run's marker and the cycle number, so each event names its write. Reported: expected/delivered/
// lost/duplicate/unexpected deliveries, latency from the request being sent and from its response
// having arrived to each client's receipt, HTTP latency, achieved rate, the server's CPU and RSS
// (/proc/<pid>) and the driver's CPU per thread. Markdown on stdout, JSON in bench/out/.
// Everything is on loopback and bounded in count and time.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { io } from "socket.io-client";
import { startApp } from "../support/app.mjs";
import { createArticle, deleteArticle, login, updateArticle } from "../support/sample-api.mjs";
import { within } from "../support/wait.mjs";

const EVENTS = ["article:create", "article:update", "article:delete"]; // index = write kind in a cycle
const KINDS = ["anonymous", "alice", "bob", "dashboard"];
const DASHBOARD = { strategy: "api-token", token: "sample-dashboard-token" };
const CONNECT_TIMEOUT = 15_000;
const CONNECT_CONCURRENCY = 50; // handshakes in progress per worker
const QUIET_MS = 2000; // the drain ends early once no new event arrived for this long
const MAX_MATRIX = 60_000_000; // clients x writes receive-time cells (8 bytes each), across workers

/** One clock for every thread, in ms since the epoch with sub-ms precision. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** Sleeps until the shared clock reads `t` (a timer may fire up to 1 ms early: then once more). */
async function sleepUntil(t) {
  for (let i = 0; i < 5 && now() < t; i++) await sleep(t - now());
}

/** CPU ms of the calling thread (/proc/thread-self is the thread that reads it). */
function threadCpuMs() {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

let CLK_TCK = 100;
try {
  CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  // 100 on every Linux this runs on
}

// ---------------------------------------------------------------------------------------------
// worker: a share of the clients

function runWorker({ index, url, clients, writes, tag }) {
  const n = clients.length;
  const recv = new Float64Array(n * writes); // first receipt per (client, write); 0 = none
  const dupByWrite = new Uint32Array(writes);
  const connectedAt = new Float64Array(n);
  const disconnects = [];
  const connectErrors = [];
  const otherEvents = {};
  const sockets = new Array(n);
  const prefix = `bench-${tag}-`;
  let unique = 0;
  let duplicates = 0;
  let foreign = 0;
  let closing = false; // set by finish: the disconnects from then on are ours

  function listen(socket, c) {
    EVENTS.forEach((event, kind) => {
      socket.on(event, (payload) => {
        const t = now();
        const title = payload?.data?.title;
        if (typeof title !== "string" || !title.startsWith(prefix)) { foreign++; return; }
        const cycle = Number.parseInt(title.slice(prefix.length), 10);
        const w = cycle * 3 + kind;
        if (!(w >= 0 && w < writes)) { foreign++; return; }
        const cell = c * writes + w;
        if (recv[cell] === 0) { recv[cell] = t; unique++; } else { dupByWrite[w]++; duplicates++; }
      });
    });
    socket.onAny((event) => {
      if (!EVENTS.includes(event)) otherEvents[event] = (otherEvents[event] ?? 0) + 1;
    });
    socket.on("disconnect", (reason) => {
      if (!closing) disconnects.push({ client: clients[c].i, kind: clients[c].kind, reason, at: now() });
    });
  }

  function connectOne(c) {
    const { auth } = clients[c];
    const socket = io(url, {
      transports: ["websocket"], forceNew: true, reconnection: false, timeout: CONNECT_TIMEOUT,
      ...(auth ? { auth } : {}),
    });
    sockets[c] = socket;
    listen(socket, c);
    const result = new Promise((resolve) => {
      socket.once("connect", () => { connectedAt[c] = now(); resolve(true); });
      socket.once("connect_error", (err) => {
        if (connectErrors.length < 5) connectErrors.push(`${clients[c].kind}: ${err.message}`);
        resolve(false);
      });
    });
    return within(result, `connection of client ${clients[c].i}`, CONNECT_TIMEOUT + 1000).catch((err) => {
      if (connectErrors.length < 5) connectErrors.push(err.message);
      socket.close();
      return false;
    });
  }

  const stats = () => ({ cpuMs: threadCpuMs(), elu: performance.eventLoopUtilization(), at: now() });
  const counts = () => ({ unique, duplicates, foreign });

  parentPort.on("message", async ({ id, type }) => {
    const reply = (body, transfer) => parentPort.postMessage({ id, ...body }, transfer);
    if (type === "connect") {
      const started = now();
      let next = 0;
      let connected = 0;
      const lane = async () => {
        while (next < n) {
          const c = next++;
          if (await connectOne(c)) connected++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, n) }, lane));
      reply({ connected, failed: n - connected, connectErrors, ms: now() - started });
    } else if (type === "clock") {
      reply({ offset: now() - Number(process.hrtime.bigint()) / 1e6 });
    } else if (type === "stats") {
      reply({ ...stats(), ...counts() });
    } else if (type === "count") {
      reply(counts());
    } else if (type === "finish") {
      const final = stats();
      closing = true;
      const stillConnected = sockets.filter((s) => s?.connected).length;
      for (const socket of sockets) socket?.close();
      const connected = Uint8Array.from(connectedAt, (t) => (t > 0 ? 1 : 0));
      reply({
        index, ...final, ...counts(), stillConnected, disconnects, otherEvents,
        recv, dupByWrite, connected,
      }, [recv.buffer, dupByWrite.buffer, connected.buffer]);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// main: the server, the writer, the analysis

function parseArgs(argv) {
  const defaults = {
    clients: 1000, workers: 2, rate: 100, seconds: 30, "warmup-seconds": 3, "max-in-flight": 200,
    "drain-seconds": 10, "port-index": undefined, "deadline-seconds": undefined, pin: false,
  };
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(readFileSync(new URL(import.meta.url), "utf8").split("\nimport ")[0].replace(/^\/\/ ?/gm, ""));
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1] in defaults)) throw new Error(`unknown argument ${arg} (try --help)`);
    if (typeof defaults[match[1]] === "boolean") {
      options[match[1]] = match[2] === undefined ? true : match[2] === "true";
      continue;
    }
    const value = match[2] ?? argv[++i];
    const number = Number(value);
    if (value === undefined || !Number.isFinite(number) || number < 0) throw new Error(`--${match[1]} needs a number >= 0, got ${value}`);
    options[match[1]] = number;
  }
  for (const name of ["clients", "workers", "rate", "seconds", "max-in-flight"]) {
    if (!(options[name] > 0)) throw new Error(`--${name} must be > 0`);
  }
  options.clients = Math.floor(options.clients);
  options.workers = Math.min(Math.floor(options.workers), options.clients);
  return options;
}

/** Server process CPU seconds (utime + stime) and memory, from /proc. */
function serverSample(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return {
      at: now(),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
      rssMiB: kb("VmRSS") / 1024,
      peakRssMiB: kb("VmHWM") / 1024,
      threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? NaN),
    };
  } catch (err) {
    return { at: now(), error: err.message, cpuSeconds: NaN, rssMiB: NaN, peakRssMiB: NaN, threads: NaN };
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    min: sorted.length ? sorted[0] : NaN,
  };
}

/** A growable Float64Array, so that millions of latencies stay out of JS arrays. */
class Samples {
  constructor(capacity = 1024) { this.data = new Float64Array(capacity); this.length = 0; }
  push(value) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  distribution() { return distribution(this.data.subarray(0, this.length)); }
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`content-events: ${err.message}`);
    process.exit(1);
  }
  const { clients: CLIENTS, workers: WORKERS, rate: RATE, seconds: SECONDS } = options;
  const MAX_IN_FLIGHT = Math.floor(options["max-in-flight"]);
  const WARMUP_WRITES = Math.round(options["warmup-seconds"] * RATE);
  const MEASURED_WRITES = Math.max(1, Math.round(SECONDS * RATE));
  const TOTAL_WRITES = WARMUP_WRITES + MEASURED_WRITES;
  const DRAIN_MS = options["drain-seconds"] * 1000;
  if (CLIENTS * TOTAL_WRITES > MAX_MATRIX) {
    throw new Error(`${CLIENTS} clients x ${TOTAL_WRITES} writes is more than ${MAX_MATRIX} receipts to track: lower --clients, --rate or --seconds`);
  }
  const offset = process.env.E2E_PORT_OFFSET;
  const ports = options["port-index"] === undefined && offset
    ? { socketPort: 9092 + Number(offset), httpPort: 8080 + Number(offset) }
    : { socketPort: 29092 + (options["port-index"] ?? 60), httpPort: 28080 + (options["port-index"] ?? 60) };
  // start-up (90 s in app.mjs) + connecting + the writes + their answers + drain + shutdown
  const DEADLINE_S = options["deadline-seconds"]
    ?? Math.ceil(120 + 60 + CLIENTS / 20 + options["warmup-seconds"] + SECONDS + 40 + options["drain-seconds"] + 30);
  const tag = randomBytes(3).toString("hex");

  let phase = "start-up";
  let app;
  const workers = [];
  const deadline = setTimeout(() => {
    console.error(`content-events: global deadline of ${DEADLINE_S} s exceeded during ${phase}; aborting ` +
      `(raise --deadline-seconds if the machine is just slow)`);
    for (const w of workers) w.worker.terminate();
    process.exit(2); // app.mjs kills the server on exit
  }, DEADLINE_S * 1000);

  try {
    // --- server
    app = await startApp({ ports, args: ["--logging.level.root=WARN"] });
    if (options.pin) {
      // -a: every thread; threads created later inherit it (the workers do not exist yet)
      execFileSync("taskset", ["-a", "-p", "-c", "0", String(app.pid)], { stdio: "ignore" });
      execFileSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
    }
    const server = { start: serverSample(app.pid) };
    const [alice, bob] = await Promise.all([
      login(app.httpUrl, "alice", "alice-pass"),
      login(app.httpUrl, "bob", "bob-pass"),
    ]);
    const authOf = {
      anonymous: null,
      alice: { strategy: "jwt", token: alice.jwt },
      bob: { strategy: "jwt", token: bob.jwt },
      dashboard: DASHBOARD,
    };

    // --- clients: contiguous shares, so that every worker has a quarter of each kind
    phase = "connecting clients";
    const specs = Array.from({ length: CLIENTS }, (_, i) => ({ i, kind: KINDS[i % 4], auth: authOf[KINDS[i % 4]] }));
    for (let w = 0; w < WORKERS; w++) {
      const share = specs.slice(Math.floor((w * CLIENTS) / WORKERS), Math.floor(((w + 1) * CLIENTS) / WORKERS));
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { index: w, url: app.url, clients: share, writes: TOTAL_WRITES, tag },
      });
      const pending = new Map();
      let nextId = 0;
      let failure = null;
      const fail = (err) => {
        failure = err;
        for (const { reject } of pending.values()) reject(err);
        pending.clear();
      };
      worker.on("message", (msg) => { pending.get(msg.id)?.resolve(msg); pending.delete(msg.id); });
      worker.on("error", (err) => fail(new Error(`worker ${w} failed: ${err.stack ?? err}`)));
      worker.on("exit", (code) => fail(new Error(`worker ${w} exited (${code})`)));
      // a saturated worker may take seconds to get to a message: the global deadline is the real bound
      const ask = (type, ms = 30_000) => {
        if (failure) return Promise.reject(failure);
        const id = nextId++;
        const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
        worker.postMessage({ id, type });
        return within(answer, `worker ${w} answering ${type}`, ms).finally(() => pending.delete(id));
      };
      workers.push({ worker, share, ask });
    }
    const connectMs = 2 * CONNECT_TIMEOUT + (CLIENTS / WORKERS / CONNECT_CONCURRENCY) * CONNECT_TIMEOUT;
    const connects = await Promise.all(workers.map((w) => w.ask("connect", connectMs)));
    const connected = connects.reduce((n, c) => n + c.connected, 0);
    if (connected === 0) throw new Error(`no client connected: ${connects.flatMap((c) => c.connectErrors).join("; ")}`);
    const mainOffset = now() - Number(process.hrtime.bigint()) / 1e6;
    const clockSkewMs = Math.max(...(await Promise.all(workers.map((w) => w.ask("clock"))))
      .map((c) => Math.abs(c.offset - mainOffset)));
    server.connected = serverSample(app.pid);

    // --- writes
    phase = "writing";
    const writes = Array.from({ length: TOTAL_WRITES }, (_, k) => ({
      k, cycle: Math.floor(k / 3), event: EVENTS[k % 3], warmup: k < WARMUP_WRITES,
      scheduled: 0, dispatchedAt: NaN, sentAt: NaN, respAt: NaN, status: 0, outcome: "pending", reason: undefined,
    }));
    const articleIds = new Map(); // cycle -> id
    const chains = new Map(); // cycle -> promise of the last write's success
    const settled = [];
    let inFlight = 0;
    let peakInFlight = 0;

    async function issue(write) {
      const title = `bench-${tag}-${write.cycle}${write.event === "article:update" ? " (updated)" : ""}`;
      const body = `Article of benchmark cycle ${write.cycle}, written by write ${write.k}.`;
      write.sentAt = now();
      try {
        let res;
        if (write.event === "article:create") res = await createArticle(app.httpUrl, bob.jwt, { title, body });
        else if (write.event === "article:update") res = await updateArticle(app.httpUrl, bob.jwt, articleIds.get(write.cycle), { title, body });
        else res = await deleteArticle(app.httpUrl, bob.jwt, articleIds.get(write.cycle));
        write.respAt = now();
        write.status = res.status;
        write.outcome = res.status >= 200 && res.status < 300 ? "ok" : "failed";
        if (write.outcome === "ok" && write.event === "article:create") articleIds.set(write.cycle, res.body?.id);
        if (write.outcome === "failed") write.reason = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      } catch (err) {
        write.respAt = now();
        write.outcome = "error";
        write.reason = err.message;
      }
      return write.outcome === "ok";
    }

    function skip(write, reason) {
      write.outcome = "skipped";
      write.reason = reason;
      return false;
    }

    // in flight = sent and not answered, or due and waiting for the previous write of its article
    function dispatch(write) {
      if (inFlight >= MAX_IN_FLIGHT) {
        chains.set(write.cycle, Promise.resolve(skip(write, `${MAX_IN_FLIGHT} writes in flight`)));
        return;
      }
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const previous = write.k % 3 === 0 ? Promise.resolve(true) : chains.get(write.cycle);
      const done = previous
        .then((ok) => (ok ? issue(write) : skip(write, "the previous write of its article did not succeed")))
        .finally(() => { inFlight--; });
      chains.set(write.cycle, done);
      settled.push(done);
      if (write.k % 3 === 2) done.finally(() => chains.delete(write.cycle));
    }

    // a point in time for the CPU figures: the workers answer a moment later, which is fine at 1 ms
    const mark = () => ({
      at: now(), server: serverSample(app.pid), cpu: process.cpuUsage(), mainCpuMs: threadCpuMs(),
      mainElu: performance.eventLoopUtilization(), workers: Promise.all(workers.map((w) => w.ask("stats"))),
    });

    const start = now() + 200;
    let windowStart = null;
    for (let k = 0; k < TOTAL_WRITES; k++) {
      const write = writes[k];
      write.scheduled = start + (k * 1000) / RATE;
      await sleepUntil(write.scheduled);
      if (k === WARMUP_WRITES) windowStart = mark();
      write.dispatchedAt = now();
      dispatch(write);
    }
    await sleepUntil(start + (TOTAL_WRITES * 1000) / RATE);
    const windowEnd = mark();
    [windowStart.workers, windowEnd.workers] = await Promise.all([windowStart.workers, windowEnd.workers]);

    phase = "waiting for the last write answers";
    // each write times out after 10 s in sample-api.mjs; a chain is at most 3 writes long
    await within(Promise.allSettled(settled), "the last write answers", 3 * 12_000);
    const answeredAt = now();

    // --- drain: until every expected receipt is in, no new event for QUIET_MS, or DRAIN_MS
    phase = "draining";
    const okAll = writes.filter((w) => w.outcome === "ok").length;
    const expectedAll = okAll * connected;
    let lastTotal = -1;
    let lastChange = now();
    let drainEnd = "drain limit";
    const drainDeadline = now() + DRAIN_MS;
    for (let i = 0; i <= DRAIN_MS / 100 + 1 && now() < drainDeadline; i++) {
      const counts = await Promise.all(workers.map((w) => w.ask("count")));
      const total = counts.reduce((n, c) => n + c.unique + c.duplicates, 0);
      const unique = counts.reduce((n, c) => n + c.unique, 0);
      if (unique >= expectedAll) { drainEnd = "all expected receipts arrived"; break; }
      if (total !== lastTotal) { lastTotal = total; lastChange = now(); drainEnd = "drain limit, events still arriving: part of `lost` may be late, not lost (raise --drain-seconds)"; }
      else if (now() - lastChange >= QUIET_MS) { drainEnd = `no new event for ${QUIET_MS} ms`; break; }
      await sleep(100);
    }
    const drainMs = now() - answeredAt;
    server.end = serverSample(app.pid);
    const driverCpuEnd = process.cpuUsage();

    // --- collect
    phase = "collecting results";
    const results = await Promise.all(workers.map((w) => w.ask("finish", 60_000)));
    await Promise.all(workers.map((w) => w.worker.terminate()));
    workers.length = 0;
    phase = "stopping the server";
    await app.stop();
    server.stopped = true;

    // --- analysis
    const measured = writes.filter((w) => !w.warmup);
    const measuredOk = measured.filter((w) => w.outcome === "ok");
    const count = (list, outcome) => list.filter((w) => w.outcome === outcome).length;
    const latSent = new Samples(measuredOk.length * connected + 1);
    const latResp = new Samples(measuredOk.length * connected + 1);
    const byKind = Object.fromEntries(KINDS.map((k) => [k, new Samples()]));
    const fanout = new Samples();
    const lastReceipt = new Float64Array(TOTAL_WRITES);
    const receipts = new Uint32Array(TOTAL_WRITES);
    const tally = (warmup) => ({ expected: 0, delivered: 0, lost: 0, duplicates: 0, unexpected: 0, warmup });
    const inWindow = tally(false);
    const warm = tally(true);
    const lostByKind = Object.fromEntries(KINDS.map((k) => [k, 0]));
    const dropped = new Set(results.flatMap((r) => r.disconnects.map((d) => d.client)));
    let lostOnDropped = 0; // measured receipts missing on clients the server or a ping timeout disconnected
    let receivedInWindow = 0; // any event received between the window's marks
    let receivedAfter = 0; // after the window: the last answers and the drain
    // per second since the first write: writes sent, writes answered, events received (JSON only)
    const seconds = Math.ceil((now() - start) / 1000) + 1;
    const timeline = Array.from({ length: seconds }, (_, second) => ({ second, sent: 0, answered: 0, received: 0 }));
    const slot = (t) => timeline[Math.min(seconds - 1, Math.max(0, Math.floor((t - start) / 1000)))];
    for (const w of writes) {
      if (Number.isFinite(w.sentAt)) slot(w.sentAt).sent++;
      if (Number.isFinite(w.respAt)) slot(w.respAt).answered++;
    }
    for (const r of results) {
      const { recv, dupByWrite, connected: isConnected } = r;
      const clientsOfWorker = specs.slice(Math.floor((r.index * CLIENTS) / WORKERS), Math.floor(((r.index + 1) * CLIENTS) / WORKERS));
      for (let c = 0; c < clientsOfWorker.length; c++) {
        if (!isConnected[c]) continue;
        const kind = clientsOfWorker[c].kind;
        for (let k = 0; k < TOTAL_WRITES; k++) {
          const write = writes[k];
          const t = recv[c * TOTAL_WRITES + k];
          if (t > 0) {
            slot(t).received++;
            if (t >= windowEnd.at) receivedAfter++;
            else if (t >= windowStart.at) receivedInWindow++;
          }
          const bucket = write.warmup ? warm : inWindow;
          if (write.outcome !== "ok") {
            if (t > 0) bucket.unexpected++;
            continue;
          }
          bucket.expected++;
          if (t === 0) {
            bucket.lost++;
            if (!write.warmup) {
              lostByKind[kind]++;
              if (dropped.has(clientsOfWorker[c].i)) lostOnDropped++;
            }
            continue;
          }
          bucket.delivered++;
          receipts[k]++;
          if (t > lastReceipt[k]) lastReceipt[k] = t;
          if (!write.warmup) {
            latSent.push(t - write.sentAt);
            latResp.push(t - write.respAt);
            byKind[kind].push(t - write.sentAt);
          }
        }
      }
      for (let k = 0; k < TOTAL_WRITES; k++) (writes[k].warmup ? warm : inWindow).duplicates += dupByWrite[k];
    }
    for (const write of measuredOk) if (receipts[write.k] === connected) fanout.push(lastReceipt[write.k] - write.sentAt);
    const http = distribution(measuredOk.map((w) => w.respAt - w.sentAt));
    // the writer loop's own lateness (driver health) and the wait for the article's previous write
    const dispatchLag = distribution(measured.map((w) => w.dispatchedAt - w.scheduled));
    const sent = measured.filter((w) => Number.isFinite(w.sentAt));
    const sendLag = distribution(sent.map((w) => w.sentAt - w.scheduled));
    const chained = sent.filter((w) => w.sentAt - w.dispatchedAt > 1).length;
    const lastOkResp = measuredOk.length ? Math.max(...measuredOk.map((w) => w.respAt)) : NaN;
    const windowSeconds = (windowEnd.at - windowStart.at) / 1000;
    const firstSent = Math.min(...sent.map((w) => w.sentAt));
    const lastSent = Math.max(...sent.map((w) => w.sentAt));
    // n writes due every 1/rate span (n - 1)/rate: rates over the spans the writes actually took
    const issuedRate = sent.length > 1 ? (sent.length - 1) / ((lastSent - firstSent) / 1000) : NaN;
    const achievedRate = measuredOk.length > 1 ? (measuredOk.length - 1) / ((lastOkResp - firstSent) / 1000) : NaN;
    const afterSeconds = (server.end.at - windowEnd.at) / 1000;
    const afterServerCpu = server.end.cpuSeconds - windowEnd.server.cpuSeconds;
    const afterDriverCpu = (driverCpuEnd.user + driverCpuEnd.system - windowEnd.cpu.user - windowEnd.cpu.system) / 1e6;
    const failures = {};
    for (const w of writes) if (w.reason) failures[`${w.outcome}: ${w.reason}`] = (failures[`${w.outcome}: ${w.reason}`] ?? 0) + 1;

    const serverWindowCpu = windowEnd.server.cpuSeconds - windowStart.server.cpuSeconds;
    const driverWindowCpu = (windowEnd.cpu.user + windowEnd.cpu.system - windowStart.cpu.user - windowStart.cpu.system) / 1e6;
    const eluDelta = (a, b) => {
      const active = b.active - a.active;
      const idle = b.idle - a.idle;
      return active / (active + idle);
    };
    const threads = [
      { thread: "main (writer)", cpuSeconds: (windowEnd.mainCpuMs - windowStart.mainCpuMs) / 1000, elu: eluDelta(windowStart.mainElu, windowEnd.mainElu) },
      ...windowEnd.workers.map((end, w) => ({
        thread: `worker ${w + 1} (${results[w].connected.length} clients)`,
        cpuSeconds: (end.cpuMs - windowStart.workers[w].cpuMs) / 1000,
        elu: eluDelta(windowStart.workers[w].elu, end.elu),
      })),
    ];
    const disconnects = results.flatMap((r) => r.disconnects);
    const disconnectReasons = {};
    for (const d of disconnects) disconnectReasons[d.reason] = (disconnectReasons[d.reason] ?? 0) + 1;
    const otherEvents = {};
    for (const r of results) for (const [name, n] of Object.entries(r.otherEvents)) otherEvents[name] = (otherEvents[name] ?? 0) + n;
    const foreign = results.reduce((n, r) => n + r.foreign, 0);
    const connectedByKind = Object.fromEntries(KINDS.map((k) => [k, 0]));
    for (const r of results) {
      const share = specs.slice(Math.floor((r.index * CLIENTS) / WORKERS), Math.floor(((r.index + 1) * CLIENTS) / WORKERS));
      share.forEach((s, c) => { if (r.connected[c]) connectedByKind[s.kind]++; });
    }

    const report = {
      options, ports, tag,
      machine: { cores: cpus().length, model: cpus()[0]?.model, memGiB: totalmem() / 2 ** 30, node: process.version },
      javaOpts: process.env.E2E_JAVA_OPTS ?? "",
      clients: { requested: CLIENTS, connected, connectedByKind, failed: CLIENTS - connected,
        connectErrors: connects.flatMap((c) => c.connectErrors), connectMs: Math.max(...connects.map((c) => c.ms)),
        stillConnectedAtEnd: results.reduce((n, r) => n + r.stillConnected, 0),
        disconnectsDuringRun: disconnects.length, disconnectReasons, disconnects: disconnects.slice(0, 20) },
      writes: {
        warmup: WARMUP_WRITES, measured: MEASURED_WRITES,
        measuredOk: measuredOk.length, measuredFailed: count(measured, "failed"), measuredErrors: count(measured, "error"),
        measuredSkipped: count(measured, "skipped"), warmupNotOk: WARMUP_WRITES - count(writes.filter((w) => w.warmup), "ok"),
        peakInFlight, failures, achievedRate, issuedRate, windowSeconds, http,
        dispatchLagBehindSchedule: dispatchLag, sendLagBehindSchedule: sendLag,
        sentMoreThan1msAfterDueWaitingForPreviousWrite: chained,
      },
      deliveries: { ...inWindow, lostByKind, lostOnDisconnectedClients: lostOnDropped, foreign, otherEvents, drainMs, drainEnd },
      warmupDeliveries: warm,
      timeline,
      latencyMs: {
        requestSentToReceived: latSent.distribution(),
        responseReceivedToReceived: latResp.distribution(),
        requestSentToReceivedByKind: Object.fromEntries(KINDS.map((k) => [k, byKind[k].distribution()])),
        requestSentToLastClient: fanout.distribution(),
      },
      afterTheWindow: {
        seconds: afterSeconds, received: receivedAfter, receivedPerSecond: receivedAfter / afterSeconds,
        serverCpuPercentOfOneCore: (100 * afterServerCpu) / afterSeconds, driverCpuPercentOfOneCore: (100 * afterDriverCpu) / afterSeconds,
      },
      server: {
        pid: app.pid, pinned: options.pin ? "CPU 0" : false, samples: server,
        windowCpuMicrosPerReceivedEvent: (1e6 * serverWindowCpu) / receivedInWindow,
        windowCpuSeconds: serverWindowCpu, windowCpuPercentOfOneCore: (100 * serverWindowCpu) / windowSeconds,
        totalCpuSeconds: server.end.cpuSeconds - server.start.cpuSeconds,
      },
      driver: {
        pinned: options.pin ? "CPU 1" : false,
        windowCpuMicrosPerReceivedEvent: (1e6 * driverWindowCpu) / receivedInWindow,
        windowCpuSeconds: driverWindowCpu, windowCpuPercentOfOneCore: (100 * driverWindowCpu) / windowSeconds,
        threads: threads.map((t) => ({ ...t, cpuPercentOfOneCore: (100 * t.cpuSeconds) / windowSeconds })),
      },
      clockSkewBetweenThreadsMs: clockSkewMs,
    };

    // --- output
    const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
    const dist = (s, d = 1) => `${fmt(s.p50, d)} / ${fmt(s.p90, d)} / ${fmt(s.p99, d)} / ${fmt(s.max, d)}`;
    const pct = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(3)} %` : "n/a");
    const L = report.latencyMs;
    const W = report.writes;
    const D = report.deliveries;
    const rows = [
      ["clients connected (anonymous / alice / bob / dashboard)", `${connected} of ${CLIENTS} (${KINDS.map((k) => connectedByKind[k]).join(" / ")}), connect took ${fmt(report.clients.connectMs / 1000, 1)} s`],
      ["clients disconnected during the run", `${disconnects.length}${disconnects.length ? ` (${Object.entries(disconnectReasons).map(([r, n]) => `${n} ${r}`).join(", ")})` : ""}`],
      ["writes in the measured window: 2xx / failed / error / skipped", `${W.measuredOk} / ${W.measuredFailed} / ${W.measuredErrors} / ${W.measuredSkipped} of ${MEASURED_WRITES} (peak ${peakInFlight} in flight)`],
      ["write rate offered / issued / achieved (2xx per s)", `${fmt(RATE, 1)} / ${fmt(issuedRate, 1)} / ${fmt(achievedRate, 1)}`],
      ["writer loop behind schedule p50 / p99 / max (ms)", `${fmt(dispatchLag.p50, 2)} / ${fmt(dispatchLag.p99, 2)} / ${fmt(dispatchLag.max, 2)}`],
      ["write sent behind schedule p50 / p99 / max (ms), incl. waiting for its article's previous write", `${fmt(sendLag.p50, 2)} / ${fmt(sendLag.p99, 2)} / ${fmt(sendLag.max, 2)} (${chained} writes waited > 1 ms)`],
      ["HTTP write latency p50 / p99 / max (ms)", `${fmt(http.p50, 2)} / ${fmt(http.p99, 2)} / ${fmt(http.max, 2)}`],
      ["expected deliveries (2xx writes × clients)", `${D.expected}`],
      ["delivered", `${D.delivered}`],
      ["lost", `${D.lost} (${pct(D.lost, D.expected)})${D.lost ? `: ${lostOnDropped} on clients disconnected during the run, ${D.lost - lostOnDropped} on clients still connected; by kind ` + KINDS.map((k) => `${k} ${lostByKind[k]}`).join(", ") : ""}`],
      ["duplicates", `${D.duplicates}`],
      ["unexpected (events of writes that did not succeed)", `${D.unexpected}`],
      ["events not from this run's writes", `${foreign + Object.values(otherEvents).reduce((a, b) => a + b, 0)}`],
      ["latency request sent → client received p50 / p90 / p99 / max (ms)", dist(L.requestSentToReceived, 2)],
      ["latency response received → client received p50 / p90 / p99 / max (ms)", dist(L.responseReceivedToReceived, 2)],
      ...KINDS.map((k) => [`  sent → received, ${k} clients p50 / p90 / p99 / max (ms)`, dist(L.requestSentToReceivedByKind[k], 2)]),
      ["request sent → last client received, per write p50 / p90 / p99 / max (ms)", `${dist(L.requestSentToLastClient, 2)} (${L.requestSentToLastClient.count} writes)`],
      ["events received in the window (/s, of the offered clients × rate)", `${fmt(receivedInWindow / windowSeconds, 0)}/s of ${fmt(connected * RATE, 0)}/s`],
      ["CPU per event received in the window: server / driver (µs)", `${fmt(report.server.windowCpuMicrosPerReceivedEvent, 1)} / ${fmt(report.driver.windowCpuMicrosPerReceivedEvent, 1)}`],
      ["server CPU in the window (s, % of one core)", `${fmt(serverWindowCpu, 2)} s, ${fmt(report.server.windowCpuPercentOfOneCore, 0)} %`],
      ["server CPU start → end, incl. connects and drain (s)", fmt(report.server.totalCpuSeconds, 2)],
      ["server RSS start → connected → end (MiB), peak", `${fmt(server.start.rssMiB, 0)} → ${fmt(server.connected.rssMiB, 0)} → ${fmt(server.end.rssMiB, 0)}, peak ${fmt(server.end.peakRssMiB, 0)}`],
      ["driver CPU in the window, all threads (s, % of one core)", `${fmt(driverWindowCpu, 2)} s, ${fmt(report.driver.windowCpuPercentOfOneCore, 0)} %`],
      ...report.driver.threads.map((t) => [`  ${t.thread}: CPU % of one core, event-loop utilization`, `${fmt(t.cpuPercentOfOneCore, 0)} %, ${fmt(100 * t.elu, 0)} %`]),
      ["after the window (last answers + drain): events/s, server CPU %, driver CPU %", afterSeconds < 1 ? `n/a (over after ${fmt(afterSeconds, 2)} s)`
        : `${fmt(report.afterTheWindow.receivedPerSecond, 0)}/s, ${fmt(report.afterTheWindow.serverCpuPercentOfOneCore, 0)} %, ${fmt(report.afterTheWindow.driverCpuPercentOfOneCore, 0)} % over ${fmt(afterSeconds, 1)} s`],
      ["drain after the last answer", `${fmt(drainMs, 0)} ms (${drainEnd})`],
    ];
    const lines = [
      `# Content events: ${CLIENTS} clients, ${RATE} article writes/s for ${SECONDS} s`,
      ``,
      `Machine: ${report.machine.cores} cores (${report.machine.model ?? "?"}), ${report.machine.memGiB.toFixed(0)} GiB; Node ${process.version}; ` +
        `server, driver (main thread + ${WORKERS} workers) on the same machine over loopback; ` +
        `JVM -Xmx512m ${report.javaOpts}; ${options.pin ? "server pinned to CPU 0, driver to CPU 1; " : ""}` +
        `${options["warmup-seconds"]} s warm-up discarded; ` +
        `create → update → delete cycles as bob; clock skew between threads ${fmt(clockSkewMs, 3)} ms.`,
      ``,
      `| | value |`,
      `|---|---|`,
      ...rows.map(([label, value]) => `| ${label} | ${value} |`),
      ``,
    ];
    if (Object.keys(failures).length) {
      lines.push(`Write failures: ${Object.entries(failures).slice(0, 10).map(([r, n]) => `${n} × ${r}`).join("; ")}`, ``);
    }
    console.log(lines.join("\n"));
    const out = new URL("./out/", import.meta.url);
    mkdirSync(out, { recursive: true });
    const file = new URL(`content-events-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, out);
    writeFileSync(file, JSON.stringify(report, null, 2));
    console.log(`JSON: ${file.pathname}`);
  } catch (err) {
    console.error(`content-events: failed during ${phase}: ${err.stack ?? err}`);
    if (app) console.error(`--- server output ---\n${app.output(40)}`);
    process.exitCode = 1;
  } finally {
    for (const w of workers) await w.worker.terminate();
    await app?.stop();
    clearTimeout(deadline);
  }
}

// last, so that every declaration above is initialized before either side runs
if (isMainThread) {
  await main();
} else {
  runWorker(workerData);
}
