// Emits one event through @socket.io/redis-emitter 5.1.0 (publish only: no server involved), then exits 0.
//
//   node redis/emit.mjs --key socket.io --room room1 --event hello --data '{"a":1}'
//
// Options (`--name value` or `--name=value`):
//   --event       event name (required)
//   --data        one JSON argument (omit for no argument)
//   --binary      base64 bytes, sent as one more argument (a Buffer), after --data
//   --room        target rooms, comma-separated (omit for the whole namespace)
//   --except      excluded rooms, comma-separated
//   --nsp         namespace (default /)
//   --key         key prefix (default socket.io)
//   --redis-url   default redis://127.0.0.1:6379
// Exits 1 with a message on stderr on failure.
import { Emitter } from "@socket.io/redis-emitter";
import { createClient } from "redis";
import { parseArgs } from "./args.mjs";

const args = parseArgs(process.argv.slice(2));
const event = args.get("event");
if (!event) {
  process.stderr.write("emit.mjs: --event is required\n");
  process.exit(2);
}
const payload = [];
if (args.has("data")) payload.push(JSON.parse(args.get("data")));
if (args.has("binary")) payload.push(Buffer.from(args.get("binary"), "base64"));
const list = (name) => (args.get(name) ?? "").split(",").filter(Boolean);
const rooms = list("room");
const except = list("except");

const client = createClient({ url: args.get("redis-url") ?? "redis://127.0.0.1:6379" });
try {
  await client.connect();
  let target = new Emitter(client, { key: args.get("key") ?? "socket.io" }, args.get("nsp") ?? "/");
  if (rooms.length) target = target.to(rooms);
  if (except.length) target = target.except(except);
  target.emit(event, ...payload);
  // the emitter does not wait for PUBLISH: a round trip on the same connection does
  await client.ping();
  await client.quit();
  process.exit(0);
} catch (err) {
  process.stderr.write(`emit.mjs: ${err.stack ?? err}\n`);
  process.exit(1);
}
