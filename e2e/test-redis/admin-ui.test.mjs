// The Socket.IO Admin UI across a cluster: two sample-app nodes (profile redis) and a Node
// socket.io server on @socket.io/redis-adapter with @socket.io/admin-ui's own instrument(), all
// with the same io.admin-ui.* options. A UI connected to one Java node hears the stats of every
// node, lists the sockets of every node, and its commands reach sockets on other nodes, as
// instrument() does through the adapter. With E2E_TARGET=node the "Java" nodes are Node peers.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as ioClient } from "socket.io-client";
import { closeClientsAfterEach, connect } from "../support/client.mjs";
import {
  nodePorts, redisAvailable, REDIS_URL, startCluster, startJavaNode, startNodePeer, uniqueKey,
} from "../support/redis.mjs";
import { within } from "../support/wait.mjs";

const available = await redisAvailable();
const WS = { name: "websocket", options: { transports: ["websocket"] } };
const HASH = "$2a$10$.86GuYEqbzm3vo0dVehIROAfEPQWn95UT0F05rd7tBRdc5nPmVHbW"; // admin-pass
const adminArgs = (serverId) => [
  "--io.admin-ui.enabled=true", "--io.admin-ui.mode=development", `--io.admin-ui.server-id=${serverId}`,
  "--io.admin-ui.auth.username=admin", `--io.admin-ui.auth.password-hash=${HASH}`,
];

describe("the Socket.IO Admin UI over Redis", { skip: !available && `no Redis at ${REDIS_URL}` }, () => {
  const key = uniqueKey("e2e-admin-ui");
  let java1;
  let java2;
  let peer;
  let ui;
  const seen = [];
  const waiters = new Set();

  /** The first event of that name, seen or to come, that passes the test. */
  const seenEvent = (event, test = () => true) => within(new Promise((resolve) => {
    const look = () => {
      const found = seen.find(([name, ...args]) => name === event && test(...args));
      if (found) {
        waiters.delete(look);
        resolve(found.slice(1));
      }
    };
    waiters.add(look);
    look();
  }), `admin ui event ${event}`, 15_000);

  before(async () => {
    const peerPorts = nodePorts(3);
    [java1, java2, peer] = await startCluster(key, [
      () => startJavaNode({ index: 1, key, args: adminArgs("java-1") }),
      () => startJavaNode({ index: 2, key, args: adminArgs("java-2") }),
      () => startNodePeer({ port: peerPorts.socketPort, httpPort: peerPorts.httpPort, key, args: adminArgs("node-peer") }),
    ]);
    ui = ioClient(`${java1.url}/admin`, {
      transports: ["websocket"], reconnection: false, forceNew: true, auth: { username: "admin", password: "admin-pass" },
    });
    ui.onAny((event, ...args) => {
      seen.push([event, ...args]);
      [...waiters].forEach((look) => look());
    });
    await within(new Promise((resolve, reject) => {
      ui.once("connect", resolve);
      ui.once("connect_error", reject);
    }), "admin ui connect");
  });
  after(async () => {
    ui?.close();
    await Promise.all([java1?.stop(), java2?.stop(), peer?.stop()]);
  });
  closeClientsAfterEach();

  it("hears the server_stats of every node", async () => {
    for (const serverId of ["java-1", "java-2", "node-peer"]) {
      const [stats] = await seenEvent("server_stats", (s) => s.serverId === serverId);
      assert.ok(stats.namespaces.some((n) => n.name === "/admin"), `${serverId}: ${JSON.stringify(stats.namespaces)}`);
    }
  });

  it("is told of sockets of other nodes and its commands reach them", async () => {
    const onJava2 = await connect(java2.url, WS);
    const onPeer = await connect(peer.url, WS);
    for (const user of [onJava2, onPeer]) {
      const [described] = await seenEvent("socket_connected", (s) => s.id === user.id).catch((err) => {
        throw new Error(`${err.message} for ${user.id}; seen ${JSON.stringify(seen.filter(([e]) => e !== "server_stats").map(([e, a, b]) => [e, a?.id ?? a, b]))}`);
      });
      assert.equal(described.nsp, "/");
      assert.equal(described.transport, "websocket");
    }
    ui.emit("join", "/", "admin-ui-cluster-room", onJava2.id);
    ui.emit("join", "/", "admin-ui-cluster-room", onPeer.id);
    for (const user of [onJava2, onPeer]) {
      await seenEvent("room_joined", (nsp, room, id) => room === "admin-ui-cluster-room" && id === user.id);
    }
  });

  it("lists the sockets of every node to a UI that connects", async () => {
    const onJava2 = await connect(java2.url, WS);
    const onPeer = await connect(peer.url, WS);
    const late = ioClient(`${java1.url}/admin`, {
      transports: ["websocket"], reconnection: false, forceNew: true, auth: { username: "admin", password: "admin-pass" },
    });
    try {
      const [sockets] = await within(new Promise((resolve) => late.once("all_sockets", (...args) => resolve(args))),
        "all_sockets", 15_000);
      for (const user of [onJava2, onPeer]) {
        const described = sockets.find((s) => s.id === user.id);
        assert.ok(described, `${user.id} among ${JSON.stringify(sockets.map((s) => s.id))}`);
        assert.equal(described.transport, "websocket");
        assert.equal(described.clientId.length, 12);
      }
    } finally {
      late.close();
    }
  });
});
