// Two sample-app nodes (profile `redis-streams`) in one cluster with a Node socket.io server on
// @socket.io/redis-streams-adapter 0.3.1 (redis/node-peer.mjs --io.adapter.type=redis-streams), all
// with connection state recovery: broadcasts, rooms operations, fetchSockets, serverSideEmit and
// broadcast acknowledgements in both directions, and a socket.io-client 4.8 that recovers on another
// node after its own was killed with SIGKILL, checked packet by packet. With E2E_TARGET=node the two
// "Java" nodes are Node peers as well (there, a killed node leaves no session: see the last test).
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { io } from "socket.io-client";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import {
  nodePorts, postJson, recorder, redisAvailable, REDIS_URL, startCluster, startJavaNode, startNodePeer, uniqueKey,
  uniqueRoom,
} from "../support/redis.mjs";
import { DEFAULT_TIMEOUT, nextEvent, within } from "../support/wait.mjs";

const available = await redisAvailable();
const TRANSPORTS_UNDER_TEST = TRANSPORTS.filter((t) => t.name === "websocket" || t.name === "polling");
const ws = TRANSPORTS_UNDER_TEST.find((t) => t.name === "websocket");
const PEER_REQUEST_BOUND = DEFAULT_TIMEOUT + 2000;

/** The same adapter settings for every node, Java or Node: one stream and one session prefix per run. */
function streamsArgs(key) {
  return [
    "--io.adapter.type=redis-streams",
    `--io.adapter.redis.streams.name=${key}`,
    `--io.adapter.redis.streams.session-key-prefix=${key}:session:`,
    "--io.socket.server-options.connection-state-recovery.enabled=true",
    "--io.socket.server-options.connection-state-recovery.max-disconnection-duration=30s",
  ];
}

/**
 * A TCP relay standing in for a load balancer: clients connect to it, it forwards to `target`,
 * which the test may change (existing connections stay where they are).
 */
async function startRelay(target) {
  const relay = { target, upstreams: new Set(), paused: false };
  const server = net.createServer((client) => {
    const upstream = net.connect(relay.target.socketPort, "127.0.0.1");
    relay.upstreams.add(upstream);
    if (relay.paused) upstream.pause();
    client.pipe(upstream);
    upstream.on("data", (chunk) => client.write(chunk) || (upstream.pause(), client.once("drain", () => relay.paused || upstream.resume())));
    const close = () => { client.destroy(); upstream.destroy(); relay.upstreams.delete(upstream); };
    client.on("error", close);
    upstream.on("error", close);
    client.on("close", close);
    // what the server sent before it closed still reaches the client
    upstream.on("end", () => { relay.upstreams.delete(upstream); client.end(); });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  relay.url = `http://127.0.0.1:${server.address().port}`;
  relay.close = () => new Promise((resolve) => server.close(resolve));
  /** Stops reading what the server sends, as a client whose network stalls. */
  relay.pause = () => { relay.paused = true; relay.upstreams.forEach((u) => u.pause()); };
  relay.resume = () => { relay.paused = false; relay.upstreams.forEach((u) => u.resume()); };
  return relay;
}

describe("Java nodes on the Redis Streams adapter with a Node redis-streams-adapter peer", { skip: !available && `no Redis at ${REDIS_URL}` }, () => {
  const key = uniqueKey("e2e-streams");
  let java1;
  let java2;
  let peer;

  before(async () => {
    const peerPorts = nodePorts(3);
    [java1, java2, peer] = await startCluster(key, [
      () => startJavaNode({ index: 1, key, profile: "redis-streams", args: streamsArgs(key) }),
      () => startJavaNode({ index: 2, key, profile: "redis-streams", args: streamsArgs(key) }),
      () => startNodePeer({
        port: peerPorts.socketPort, httpPort: peerPorts.httpPort, key, node: "node-peer", args: streamsArgs(key),
      }),
    ], { channel: `${key}#/#` });
  });
  after(() => Promise.all([java1?.stop(), java2?.stop(), peer?.stop()]));
  closeClientsAfterEach();

  const post = (node, path, body, ms) => postJson(`${node.httpUrl}${path}`, body, ms);
  const said = (room) => (payload) => payload?.room === room;
  const sortBy = (list, field) => [...list].sort((x, y) => String(x[field]).localeCompare(String(y[field])));

  for (const transport of TRANSPORTS_UNDER_TEST) {
    describe(`over ${transport.name}`, () => {
      const open = (node, name) => connect(node.url, transport, { auth: { name } });

      it("say on a Java node and on the Node peer reaches the room's members on every node, and only them", async () => {
        const room = uniqueRoom();
        const [a, b, c, outsider] = await Promise.all([open(java1, "a"), open(java2, "b"), open(peer, "c"), open(java2, "o")]);
        await Promise.all([ack(a, "join", room), ack(b, "join", room), ack(c, "join", room)]);
        const got = [a, b, c, outsider].map((s) => recorder(s, "said"));
        assert.deepEqual(await ack(a, "say", room, "from java-1"), [true]);
        assert.deepEqual(await ack(c, "say", room, "from the peer"), [true]);
        for (const rec of got.slice(0, 3)) {
          await rec.until((p) => p.msg === "from java-1", "java-1's message");
          await rec.until((p) => p.msg === "from the peer", "the peer's message");
          assert.deepEqual(rec.received.map(([p]) => `${p.node}:${p.msg}`), ["java-1:from java-1", "node-peer:from the peer"]);
        }
        // a marker to the outsider's own room shows that nothing else reached it
        const marker = uniqueRoom("marker");
        await ack(outsider, "join", marker);
        await ack(c, "say", marker, "marker");
        await got[3].until(said(marker), "marker");
        assert.equal(got[3].received.length, 1);
      });
    });
  }

  for (const [from, to] of [["a Java node", "the Node peer"], ["the Node peer", "a Java node"]]) {
    const origin = () => (from === "a Java node" ? java1 : peer);
    const remote = () => (to === "the Node peer" ? peer : java2);

    it(`POST /api/broadcast on ${from} reaches the room's members on ${to}`, async () => {
      const room = uniqueRoom();
      const member = await connect(remote().url, ws);
      await ack(member, "join", room);
      const got = recorder(member, "news");
      await post(origin(), "/api/broadcast", { room, event: "news", data: { n: 1, text: "é ✓" } });
      const [data, offset] = await got.until();
      assert.deepEqual(data, { n: 1, text: "é ✓" });
      assert.match(offset, /^[0-9]+-[0-9]+$/, "with recovery on, the stream entry id comes last");
    });

    it(`socketsJoin and disconnectSockets on ${from} act on ${to}'s sockets`, async () => {
      const room = uniqueRoom();
      const joined = uniqueRoom("joined");
      const member = await connect(remote().url, ws);
      await ack(member, "join", room);
      await post(origin(), "/api/sockets-join", { room, join: joined });
      const got = recorder(member, "news");
      // the join travels the stream before the broadcast that follows it
      await post(origin(), "/api/broadcast", { room: joined, event: "news", data: "to the joined room" });
      assert.equal((await got.until())[0], "to the joined room");
      const disconnected = nextEvent(member, "disconnect");
      await post(origin(), "/api/disconnect", { room });
      assert.equal((await disconnected)[0], "io server disconnect");
    });

    it(`fetchSockets on ${from} describes ${to}'s sockets with their rooms and auth`, async () => {
      const room = uniqueRoom();
      const member = await connect(remote().url, ws, { auth: { name: "fetched" } });
      await ack(member, "join", room);
      const sockets = await post(origin(), "/api/fetch", { room }, PEER_REQUEST_BOUND);
      assert.equal(sockets.length, 1, JSON.stringify(sockets));
      assert.equal(sockets[0].id, member.id);
      // the Java nodes add the starter's role room (io-role-public) to every socket
      assert.deepEqual(sockets[0].rooms.filter((r) => !r.startsWith("io-")).sort(), [member.id, room].sort());
      assert.deepEqual(sockets[0].handshake.auth, { name: "fetched" });
    });

    it(`serverSideEmitWithAck on ${from} gets one answer per other node`, async () => {
      const arg = { text: "hi ✓" };
      const answers = await post(origin(), "/api/server-side-emit-ack", { event: "hello-servers", args: [arg] }, PEER_REQUEST_BOUND);
      assert.ok(Array.isArray(answers), JSON.stringify(answers));
      const expected = from === "a Java node" ? ["java-2", "node-peer"] : ["java-1", "java-2"];
      assert.deepEqual(sortBy(answers, "node"), expected.map((node) => ({ node, arg })));
    });

    it(`poll-room on ${from} collects one answer per member on every node`, async () => {
      const room = uniqueRoom("poll");
      const voters = await Promise.all([[java1, "j1"], [java2, "j2"], [peer, "p"]].map(async ([node, name]) => {
        const socket = await connect(node.url, ws);
        socket.on("vote?", (callback) => callback({ name }));
        await ack(socket, "join", room);
        return socket;
      }));
      assert.equal(voters.length, 3);
      const caller = await connect(origin().url, ws);
      const [answers] = await ack(caller, "poll-room", room, 4000);
      assert.deepEqual(sortBy(answers, "name"), [{ name: "j1" }, { name: "j2" }, { name: "p" }]);
    });
  }

  describe("connection state recovery across nodes", () => {
    /**
     * A client behind the relay, recovering: reconnects at once, records every `said` with its
     * sequence number, and each (re)connection with its id and whether it recovered.
     */
    function recoveringClient(url) {
      const socket = io(url, {
        forceNew: true, transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 200,
        timeout: DEFAULT_TIMEOUT,
      });
      const seqs = [];
      const connections = [];
      socket.on("said", (payload) => seqs.push(typeof payload.msg === "object" ? payload.msg.seq : payload.msg));
      socket.on("connect", () => connections.push({ id: socket.id, recovered: socket.recovered }));
      const firstConnection = within(nextEvent(socket, "connect"), "first connection");
      return { socket, seqs, connections, firstConnection };
    }

    async function untilSeq(client, predicate, what) {
      await within(new Promise((resolve) => {
        const check = () => { if (predicate(client.seqs)) { client.socket.off("said", check); resolve(); } };
        client.socket.on("said", check);
        check();
      }), `${what} (seqs so far: ${client.seqs.slice(-10)})`, DEFAULT_TIMEOUT * 3);
    }

    it("a client of a Java node killed with SIGKILL mid-broadcast recovers on the other Java node: same id, rooms and every packet once, in order", { skip: process.env.E2E_TARGET === "node" && "Node's adapter keeps no session of a killed node" }, async () => {
      const room = uniqueRoom("recover");
      const victim = await startJavaNode({
        index: 4, key, node: "java-victim", profile: "redis-streams", args: streamsArgs(key),
      });
      const relay = await startRelay(victim);
      const client = recoveringClient(relay.url);
      const sender = await connect(java2.url, ws);
      try {
        await client.firstConnection;
        const firstId = client.socket.id;
        assert.deepEqual(await ack(client.socket, "join", room), [true]);
        // the sender says 1, 2, 3, ... in the room from java-2, one after the other
        let next = 1;
        let sending = true;
        const loop = (async () => {
          while (sending) {
            await ack(sender, "say", room, next);
            next++;
          }
        })();
        await untilSeq(client, (s) => s.length >= 20, "20 broadcasts before the kill");
        relay.target = java1;
        await victim.kill();
        await within(new Promise((resolve) => client.socket.io.once("reconnect", resolve)), "reconnection", DEFAULT_TIMEOUT * 2);
        const reconnectedAt = next;
        await untilSeq(client, (s) => s.includes(reconnectedAt + 20), "20 broadcasts after the recovery");
        sending = false;
        await loop;
        const last = next - 1;
        await untilSeq(client, (s) => s.length >= last, `every broadcast up to ${last}`);
        assert.deepEqual(client.seqs, Array.from({ length: last }, (_, i) => i + 1),
          "every broadcast, once, in order");
        assert.equal(client.connections.length, 2);
        assert.deepEqual(client.connections[1], { id: firstId, recovered: true });
        // and it is still in its room: a broadcast to the room from the peer reaches it
        const got = recorder(client.socket, "news");
        await post(peer, "/api/broadcast", { room, event: "news", data: "still a member" });
        assert.equal((await got.until())[0], "still a member");
      } finally {
        client.socket.disconnect();
        await victim.kill();
        await relay.close();
      }
    });

    it("a client that stops reading is closed at max-buffered-bytes and, reading again, recovers every packet once, in order", { skip: process.env.E2E_TARGET === "node" && "Node has no max-buffered-bytes" }, async () => {
      const room = uniqueRoom("slow");
      const node = await startJavaNode({
        index: 5, key, node: "java-small-buffer", profile: "redis-streams",
        args: [...streamsArgs(key), "--io.limits.max-buffered-bytes=64KB"],
      });
      const relay = await startRelay(node);
      const client = recoveringClient(relay.url);
      const sender = await connect(java2.url, ws);
      try {
        await client.firstConnection;
        const firstId = client.socket.id;
        await ack(client.socket, "join", room);
        await ack(sender, "say", room, { seq: 1 });
        await untilSeq(client, (s) => s.includes(1), "broadcast 1");
        relay.pause();
        // 16 KiB broadcasts until the node gives up on the client (socket and kernel buffers first)
        const pad = "x".repeat(16 * 1024);
        let seq = 1;
        const overflow = node.waitForLog("does not read what it is sent", DEFAULT_TIMEOUT * 6);
        let closed = false;
        overflow.then(() => { closed = true; }, () => {});
        while (!closed && seq < 4000) {
          seq++;
          await ack(sender, "say", room, { seq, pad });
        }
        await overflow;
        for (let i = 0; i < 5; i++) {
          seq++;
          await ack(sender, "say", room, { seq, pad });
        }
        relay.resume();
        await within(new Promise((resolve) => client.socket.io.once("reconnect", resolve)), "reconnection", DEFAULT_TIMEOUT * 2);
        await untilSeq(client, (s) => s.includes(seq), `broadcast ${seq}`);
        assert.deepEqual(client.seqs, Array.from({ length: seq }, (_, i) => i + 1), "every broadcast, once, in order");
        assert.deepEqual(client.connections[1], { id: firstId, recovered: true });
      } finally {
        client.socket.disconnect();
        await node.stop();
        await relay.close();
      }
    });

    it("a client of the Node peer recovers on a Java node, and a client of a Java node on the Node peer", async () => {
      for (const [first, second] of [[peer, java1], [java2, peer]]) {
        const room = uniqueRoom("handover");
        const relay = await startRelay(first);
        const client = recoveringClient(relay.url);
        try {
          await client.firstConnection;
          const firstId = client.socket.id;
          await ack(client.socket, "join", room);
          const sender = await connect(second.url, ws);
          await ack(sender, "say", room, 1);
          await untilSeq(client, (s) => s.includes(1), "broadcast 1");
          relay.target = second;
          // the connection drops (the relay closes it), as when a load balancer moves a client
          client.socket.io.engine.close();
          await ack(sender, "say", room, 2);
          await ack(sender, "say", room, 3);
          await within(new Promise((resolve) => client.socket.io.once("reconnect", resolve)), "reconnection");
          await untilSeq(client, (s) => s.includes(3), "broadcasts 2 and 3");
          assert.deepEqual(client.seqs.filter((n) => typeof n === "number"), [1, 2, 3]);
          assert.deepEqual(client.connections[1], { id: firstId, recovered: true });
        } finally {
          client.socket.disconnect();
          await relay.close();
        }
      }
    });
  });
});
