// Two sample-app nodes (profile `redis`) behind one Redis: what a client does on one node reaches the
// clients of the other. Every behaviour runs over websocket and over polling (all clients of a test
// use the same transport). With E2E_TARGET=node both nodes are Node peers (redis/node-peer.mjs).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import { createArticle, createNote, login } from "../support/sample-api.mjs";
import {
  postJson, recorder, redisAvailable, REDIS_URL, startCluster, startJavaNode, uniqueKey, uniqueRoom,
} from "../support/redis.mjs";

const available = await redisAvailable();
const TRANSPORTS_UNDER_TEST = TRANSPORTS.filter((t) => t.name === "websocket" || t.name === "polling");

describe("two nodes on the Redis adapter", { skip: !available && `no Redis at ${REDIS_URL}` }, () => {
  const key = uniqueKey("e2e-cluster");
  let java1;
  let java2;

  before(async () => {
    [java1, java2] = await startCluster(key, [
      () => startJavaNode({ index: 1, key }),
      () => startJavaNode({ index: 2, key }),
    ]);
  });
  after(() => Promise.all([java1?.stop(), java2?.stop()]));
  closeClientsAfterEach();

  const said = (room) => (payload) => payload?.room === room;

  it("a committed write on one node reaches the clients of the other that may read it, once",
    { skip: process.env.E2E_TARGET === "node" && "Node peers have no content types" }, async () => {
      // both nodes share the sample's JWT secret, so node 2 accepts node 1's token
      const { jwt } = await login(java1.httpUrl, "bob", "bob-pass");
      const [anonymous, editor] = await Promise.all([
        connect(java2.url, TRANSPORTS[0]), connect(java2.url, TRANSPORTS[0], { auth: { token: jwt } }),
      ]);
      const [anonymousArticles, anonymousNotes, editorArticles, editorNotes] = [
        recorder(anonymous, "article:create"), recorder(anonymous, "note:create"),
        recorder(editor, "article:create"), recorder(editor, "note:create"),
      ];
      // the sample's join refuses the starter's rooms: they decide who may read what
      assert.deepEqual(await ack(anonymous, "join", "io-role-editor"), [{ error: "Room names starting with 'io-' are reserved" }]);
      const text = uniqueRoom("cross-node note");
      assert.equal((await createNote(java1.httpUrl, jwt, { text, internal: "i", apiKey: "k" })).status, 201);
      const title = uniqueRoom("cross-node article");
      assert.equal((await createArticle(java1.httpUrl, jwt, { title, body: "" })).status, 201);
      const isArticle = (payload) => payload?.data?.title === title;
      await anonymousArticles.until(isArticle, "the article on the other node");
      await editorArticles.until(isArticle, "the article on the other node");
      assert.deepEqual(editorNotes.received.map(([payload]) => Object.keys(payload.data).sort()), [["id", "text"]],
        "the editor got the note once, sanitized");
      assert.equal(editorNotes.received[0][0].data.text, text);
      assert.deepEqual(anonymousNotes.received, [], "notes are for editors only");
      assert.equal(editorArticles.received.filter(([p]) => isArticle(p)).length, 1, "bob is in several permitted rooms: once");
    });

  for (const transport of TRANSPORTS_UNDER_TEST) {
    describe(`over ${transport.name}`, () => {
      const open = (node, name) => connect(node.url, transport, { auth: { name } });

      it("say in a room reaches its members on the other node, and only them", async () => {
        const room = uniqueRoom();
        const marker = uniqueRoom("marker");
        const [sender, member, outsider, localOutsider] = await Promise.all([
          open(java1, "sender"), open(java2, "member"), open(java2, "outsider"), open(java1, "local-outsider"),
        ]);
        await Promise.all([
          ack(sender, "join", room), ack(member, "join", room),
          ack(outsider, "join", marker), ack(localOutsider, "join", marker),
        ]);
        const [senderSaid, memberSaid, outsiderSaid, localOutsiderSaid] =
          [sender, member, outsider, localOutsider].map((s) => recorder(s, "said"));

        assert.deepEqual(await ack(sender, "say", room, "hello"), [true]);
        const expected = [{ room, msg: "hello", node: "java-1" }];
        assert.deepEqual(await memberSaid.until(said(room), "said on the other node"), expected);
        assert.deepEqual(await senderSaid.until(said(room), "said on the sender's node"), expected);

        // the marker takes the same path later: once it is there, the first message is not coming
        assert.deepEqual(await ack(sender, "say", marker, "marker"), [true]);
        await outsiderSaid.until(said(marker), "marker on the other node");
        await localOutsiderSaid.until(said(marker), "marker on the sender's node");
        assert.deepEqual(outsiderSaid.received, [[{ room: marker, msg: "marker", node: "java-1" }]]);
        assert.deepEqual(localOutsiderSaid.received, [[{ room: marker, msg: "marker", node: "java-1" }]]);
        assert.equal(memberSaid.received.length, 1, "each member receives the message once");
      });

      it("say works both ways", async () => {
        const room = uniqueRoom();
        const [a, b] = await Promise.all([open(java1, "a"), open(java2, "b")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room)]);
        const [aSaid, bSaid] = [a, b].map((s) => recorder(s, "said"));
        await ack(b, "say", room, { from: "b", list: [1, 2.5, null, "✓"] });
        assert.deepEqual(await aSaid.until(said(room)), [{ room, msg: { from: "b", list: [1, 2.5, null, "✓"] }, node: "java-2" }]);
        await ack(a, "say", room, "from a");
        assert.deepEqual(await bSaid.until((p) => p.msg === "from a"), [{ room, msg: "from a", node: "java-1" }]);
      });

      it("after leave, a socket on the other node no longer receives the room", async () => {
        const room = uniqueRoom();
        const marker = uniqueRoom("marker");
        const [sender, member] = await Promise.all([open(java1, "sender"), open(java2, "member")]);
        await Promise.all([ack(member, "join", room), ack(member, "join", marker)]);
        assert.deepEqual(await ack(member, "leave", room), [true]);
        const memberSaid = recorder(member, "said");
        await ack(sender, "say", room, "gone");
        await ack(sender, "say", marker, "marker");
        await memberSaid.until(said(marker), "marker");
        assert.deepEqual(memberSaid.received, [[{ room: marker, msg: "marker", node: "java-1" }]]);
      });

      it("binary in say arrives as binary on the other node", async () => {
        const room = uniqueRoom();
        const [sender, member] = await Promise.all([open(java1, "sender"), open(java2, "member")]);
        await Promise.all([ack(sender, "join", room), ack(member, "join", room)]);
        const [senderSaid, memberSaid] = [sender, member].map((s) => recorder(s, "said"));
        const bytes = Buffer.from([0, 1, 2, 127, 128, 255]);
        assert.deepEqual(await ack(sender, "say", room, bytes), [true]);
        for (const [name, rec] of [["other node", memberSaid], ["sender's node", senderSaid]]) {
          const [payload] = await rec.until(said(room), `binary said on the ${name}`);
          assert.equal(payload.node, "java-1");
          assert.ok(Buffer.isBuffer(payload.msg), `msg is a Buffer on the ${name}, got ${JSON.stringify(payload.msg)}`);
          assert.deepEqual([...payload.msg], [...bytes]);
        }
      });

      it("POST /api/broadcast on one node reaches the room's members on both nodes, and only them", async () => {
        const room = uniqueRoom();
        const marker = uniqueRoom("marker");
        const [a, b, outsider] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "outsider")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room), ack(outsider, "join", marker)]);
        const [aNews, bNews, outsiderNews] = [a, b, outsider].map((s) => recorder(s, "news"));
        const data = { title: "cluster", n: 42, nested: { list: [true, null, "é"] } };
        assert.deepEqual(await postJson(`${java2.httpUrl}/api/broadcast`, { room, event: "news", data }), { sent: true });
        assert.deepEqual(await aNews.until(), [data]);
        assert.deepEqual(await bNews.until(), [data]);
        await postJson(`${java2.httpUrl}/api/broadcast`, { room: marker, event: "news", data: "marker" });
        await outsiderNews.until((d) => d === "marker", "marker");
        assert.deepEqual(outsiderNews.received, [["marker"]]);
      });

      it("POST /api/broadcast to a socket id reaches that socket on the other node, and only it", async () => {
        const [target, other, local] = await Promise.all([open(java2, "target"), open(java2, "other"), open(java1, "local")]);
        const [targetDirect, otherDirect, localDirect] = [target, other, local].map((s) => recorder(s, "direct"));
        await postJson(`${java1.httpUrl}/api/broadcast`, { room: target.id, event: "direct", data: { to: target.id } });
        assert.deepEqual(await targetDirect.until(), [{ to: target.id }]);
        // markers through the same path
        await postJson(`${java1.httpUrl}/api/broadcast`, { room: other.id, event: "direct", data: "marker" });
        await postJson(`${java1.httpUrl}/api/broadcast`, { room: local.id, event: "direct", data: "marker" });
        await otherDirect.until((d) => d === "marker", "marker on the other node");
        await localDirect.until((d) => d === "marker", "marker on the sender's node");
        assert.deepEqual(otherDirect.received, [["marker"]]);
        assert.deepEqual(localDirect.received, [["marker"]]);
        assert.equal(targetDirect.received.length, 1);
      });
    });
  }
});
