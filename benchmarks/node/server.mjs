// Benchmark server: the Node.js `socket.io` reference, with the same handlers as the two Java
// Socket.IO benchmark servers (io-spring-boot and bare netty-socketio).
//
//   node --expose-gc server.mjs --port=N [--recovery=true [--recovery-max-disconnection-ms=N]]
//
// --recovery=true turns on connectionStateRecovery (maxDisconnectionDuration from
// --recovery-max-disconnection-ms, 2 minutes by default; skipMiddlewares), as the io-spring-boot
// server's flags of the same names do.
//
// Contract (default namespace "/"):
//   echo   (payload, ack)  -> ack(payload)
//   join   (room, ack)     -> socket joins room, ack(true)
//   fanout ({room, t, payload})  -> emits "tick" with the same object to every socket in room
//   chat   ({room, ...}, ack)    -> emits "chat" with the same object to the rest of room
//                                   (socket.to(room): not the sender), ack(true)
//   gc     (ack)          -> full garbage collection, ack(true)
//   memory (ack)          -> full garbage collection, ack(process.memoryUsage()) (the driver reads
//                            the JVM servers' heap from outside, with jcmd)
//
// Prints "READY <port>" once listening and exits cleanly on SIGTERM/SIGINT.
import { Server } from "socket.io";

const option = (name) =>
  process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const port = Number(option("port"));
const maxDisconnectionDuration = Number(option("recovery-max-disconnection-ms") ?? 2 * 60 * 1000);
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !(maxDisconnectionDuration > 0)) {
  process.stderr.write(
    "usage: node --expose-gc server.mjs --port=N [--recovery=true [--recovery-max-disconnection-ms=N]]\n",
  );
  process.exit(2);
}
const recovery = option("recovery") === "true";

// new Server(port, ...) creates and starts its own HTTP server on the unspecified address
// (":" + port: dual-stack "::" where IPv6 is available, which also accepts IPv4 as 0.0.0.0 does)
const io = new Server(port, {
  path: "/socket.io",
  transports: ["polling", "websocket"],
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: 1e6,
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  ...(recovery ? { connectionStateRecovery: { maxDisconnectionDuration, skipMiddlewares: true } } : {}),
});

io.on("connection", (socket) => {
  socket.on("echo", (payload, ack) => {
    if (typeof ack === "function") ack(payload);
  });
  socket.on("join", (room, ack) => {
    socket.join(String(room));
    if (typeof ack === "function") ack(true);
  });
  socket.on("fanout", (obj) => {
    if (obj && typeof obj.room === "string") io.to(obj.room).emit("tick", obj);
  });
  socket.on("chat", (msg, ack) => {
    if (msg && typeof msg.room === "string") socket.to(msg.room).emit("chat", msg);
    if (typeof ack === "function") ack(true);
  });
  socket.on("gc", (ack) => {
    if (typeof global.gc === "function") global.gc();
    if (typeof ack === "function") ack(true);
  });
  socket.on("memory", (ack) => {
    if (typeof global.gc === "function") global.gc();
    if (typeof ack === "function") ack(process.memoryUsage());
  });
});

io.httpServer.once("listening", () => process.stdout.write(`READY ${port}\n`));
io.httpServer.once("error", (err) => {
  process.stderr.write(`cannot listen on ${port}: ${err.message}\n`);
  process.exit(1);
});

const stop = () => {
  // io.close() disconnects every client and closes the HTTP server; do not wait forever on it
  setTimeout(() => process.exit(0), 5000).unref();
  io.close(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
