// A Node socket.io 4.8 server on @socket.io/redis-adapter 8.3.0 (classic createAdapter, node-redis
// pub/sub pair) or, with --io.adapter.type=redis-streams, on @socket.io/redis-streams-adapter 0.3.1:
// the Node member of a mixed Java/Node cluster, and a stand-in for the Java sample app's `redis`
// (or `redis-streams`) profile when the e2e suite runs with E2E_TARGET=node.
//
//   node redis/node-peer.mjs --port 29103 --http-port 28103 --key socket.io --node node-peer
//
// Options (`--name value` or `--name=value`; the Spring property names of the sample app work too):
//   --port, --io.socket.server-options.port    socket.io port (default 9092)
//   --http-port, --server.port                 control HTTP port (default 8080)
//   --key, --io.adapter.redis.key-prefix       adapter key prefix (default socket.io)
//   --node, --sample.node-name                 node name in "said" and "hello-servers" (default node-peer)
//   --redis-url                                default redis://<spring.data.redis.host>:<spring.data.redis.port>,
//                                              i.e. redis://127.0.0.1:6379
//   --io.admin-ui.*                            as the Java nodes: instrument() for @socket.io/admin-ui
//   --requests-timeout                         adapter requestsTimeout in ms (fetchSockets, serverSideEmitWithAck;
//                                              default 3000)
//   --io.socket.server-options.parser          "msgpack" for clients on socket.io-msgpack-parser (default: the
//                                              default parser)
//   --io.adapter.type                          "redis" (classic, default) or "redis-streams"
//   --io.adapter.redis.streams.name            streams adapter: streamName (default socket.io)
//   --io.adapter.redis.streams.max-len         streams adapter: maxLen (default 10000)
//   --io.socket.server-options.connection-state-recovery.enabled
//                                              "true": connectionStateRecovery, with
//   --io.socket.server-options.connection-state-recovery.max-disconnection-duration
//                                              as a Spring duration ("30s", "2m", or ms; default 2m)
//
// Socket events (the sample app's `redis` profile contract):
//   join (room) -> joins, acks true; leave (room) -> leaves, acks true;
//   say (room, msg) -> io.to(room).emit("said", {room, msg, node}), acks true;
//   poll-room (room, timeoutMs) -> io.to(room).timeout(timeoutMs).emit("vote?"), acks the answers.
// Server-side event: hello-servers (arg) -> acks {node, arg}.
//
// Control HTTP (JSON in, JSON out; errors are 500 {error}):
//   POST /fetch                 {room}            -> io.in(room).fetchSockets() as [{id, rooms, handshake: {auth}, data}]
//                                                    ({"full": true} adds the whole handshake as `handshakeFull`)
//   POST /server-side-emit      {event, args}     -> io.serverSideEmit(event, ...args), {sent: true}
//   POST /server-side-emit-ack  {event, args}     -> io.serverSideEmitWithAck(event, ...args): the answers array,
//                                                    or {error, responses} once requests-timeout has passed
//   POST /broadcast             {room, event, data, except?, local?} -> (local ? io.local : io).to(room)
//                                                    .except(except ?? []).emit(event, data),
//                                                    {sent: true}; room may be an array (or absent: everyone)
//   POST /api/<path>            same as /<path>, for each path above (the sample app's endpoints, so a peer can
//                               stand in for it)
//   POST /sockets-join          {room, join}      -> io.in(room).socketsJoin(join), {sent: true}
//   POST /disconnect            {room}            -> io.in(room).disconnectSockets(true), {sent: true}
//   GET  /                      {node, key}
// Prints "node-peer ready" once both servers listen and the adapter has subscribed.
import http from "node:http";
import { instrument } from "@socket.io/admin-ui";
import { createAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { parseArgs } from "./args.mjs";
import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";

const args = parseArgs(process.argv.slice(2), "true");
const opt = (...names) => names.map((n) => args.get(n)).find((v) => v !== undefined);

const port = Number(opt("port", "io.socket.server-options.port") ?? 9092);
const httpPort = Number(opt("http-port", "server.port") ?? 8080);
const key = opt("key", "io.adapter.redis.key-prefix") ?? "socket.io";
const node = opt("node", "sample.node-name") ?? "node-peer";
const redisUrl = opt("redis-url")
  ?? `redis://${opt("spring.data.redis.host") ?? "127.0.0.1"}:${opt("spring.data.redis.port") ?? 6379}`;
const requestsTimeout = Number(opt("requests-timeout") ?? 3000);
const msgpack = opt("io.socket.server-options.parser") === "msgpack";
const streams = opt("io.adapter.type") === "redis-streams";
const recovery = opt("io.socket.server-options.connection-state-recovery.enabled") === "true";
const duration = (text, fallback) => {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text ?? "");
  if (!match) return fallback;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? "ms"];
};
const maxDisconnectionDuration = duration(
  opt("io.socket.server-options.connection-state-recovery.max-disconnection-duration"), 120_000);

const log = (line) => process.stdout.write(`${line}\n`);

const pubClient = createClient({ url: redisUrl });
const subClient = pubClient.duplicate();
for (const [name, client] of [["pub", pubClient], ["sub", subClient]]) {
  client.on("error", (err) => log(`[node-peer] redis ${name} client error: ${err.message}`));
}
await Promise.all([pubClient.connect(), subClient.connect()]);

const socketServer = http.createServer();
const io = new Server(socketServer, {
  path: "/socket.io",
  maxHttpBufferSize: 1_000_000,
  adapter: streams
    ? createStreamsAdapter(pubClient, {
      streamName: opt("io.adapter.redis.streams.name") ?? "socket.io",
      channelPrefix: key,
      maxLen: Number(opt("io.adapter.redis.streams.max-len") ?? 10_000),
    })
    : createAdapter(pubClient, subClient, { key, requestsTimeout }),
  ...(msgpack ? { parser: msgpackParser } : {}),
  ...(recovery ? { connectionStateRecovery: { maxDisconnectionDuration, skipMiddlewares: true } } : {}),
});

// the same io.admin-ui.* properties as the Java nodes: @socket.io/admin-ui's own instrument()
if (opt("io.admin-ui.enabled") === "true") {
  instrument(io, {
    namespaceName: opt("io.admin-ui.namespace") ?? "/admin",
    mode: opt("io.admin-ui.mode") ?? "production",
    readonly: opt("io.admin-ui.read-only") === "true",
    serverId: opt("io.admin-ui.server-id"),
    auth: opt("io.admin-ui.auth.enabled") === "false" ? false
      : { type: "basic", username: opt("io.admin-ui.auth.username"), password: opt("io.admin-ui.auth.password-hash") },
  });
}

// --- socket events ------------------------------------------------------------------------------
io.on("connection", (socket) => {
  log(`[io] a new client with id ${socket.id} has connected`);
  const handle = (event, handler) => socket.on(event, (...received) => {
    const ack = typeof received.at(-1) === "function" ? received.pop() : () => {};
    try {
      ack(handler(...received));
    } catch (err) {
      ack({ error: err.message });
    }
  });
  handle("join", (room) => {
    socket.join(room);
    return true;
  });
  handle("leave", (room) => {
    socket.leave(room);
    return true;
  });
  handle("say", (room, msg) => {
    io.to(room).emit("said", { room, msg, node });
    return true;
  });
  // the server asks the room, on every node: the answers, [] when nobody answers in time
  socket.on("poll-room", (room, timeoutMs, ack) => {
    io.to(room).timeout(timeoutMs).emit("vote?", (err, responses) => ack?.(responses));
  });
});

// --- server-side events (from other nodes' serverSideEmit) ---------------------------------------
io.on("hello-servers", (arg, cb) => {
  log(`[node-peer] server-side hello-servers ${JSON.stringify(arg)}`);
  if (typeof cb === "function") cb({ node, arg });
});

// --- control HTTP ---------------------------------------------------------------------------------
const toArray = (rooms) => [...rooms];

const routes = {
  "/fetch": async ({ room, full }) => {
    const sockets = await (room === undefined ? io.fetchSockets() : io.in(room).fetchSockets());
    return sockets.map((s) => ({
      id: s.id,
      rooms: toArray(s.rooms),
      handshake: { auth: s.handshake.auth },
      data: s.data,
      ...(full ? { handshakeFull: s.handshake } : {}),
    }));
  },
  "/server-side-emit": ({ event, args: list = [] }) => {
    io.serverSideEmit(event, ...list);
    return { sent: true };
  },
  "/server-side-emit-ack": async ({ event, args: list = [] }) => {
    try {
      return await io.serverSideEmitWithAck(event, ...list);
    } catch (err) {
      return { error: err.message, responses: err.responses ?? [] };
    }
  },
  "/broadcast": ({ room, event, data, except = [], local = false }) => {
    const operator = local ? io.local : io;
    (room === undefined ? operator : operator.to(room)).except(except).emit(event, data);
    return { sent: true };
  },
  "/sockets-join": ({ room, join }) => {
    io.in(room).socketsJoin(join);
    return { sent: true };
  },
  "/disconnect": ({ room }) => {
    io.in(room).disconnectSockets(true);
    return { sent: true };
  },
};
// the sample app's /api/... paths, so that a test drives a Java node and the peer alike
for (const path of ["/broadcast", "/fetch", "/sockets-join", "/disconnect", "/server-side-emit", "/server-side-emit-ack"]) {
  routes[`/api${path}`] = routes[path];
}

const control = http.createServer(async (req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  try {
    if (req.method === "GET" && req.url === "/") return send(200, { node, key });
    const route = req.method === "POST" ? routes[req.url] : undefined;
    if (!route) return send(404, { error: "Not found" });
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString("utf8");
    send(200, await route(text ? JSON.parse(text) : {}));
  } catch (err) {
    send(500, { error: err.message });
  }
});

// The adapter subscribes in its constructor without waiting: make sure the request channel is
// subscribed before announcing readiness, so that other nodes count this one.
const requestChannel = streams ? `${key}#/#` : `${key}-request#/#`;
for (let i = 0; ; i++) {
  const count = (await pubClient.pubSubNumSub(requestChannel))[requestChannel] ?? 0;
  if (count > 0) break;
  if (i > 100) throw new Error(`${requestChannel} not subscribed`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const listen = (server, p) => new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(p, "0.0.0.0", () => { server.off("error", reject); resolve(); });
});
await listen(control, httpPort);
await listen(socketServer, port);
log(`[node-peer] ${node}: socket.io on ${port}, control HTTP on ${httpPort}, key ${key}, redis ${redisUrl}`);
log("node-peer ready");

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  control.close();
  await new Promise((resolve) => io.close(() => resolve()));
  await Promise.allSettled([pubClient.quit(), subClient.quit()]);
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
