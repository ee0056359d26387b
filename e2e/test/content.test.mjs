// Real-time content events of the sample app (io.content-types, io.security): who receives what,
// sanitized, only after commit, once per socket; authentication at CONNECT; entity subscriptions.
//
// "Receives nothing" is checked without sleeping: every socket receives the events of one node in
// the order they were sent, so once it has the event of a later write (a barrier), an earlier event
// it should not have had would have arrived before it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, client, closeClientsAfterEach, connect, connected } from "../support/client.mjs";
import { TEST_JWT_SECRET, signJwt } from "../support/jwt.mjs";
import { RawWs, closeRawAfterEach } from "../support/raw.mjs";
import { createArticle, createNote, deleteArticle, deleteNote, login, updateArticle, updateNote } from "../support/sample-api.mjs";
import { within } from "../support/wait.mjs";

const CONTENT_EVENTS = ["article:create", "article:update", "article:delete", "note:create", "note:update", "note:delete"];
const DASHBOARD = { strategy: "api-token", token: "sample-dashboard-token" };

const SKIP = process.env.E2E_TARGET === "node" && "the Node reference server has no content types nor REST API";

describe("content events and authentication (sample app)", { skip: SKIP }, () => {
  let app;
  let alice;
  let bob;
  before(async () => {
    app = await startApp({ args: [`--sample.jwt.secret=${TEST_JWT_SECRET}`] });
    [alice, bob] = await Promise.all([login(app.httpUrl, "alice", "alice-pass"), login(app.httpUrl, "bob", "bob-pass")]);
  });
  after(() => app?.stop());
  closeClientsAfterEach();
  closeRawAfterEach();

  /** Records every content event a socket receives, and lets a test wait for one. */
  function recorder(socket) {
    const events = [];
    const waiters = [];
    for (const name of CONTENT_EVENTS) {
      socket.on(name, (...args) => {
        events.push({ name, args });
        for (const waiter of [...waiters]) {
          if (waiter.matches(name, args)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      });
    }
    return {
      events,
      of: (name, id) => events.filter((e) => e.name === name && (id === undefined || e.args[0]?.data?.id === id)),
      /** Waits until the socket has received `name` for entity `id`. */
      until(name, id) {
        if (this.of(name, id).length) return Promise.resolve();
        return within(new Promise((resolve) => waiters.push({ matches: (n, a) => n === name && a[0]?.data?.id === id, resolve })),
          `${name} of id ${id} on ${socket.id}`);
      },
    };
  }

  async function listener(transport, auth) {
    const socket = client(app.url, transport, auth ? { auth } : {});
    const events = recorder(socket);
    await connected(socket, transport);
    return { socket, events };
  }

  async function connectError(transport, auth) {
    const socket = client(app.url, transport, auth === undefined ? {} : { auth });
    return within(new Promise((resolve, reject) => {
      socket.once("connect_error", resolve);
      socket.once("connect", () => reject(new Error("connected, expected connect_error")));
    }), "connect_error");
  }

  for (const transport of TRANSPORTS.slice(0, 2)) {
    describe(`content events over ${transport.name}`, () => {
      it("each role receives exactly the types it may read, once, sanitized", async () => {
        const anonymous = await listener(transport);
        const user = await listener(transport, { strategy: "jwt", token: alice.jwt });
        const editor = await listener(transport, { token: bob.jwt });
        const dashboard = await listener(transport, DASHBOARD);
        const everyone = [anonymous, user, editor, dashboard];

        const note = await createNote(app.httpUrl, bob.jwt, { text: "for editors", internal: "staff only", apiKey: "k-123" });
        assert.equal(note.status, 201);
        const article = await createArticle(app.httpUrl, alice.jwt, { title: `A ${transport.name}`, body: "public" });
        assert.equal(article.status, 201);
        await Promise.all(everyone.map((l) => l.events.until("article:create", article.body.id)));

        for (const l of everyone) {
          assert.deepEqual(l.events.of("article:create", article.body.id).map((e) => e.args),
            [[{ data: { id: article.body.id, title: `A ${transport.name}`, body: "public" } }]]);
        }
        assert.deepEqual(editor.events.of("note:create", note.body.id).map((e) => e.args),
          [[{ data: { id: note.body.id, text: "for editors" } }]], "internal (excluded) and apiKey (sensitive) are left out");
        for (const l of [anonymous, user, dashboard]) assert.deepEqual(l.events.of("note:create"), [], "not an editor");
      });

      it("updates and deletes carry the entity, the deleted one as it was", async () => {
        const user = await listener(transport, { token: alice.jwt });
        const { body: created } = await createArticle(app.httpUrl, alice.jwt, { title: "before", body: "b" });
        assert.equal((await updateArticle(app.httpUrl, alice.jwt, created.id, { title: "after", body: "b2" })).status, 200);
        assert.equal((await deleteArticle(app.httpUrl, alice.jwt, created.id)).status, 204);
        await user.events.until("article:delete", created.id);
        assert.deepEqual(user.events.events.filter((e) => e.args[0].data.id === created.id).map((e) => [e.name, e.args[0].data.title]),
          [["article:create", "before"], ["article:update", "after"], ["article:delete", "after"]]);
        assert.deepEqual(user.events.of("article:delete", created.id)[0].args[0], { data: { id: created.id, title: "after", body: "b2" } });
      });

      it("a rolled-back write sends nothing", async () => {
        const editor = await listener(transport, { token: bob.jwt });
        const failed = await createArticle(app.httpUrl, bob.jwt, { title: "rolled back", body: "x" }, { fail: true });
        assert.equal(failed.status, 500);
        const failedNote = await createNote(app.httpUrl, bob.jwt, { text: "rolled back", internal: "", apiKey: "" }, { fail: true });
        assert.equal(failedNote.status, 500);
        const { body: kept } = await createArticle(app.httpUrl, bob.jwt, { title: "kept", body: "x" });
        const failedUpdate = await updateArticle(app.httpUrl, bob.jwt, kept.id, { title: "rolled back update", body: "x" }, { fail: true });
        assert.equal(failedUpdate.status, 500);
        const failedDelete = await deleteArticle(app.httpUrl, bob.jwt, kept.id, { fail: true });
        assert.equal(failedDelete.status, 500);
        const { body: barrier } = await createArticle(app.httpUrl, bob.jwt, { title: "barrier", body: "x" });
        await editor.events.until("article:create", barrier.id);
        assert.deepEqual(editor.events.events.map((e) => [e.name, e.args[0].data.title]),
          [["article:create", "kept"], ["article:create", "barrier"]]);
      });
    });
  }

  describe("authentication at CONNECT", () => {
    for (const transport of TRANSPORTS) {
      it(`refuses bad credentials with connect_error over ${transport.name}`, async () => {
        assert.equal((await connectError(transport, { strategy: "jwt", token: "not-a-jwt" })).message, "Invalid credentials");
        assert.equal((await connectError(transport, { token: signJwt({ sub: "alice", roles: ["authenticated"] }, "another-secret-of-sufficient-length-000") })).message,
          "Invalid credentials");
        assert.equal((await connectError(transport, { token: signJwt({ sub: "alice", roles: ["authenticated"], expiresIn: -3600 }) })).message,
          "Token expired");
        assert.equal((await connectError(transport, { strategy: "api-token", token: "wrong-token" })).message, "Invalid credentials");
        assert.equal((await connectError(transport, { strategy: "jwt" })).message, "Invalid credentials");
      });
    }

    it("a valid token signed with the app's secret lands in its role rooms", async () => {
      const editor = await listener(TRANSPORTS[0], { token: signJwt({ sub: "eve", roles: ["Editor"] }) });
      const { body: note } = await createNote(app.httpUrl, bob.jwt, { text: "role names are case-insensitive", internal: "", apiKey: "" });
      await editor.events.until("note:create", note.id);
      assert.equal(editor.events.of("note:create", note.id).length, 1);
    });

    it("a refused socket is delivered nothing, and the same connection can then connect", async () => {
      const [raw] = await RawWs.open(app.url);
      raw.send(`40${JSON.stringify({ token: "forged" })}`);
      assert.equal(await raw.next("connect_error"), '44{"message":"Invalid credentials"}');
      const { body: missed } = await createArticle(app.httpUrl, alice.jwt, { title: "while refused", body: "" });
      raw.send("40");
      assert.match(await raw.next("CONNECT"), /^40\{"sid":"[^"]+"\}$/);
      const { body: seen } = await createArticle(app.httpUrl, alice.jwt, { title: "after connecting", body: "" });
      const event = await raw.next("the next article");
      assert.equal(event, `42["article:create",${JSON.stringify({ data: seen })}]`);
      assert.ok(!raw.received.some((f) => typeof f === "string" && f.includes(`"id":${missed.id},`)), "the refused socket got nothing");
    });
  });

  describe("entity subscriptions", () => {
    it("a subscribed socket that may read the whole type receives each event once; unsubscribe is acknowledged", async () => {
      const user = await listener(TRANSPORTS[0], { token: alice.jwt });
      const { body: article } = await createArticle(app.httpUrl, alice.jwt, { title: "followed", body: "" });
      assert.deepEqual(await ack(user.socket, "subscribe-entity", { type: "article", id: article.id }), [{ ok: true }]);
      await updateArticle(app.httpUrl, alice.jwt, article.id, { title: "followed 2", body: "" });
      assert.deepEqual(await ack(user.socket, "unsubscribe-entity", { type: "article", id: article.id }), [{ ok: true }]);
      await deleteArticle(app.httpUrl, alice.jwt, article.id);
      await user.events.until("article:delete", article.id);
      assert.deepEqual(user.events.events.filter((e) => e.args[0].data.id === article.id).map((e) => e.name),
        ["article:create", "article:update", "article:delete"], "each event once, although alice may read every article");
    });

    it("an editor subscribed to a note receives it once", async () => {
      const editor = await listener(TRANSPORTS[0], { token: bob.jwt });
      const { body: note } = await createNote(app.httpUrl, bob.jwt, { text: "n", internal: "i", apiKey: "k" });
      assert.deepEqual(await ack(editor.socket, "subscribe-entity", { type: "note", id: note.id }), [{ ok: true }]);
      await updateNote(app.httpUrl, bob.jwt, note.id, { text: "n2", internal: "i", apiKey: "k" });
      await deleteNote(app.httpUrl, bob.jwt, note.id);
      await editor.events.until("note:delete", note.id);
      assert.deepEqual(editor.events.events.filter((e) => e.args[0].data.id === note.id).map((e) => [e.name, e.args[0].data]),
        [["note:create", { id: note.id, text: "n" }], ["note:update", { id: note.id, text: "n2" }], ["note:delete", { id: note.id, text: "n2" }]]);
    });

    it("a type the socket may not read is refused with Forbidden, and sends it nothing", async () => {
      const anonymous = await listener(TRANSPORTS[0]);
      const user = await listener(TRANSPORTS[0], { token: alice.jwt });
      const dashboard = await listener(TRANSPORTS[0], DASHBOARD);
      const { body: note } = await createNote(app.httpUrl, bob.jwt, { text: "secret", internal: "", apiKey: "" });
      for (const l of [anonymous, user, dashboard]) {
        assert.deepEqual(await ack(l.socket, "subscribe-entity", { type: "note", id: note.id }), [{ error: "Forbidden" }]);
      }
      assert.deepEqual(await ack(user.socket, "subscribe-entity", { type: "nope", id: 1 }), [{ error: "Unknown content type 'nope'" }]);
      assert.match((await ack(user.socket, "subscribe-entity", "article"))[0].error, /^Expected \{"type"/);
      await updateNote(app.httpUrl, bob.jwt, note.id, { text: "secret 2", internal: "", apiKey: "" });
      const { body: barrier } = await createArticle(app.httpUrl, alice.jwt, { title: "barrier", body: "" });
      await Promise.all([anonymous, user, dashboard].map((l) => l.events.until("article:create", barrier.id)));
      for (const l of [anonymous, user, dashboard]) assert.deepEqual(l.events.of("note:update"), []);
    });
  });

  describe("require-authentication", () => {
    let strict;
    before(async () => {
      strict = await startApp({
        ports: { socketPort: app.socketPort + 100, httpPort: app.httpPort + 100 },
        args: [`--sample.jwt.secret=${TEST_JWT_SECRET}`, "--io.security.require-authentication=true"],
      });
    });
    after(() => strict?.stop());

    it("refuses clients without credentials and admits authenticated ones", async () => {
      const anonymous = client(strict.url, TRANSPORTS[0]);
      const error = await within(new Promise((resolve) => anonymous.once("connect_error", resolve)), "connect_error");
      assert.equal(error.message, "Authentication required");
      await connect(strict.url, TRANSPORTS[0], { auth: { token: signJwt({ sub: "alice", roles: ["authenticated"] }) } });
      await connect(strict.url, TRANSPORTS[0], { auth: DASHBOARD });
    });
  });
});
