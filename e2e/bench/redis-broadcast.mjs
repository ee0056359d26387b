// Cross-node broadcast benchmark (not a test): io-spring-boot nodes on Redis against Node socket.io
// 4.8 servers on the same Redis adapter, same machine, same driver, same run, runs interleaved.
//
//   SAMPLE_APP_JAR=../sample-app/target/sample-app.jar node bench/redis-broadcast.mjs [options]
//
//   --quick               a short run (10 receivers, 3 s, one run): checks that it all works
//   --pairs=classic,streams
//                         the adapters to compare, each a pair of clusters (default: both):
//                         classic  the sample's `redis` profile vs @socket.io/redis-adapter 8.3
//                         streams  --io.adapter.type=redis-streams vs @socket.io/redis-streams-adapter
//                                  0.3.1; the Java side is skipped, with a message, when the jar
//                                  does not know that adapter type
//   --runs=N              measured runs per cluster (default 3, --quick 1)
//   --baseline-jar=PATH   also measure the io-spring-boot nodes of another build of the sample app,
//                         in the same interleaved runs (to tell a change from the machine's noise)
//
// For each cluster: R receivers connect (websocket) to node 2 and join a room; a sender on node 1
// emits `say` (room, {seq, t}) at a fixed rate for a fixed time; node 1 broadcasts `said` to the
// room through Redis; the receivers record (now - t). Reported: p50/p99/max latency at the offered
// rate, then the highest rate the cluster sustains (`say` sent as fast as the sender's acks come
// back, bounded in count). Every cluster of a pair is started and warmed up (both phases, long
// enough for the JVMs' JIT compilers to be done with the hot paths), then the measured runs take
// turns, so that the machine's noise falls on every cluster alike; the median of the runs is
// reported with the spread. Everything is on loopback and bounded in count and time.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";
import { parseArgs } from "../redis/args.mjs";
import { startJavaNode, startNodePeer, uniqueKey, nodePorts, redisClient } from "../support/redis.mjs";
import { delay } from "../support/wait.mjs";

const options = parseArgs(process.argv.slice(2), "true");
const QUICK = options.has("quick");
const PAIRS = (options.get("pairs") ?? "classic,streams").split(",").filter(Boolean);
const RECEIVERS = QUICK ? 10 : 50;
const RATE = QUICK ? 100 : 200; // say/s offered
const SECONDS = QUICK ? 3 : 10;
const WARMUP_SECONDS = QUICK ? 1 : 5;
const WARMUP_BURSTS = QUICK ? 1 : 3;
const BURST = QUICK ? 500 : 3000;
const RUNS = Number(options.get("runs") ?? (QUICK ? 1 : 3));
const BASELINE_JAR = options.get("baseline-jar");
const ROOM = "bench";
// the sample's rate limiter stays on, far above the load, as in benchmarks/ (Node has none)
const JAVA_ARGS = ["--logging.level.root=WARN", "--io.limits.events-per-second=1000000"];

for (const pair of PAIRS) {
  if (!["classic", "streams"].includes(pair)) throw new Error(`unknown pair ${pair} (classic, streams)`);
}

// --- the clusters -------------------------------------------------------------------------------

/** The adapter's arguments (both sides take the sample's property names) and its readiness channel. */
function adapterOf(pair, key) {
  return pair === "classic"
    ? { args: [], channel: `${key}-request#/#` }
    : { args: ["--io.adapter.type=redis-streams", `--io.adapter.redis.streams.name=${key}`], channel: `${key}#/#` };
}

/** Waits until `count` connections subscribe to `channel`: the nodes' adapters are listening. */
async function waitForSubscribers(channel, count, ms = 60_000) {
  const client = await redisClient();
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const n = (await client.pubSubNumSub(channel))[channel] ?? 0;
      if (n === count) return;
      if (Date.now() > deadline) throw new Error(`${n} subscriber(s) on ${channel}, expected ${count}`);
      await delay(50);
    }
  } finally {
    await client.quit();
  }
}

async function startNodes(starters, channel) {
  const results = await Promise.allSettled(starters.map((start) => start()));
  const nodes = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.find((r) => r.status === "rejected");
  try {
    if (failed) throw failed.reason;
    await waitForSubscribers(channel, nodes.length);
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    throw err;
  }
  return nodes;
}

function peerPorts(index) {
  const { socketPort, httpPort } = nodePorts(index);
  return { port: socketPort, httpPort };
}

/** The clusters of one pair: name, label, and how to start its two nodes. */
function clustersOf(pair) {
  const base = { classic: 40, streams: 50 }[pair];
  const java = (name, label, jar, offset) => {
    const key = uniqueKey(`bench-${pair}-${name}`);
    const { args, channel } = adapterOf(pair, key);
    const start = (i) => startJavaNode({ index: base + offset + i, key, node: `${name}-${i}`, args: [...JAVA_ARGS, ...args] });
    return { name, label, java: true, start: () => withJar(jar, () => startNodes([() => start(1), () => start(2)], channel)) };
  };
  const node = () => {
    const key = uniqueKey(`bench-${pair}-node`);
    const { args, channel } = adapterOf(pair, key);
    const start = (i) => startNodePeer({ ...peerPorts(base + 4 + i), key, node: `node-${i}`, args });
    return { name: "node", label: pair === "classic" ? "Node socket.io 4.8 + redis-adapter 8.3"
      : "Node socket.io 4.8 + redis-streams-adapter 0.3", start: () => startNodes([() => start(1), () => start(2)], channel) };
  };
  return [
    java("java", "io-spring-boot (2 JVMs)", process.env.SAMPLE_APP_JAR, 0),
    ...(BASELINE_JAR ? [java("baseline", "io-spring-boot, baseline jar", BASELINE_JAR, 2)] : []),
    node(),
  ];
}

/** Runs `start` with SAMPLE_APP_JAR set to `jar` (startApp reads it when it spawns the JVM). */
async function withJar(jar, start) {
  const saved = process.env.SAMPLE_APP_JAR;
  process.env.SAMPLE_APP_JAR = jar;
  try {
    return await start();
  } finally {
    process.env.SAMPLE_APP_JAR = saved;
  }
}

// --- the load -----------------------------------------------------------------------------------

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
    const timer = setTimeout(() => reject(new Error(`connect ${url} timed out`)), 10_000);
    socket.once("connect", () => { clearTimeout(timer); resolve(socket); });
    socket.once("connect_error", (err) => { clearTimeout(timer); reject(err); });
  });
}

const ackOf = (socket, ...args) => socket.timeout(10_000).emitWithAck(...args);

/** CPU time (ms) a process has used so far, from /proc (NaN elsewhere). */
function cpuMillis(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at USER_HZ 100
  } catch {
    return NaN;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A sender on the first node and receivers in a room on the second, with both phases of the load. */
async function loadOn([first, second]) {
  const receivers = await Promise.all(Array.from({ length: RECEIVERS }, () => connect(second.url)));
  await Promise.all(receivers.map((r) => ackOf(r, "join", ROOM)));
  const sender = await connect(first.url);
  let latencies = [];
  let delivered = 0;
  let lastDelivery = 0;
  for (const r of receivers) {
    r.on("said", (said) => {
      const now = performance.now();
      latencies.push(now - said.msg.t);
      delivered++;
      lastDelivery = now;
    });
  }
  async function waitDelivered(expected, ms) {
    const deadline = performance.now() + ms;
    while (delivered < expected && performance.now() < deadline) await delay(20);
  }
  return {
    // fixed offered rate
    async offered(seconds = SECONDS) {
      latencies = [];
      delivered = 0;
      const total = RATE * seconds;
      const start = performance.now();
      const cpuBefore = [first.pid, second.pid].map(cpuMillis);
      for (let seq = 0; seq < total; seq++) {
        const wait = start + (seq * 1000) / RATE - performance.now();
        if (wait > 0) await delay(wait);
        sender.emit("say", ROOM, { seq, t: performance.now() });
      }
      await waitDelivered(total * RECEIVERS, 10_000);
      const elapsed = (performance.now() - start) / 1000;
      const [senderCpu, receiverCpu] = [first.pid, second.pid].map((pid, i) => (cpuMillis(pid) - cpuBefore[i]) / elapsed / 10);
      const sorted = latencies.sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN,
        delivered, expected: total * RECEIVERS, senderCpu, receiverCpu };
    },
    // as fast as the sender's acks allow, 64 in flight
    async burst() {
      latencies = [];
      delivered = 0;
      const start = performance.now();
      const inFlight = [];
      for (let seq = 0; seq < BURST; seq++) {
        inFlight.push(ackOf(sender, "say", ROOM, { seq, t: performance.now() }));
        if (inFlight.length >= 64) await inFlight.shift();
      }
      await Promise.all(inFlight);
      await waitDelivered(BURST * RECEIVERS, 20_000);
      const elapsed = (lastDelivery - start) / 1000;
      return { sayPerSecond: BURST / elapsed, deliveredPerSecond: delivered / elapsed, delivered,
        expected: BURST * RECEIVERS };
    },
    close() {
      sender.close();
      receivers.forEach((r) => r.close());
    },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summarize(runs) {
  const line = (f) => {
    const values = runs.map(f);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  };
  return {
    p50: line((r) => r.offered.p50),
    p99: line((r) => r.offered.p99),
    max: line((r) => r.offered.max),
    senderCpu: line((r) => r.offered.senderCpu),
    receiverCpu: line((r) => r.offered.receiverCpu),
    lost: runs.reduce((n, r) => n + (r.offered.expected - r.offered.delivered) + (r.burst.expected - r.burst.delivered), 0),
    deliveredPerSecond: line((r) => r.burst.deliveredPerSecond),
    sayPerSecond: line((r) => r.burst.sayPerSecond),
  };
}

/** Starts a pair's clusters, warms each up, runs the measured runs in turns; {name: summary | {skipped}}. */
async function measurePair(pair) {
  const started = [];
  const results = {};
  try {
    for (const cluster of clustersOf(pair)) {
      try {
        const nodes = await cluster.start();
        started.push({ cluster, nodes, load: await loadOn(nodes), runs: [] });
      } catch (err) {
        if (!cluster.java || pair !== "streams") throw err;
        const refused = /redis-streams/.test(String(err.message));
        results[cluster.name] = { label: cluster.label, skipped: refused
          ? "this sample-app jar does not know io.adapter.type=redis-streams (build one with the streams adapter)"
          : `the nodes did not start: ${String(err.message).split("\n")[0]}` };
        console.error(`[bench] ${pair}: ${cluster.label} skipped: ${results[cluster.name].skipped}`);
      }
    }
    for (const { load } of started) {
      await load.offered(WARMUP_SECONDS);
      for (let i = 0; i < WARMUP_BURSTS; i++) await load.burst();
      await load.offered(WARMUP_SECONDS);
    }
    for (let run = 0; run < RUNS; run++) {
      // a different cluster goes first in each run
      const order = started.map((_, i) => started[(i + run) % started.length]);
      for (const s of order) s.runs.push({ offered: await s.load.offered() });
      for (const s of order) s.runs.at(-1).burst = await s.load.burst();
    }
    for (const s of started) results[s.cluster.name] = { label: s.cluster.label, ...summarize(s.runs), runs: s.runs };
  } finally {
    started.forEach((s) => s.load.close());
    await Promise.allSettled(started.flatMap((s) => s.nodes.map((n) => n.stop())));
  }
  return results;
}

// --- the report ---------------------------------------------------------------------------------

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const spread = (s, d = 1) => `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;

function table(pair, results) {
  const java = results.java;
  const node = results.node;
  const baseline = results.baseline;
  const columns = [java, ...(baseline ? [baseline] : []), node];
  const labelOf = (c, name) => c.label ?? name;
  const cell = (c, key, d) => (c.skipped ? "skipped" : spread(c[key], d));
  const ratio = (a, b, key) => (a.skipped || b.skipped ? "" : fmt(a[key].median / b[key].median, 2));
  const rows = [
    [`latency p50 at ${RATE} say/s × ${RECEIVERS} receivers (ms)`, "p50", 2],
    ["latency p99 (ms)", "p99", 2],
    ["latency max (ms)", "max", 2],
    ["CPU of node 1 (the sender's) at that rate, % of a core", "senderCpu", 0],
    [`CPU of node 2 (the ${RECEIVERS} receivers') at that rate, % of a core`, "receiverCpu", 0],
    ["deliveries/s, sender as fast as acks allow", "deliveredPerSecond", 0],
    ["broadcasts (say)/s, same run", "sayPerSecond", 0],
  ];
  return [
    `## ${pair === "classic" ? "Classic adapter (Redis pub/sub)" : "Redis Streams adapter"}`,
    ``,
    `| | ${labelOf(java, "io-spring-boot")} | ${baseline ? `${baseline.label} | ` : ""}${labelOf(node, "Node")} | ratio to Node |` +
      (baseline ? " ratio to baseline |" : ""),
    `|---|${columns.map(() => "---|").join("")}---|${baseline ? "---|" : ""}`,
    ...rows.map(([label, key, d]) => `| ${label} | ${columns.map((c) => cell(c, key, d)).join(" | ")} | ` +
      `${ratio(java, node, key)} |${baseline ? ` ${ratio(java, baseline, key)} |` : ""}`),
    `| messages lost | ${columns.map((c) => (c.skipped ? "" : c.lost)).join(" | ")} | |${baseline ? " |" : ""}`,
    ...columns.filter((c) => c.skipped).map((c) => `\n${c.label} skipped: ${c.skipped}.`),
    ``,
  ];
}

const all = {};
for (const pair of PAIRS) all[pair] = await measurePair(pair);

const report = [
  `# Cross-node room broadcast through Redis`,
  ``,
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
    `driver, the servers and Redis share the machine. ${RECEIVERS} websocket receivers on node 2, sender on node 1; ` +
    `warm-up ${WARMUP_SECONDS} s at ${RATE} say/s, ${WARMUP_BURSTS} burst(s), ${WARMUP_SECONDS} s again; then ${RUNS} run(s) ` +
    `taking turns across the clusters of a pair, each ${SECONDS} s at ${RATE} say/s then ${BURST} say with 64 in flight; ` +
    `median (min–max).`,
  ``,
  ...PAIRS.flatMap((pair) => table(pair, all[pair])),
];
console.log(report.join("\n"));
const out = new URL("./out/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("redis-broadcast.md", out), report.join("\n"));
writeFileSync(new URL("redis-broadcast.json", out),
  JSON.stringify({ pairs: all, RECEIVERS, RATE, SECONDS, WARMUP_SECONDS, WARMUP_BURSTS, BURST, RUNS }, null, 2));
