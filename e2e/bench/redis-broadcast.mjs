// Cross-node broadcast benchmark (not a test): two io-spring-boot nodes on Redis against two Node
// socket.io 4.8 servers with @socket.io/redis-adapter, same machine, same driver, same run.
//
//   SAMPLE_APP_JAR=../sample-app/target/sample-app.jar node bench/redis-broadcast.mjs [--quick]
//
// For each pair: R receivers connect (websocket) to node 2 and join a room; a sender on node 1
// emits `say` (room, {seq, t}) at a fixed rate for a fixed time; node 1 broadcasts `said` to the
// room through Redis; the receivers record (now - t). Reported: p50/p99/max latency at the offered
// rate, delivered messages/s, then the highest rate the pair sustains (`say` sent as fast as the
// sender's acks come back, bounded in count). Warm-up is discarded; the median of the runs is
// reported with the spread. Everything is on loopback and bounded in count and time.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";
import { startCluster, startJavaNode, startNodePeer, uniqueKey, nodePorts } from "../support/redis.mjs";

const QUICK = process.argv.includes("--quick");
const RECEIVERS = QUICK ? 10 : 50;
const RATE = QUICK ? 100 : 200; // say/s offered
const SECONDS = QUICK ? 3 : 10;
const WARMUP_SECONDS = QUICK ? 1 : 3;
const BURST = QUICK ? 500 : 3000;
const RUNS = QUICK ? 1 : 3;
const ROOM = "bench";

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
    const timer = setTimeout(() => reject(new Error(`connect ${url} timed out`)), 10_000);
    socket.once("connect", () => { clearTimeout(timer); resolve(socket); });
    socket.once("connect_error", (err) => { clearTimeout(timer); reject(err); });
  });
}

const ackOf = (socket, ...args) => socket.timeout(10_000).emitWithAck(...args);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(senderUrl, receiverUrl) {
  const receivers = await Promise.all(Array.from({ length: RECEIVERS }, () => connect(receiverUrl)));
  await Promise.all(receivers.map((r) => ackOf(r, "join", ROOM)));
  const sender = await connect(senderUrl);
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
  // fixed offered rate
  async function offered(seconds) {
    latencies = [];
    delivered = 0;
    const total = RATE * seconds;
    const start = performance.now();
    for (let seq = 0; seq < total; seq++) {
      const due = start + (seq * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      sender.emit("say", ROOM, { seq, t: performance.now() });
    }
    await waitDelivered(total * RECEIVERS, 10_000);
    const elapsed = (lastDelivery - start) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN,
      delivered, expected: total * RECEIVERS, perSecond: delivered / elapsed };
  }
  async function burst() {
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
    return { sayPerSecond: BURST / elapsed, deliveredPerSecond: delivered / elapsed, delivered, expected: BURST * RECEIVERS };
  }
  async function waitDelivered(expected, ms) {
    const deadline = performance.now() + ms;
    while (delivered < expected && performance.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  }
  await offered(WARMUP_SECONDS);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push({ offered: await offered(SECONDS), burst: await burst() });
  sender.close();
  receivers.forEach((r) => r.close());
  return runs;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summarize(runs) {
  const pick = (f) => runs.map(f);
  const line = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
  return {
    p50: line(pick((r) => r.offered.p50)),
    p99: line(pick((r) => r.offered.p99)),
    max: line(pick((r) => r.offered.max)),
    lost: runs.reduce((n, r) => n + (r.offered.expected - r.offered.delivered) + (r.burst.expected - r.burst.delivered), 0),
    deliveredPerSecond: line(pick((r) => r.burst.deliveredPerSecond)),
    sayPerSecond: line(pick((r) => r.burst.sayPerSecond)),
  };
}

async function pair(name, starters, key) {
  const nodes = await startCluster(key, starters);
  try {
    const [first, second] = nodes;
    return summarize(await measure(first.url, second.url));
  } finally {
    await Promise.allSettled(nodes.map((n) => n.stop()));
  }
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const spread = (s, d = 1) => `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;

const javaKey = uniqueKey("bench-java");
const nodeKey = uniqueKey("bench-node");
const java = await pair("io-spring-boot", [
  () => startJavaNode({ index: 41, key: javaKey, node: "java-1", args: ["--logging.level.root=WARN"] }),
  () => startJavaNode({ index: 42, key: javaKey, node: "java-2", args: ["--logging.level.root=WARN"] }),
], javaKey);
const node = await pair("node", [
  () => startNodePeer({ ...ports(43), key: nodeKey, node: "node-1" }),
  () => startNodePeer({ ...ports(44), key: nodeKey, node: "node-2" }),
], nodeKey);

function ports(index) {
  const { socketPort, httpPort } = nodePorts(index);
  return { port: socketPort, httpPort };
}

const rows = [
  ["latency p50 at " + RATE + " say/s × " + RECEIVERS + " receivers (ms)", java.p50, node.p50, 2],
  ["latency p99 (ms)", java.p99, node.p99, 2],
  ["latency max (ms)", java.max, node.max, 2],
  ["deliveries/s, sender as fast as acks allow", java.deliveredPerSecond, node.deliveredPerSecond, 0],
  ["broadcasts (say)/s, same run", java.sayPerSecond, node.sayPerSecond, 0],
];
const report = [
  `# Cross-node room broadcast through Redis`,
  ``,
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
    `driver, both servers of a pair and Redis share the machine. ${RECEIVERS} websocket receivers on node 2, sender on node 1, ` +
    `${SECONDS} s at ${RATE} say/s after ${WARMUP_SECONDS} s warm-up, then ${BURST} say with 64 in flight; ${RUNS} run(s), median (min–max).`,
  ``,
  `| | io-spring-boot (2 JVMs) | Node socket.io 4.8 + redis-adapter 8.3 | ratio |`,
  `|---|---|---|---|`,
  ...rows.map(([label, j, n, d]) => `| ${label} | ${spread(j, d)} | ${spread(n, d)} | ${fmt(j.median / n.median, 2)} |`),
  `| messages lost | ${java.lost} | ${node.lost} | |`,
  ``,
];
console.log(report.join("\n"));
const out = new URL("./out/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("redis-broadcast.md", out), report.join("\n"));
writeFileSync(new URL("redis-broadcast.json", out), JSON.stringify({ java, node, RECEIVERS, RATE, SECONDS, BURST, RUNS }, null, 2));
