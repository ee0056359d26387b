// Reference implementation of the sample-app contract on the Node.js `socket.io` 4.8 server.
// Used to check that the e2e tests themselves are right (E2E_TARGET=node) and as a benchmark baseline.
//
//   node reference-server.mjs                                        default profile: socket 9092, REST 8080
//   node reference-server.mjs --spring.profiles.active=conformance   socket 3000 (socket.io-protocol test suite), REST 8081
//   node reference-server.mjs --spring.profiles.active=msgpack       default profile with socket.io-msgpack-parser
//
// --server.port=N and --io.socket.server-options.port=N move the ports, as in the Spring Boot app, and the
// compression properties below configure the same compression; other `--name=value` arguments are ignored.
import http from "node:http";
import { instrument } from "@socket.io/admin-ui";
import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";

const args = new Map(
  process.argv.slice(2)
    .filter((a) => a.startsWith("--") && a.includes("="))
    .map((a) => [a.slice(2, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]),
);
const profiles = (args.get("spring.profiles.active") ?? "").split(",").map((p) => p.trim());
const conformance = profiles.includes("conformance");
// like application-msgpack.yml: io.socket.server-options.parser=msgpack
const msgpack = profiles.includes("msgpack") || args.get("io.socket.server-options.parser") === "msgpack";
// like application-recovery.yml: connection state recovery, 30 s; POST /api/broadcast
const recovery = profiles.includes("recovery");
// like application-admin-ui.yml: @socket.io/admin-ui's instrument() on /admin, development mode,
// user admin / admin-pass (the same bcrypt hash)
const adminUi = profiles.includes("admin-ui");

const log = (line) => process.stdout.write(line + "\n");

const config = conformance
  ? { port: 3000, httpPort: 8081, pingInterval: 300, pingTimeout: 200, connectTimeout: 1000, cors: { origin: "*" } }
  : { port: 9092, httpPort: 8080, pingInterval: 25000, pingTimeout: 20000, connectTimeout: 45000 };
// the same property names as the Spring Boot app
const port = Number(args.get("io.socket.server-options.port") ?? config.port);
const httpPort = Number(args.get("server.port") ?? config.httpPort);

// Compression, from the same properties as the Spring Boot app (defaults: Node's, which are the app's):
//   --io.socket.server-options.per-message-deflate.enabled=true  (.threshold=N bytes, default 1024)
//   --io.socket.server-options.http-compression.enabled=false    (.threshold=N bytes, default 1024)
// The app always answers permessage-deflate with server_no_context_takeover and leaves messages under
// the threshold uncompressed; `ws` applies the threshold only without context takeover, hence the option.
const option = (name) => args.get(`io.socket.server-options.${name}`);
const perMessageDeflate = option("per-message-deflate.enabled") === "true"
  ? { threshold: Number(option("per-message-deflate.threshold") ?? 1024), serverNoContextTakeover: true }
  : false;
const httpCompression = option("http-compression.enabled") === "false"
  ? false
  : { threshold: Number(option("http-compression.threshold") ?? 1024) };

// The sample's BlockedClientFilter (an IoRequestFilter bean): no session for a request with X-Blocked: 1
const BLOCKED_MESSAGE = "Blocked by the X-Blocked header";
const allowRequest = (req, callback) =>
  req.headers["x-blocked"] === "1" ? callback(BLOCKED_MESSAGE, false) : callback(null, true);

const io = new Server(port, {
  path: "/socket.io",
  pingInterval: config.pingInterval,
  pingTimeout: config.pingTimeout,
  connectTimeout: config.connectTimeout,
  maxHttpBufferSize: 1_000_000,
  perMessageDeflate,
  httpCompression,
  allowRequest,
  ...(config.cors ? { cors: config.cors } : {}),
  ...(msgpack ? { parser: msgpackParser } : {}),
  ...(recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 30_000, skipMiddlewares: true } } : {}),
});

if (adminUi) {
  instrument(io, {
    namespaceName: "/admin",
    mode: "development",
    auth: { type: "basic", username: "admin", password: "$2a$10$.86GuYEqbzm3vo0dVehIROAfEPQWn95UT0F05rd7tBRdc5nPmVHbW" },
    ...(args.get("io.admin-ui.server-id") ? { serverId: args.get("io.admin-ui.server-id") } : {}),
  });
}

// --- in-memory "database" and REST endpoint -------------------------------------------------
const users = new Map([[1, "alice"], [2, "bob"], [3, "carol"]]);

const rest = http.createServer((req, res) => {
  const match = /^\/api\/users\/(\d+)$/.exec(req.url ?? "");
  const send = (status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (recovery && req.method === "POST" && req.url === "/api/broadcast") {
    // the sample's BroadcastController: {room, event, data} to the room (a socket id is a room too)
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      const { room, event, data } = JSON.parse(body || "{}");
      if (!room || !event) return send(400, { error: "room and event are required" });
      io.to(room).emit(event, data ?? null);
      send(200, { sent: true });
    });
    return;
  }
  if (req.method !== "GET" || !match) return send(404, { error: "Not found" });
  const id = Number(match[1]);
  if (!users.has(id)) return send(404, { error: `User ${id} not found` });
  send(200, { id, name: users.get(id) });
});
rest.listen(httpPort);

// --- handlers ---------------------------------------------------------------------------------
// The Java server runs the handlers of one socket one after the other on a worker thread, so a
// blocking handler delays later events of the same socket but not other sockets. Node has one
// thread, so the same semantics are reproduced with a per-socket promise queue.
function perSocketQueue(socket) {
  let queue = Promise.resolve();
  return (event, handler) =>
    socket.on(event, (...received) => {
      const ack = typeof received.at(-1) === "function" ? received.pop() : () => {};
      queue = queue.then(async () => {
        try {
          const reply = await handler(...received);
          ack(...reply);
        } catch (err) {
          ack({ error: err.message });
        }
      });
    });
}

function sampleHandlers(socket) {
  const handle = perSocketQueue(socket);
  handle("custom-event-name", (x, y) => {
    log(`[io] hello from custom event location ${x} ${y}`);
    return [{ x, y }];
  });
  handle("update-user-name", (id, name) => {
    if (!users.has(id)) return [{ error: `User ${id} not found` }];
    users.set(id, name);
    return [{ id, name }];
  });
  handle("echo", (...values) => values);
  handle("boom", () => {
    throw new Error("boom");
  });
  handle("slow", (ms) => new Promise((resolve) => setTimeout(() => resolve(["slow-done"]), ms)));
  handle("ping-me", (...values) => {
    socket.emit("pong-you", ...values);
    return [true];
  });
  // the handler model: async acks, errors the client may or may not read, no ack at all
  const later = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
  handle("async-echo", (...values) => later(50, [values]));
  handle("mono-echo", (x) => later(20, [x]));
  handle("who-am-i-param", () => [{ name: null, roles: ["public"] }]);
  handle("editor-only", () => [{ error: "Forbidden" }]);
  handle("create-profile", (profile) => {
    const details = [];
    if (typeof profile?.name !== "string" || profile.name.trim() === "") details.push({ field: "name", message: "must not be blank" });
    if (profile?.age != null && !(profile.age >= 0 && profile.age <= 150)) details.push({ field: "age", message: "must be between 0 and 150" });
    return details.length ? [{ error: "Invalid payload", details }] : [{ ok: true, name: profile.name }];
  });
  handle("fail-internal", () => {
    log("[io] fail-internal: jdbc:secret-host password=hunter2");
    return [{ error: "Internal server error" }];
  });
  handle("fail-public", () => {
    throw new Error("Nope");
  });
  handle("fail-handled", () => [{ error: "handled", code: 42 }]);
  // rooms, as the sample's RoomEvents (every profile)
  handle("join", (room) => {
    if (typeof room !== "string" || room.startsWith("io-")) throw new Error("Room names starting with 'io-' are reserved");
    socket.join(room);
    return [true];
  });
  handle("leave", (room) => {
    if (typeof room !== "string" || room.startsWith("io-")) throw new Error("Room names starting with 'io-' are reserved");
    socket.leave(room);
    return [true];
  });
  handle("say", (room, msg) => {
    io.to(room).emit("said", { room, msg: msg ?? null, node: "node-1" });
    return [true];
  });
  // the server asks: one socket with a 2 s timeout, then a room with the caller's timeout
  handle("ask-me", () => new Promise((resolve) => {
    socket.timeout(2000).emit("question", (err, answer) => resolve([err ? { error: "timeout" } : answer ?? null]));
  }));
  handle("poll-room", (room, timeoutMs) => {
    if (typeof room !== "string" || !(timeoutMs >= 1 && timeoutMs <= 10_000)) {
      throw new Error("room is required and timeoutMs must be between 1 and 10000");
    }
    return new Promise((resolve) => {
      io.to(room).timeout(timeoutMs).emit("vote?", (err, responses) => resolve([responses]));
    });
  });
  // a listener that never calls its callback: no ack packet at all
  socket.on("no-ack", () => {});
  // like the Java handler, a job waits behind the socket's earlier events, then announces its start
  handle("work", ({ id, ms } = {}) => {
    if (!(ms >= 0 && ms <= 10_000)) throw new Error("ms must be between 0 and 10000");
    socket.emit("work-accepted", id);
    return new Promise((resolve) => setTimeout(() => resolve([{ id, done: true }]), ms));
  });
}

function whoami(socket) {
  socket.on("whoami", (ack) => ack?.({
    id: socket.id, address: socket.handshake.address, clientVersion: socket.data.clientVersion ?? null,
    user: null, roles: ["public"],
  }));
}

function conformanceHandlers(socket) {
  socket.emit("auth", socket.handshake.auth);
  socket.on("message", (...values) => socket.emit("message-back", ...values));
  socket.on("message-with-ack", (...values) => {
    if (typeof values.at(-1) === "function") values.pop()(...values);
  });
}

// like the sample's ClientInfoMiddleware: keeps the client's version (auth.clientVersion or the
// X-Client-Version header) in socket.data, refuses versions older than 1.0.0
const MINIMUM_CLIENT_VERSION = "1.0.0";
const parseVersion = (text) => {
  const core = String(text).trim().split("-")[0];
  const parts = core.split(".");
  return core.length <= 32 && parts.every((p) => /^[0-9]{1,6}$/.test(p)) ? parts.map(Number) : null;
};
const olderThan = (a, b) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
};
io.use((socket, next) => {
  const version = socket.handshake.auth?.clientVersion ?? socket.handshake.headers["x-client-version"];
  if (version == null) {
    socket.data.clientVersion = "unknown";
    return next();
  }
  const parsed = parseVersion(version);
  const refuse = (message) => next(Object.assign(new Error(message),
    { data: { minimumVersion: MINIMUM_CLIENT_VERSION, clientVersion: String(version) } }));
  if (!parsed) return refuse("Invalid client version");
  if (olderThan(parsed, parseVersion(MINIMUM_CLIENT_VERSION))) {
    return refuse(`Client version ${version} is no longer supported, please update`);
  }
  socket.data.clientVersion = String(version);
  next();
});

// the socket API around handlers, as the sample's SocketApiEvents
function socketApi(socket) {
  const incoming = [];
  const outgoing = [];
  socket.use(([event], next) => (event.startsWith("private-") ? next(new Error(`Event ${event} is not allowed`)) : next()));
  // socket.io emits a refusal on the server-side socket; the starter sends it to the client
  socket.on("error", (err) => socket.emit("error", { message: err.message }));
  socket.onAny((event) => incoming.push(event));
  socket.onAnyOutgoing((event) => outgoing.push(event));
  socket.on("my-events", (ack) => ack?.([...incoming]));
  socket.on("my-outgoing", (ack) => ack?.([...outgoing]));
  socket.on("volatile-burst", (count, ack) => {
    if (!(count >= 1 && count <= 1000)) return ack?.({ error: "count must be between 1 and 1000" });
    for (let i = 0; i < count; i++) socket.volatile.emit("tick", i);
    ack?.(count);
  });
  socket.on("disconnecting", (reason) => {
    for (const room of socket.rooms) {
      if (room !== socket.id) socket.to(room).emit("member-leaving", { id: socket.id, reason });
    }
  });
}

io.of(/^\/tenant-\d+$/).on("connection", (socket) => {
  socket.on("where", (ack) => ack?.({ namespace: socket.nsp.name, group: "tenants" }));
});

io.on("connection", (socket) => {
  log(`[io] a new client with id ${socket.id} has connected`);
  socketApi(socket);
  sampleHandlers(socket);
  whoami(socket);
  if (conformance) conformanceHandlers(socket);
});
if (conformance) io.of("/custom").on("connection", conformanceHandlers);

log("[io] init hook called");
log(`[io] reference server listening: socket.io on ${port}, REST on ${httpPort}` +
  (conformance ? " (profile conformance)" : "") + (msgpack ? " (msgpack parser)" : ""));

const shutdown = () => {
  io.close();
  rest.close();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
