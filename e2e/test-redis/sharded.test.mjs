// Two sample-app nodes (profile `redis-cluster`: sharded pub/sub, dynamic subscription mode) and a
// Node socket.io server on createShardedAdapter of @socket.io/redis-adapter 8.3.0
// (redis/node-peer.mjs --io.adapter.redis.sharded=true) on a private Redis Cluster of three masters
// and three replicas that the suite starts and stops itself (support/redis-cluster.mjs). Every
// cluster operation crosses between Java and Node in both directions. With E2E_TARGET=node the two
// "Java" nodes are Node peers as well.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import { startApp } from "../support/app.mjs";
import { nodePorts, postJson, recorder, uniqueKey, uniqueRoom } from "../support/redis.mjs";
import { redisClusterToolsInstalled, startRedisCluster, waitForShardedSubscribers } from "../support/redis-cluster.mjs";
import { DEFAULT_TIMEOUT, nextEvent } from "../support/wait.mjs";
import { fileURLToPath } from "node:url";

const NODE_PEER = fileURLToPath(new URL("../redis/node-peer.mjs", import.meta.url));
const installed = redisClusterToolsInstalled();
const ws = TRANSPORTS.find((t) => t.name === "websocket");
// the nodes' request timeouts (fetchSockets, serverSideEmitWithAck) are 5 s (Node's sharded adapter: 5 s)
const REQUEST_BOUND = DEFAULT_TIMEOUT + 2000;

for (const mode of ["dynamic", "static"]) {
  describe(`sharded pub/sub on a Redis Cluster (${mode}): Java nodes with a Node createShardedAdapter peer`,
    { skip: !installed && "redis-server or redis-cli is not installed" }, () => {
      const key = uniqueKey(`e2e-sharded-${mode}`);
      let cluster;
      let java1;
      let java2;
      let peer;

      before(async () => {
        cluster = await startRedisCluster();
        const common = [`--io.adapter.redis.key-prefix=${key}`, `--spring.data.redis.cluster.nodes=${cluster.nodes}`,
          "--io.adapter.redis.sharded=true", `--io.adapter.redis.subscription-mode=${mode}`];
        const java = (index) => startApp({
          profile: "redis-cluster",
          ports: nodePorts(index),
          reference: NODE_PEER,
          args: [...common, `--sample.node-name=java-${index}`],
        });
        const peerPorts = nodePorts(3);
        const results = await Promise.allSettled([java(1), java(2), startApp({
          profile: "redis-cluster", ports: peerPorts, script: NODE_PEER, args: [...common, "--sample.node-name=node-peer"],
        })]);
        const started = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
        const failed = results.find((r) => r.status === "rejected");
        try {
          if (failed) throw failed.reason;
          [java1, java2, peer] = started;
          await waitForShardedSubscribers(cluster, key, 3);
        } catch (err) {
          await Promise.allSettled(started.map((n) => n.stop()));
          await cluster.stop();
          throw err;
        }
      });
      after(async () => {
        await Promise.allSettled([java1?.stop(), java2?.stop(), peer?.stop()]);
        await cluster?.stop();
      });
      closeClientsAfterEach();

      const open = (node, name) => connect(node.url, ws, { auth: { name } });
      const post = (node, path, body, ms) => postJson(`${node.httpUrl}${path}`, body, ms);
      const sortBy = (list, field) => [...list].sort((x, y) => String(x[field]).localeCompare(String(y[field])));

      it("serverSideEmitWithAck gets one answer per other node, from the Node peer and from a Java node", async () => {
        const arg = { n: 1, text: "hi ✓" };
        const fromPeer = await post(peer, "/server-side-emit-ack", { event: "hello-servers", args: [arg] }, REQUEST_BOUND);
        assert.deepEqual(sortBy(fromPeer, "node"), [{ node: "java-1", arg }, { node: "java-2", arg }]);
        const fromJava = await post(java1, "/api/server-side-emit-ack", { event: "hello-servers", args: [arg] },
          REQUEST_BOUND);
        assert.deepEqual(sortBy(fromJava, "node"), [{ node: "java-2", arg }, { node: "node-peer", arg }]);
      });

      it("say to a room crosses between the Node peer and the Java nodes, binary included", async () => {
        const room = uniqueRoom();
        const [p, a, b] = await Promise.all([open(peer, "p"), open(java1, "a"), open(java2, "b")]);
        await Promise.all([ack(p, "join", room), ack(a, "join", room), ack(b, "join", room)]);
        if (mode !== "static") {
          // as with Node's adapter, a node subscribes to the room's channel after the join
          await waitForShardedSubscribers(cluster, key, 3, { room });
        }
        const [pSaid, aSaid, bSaid] = [p, a, b].map((s) => recorder(s, "said"));
        await ack(p, "say", room, "from node");
        const fromNode = [{ room, msg: "from node", node: "node-peer" }];
        assert.deepEqual(await aSaid.until((x) => x.room === room), fromNode);
        assert.deepEqual(await bSaid.until((x) => x.room === room), fromNode);
        const bytes = Buffer.from([9, 8, 7, 0, 255]);
        await ack(a, "say", room, bytes);
        for (const [name, rec] of [["node-peer", pSaid], ["java-2", bSaid]]) {
          const [payload] = await rec.until((x) => x.node === "java-1", `binary from java-1 on ${name}`);
          assert.ok(Buffer.isBuffer(payload.msg), `a Buffer on ${name}, got ${JSON.stringify(payload.msg)}`);
          assert.deepEqual([...payload.msg], [...bytes]);
        }
      });

      it("broadcasts to a room, to several rooms except one, and to one socket reach the right sockets once", async () => {
        const [r1, r2, excluded] = [uniqueRoom("r1"), uniqueRoom("r2"), uniqueRoom("excluded")];
        const [a, b, c, p] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java2, "c"), open(peer, "p")]);
        await Promise.all([ack(a, "join", r1), ack(a, "join", r2), ack(b, "join", r2), ack(c, "join", r1),
          ack(c, "join", excluded), ack(p, "join", r1)]);
        const [aGot, bGot, cGot, pGot] = [a, b, c, p].map((s) => recorder(s, "news"));
        await post(peer, "/broadcast", { room: [r1, r2], except: [excluded], event: "news", data: "from-peer" });
        for (const rec of [aGot, bGot]) assert.deepEqual(await rec.until(), ["from-peer"]);
        await post(java1, "/api/broadcast", { room: r1, event: "news", data: "from-java" });
        for (const rec of [pGot, cGot]) await rec.until((x) => x === "from-java", "from-java");
        // to one socket, each way: Java socket ids are not 20 characters long, Node's are
        await post(peer, "/broadcast", { room: c.id, event: "news", data: "to-c" });
        await cGot.until((x) => x === "to-c", "to-c");
        await post(java2, "/api/broadcast", { room: p.id, event: "news", data: "to-p" });
        await pGot.until((x) => x === "to-p", "to-p");
        assert.deepEqual(aGot.received, [["from-peer"], ["from-java"]]);
        assert.deepEqual(bGot.received, [["from-peer"]]);
        assert.deepEqual(cGot.received, [["from-java"], ["to-c"]]);
        assert.deepEqual(pGot.received, [["from-peer"], ["from-java"], ["to-p"]]);
      });

      it("fetchSockets and socketsJoin work from the Node peer and from a Java node", async () => {
        const room = uniqueRoom();
        const [a, b, p] = await Promise.all([open(java1, "a"), open(java2, "b"), open(peer, "p")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room), ack(p, "join", room)]);
        const fromPeer = await post(peer, "/fetch", { room }, REQUEST_BOUND);
        assert.deepEqual(fromPeer.map((s) => s.id).sort(), [a.id, b.id, p.id].sort());
        const fromJava = await post(java1, "/api/fetch", { room }, REQUEST_BOUND);
        assert.deepEqual(fromJava.map((s) => s.id).sort(), [a.id, b.id, p.id].sort());
        assert.ok(fromJava.find((s) => s.id === p.id).rooms.includes(room), "the peer socket's rooms");

        const joinedByPeer = uniqueRoom("by-peer");
        await post(peer, "/sockets-join", { room, join: joinedByPeer });
        const joinedByJava = uniqueRoom("by-java");
        await post(java2, "/api/sockets-join", { room, join: joinedByJava });
        // the fetch requests travel after the join requests: their answers see the new rooms
        for (const [joined, node, path] of [[joinedByPeer, java1, "/api/fetch"], [joinedByJava, peer, "/fetch"]]) {
          const sockets = await post(node, path, { room: joined }, REQUEST_BOUND);
          assert.deepEqual(sockets.map((s) => s.id).sort(), [a.id, b.id, p.id].sort(), `sockets in ${joined}`);
        }
      });

      it("disconnectSockets from the Node peer disconnects the room's sockets on the Java nodes", async () => {
        const room = uniqueRoom();
        const [a, b, c] = await Promise.all([open(java1, "a"), open(java2, "b"), open(java1, "c")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room)]);
        const gone = [nextEvent(a, "disconnect", "disconnect of a"), nextEvent(b, "disconnect", "disconnect of b")];
        await post(peer, "/disconnect", { room });
        const reasons = (await Promise.all(gone)).map(([reason]) => reason);
        assert.deepEqual(reasons, ["io server disconnect", "io server disconnect"]);
        const cGot = recorder(c, "still-here");
        await post(peer, "/broadcast", { room: c.id, event: "still-here", data: "c" });
        await cGot.until();
        assert.equal(c.connected, true);
      });

      it("broadcasts with acknowledgements collect every member's answer, from either side", async () => {
        const room = uniqueRoom("poll");
        const voter = async (node, name) => {
          const socket = await open(node, name);
          socket.on("vote?", (callback) => callback({ name }));
          await ack(socket, "join", room);
        };
        await Promise.all([voter(java1, "j1"), voter(java2, "j2"), voter(peer, "p")]);
        for (const node of [java1, peer]) {
          const caller = await open(node, "caller");
          const [answers] = await ack(caller, "poll-room", room, 4000);
          assert.deepEqual(sortBy(answers, "name"), [{ name: "j1" }, { name: "j2" }, { name: "p" }]);
        }
      });
    });
}
