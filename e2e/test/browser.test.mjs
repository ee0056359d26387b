// The sample's live page (http://<host>:8080/) in a real browser, Debian's Chromium driven by
// playwright-core: log in through the form, then articles written through the REST API appear,
// change and disappear on the page without a reload, from the article:* Socket.IO events.
//
//   CHROMIUM_PATH          the browser (default /usr/bin/chromium)
//   IO_E2E_SKIP_BROWSER=1  skip this file when that browser is missing, instead of failing
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { startApp } from "../support/app.mjs";
import { createArticle, deleteArticle, login, updateArticle } from "../support/sample-api.mjs";
import { DEFAULT_TIMEOUT } from "../support/wait.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const MISSING = `no Chromium at ${CHROMIUM}: install Debian's chromium and chromium-driver `
  + "(apt-get install chromium chromium-driver) or run bash .ci/run; "
  + "set CHROMIUM_PATH to use another binary, or IO_E2E_SKIP_BROWSER=1 to skip the browser test";

function skipReason() {
  if (process.env.E2E_TARGET === "node") return "the Node reference server has no live page";
  if (!existsSync(CHROMIUM) && process.env.IO_E2E_SKIP_BROWSER === "1") return MISSING;
  return false;
}

describe("the live page in Chromium", { skip: skipReason() }, () => {
  let app;
  let browser;
  let page;
  const pageErrors = []; // uncaught exceptions of the page's script
  const consoleErrors = []; // shown when a wait fails (a 401 answer logs one too)

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    app = await startApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    // every wait for the page is bounded like the suite's other waits; loading it may take longer
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
    page.setDefaultNavigationTimeout(Math.max(DEFAULT_TIMEOUT, 30_000));
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
      if (process.env.E2E_VERBOSE) process.stderr.write(`[browser] ${message.text()}\n`);
    });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Waits for `locator` to reach `state`; on timeout, the error shows what the page shows. */
  async function waitFor(locator, what, state = "visible") {
    try {
      await locator.waitFor({ state });
    } catch (err) {
      const status = await page.locator("#status").textContent().catch(() => "?");
      const articles = await page.locator("#articles").innerHTML().catch(() => "?");
      throw new Error(`${what}: ${err.message}\n--- page ---\n#status: ${status}\n#articles: ${articles}\n`
        + `uncaught: ${pageErrors.join("\n") || "none"}\nconsole errors: ${consoleErrors.join("\n") || "none"}`);
    }
  }

  const status = (text) => page.locator("#status").getByText(text, { exact: true });
  const identity = (text) => page.locator("#identity").getByText(text, { exact: true });
  const article = (id) => page.locator(`#articles li[data-id="${id}"]`);
  const titled = (title) => page.locator("#articles li").filter({ has: page.getByText(title, { exact: true }) });

  it("serves the page, which connects anonymously", async () => {
    await page.goto(app.httpUrl);
    await waitFor(status("connected"), "anonymous socket connected");
    await waitFor(identity("anonymous"), "no one logged in");
  });

  it("a wrong password shows the error and keeps the anonymous socket", async () => {
    await page.fill("#username", "alice");
    await page.fill("#password", "not-her-password");
    await page.click("#login");
    await waitFor(page.locator("#login-error").getByText("Invalid identifier or password"), "login error shown");
    assert.equal(await page.locator("#identity").textContent(), "anonymous");
    assert.equal(await page.locator("#status").textContent(), "connected");
  });

  it("logs in as alice through the form and connects again with her token", async () => {
    await page.fill("#username", "alice");
    await page.fill("#password", "alice-pass");
    await page.click("#login");
    // the page replaces its socket as it shows who logged in: "connected" is the new socket
    await waitFor(identity("alice (authenticated)"), "alice logged in");
    await waitFor(status("connected"), "socket connected with alice's token");
  });

  it("an article created, renamed, then deleted through the REST API appears, changes, then disappears", async () => {
    const { jwt } = await login(app.httpUrl, "alice", "alice-pass");
    const title = `Live article ${process.pid}-${Date.now()}`;

    const created = await createArticle(app.httpUrl, jwt, { title, body: "written through the REST API" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id } = created.body;
    await waitFor(titled(title), `article ${id} "${title}" shown after article:create`);
    assert.equal(await article(id).count(), 1, "one item per article");

    const renamed = `${title} (edited)`;
    const updated = await updateArticle(app.httpUrl, jwt, id, { title: renamed, body: "edited" });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    await waitFor(article(id).filter({ has: page.getByText(renamed, { exact: true }) }),
      `article ${id} shown as "${renamed}" after article:update`);
    assert.equal(await titled(title).count(), 0, "the old title is gone");

    const deleted = await deleteArticle(app.httpUrl, jwt, id);
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    await waitFor(article(id), `article ${id} removed after article:delete`, "detached");
    assert.deepEqual(pageErrors, [], "no uncaught exception in the page");
  });
});
