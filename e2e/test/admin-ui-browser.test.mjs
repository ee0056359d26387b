// The Socket.IO Admin UI in a real browser (Debian's Chromium, playwright-core): the sample in
// profile admin-ui serves the UI's own built files (npm's @socket.io/admin-ui) at /admin-ui/;
// logging in there with the server's URL and admin / admin-pass shows the sample's sockets and
// rooms, as the UI shows them for a Node server instrumented with instrument().
//
//   CHROMIUM_PATH          the browser (default /usr/bin/chromium)
//   IO_E2E_SKIP_BROWSER=1  skip this file when that browser is missing, instead of failing
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { startApp } from "../support/app.mjs";
import { ack, connect } from "../support/client.mjs";
import { DEFAULT_TIMEOUT } from "../support/wait.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const MISSING = `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or run `
  + "bash .ci/run; set CHROMIUM_PATH to use another binary, or IO_E2E_SKIP_BROWSER=1 to skip the browser test";

function skipReason() {
  if (process.env.E2E_TARGET === "node") return "the Node reference server does not serve the UI";
  if (!existsSync(CHROMIUM) && process.env.IO_E2E_SKIP_BROWSER === "1") return MISSING;
  return false;
}

describe("the Socket.IO Admin UI in Chromium", { skip: skipReason() }, () => {
  let app;
  let browser;
  let context;
  let page;
  let user;
  const pageErrors = [];

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    app = await startApp({ profile: "admin-ui" });
    user = await connect(app.url, { name: "websocket", options: { transports: ["websocket"] } });
    assert.deepEqual(await ack(user, "join", "admin-ui-browser-room"), [true]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // the UI's page asks Google Fonts and jsDelivr for fonts and icons: not needed here, and slow
    // or failing without a network
    context = await browser.newContext();
    await context.route(/^https:\/\/(fonts\.googleapis\.com|cdn\.jsdelivr\.net)\//, (route) => route.abort());
    page = await context.newPage();
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
    page.setDefaultNavigationTimeout(Math.max(DEFAULT_TIMEOUT, 30_000));
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  after(async () => {
    user?.close();
    await browser?.close();
    await app?.stop();
  });

  it("logs in with the server URL, admin and admin-pass", async () => {
    await page.goto(`${app.httpUrl}/admin-ui/`);
    await page.getByLabel("Server URL").fill(app.url);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("admin-pass");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText("connected", { exact: true }).first().waitFor();
    assert.deepEqual(pageErrors, []);
  });

  it("shows the namespaces of the server stats", async () => {
    const namespaces = page.locator("code").filter({ hasText: /^\/admin$/ });
    await namespaces.first().waitFor();
  });

  it("shows the sample's sockets", async () => {
    await page.getByRole("link", { name: "Sockets" }).click();
    await page.getByRole("cell", { name: user.id, exact: true }).waitFor();
  });

  it("shows the sample's rooms", async () => {
    await page.getByRole("link", { name: "Rooms" }).click();
    await page.getByRole("cell", { name: "admin-ui-browser-room", exact: true }).waitFor();
  });

  it("refuses a wrong password", async () => {
    // a new context: the first one keeps the session in its local storage
    const fresh = await browser.newContext();
    await fresh.route(/^https:\/\/(fonts\.googleapis\.com|cdn\.jsdelivr\.net)\//, (route) => route.abort());
    const other = await fresh.newPage();
    try {
      await other.goto(`${app.httpUrl}/admin-ui/`, { timeout: Math.max(DEFAULT_TIMEOUT, 30_000) });
      await other.getByLabel("Server URL").fill(app.url);
      await other.getByLabel("Username").fill("admin");
      await other.getByLabel("Password").fill("wrong");
      await other.getByRole("button", { name: "Connect" }).click();
      await other.getByText("Invalid credentials").waitFor({ timeout: DEFAULT_TIMEOUT });
    } finally {
      await fresh.close();
    }
  });
});
