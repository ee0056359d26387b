// Correctness check of a benchmark Socket.IO server with the real `socket.io-client`, to hold the
// Java load driver's results against.
//
//   node check-client.mjs --url=http://127.0.0.1:PORT --room=R --ticks=N
//
// Connects over websocket only, checks that `echo` acks {"a":1,"s":"x"} back unchanged and that
// `join` R acks true, prints "JOINED", then waits for N `tick` events (someone else sends the
// `fanout`s) and prints one JSON line {"echo": <ack>, "ticks": [<tick objects>...]}. Exit 0 on
// success; exit 1 with a message on stderr on a mismatch, an error or after 20 s.
import { isDeepStrictEqual } from "node:util";
import { io } from "socket.io-client";

const args = new Map(
  process.argv.slice(2)
    .filter((a) => a.startsWith("--") && a.includes("="))
    .map((a) => [a.slice(2, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]),
);
const url = args.get("url");
const room = args.get("room");
const wanted = Number(args.get("ticks"));
if (!url || room === undefined || !Number.isInteger(wanted) || wanted < 0) {
  process.stderr.write("usage: node check-client.mjs --url=http://127.0.0.1:PORT --room=R --ticks=N\n");
  process.exit(2);
}

const TIMEOUT_MS = 20_000;
const socket = io(url, { transports: ["websocket"], reconnection: false, timeout: TIMEOUT_MS });

function fail(message) {
  process.stderr.write(`check-client: ${message}\n`);
  socket.off("disconnect");
  socket.close();
  process.exit(1);
}

const ticks = [];
const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS} ms (${ticks.length}/${wanted} ticks)`), TIMEOUT_MS);
socket.on("connect_error", (err) => fail(`connect_error: ${err.message}`));
socket.on("disconnect", (reason) => fail(`disconnected: ${reason}`));

// listen before joining, so that no tick sent right after the join ack is missed
let allTicks;
const gotAllTicks = new Promise((resolve) => { allTicks = resolve; });
socket.on("tick", (...tickArgs) => {
  if (tickArgs.length !== 1) fail(`tick with ${tickArgs.length} arguments: ${JSON.stringify(tickArgs)}`);
  ticks.push(tickArgs[0]);
  if (ticks.length >= wanted) allTicks();
});

try {
  const payload = { a: 1, s: "x" };
  const echo = await socket.timeout(TIMEOUT_MS).emitWithAck("echo", payload);
  if (!isDeepStrictEqual(echo, payload)) fail(`echo acked ${JSON.stringify(echo)}, expected ${JSON.stringify(payload)}`);

  const joined = await socket.timeout(TIMEOUT_MS).emitWithAck("join", room);
  if (joined !== true) fail(`join acked ${JSON.stringify(joined)}, expected true`);
  process.stdout.write("JOINED\n");

  if (wanted === 0) allTicks();
  await gotAllTicks;
  clearTimeout(timer);
  socket.off("disconnect");
  process.stdout.write(JSON.stringify({ echo, ticks }) + "\n");
  socket.close();
  process.exit(0);
} catch (err) {
  fail(err?.message ?? String(err));
}
