// Starts and stops the server under test.
//
//   E2E_TARGET=node  -> node reference-server.mjs <args>       (the Node socket.io 4.8 reference;
//                       another script with the `reference` option)
//   otherwise        -> java -Xmx512m -jar $SAMPLE_APP_JAR <args>
//   `script` option  -> node <script> <args>, whatever E2E_TARGET says (a Node peer)
//
// Each test file calls startApp() in before() and app.stop() in after().
import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { DEFAULT_TIMEOUT, delay, within } from "./wait.mjs";

// rest: the profile serves the sample's REST API on httpPort (checked at start-up)
const PROFILES = {
  default: { socketPort: 9092, httpPort: 8080, rest: true },
  conformance: { socketPort: 3000, httpPort: 8081, rest: false },
  redis: { socketPort: 9092, httpPort: 8080, rest: true },
  "redis-cluster": { socketPort: 9092, httpPort: 8080, rest: true },
  msgpack: { socketPort: 9092, httpPort: 8080, rest: true },
  recovery: { socketPort: 9092, httpPort: 8080, rest: true },
  "admin-ui": { socketPort: 9092, httpPort: 8080, rest: true },
  "redis-streams": { socketPort: 9092, httpPort: 8080, rest: true },
};
// E2E_PORT_OFFSET=10000 runs the server on 19092/18080 (or 13000/18081), e.g. beside a running app.
const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
const START_TIMEOUT = Number(process.env.E2E_START_TIMEOUT_MS ?? 90_000);
const REFERENCE = fileURLToPath(new URL("../reference-server.mjs", import.meta.url));

function command(args, { script, reference } = {}) {
  if (script) return [process.execPath, [script, ...args]];
  if (process.env.E2E_TARGET === "node") return [process.execPath, [reference ?? REFERENCE, ...args]];
  const jar = process.env.SAMPLE_APP_JAR;
  if (!jar) throw new Error("SAMPLE_APP_JAR is not set (or set E2E_TARGET=node to test the reference server)");
  const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : "java";
  const jvm = (process.env.E2E_JAVA_OPTS ?? "").split(" ").filter(Boolean);
  return [java, ["-Xmx512m", ...jvm, "-jar", jar, ...args]];
}

function portInUse(port) {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

/**
 * @param {{profile?: "default"|"conformance"|"redis"|"msgpack", args?: string[],
 *          ports?: {socketPort: number, httpPort: number}, script?: string, reference?: string}} options
 *   ports: explicit ports (E2E_PORT_OFFSET is not added), always passed as --server.port and
 *          --io.socket.server-options.port; by default the profile's ports plus E2E_PORT_OFFSET.
 *   script: a Node script to run instead of the jar, whatever E2E_TARGET says.
 *   reference: the Node script to run instead of reference-server.mjs when E2E_TARGET=node.
 * @returns the running app: { url, httpUrl, socketPort, httpPort, pid, lines, waitForLog, output, exited, stop }
 *   pid: the server process's id (the java or node child itself, no shell in between).
 */
export async function startApp({ profile = "default", args = [], ports: explicitPorts, script, reference } = {}) {
  if (!PROFILES[profile]) throw new Error(`unknown profile ${profile}`);
  const { rest } = PROFILES[profile];
  const ports = explicitPorts
    ? { socketPort: explicitPorts.socketPort, httpPort: explicitPorts.httpPort }
    : { socketPort: PROFILES[profile].socketPort + PORT_OFFSET, httpPort: PROFILES[profile].httpPort + PORT_OFFSET };
  for (const port of rest ? [ports.socketPort, ports.httpPort] : [ports.socketPort]) {
    if (await portInUse(port)) throw new Error(`port ${port} is already in use: stop whatever listens there first (or set E2E_PORT_OFFSET)`);
  }
  const fullArgs = [
    ...(profile === "default" ? [] : [`--spring.profiles.active=${profile}`]),
    ...(PORT_OFFSET || explicitPorts ? [`--server.port=${ports.httpPort}`, `--io.socket.server-options.port=${ports.socketPort}`] : []),
    ...args,
  ];
  const [cmd, cmdArgs] = command(fullArgs, { script, reference });
  const child = spawn(cmd, cmdArgs, { stdio: ["ignore", "pipe", "pipe"] });
  const logName = explicitPorts ? `app:${ports.socketPort}` : "app";
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);

  const lines = [];
  const lineListeners = new Set();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (process.env.E2E_VERBOSE) process.stderr.write(`[${logName}] ${line}\n`);
      for (const listener of lineListeners) listener(line);
    });
  }
  let exitInfo = null;
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => {
    exitInfo = { code, signal };
    resolve(exitInfo);
  }));
  child.once("error", (err) => lines.push(`[spawn error] ${err.message}`));

  const output = (last = 200) => lines.slice(-last).join("\n");
  const url = `http://127.0.0.1:${ports.socketPort}`;
  const httpUrl = `http://127.0.0.1:${ports.httpPort}`;

  const app = {
    url,
    httpUrl,
    ...ports,
    pid: child.pid,
    lines,
    output,
    /** Resolves with the process's { code, signal } once it has exited, however it was stopped. */
    exited,
    /** Waits for a stdout/stderr line containing `text` (string) or matching it (RegExp); past lines count. */
    waitForLog(text, ms = DEFAULT_TIMEOUT) {
      const matches = (line) => (text instanceof RegExp ? text.test(line) : line.includes(text));
      const found = lines.find(matches);
      if (found !== undefined) return Promise.resolve(found);
      let listener;
      const seen = new Promise((resolve) => {
        listener = (line) => matches(line) && resolve(line);
        lineListeners.add(listener);
      });
      return within(seen, `log line ${text}\n--- app output ---\n${output(30)}`, ms)
        .finally(() => lineListeners.delete(listener));
    },
    /** Kills the process with SIGKILL, as a crash would: no shutdown hook runs. */
    async kill() {
      process.off("exit", killOnExit);
      if (exitInfo) return;
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      process.off("exit", killOnExit);
      if (exitInfo) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };

  const ready = async (checkUrl) => {
    const deadline = Date.now() + START_TIMEOUT;
    for (;;) {
      if (exitInfo) {
        throw new Error(`server exited (${JSON.stringify(exitInfo)}) before ${checkUrl} answered\n--- output ---\n${output()}`);
      }
      try {
        const res = await fetch(checkUrl, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok || !checkUrl.includes("/socket.io/")) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await app.stop();
        throw new Error(`server not ready after ${START_TIMEOUT} ms: ${checkUrl}\n--- output ---\n${output()}`);
      }
      await delay(200);
    }
  };
  await ready(`${url}/socket.io/?EIO=4&transport=polling`);
  // any HTTP answer will do (a Node peer has no /api/users)
  if (rest) await ready(`${httpUrl}/api/users/1`);
  return app;
}
