// Runs nginx unprivileged in front of the sample: a temp config (pid, logs and temp files in a
// temp dir, daemon off, a high port) proxying "/" to the HTTP port and "/socket.io/" to the
// Socket.IO port with the websocket upgrade. The config is the README's "Deploying behind a
// proxy" recipe.
//
//   NGINX_PATH  the binary (default /usr/sbin/nginx; bash .ci/run installs Debian's nginx)
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { delay } from "./wait.mjs";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

export const nginxInstalled = () => existsSync(NGINX);

/**
 * The server block of the recipe.
 * @param {{port: number, httpPort: number, socketPort: number, bind?: string}} options
 *   bind: the local address nginx connects to the app from (the trusted proxy's address)
 */
export function serverConfig({ port, httpPort, socketPort, bind }) {
  return `
  map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
  }
  upstream sample_http { server 127.0.0.1:${httpPort}; }
  upstream sample_socketio { server 127.0.0.1:${socketPort}; }
  server {
    listen 127.0.0.1:${port};
    ${bind ? `proxy_bind ${bind};` : ""}

    location / {
      proxy_pass http://sample_http;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
    location /socket.io/ {
      proxy_pass http://sample_socketio;
      # a location with its own proxy_set_header inherits none from the server block
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      # a websocket or a long poll stays open longer than nginx's default 60 s
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      # a long poll's answer goes out as soon as the server writes it
      proxy_buffering off;
    }
  }`;
}

/** Starts nginx; resolves once it answers on its port. */
export async function startNginx(options) {
  const dir = mkdtempSync(join(tmpdir(), "io-e2e-nginx-"));
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${serverConfig(options)}
}
`);
  const child = spawn(NGINX, ["-c", conf, "-p", dir], { stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(String(chunk)));
  let exitInfo = null;
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(exitInfo = { code, signal })));
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    process.off("exit", killOnExit);
    if (!exitInfo) {
      child.kill("SIGQUIT");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const errorLog = () => {
    try {
      return readFileSync(join(dir, "error.log"), "utf8");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + 30_000;
  let last = "no answer";
  for (;;) {
    if (exitInfo) {
      const log = `${output.join("")}${errorLog()}`;
      await stop();
      throw new Error(`nginx exited (${JSON.stringify(exitInfo)}): ${log}`);
    }
    try {
      const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.ok) break;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.message ?? err.message;
    }
    if (Date.now() > deadline) {
      const log = `${output.join("")}${errorLog()}`;
      await stop();
      throw new Error(`nginx did not answer on ${url} (${last}): ${log}`);
    }
    await delay(100);
  }
  return { url, pid: child.pid, stop };
}
