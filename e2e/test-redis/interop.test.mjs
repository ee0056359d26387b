// Two sample-app nodes (profile `redis`) in one cluster with a Node socket.io server on
// @socket.io/redis-adapter 8.3.0 (redis/node-peer.mjs) and @socket.io/redis-emitter 5.1.0
// (redis/emit.mjs): the Java adapter must speak their wire format. Client-facing behaviours run over
// websocket and over polling. With E2E_TARGET=node the two "Java" nodes are Node peers as well.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import {
  nodePorts, postJson, recorder, redisAvailable, REDIS_URL, runEmitter, startCluster, startJavaNode,
  startNodePeer, uniqueKey, uniqueRoom,
} from "../support/redis.mjs";
import { DEFAULT_TIMEOUT, nextEvent } from "../support/wait.mjs";

const available = await redisAvailable();
const TRANSPORTS_UNDER_TEST = TRANSPORTS.filter((t) => t.name === "websocket" || t.name === "polling");
// the peer's requestsTimeout (fetchSockets, serverSideEmitWithAck) is 3 s; its answer must come before this
const PEER_REQUEST_BOUND = DEFAULT_TIMEOUT + 2000;

describe("Java nodes with a Node redis-adapter peer and the redis-emitter", { skip: !available && `no Redis at ${REDIS_URL}` }, () => {
  const key = uniqueKey("e2e-interop");
  let java1;
  let java2;
  let peer;

  before(async () => {
    const peerPorts = nodePorts(3);
    [java1, java2, peer] = await startCluster(key, [
      () => startJavaNode({ index: 1, key }),
      () => startJavaNode({ index: 2, key }),
      () => startNodePeer({ port: peerPorts.socketPort, httpPort: peerPorts.httpPort, key, node: "node-peer" }),
    ]);
  });
  after(() => Promise.all([java1?.stop(), java2?.stop(), peer?.stop()]));
  closeClientsAfterEach();

  const peerPost = (path, body, ms) => postJson(`${peer.httpUrl}${path}`, body, ms);
  const said = (room) => (payload) => payload?.room === room;
  const sortBy = (list, field) => [...list].sort((x, y) => String(x[field]).localeCompare(String(y[field])));

  it("serverSideEmitWithAck from the Node peer gets one answer per Java node within its timeout", async () => {
    const arg = { n: 1, text: "hi ✓" };
    const answers = await peerPost("/server-side-emit-ack", { event: "hello-servers", args: [arg] }, PEER_REQUEST_BOUND);
    assert.ok(Array.isArray(answers), `answers, got ${JSON.stringify(answers)}`);
    assert.deepEqual(sortBy(answers, "node"), [{ node: "java-1", arg }, { node: "java-2", arg }]);
  });

  describe("broadcasts with acknowledgements (BROADCAST, BROADCAST_CLIENT_COUNT, BROADCAST_ACK)", () => {
    const ws = TRANSPORTS_UNDER_TEST.find((t) => t.name === "websocket");
    const voter = async (node, name, room) => {
      const socket = await connect(node.url, ws);
      socket.on("vote?", (callback) => callback({ name }));
      assert.deepEqual(await ack(socket, "join", room), [true]);
      return socket;
    };
    const silentMember = async (node, room) => {
      const socket = await connect(node.url, ws);
      const asked = [];
      socket.on("vote?", () => asked.push(true));
      await ack(socket, "join", room);
      return asked;
    };

    for (const [origin, callerNode] of [["a Java node", () => java1], ["the Node peer", () => peer]]) {
      it(`poll-room on ${origin} collects one answer per member on every node`, async () => {
        const room = uniqueRoom("poll");
        await Promise.all([voter(java1, "j1", room), voter(java2, "j2", room), voter(peer, "p", room)]);
        const caller = await connect(callerNode().url, ws);
        // every member answers: the answers come before the 4 s timeout and the test's 5 s wait
        const [answers] = await ack(caller, "poll-room", room, 4000);
        assert.deepEqual(sortBy(answers, "name"), [{ name: "j1" }, { name: "j2" }, { name: "p" }]);
      });

      it(`poll-room on ${origin} keeps what arrived when a member on another node stays silent`, async () => {
        const room = uniqueRoom("poll-silent");
        await Promise.all([voter(java2, "j2", room), voter(peer, "p", room)]);
        const asked = await silentMember(java2, room);
        const caller = await connect(callerNode().url, ws);
        const [answers] = await ack(caller, "poll-room", room, 1500);
        assert.deepEqual(sortBy(answers, "name"), [{ name: "j2" }, { name: "p" }]);
        assert.equal(asked.length, 1, "the silent member was asked once");
      });
    }
  });

  for (const transport of TRANSPORTS_UNDER_TEST) {
    describe(`over ${transport.name}`, () => {
      const open = (node, name) => connect(node.url, transport, { auth: { name } });

      it("the emitter's emit to a room reaches its members on both Java nodes, and only them", async () => {
        const room = uniqueRoom();
        const marker = uniqueRoom("marker");
        const [a, b, c, d] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java1, "c"), open(java2, "d")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room), ack(c, "join", marker), ack(d, "join", marker)]);
        const [aGot, bGot, cGot, dGot] = [a, b, c, d].map((s) => recorder(s, "emitted"));
        const data = { from: "emitter", list: [1, -1, 1.5, null, "é"] };
        await runEmitter({ key, room, event: "emitted", data });
        assert.deepEqual(await aGot.until(), [data]);
        assert.deepEqual(await bGot.until(), [data]);
        await runEmitter({ key, room: marker, event: "emitted", data: "marker" });
        await cGot.until((x) => x === "marker", "marker on java-1");
        await dGot.until((x) => x === "marker", "marker on java-2");
        assert.deepEqual(cGot.received, [["marker"]]);
        assert.deepEqual(dGot.received, [["marker"]]);
      });

      it("the emitter's binary arrives as binary on the Java nodes", async () => {
        const room = uniqueRoom();
        const [a, b] = await Promise.all([open(java1, "a"), open(java2, "b")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room)]);
        const got = [a, b].map((s) => recorder(s, "emitted-binary"));
        const bytes = Buffer.from([0, 1, 2, 200, 255]);
        await runEmitter({ key, room, event: "emitted-binary", data: { kind: "bytes" }, binary: bytes });
        for (const rec of got) {
          const [data, bin] = await rec.until();
          assert.deepEqual(data, { kind: "bytes" });
          assert.ok(Buffer.isBuffer(bin), `a Buffer, got ${JSON.stringify(bin)}`);
          assert.deepEqual([...bin], [...bytes]);
        }
      });

      it("the emitter's emit to a room except another skips the members of the excluded room", async () => {
        const room = uniqueRoom();
        const excluded = uniqueRoom("excluded");
        const [a, b, c] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "c")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room), ack(b, "join", excluded), ack(c, "join", room)]);
        const [aGot, bGot, cGot] = [a, b, c].map((s) => recorder(s, "emitted"));
        await runEmitter({ key, room, except: excluded, event: "emitted", data: "not for b" });
        assert.deepEqual(await aGot.until(), ["not for b"]);
        assert.deepEqual(await cGot.until(), ["not for b"]);
        await runEmitter({ key, room: b.id, event: "emitted", data: "marker" });
        await bGot.until((x) => x === "marker", "marker");
        assert.deepEqual(bGot.received, [["marker"]]);
      });

      it("the emitter's emit to two rooms reaches each member of either room once", async () => {
        const [r1, r2] = [uniqueRoom("r1"), uniqueRoom("r2")];
        const [a, b, c, d] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "c"), open(java1, "d")]);
        await Promise.all([ack(a, "join", r1), ack(b, "join", r1), ack(b, "join", r2), ack(c, "join", r2)]);
        const [aGot, bGot, cGot, dGot] = [a, b, c, d].map((s) => recorder(s, "emitted"));
        await runEmitter({ key, room: [r1, r2], event: "emitted", data: "two rooms" });
        for (const rec of [aGot, bGot, cGot]) assert.deepEqual(await rec.until(), ["two rooms"]);
        await runEmitter({ key, room: [b.id, d.id], event: "emitted", data: "marker" });
        await bGot.until((x) => x === "marker", "marker on b");
        await dGot.until((x) => x === "marker", "marker on d");
        assert.deepEqual(bGot.received, [["two rooms"], ["marker"]], "b (in both rooms) got it once");
        assert.deepEqual(dGot.received, [["marker"]]);
      });

      it("the emitter's emit to the whole namespace reaches every node", async () => {
        const [a, b, p] = await Promise.all([open(java1, "a"), open(java2, "b"), open(peer, "p")]);
        const got = [a, b, p].map((s) => recorder(s, "everyone"));
        const tag = uniqueRoom("tag");
        await runEmitter({ key, event: "everyone", data: tag });
        for (const rec of got) await rec.until((x) => x === tag);
      });

      it("a Node peer broadcast to two rooms except a third reaches the right Java sockets once", async () => {
        const [r1, r2, excluded] = [uniqueRoom("r1"), uniqueRoom("r2"), uniqueRoom("excluded")];
        const [a, b, c, d] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "c"), open(java1, "d")]);
        await Promise.all([
          ack(a, "join", r1), ack(a, "join", r2), // both rooms: once
          ack(b, "join", r2),
          ack(c, "join", r1), ack(c, "join", excluded), // excluded
        ]);
        const [aGot, bGot, cGot, dGot] = [a, b, c, d].map((s) => recorder(s, "from-peer"));
        await peerPost("/broadcast", { room: [r1, r2], except: [excluded], event: "from-peer", data: "r1+r2-ex" });
        assert.deepEqual(await aGot.until(), ["r1+r2-ex"]);
        assert.deepEqual(await bGot.until(), ["r1+r2-ex"]);
        await peerPost("/broadcast", { room: [a.id, c.id, d.id], event: "from-peer", data: "marker" });
        for (const rec of [aGot, cGot, dGot]) await rec.until((x) => x === "marker", "marker");
        assert.deepEqual(aGot.received, [["r1+r2-ex"], ["marker"]]);
        assert.deepEqual(cGot.received, [["marker"]]);
        assert.deepEqual(dGot.received, [["marker"]]);
      });

      it("a broadcast from the Node peer reaches the room's members on the Java nodes, and only them", async () => {
        const room = uniqueRoom();
        const [a, b, c] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "c")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room)]);
        const [aGot, bGot, cGot] = [a, b, c].map((s) => recorder(s, "from-peer"));
        const data = { hello: "from node", n: 300 };
        assert.deepEqual(await peerPost("/broadcast", { room, event: "from-peer", data }), { sent: true });
        assert.deepEqual(await aGot.until(), [data]);
        assert.deepEqual(await bGot.until(), [data]);
        await peerPost("/broadcast", { room: c.id, event: "from-peer", data: "marker" });
        await cGot.until((x) => x === "marker", "marker");
        assert.deepEqual(cGot.received, [["marker"]]);
      });

      it("a broadcast from a Java node (POST /api/broadcast) reaches the room's members on the Node peer, and only them", async () => {
        const room = uniqueRoom();
        const [p, q, b] = await Promise.all([open(peer, "p"), open(peer, "q"), open(java2, "b")]);
        await Promise.all([ack(p, "join", room), ack(b, "join", room)]);
        const [pGot, qGot, bGot] = [p, q, b].map((s) => recorder(s, "from-java"));
        const data = { hello: "from java", nested: { ok: true, list: [0, 2.5, "✓"] } };
        assert.deepEqual(await postJson(`${java1.httpUrl}/api/broadcast`, { room, event: "from-java", data }), { sent: true });
        assert.deepEqual(await pGot.until(), [data]);
        assert.deepEqual(await bGot.until(), [data]);
        await postJson(`${java1.httpUrl}/api/broadcast`, { room: q.id, event: "from-java", data: "marker" });
        await qGot.until((x) => x === "marker", "marker");
        assert.deepEqual(qGot.received, [["marker"]]);
      });

      for (const [origin, node] of [["a Java node", () => java1], ["the Node peer", () => peer]]) {
        it(`a local broadcast from ${origin} reaches that node's members only`, async () => {
          const room = uniqueRoom("local");
          const here = node();
          const others = [java1, java2, peer].filter((n) => n !== here);
          const [mine, ...theirs] = await Promise.all([open(here, "mine"), ...others.map((n, i) => open(n, `other-${i}`))]);
          await Promise.all([mine, ...theirs].map((s) => ack(s, "join", room)));
          const recorders = [mine, ...theirs].map((s) => recorder(s, "local-news"));
          const path = here === peer ? "/broadcast" : "/api/broadcast";
          await postJson(`${here.httpUrl}${path}`, { room, event: "local-news", data: "only here", local: true });
          assert.deepEqual(await recorders[0].until(), ["only here"]);
          // then a cluster-wide marker: once it arrived, the local one would have arrived before it
          await postJson(`${here.httpUrl}${path}`, { room, event: "local-news", data: "marker" });
          for (const rec of recorders.slice(1)) {
            await rec.until((x) => x === "marker", "marker");
            assert.deepEqual(rec.received, [["marker"]]);
          }
        });
      }

      it("say crosses between the Node peer and the Java nodes, binary included", async () => {
        const room = uniqueRoom();
        const [p, a, b] = await Promise.all([open(peer, "p"), open(java1, "a"), open(java2, "b")]);
        await Promise.all([ack(p, "join", room), ack(a, "join", room), ack(b, "join", room)]);
        const [pSaid, aSaid, bSaid] = [p, a, b].map((s) => recorder(s, "said"));

        await ack(p, "say", room, "from node");
        const fromNode = [{ room, msg: "from node", node: "node-peer" }];
        assert.deepEqual(await aSaid.until(said(room)), fromNode);
        assert.deepEqual(await bSaid.until(said(room)), fromNode);

        const bytes = Buffer.from([9, 8, 7, 0, 255]);
        await ack(a, "say", room, bytes);
        for (const [name, rec] of [["node-peer", pSaid], ["java-2", bSaid]]) {
          const [payload] = await rec.until((x) => x.node === "java-1", `binary from java-1 on ${name}`);
          assert.equal(payload.room, room);
          assert.ok(Buffer.isBuffer(payload.msg), `a Buffer on ${name}, got ${JSON.stringify(payload.msg)}`);
          assert.deepEqual([...payload.msg], [...bytes]);
        }
      });

      it("fetchSockets on the Node peer returns the room's sockets of every node, ids and rooms as the clients see them", async () => {
        const room = uniqueRoom();
        const [a, b, c, p] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "c"), open(peer, "p")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room), ack(p, "join", room)]);
        const sockets = await peerPost("/fetch", { room }, PEER_REQUEST_BOUND);
        assert.ok(Array.isArray(sockets), `sockets, got ${JSON.stringify(sockets)}`);
        const byId = new Map(sockets.map((s) => [s.id, s]));
        assert.deepEqual([...byId.keys()].sort(), [a.id, b.id, p.id].sort(), `ids (c is ${c.id})`);
        // sockets of the Java nodes connected without credentials are also in io-role-public (a
        // room of the starter's authentication; Node's server, standing in for them with
        // E2E_TARGET=node, has none)
        const javaRooms = process.env.E2E_TARGET === "node" ? [] : ["io-role-public"];
        for (const [client, name, extra] of [[a, "a", javaRooms], [b, "b", javaRooms], [p, "p", []]]) {
          const found = byId.get(client.id);
          assert.deepEqual([...found.rooms].sort(), [client.id, room, ...extra].sort(), `rooms of ${name}`);
          assert.deepEqual(found.handshake.auth, { name }, `handshake.auth of ${name}`);
        }
      });

      it("socketsJoin on the Node peer makes the Java nodes' sockets join", async () => {
        const room = uniqueRoom();
        const joined = uniqueRoom("joined");
        const [a, b, c] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java1, "c")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room)]);
        assert.deepEqual(await peerPost("/sockets-join", { room, join: joined }), { sent: true });

        // the fetch request travels after the join request: its answer sees the new room
        const sockets = await peerPost("/fetch", { room: joined }, PEER_REQUEST_BOUND);
        assert.deepEqual(sockets.map((s) => s.id).sort(), [a.id, b.id].sort(), `sockets in ${joined} (c is ${c.id})`);

        const [aGot, bGot, cGot] = [a, b, c].map((s) => recorder(s, "in-joined"));
        await peerPost("/broadcast", { room: joined, event: "in-joined", data: joined });
        await aGot.until();
        await bGot.until();
        await peerPost("/broadcast", { room: c.id, event: "in-joined", data: "marker" });
        await cGot.until((x) => x === "marker", "marker");
        assert.deepEqual(cGot.received, [["marker"]]);
      });

      it("disconnectSockets on the Node peer disconnects the room's sockets on the Java nodes, and only them", async () => {
        const room = uniqueRoom();
        const [a, b, c, d] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java1, "c"), open(java2, "d")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room)]);
        const disconnects = [];
        for (const [s, name] of [[c, "c"], [d, "d"]]) s.on("disconnect", (reason) => disconnects.push(`${name}: ${reason}`));
        const aGone = nextEvent(a, "disconnect", "disconnect of a (java-1)");
        const bGone = nextEvent(b, "disconnect", "disconnect of b (java-2)");

        assert.deepEqual(await peerPost("/disconnect", { room }), { sent: true });
        const [[aReason], [bReason]] = await Promise.all([aGone, bGone]);
        assert.equal(a.connected, false);
        assert.equal(b.connected, false);
        assert.equal(aReason, "io server disconnect", "reason on java-1");
        assert.equal(bReason, "io server disconnect", "reason on java-2");

        // markers through the same Redis path: c and d still receive, so they were not disconnected
        const [cGot, dGot] = [c, d].map((s) => recorder(s, "still-here"));
        await peerPost("/broadcast", { room: c.id, event: "still-here", data: "c" });
        await peerPost("/broadcast", { room: d.id, event: "still-here", data: "d" });
        await cGot.until();
        await dGot.until();
        assert.deepEqual(disconnects, []);
        assert.equal(c.connected && d.connected, true);
      });
    });
  }
});
