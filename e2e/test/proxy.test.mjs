// One origin behind nginx: the page, the REST API and Socket.IO share the proxy's origin, with
// no CORS configured for it. socket.io-client connects through nginx over websocket, polling and
// polling then upgrade; acks, REST and the live page in Chromium work through the same origin;
// the server sees the client's address from X-Forwarded-For (io.limits.trusted-proxies).
//
// nginx connects to the app from 127.0.0.2 (proxy_bind), the only trusted proxy: the client, on
// 127.0.0.1, is told apart from the proxy, and what a client writes in X-Forwarded-For itself is
// not believed.
//
//   NGINX_PATH      nginx (default /usr/sbin/nginx); the file is skipped when it is missing
//   CHROMIUM_PATH   the browser (default /usr/bin/chromium), as in browser.test.mjs
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import { NGINX, nginxInstalled, startNginx } from "../support/nginx.mjs";
import { createArticle, deleteArticle, login } from "../support/sample-api.mjs";
import { DEFAULT_TIMEOUT } from "../support/wait.mjs";

const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
const PROXY_PORT = 8070 + PORT_OFFSET;
const PROXY_ADDRESS = "127.0.0.2";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function skipReason() {
  if (process.env.E2E_TARGET === "node") return "the Node reference server has no page or REST API to put behind the proxy";
  if (!nginxInstalled()) {
    return `no nginx at ${NGINX}: install Debian's nginx (apt-get install nginx, as bash .ci/run does) or set NGINX_PATH`;
  }
  return false;
}

describe("behind nginx, one origin", { skip: skipReason() }, () => {
  let app;
  let proxy;
  before(async () => {
    app = await startApp({
      args: [`--io.limits.trusted-proxies=${PROXY_ADDRESS}`, "--sample.socket-url=/"],
    });
    proxy = await startNginx({ port: PROXY_PORT, httpPort: app.httpPort, socketPort: app.socketPort, bind: PROXY_ADDRESS });
  });
  after(async () => {
    await proxy?.stop();
    await app?.stop();
  });
  closeClientsAfterEach();

  for (const transport of TRANSPORTS) {
    describe(`socket.io-client over ${transport.name}`, () => {
      it("connects through the proxy and gets acks", async () => {
        const socket = await connect(proxy.url, transport);
        assert.deepEqual(await ack(socket, "echo", "through nginx", { n: 1 }), ["through nginx", { n: 1 }]);
        assert.equal(socket.io.engine.transport.name, transport.name === "polling" ? "polling" : "websocket");
      });

      it("the server sees the client's address from X-Forwarded-For, not the proxy's nor one the client made up", async () => {
        const socket = await connect(proxy.url, transport, { extraHeaders: { "X-Forwarded-For": "192.0.2.66" } });
        const [me] = await ack(socket, "whoami");
        // the connection comes from nginx (127.0.0.2); nginx appended the client's 127.0.0.1
        assert.equal(me.address, "127.0.0.1");
      });
    });
  }

  it("REST answers on the same origin, and the page is served there", async () => {
    const config = await (await fetch(`${proxy.url}/api/client-config`)).json();
    assert.equal(config.url, "/");
    const page = await fetch(proxy.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const { jwt } = await login(proxy.url, "alice", "alice-pass");
    assert.ok(jwt);
  });

  describe("the live page in Chromium, loaded from the proxy's origin", { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
    let browser;
    let page;
    const sockets = [];
    const socketRequests = [];
    const errors = [];
    before(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage();
      page.setDefaultTimeout(DEFAULT_TIMEOUT);
      page.setDefaultNavigationTimeout(Math.max(DEFAULT_TIMEOUT, 30_000));
      page.on("websocket", (ws) => sockets.push(ws.url()));
      page.on("request", (request) => request.url().includes("/socket.io/") && socketRequests.push(request.url()));
      page.on("pageerror", (err) => errors.push(err.message));
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    });
    after(() => browser?.close());

    async function waitFor(locator, what) {
      try {
        await locator.waitFor({ state: "visible" });
      } catch (err) {
        const status = await page.locator("#status").textContent().catch(() => "?");
        throw new Error(`${what}: ${err.message}\n#status: ${status}\nerrors: ${errors.join("\n") || "none"}`);
      }
    }

    it("connects to Socket.IO on the page's own origin and shows articles written through it", async () => {
      await page.goto(proxy.url);
      await waitFor(page.locator("#status").getByText("connected", { exact: true }), "socket connected");
      assert.ok(socketRequests.length > 0, "the page reached /socket.io/");
      for (const url of [...socketRequests, ...sockets]) {
        assert.equal(new URL(url).host, `127.0.0.1:${PROXY_PORT}`, `${url} is on the page's origin`);
      }
      assert.ok(sockets.some((url) => url.startsWith(`ws://127.0.0.1:${PROXY_PORT}/socket.io/`)),
        `the page upgraded to a websocket through the proxy (websockets: ${sockets.join(", ") || "none"})`);

      const { jwt } = await login(proxy.url, "alice", "alice-pass");
      const title = `Behind the proxy ${process.pid}-${Date.now()}`;
      const created = await createArticle(proxy.url, jwt, { title, body: "through nginx" });
      assert.equal(created.status, 201);
      const item = page.locator("#articles li").filter({ has: page.getByText(title, { exact: true }) });
      await waitFor(item, "the article:create event reached the page through the proxy");
      assert.equal((await deleteArticle(proxy.url, jwt, created.body.id)).status, 204);
      await item.waitFor({ state: "detached" });
    });
  });
});
