// How handlers run: a throwing handler, a blocking handler, per-socket ordering.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";

let app;
before(async () => { app = await startApp(); });
after(() => app?.stop());
closeClientsAfterEach();

/** Records the order in which the given promises settle, by label. */
function recordOrder() {
  const order = [];
  const track = (label, promise) => promise.then((value) => { order.push(label); return value; });
  return { order, track };
}

for (const transport of TRANSPORTS) {
  describe(`handlers over ${transport.name}`, () => {
    it("boom acks {error: 'boom'}; the socket and other clients keep working", async () => {
      const [socket, other] = await Promise.all([connect(app.url, transport), connect(app.url, transport)]);
      const disconnects = [];
      socket.on("disconnect", (reason) => disconnects.push(`socket: ${reason}`));
      other.on("disconnect", (reason) => disconnects.push(`other: ${reason}`));

      assert.deepEqual(await ack(socket, "boom", 1, "two"), [{ error: "boom" }]);
      assert.deepEqual(await ack(socket, "boom"), [{ error: "boom" }], "boom without args");
      assert.deepEqual(await ack(socket, "echo", "after boom"), ["after boom"]);
      assert.deepEqual(await ack(other, "echo", "other"), ["other"]);
      assert.deepEqual(disconnects, []);
      assert.ok(socket.connected && other.connected);
    });

    it("a blocked handler does not delay another socket's events", async () => {
      const [blocked, other] = await Promise.all([connect(app.url, transport), connect(app.url, transport)]);
      const { order, track } = recordOrder();
      const slow = track("slow", ack(blocked, "slow", 1500));
      // The first round trip on `other` starts after `slow` was sent, so by the second one the
      // server has surely read `slow`; both must still be answered before `slow` is.
      await track("other 1", ack(other, "echo", 1));
      await track("other 2", ack(other, "echo", 2));
      assert.deepEqual(await slow, ["slow-done"]);
      assert.deepEqual(order, ["other 1", "other 2", "slow"]);
    });

    it("events of one socket are handled in the order they were sent", async () => {
      const socket = await connect(app.url, transport);
      const { order, track } = recordOrder();
      const acks = [
        track("slow", ack(socket, "slow", 300)),
        track("echo", ack(socket, "echo", 1)),
        track("custom-event-name", ack(socket, "custom-event-name", 0.5, 0.25)),
      ];
      assert.deepEqual(await Promise.all(acks), [["slow-done"], [1], [{ x: 0.5, y: 0.25 }]]);
      assert.deepEqual(order, ["slow", "echo", "custom-event-name"]);
    });
  });
}
