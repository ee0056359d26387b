// Redis helpers for the cluster suites (test-redis/): Redis itself, the cluster nodes, the Node
// peer (@socket.io/redis-adapter) and the emitter (@socket.io/redis-emitter).
//
//   E2E_REDIS_URL        the shared Redis (default redis://127.0.0.1:6379)
//   E2E_REDIS_PORT_BASE  first port of the cluster suites (default 29100): node i listens on
//                        base+i (socket.io) and base+100+i (HTTP)
//   E2E_TARGET=node      the "Java" nodes are Node peers too (checks the suites themselves)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { startApp } from "./app.mjs";
import { DEFAULT_TIMEOUT, delay, within } from "./wait.mjs";

export const REDIS_URL = process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379";
const PORT_BASE = Number(process.env.E2E_REDIS_PORT_BASE ?? 29100);
const NODE_PEER = fileURLToPath(new URL("../redis/node-peer.mjs", import.meta.url));
const EMIT = fileURLToPath(new URL("../redis/emit.mjs", import.meta.url));

/** The socket.io and HTTP ports of cluster member `index` (1, 2, ...). */
export function nodePorts(index) {
  return { socketPort: PORT_BASE + index, httpPort: PORT_BASE + 100 + index };
}

/** A fresh adapter key prefix, so that suites never see each other's messages on the shared Redis. */
export function uniqueKey(name = "e2e") {
  return `${name}-${randomBytes(4).toString("hex")}`;
}

/** A connected node-redis client (call `quit()` when done). */
export async function redisClient(url = REDIS_URL) {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Whether a Redis server answers PING at `url` (default E2E_REDIS_URL) within 2 s. */
export async function redisAvailable(url = REDIS_URL) {
  let client;
  try {
    client = await within(redisClient(url), `PING ${url}`, 2000);
    return (await within(client.ping(), `PING ${url}`, 2000)) === "PONG";
  } catch {
    return false;
  } finally {
    try { await client?.disconnect(); } catch { /* already closed */ }
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

/**
 * Runs a private, non-persistent `redis-server` on `port` (for fault tests: stop it under a
 * running cluster, start it again on the same port).
 * @returns {{port, url, stop(): Promise<void>, start(): Promise<void>}} already started
 */
export async function startRedisServer(port) {
  let child = null;
  let exited = null;
  const server = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      if (await portOpen(port)) throw new Error(`port ${port} is already in use`);
      const output = [];
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (d) => output.push(String(d)));
      child.stderr.on("data", (d) => output.push(String(d)));
      const current = child;
      exited = new Promise((resolve) => current.once("exit", resolve));
      process.on("exit", killOnExit);
      const deadline = Date.now() + DEFAULT_TIMEOUT;
      while (!(await redisAvailable(server.url))) {
        if (child.exitCode !== null || Date.now() > deadline) {
          await server.stop();
          throw new Error(`redis-server on ${port} did not start\n${output.join("")}`);
        }
        await delay(50);
      }
    },
    async stop() {
      if (!child) return;
      const current = child;
      child = null;
      process.off("exit", killOnExit);
      if (current.exitCode === null && current.signalCode === null) current.kill("SIGKILL");
      await exited;
    },
  };
  const killOnExit = () => child?.kill("SIGKILL");
  await server.start();
  return server;
}

/**
 * Waits until `count` connections are subscribed to the request channel of namespace `nsp`
 * (`<key>-request#<nsp>#`): that is how every node of the cluster counts the others.
 */
export async function waitForSubscribers(key, count, { nsp = "/", url = REDIS_URL, ms = DEFAULT_TIMEOUT * 3, channel = `${key}-request#${nsp}#` } = {}) {
  const client = await redisClient(url);
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const n = (await client.pubSubNumSub(channel))[channel] ?? 0;
      if (n === count) return;
      if (Date.now() > deadline) throw new Error(`${n} subscriber(s) on ${channel} after ${ms} ms, expected ${count}`);
      await delay(50);
    }
  } finally {
    await client.quit();
  }
}

function redisArgs(url) {
  const { hostname, port } = new URL(url);
  return [`--spring.data.redis.host=${hostname}`, `--spring.data.redis.port=${port || 6379}`];
}

/** The Node peer (always Node): node-peer.mjs with @socket.io/redis-adapter. */
export function startNodePeer({ port, httpPort, key, node = "node-peer", redisUrl = REDIS_URL, args = [], profile = "redis" }) {
  return startApp({
    profile,
    ports: { socketPort: port, httpPort },
    script: NODE_PEER,
    args: [`--io.adapter.redis.key-prefix=${key}`, `--sample.node-name=${node}`, ...redisArgs(redisUrl), ...args],
  });
}

/**
 * A "Java" member of the cluster: the sample app jar with the `redis` profile, or node-peer.mjs
 * when E2E_TARGET=node. Its HTTP side has POST /api/broadcast either way.
 */
export function startJavaNode({ index, key, node = `java-${index}`, redisUrl = REDIS_URL, args = [], profile = "redis" }) {
  return startApp({
    profile,
    ports: nodePorts(index),
    reference: NODE_PEER,
    args: [`--io.adapter.redis.key-prefix=${key}`, `--sample.node-name=${node}`, ...redisArgs(redisUrl), ...args],
  });
}

/**
 * Starts several nodes at once (functions returning startApp promises) and waits for `key`'s request
 * channel to have that many subscribers; if one fails, stops the others and rethrows.
 */
export async function startCluster(key, starters, { redisUrl = REDIS_URL, channel } = {}) {
  const results = await Promise.allSettled(starters.map((start) => start()));
  const nodes = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.find((r) => r.status === "rejected");
  try {
    if (failed) throw failed.reason;
    await waitForSubscribers(key, nodes.length, { url: redisUrl, ...(channel ? { channel } : {}) });
  } catch (err) {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    throw err;
  }
  return nodes;
}

/**
 * Emits with @socket.io/redis-emitter from a separate process (redis/emit.mjs) and resolves once it
 * exited 0 (the message is then published).
 * @param {{key: string, event: string, data?: any, binary?: Buffer, room?: string|string[], except?: string|string[],
 *          nsp?: string, redisUrl?: string}} options  no room: the whole namespace
 */
export function runEmitter({ key, event, data, binary, room, except, nsp = "/", redisUrl = REDIS_URL }) {
  const args = [EMIT, "--key", key, "--event", event, "--nsp", nsp, "--redis-url", redisUrl];
  if (data !== undefined) args.push(`--data=${JSON.stringify(data)}`);
  if (binary !== undefined) args.push(`--binary=${Buffer.from(binary).toString("base64")}`);
  if (room !== undefined) args.push(`--room=${[room].flat().join(",")}`);
  if (except !== undefined) args.push(`--except=${[except].flat().join(",")}`);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  child.stdout.on("data", (d) => output.push(String(d)));
  child.stderr.on("data", (d) => output.push(String(d)));
  const done = new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`emit.mjs exited ${code}\n${output.join("")}`))));
  });
  return within(done, `emit.mjs ${event}`, DEFAULT_TIMEOUT).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });
}

/** POSTs JSON to `url` and resolves with the parsed answer; rejects on a non-2xx status. */
export async function postJson(url, body, ms = DEFAULT_TIMEOUT) {
  const res = await within(fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }), `POST ${url}`, ms);
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} ${JSON.stringify(body)}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Records every `event` a socket receives from now on. `until(predicate, what)` resolves with the
 * arguments of the first recorded event (past or future) matching `predicate(...args)`, bounded by
 * E2E_TIMEOUT_MS; `received` holds every argument list in arrival order.
 */
export function recorder(socket, event) {
  const received = [];
  const listeners = new Set();
  socket.on(event, (...args) => {
    received.push(args);
    for (const listener of listeners) listener(args);
  });
  return {
    received,
    until(predicate = () => true, what = `"${event}"`, ms = DEFAULT_TIMEOUT) {
      const past = received.find((args) => predicate(...args));
      if (past) return Promise.resolve(past);
      let listener;
      const seen = new Promise((resolve) => {
        listener = (args) => predicate(...args) && resolve(args);
        listeners.add(listener);
      });
      return within(seen, `${what} (received so far: ${JSON.stringify(received)})`, ms)
        .finally(() => listeners.delete(listener));
    },
  };
}

/** A unique room name for one test. */
export function uniqueRoom(name = "room") {
  return `${name}-${randomBytes(3).toString("hex")}`;
}
