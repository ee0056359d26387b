// A private Redis Cluster for the e2e suites: three masters and three replicas, each a
// `redis-server --cluster-enabled yes` in a temporary directory, joined with
// `redis-cli --cluster create`, stopped (SIGKILL) and removed by stop().
//
//   E2E_REDIS_PORT_BASE  as in redis.mjs (default 29100): the nodes listen on base+50 .. base+55, their
//                        cluster bus on base+1050 .. base+1055 (Redis's default, +10000, would fall in the
//                        ephemeral port range, where outgoing connections may hold it)
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { DEFAULT_TIMEOUT, delay } from "./wait.mjs";

const PORT_BASE = Number(process.env.E2E_REDIS_PORT_BASE ?? 29100);
const FIRST_PORT = PORT_BASE + 50;
const BUS_OFFSET = 1000;

/** Whether redis-server and redis-cli can be run (the cluster suites skip otherwise). */
export function redisClusterToolsInstalled() {
  return ["redis-server", "redis-cli"].every((tool) => {
    const result = spawnSync(tool, ["--version"], { stdio: "ignore" });
    return result.status === 0;
  });
}

async function command(port, ...args) {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    await client.disconnect().catch(() => {});
  }
}

async function until(what, check, ms = DEFAULT_TIMEOUT * 3) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what} after ${ms} ms`);
    await delay(100);
  }
}

/**
 * Starts the cluster and waits until every slot is served and every replica is in sync.
 * @returns {{ports: number[], nodes: string, stop(): Promise<void>}} nodes: "127.0.0.1:p,..." as
 *   spring.data.redis.cluster.nodes takes them
 */
export async function startRedisCluster() {
  const dir = mkdtempSync(join(tmpdir(), "e2e-redis-cluster-"));
  const ports = [0, 1, 2, 3, 4, 5].map((i) => FIRST_PORT + i);
  const children = [];
  const killAll = () => children.forEach((child) => child.exitCode === null && child.kill("SIGKILL"));
  process.on("exit", killAll);
  const cluster = {
    ports,
    nodes: ports.map((port) => `127.0.0.1:${port}`).join(","),
    async stop() {
      process.off("exit", killAll);
      await Promise.all(children.map((child) => new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGKILL");
      })));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const port of ports) {
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      children.push(spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1",
        "--cluster-enabled", "yes", "--cluster-port", String(port + BUS_OFFSET), "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "2000", "--cluster-replica-validity-factor", "0", "--repl-diskless-sync-delay", "0",
        "--save", "", "--appendonly", "no", "--dir", nodeDir], { stdio: "ignore" }));
    }
    for (const port of ports) await until(`redis-server on ${port}`, async () => (await command(port, "PING")) === "PONG");
    const create = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas", "1", "--cluster-yes"], { encoding: "utf8", timeout: 60_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed\n${create.stdout}${create.stderr}`);
    await until("a healthy cluster", async () => {
      for (const port of ports) {
        const info = await command(port, "CLUSTER", "INFO");
        if (!info.includes("cluster_state:ok") || !info.includes("cluster_slots_ok:16384")) return false;
        const replication = await command(port, "INFO", "replication");
        if (!replication.includes("role:master") && !replication.includes("master_link_status:up")) return false;
      }
      return true;
    });
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/**
 * Waits until `count` connections are subscribed (SSUBSCRIBE) to the sharded channel `<key>#<nsp>#`,
 * or with `room` to that room's channel `<key>#<nsp>#<room>#` (dynamic modes: nodes subscribe to a
 * room's channel when one of their sockets joins it, after the join was acknowledged).
 */
export async function waitForShardedSubscribers(cluster, key, count, { nsp = "/", room, ms = DEFAULT_TIMEOUT * 3 } = {}) {
  const channel = room === undefined ? `${key}#${nsp}#` : `${key}#${nsp}#${room}#`;
  let seen = -1;
  await until(`${count} sharded subscriber(s) on ${channel} (last count ${seen})`, async () => {
    let total = 0;
    for (const port of cluster.ports) {
      const role = await command(port, "ROLE");
      if (role[0] !== "master") continue;
      total += Number((await command(port, "PUBSUB", "SHARDNUMSUB", channel))[1]);
    }
    seen = total;
    return total === count;
  }, ms);
}
