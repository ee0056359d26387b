// The socket API around handlers (default profile), once per transport: event middleware
// (socket.use), catch-all listeners both ways (onAny, onAnyOutgoing), disconnecting with
// socket.io's reasons, and a dynamic namespace group (io.of(/^\/tenant-\d+$/)).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, ack, client, closeClientsAfterEach, connect, connected } from "../support/client.mjs";
import { nextEvent } from "../support/wait.mjs";

let app;
before(async () => { app = await startApp(); });
after(() => app?.stop());
closeClientsAfterEach();

const url = (namespace) => `${app.url}${namespace}`;

for (const transport of TRANSPORTS) {
  describe(`socket API over ${transport.name}`, () => {
    it("a refused event gets an error event, no ack, and the socket goes on", async () => {
      const socket = await connect(app.url, transport);
      const error = nextEvent(socket, "error");
      await assert.rejects(socket.timeout(500).emitWithAck("private-stuff", 1), /operation has timed out/);
      assert.deepEqual(await error, [{ message: "Event private-stuff is not allowed" }]);
      assert.deepEqual(await ack(socket, "echo", "still here"), ["still here"]);
    });

    it("catch-all listeners see every event, refused ones included, and every event sent", async () => {
      const socket = await connect(app.url, transport);
      await ack(socket, "echo", 1);
      socket.emit("private-x");
      await nextEvent(socket, "error");
      const pong = nextEvent(socket, "pong-you");
      await ack(socket, "ping-me", "p");
      await pong;
      assert.deepEqual(await ack(socket, "my-events"), [["echo", "private-x", "ping-me", "my-events"]]);
      assert.deepEqual(await ack(socket, "my-outgoing"), [["error", "pong-you"]]);
    });

    it("disconnecting still sees the rooms: the room hears 'client namespace disconnect'", async () => {
      const room = `leaving-${transport.name.replaceAll(" ", "-")}`;
      const [stays, leaves] = [await connect(app.url, transport), await connect(app.url, transport)];
      await ack(stays, "join", room);
      await ack(leaves, "join", room);
      const id = leaves.id;
      const leaving = nextEvent(stays, "member-leaving");
      leaves.disconnect();
      assert.deepEqual(await leaving, [{ id, reason: "client namespace disconnect" }]);
    });

    it("a closed connection is a 'transport close' for the room", async () => {
      const room = `closing-${transport.name.replaceAll(" ", "-")}`;
      const [stays, leaves] = [await connect(app.url, transport), await connect(app.url, transport)];
      await ack(stays, "join", room);
      await ack(leaves, "join", room);
      const id = leaves.id;
      const leaving = nextEvent(stays, "member-leaving");
      leaves.io.engine.close();
      assert.deepEqual(await leaving, [{ id, reason: "transport close" }]);
    });

    it("volatile packets: what arrives arrives in order, and the socket keeps working", async () => {
      const socket = await connect(app.url, transport);
      const ticks = [];
      socket.on("tick", (i) => ticks.push(i));
      assert.deepEqual(await ack(socket, "volatile-burst", 50), [50]);
      assert.deepEqual(await ack(socket, "echo", "after"), ["after"]);
      assert.ok(ticks.length <= 50, `at most 50 ticks, got ${ticks.length}`);
      assert.deepEqual(ticks, [...ticks].sort((a, b) => a - b), "in order");
      if (transport.name === "polling") {
        // a polling transport takes a volatile packet only while a GET waits (one per GET, and
        // the client asks again only once it read the answer): a burst loses most of its packets
        assert.ok(ticks.length < 50, `polling drops volatile packets while no GET waits, got ${ticks.length}`);
      }
    });

    it("a dynamic namespace group serves each namespace it matches", async () => {
      const t42 = await connect(url("/tenant-42"), transport);
      assert.deepEqual(await ack(t42, "where"), [{ namespace: "/tenant-42", group: "tenants" }]);
      const t7 = await connect(url("/tenant-7"), transport);
      assert.deepEqual(await ack(t7, "where"), [{ namespace: "/tenant-7", group: "tenants" }]);
    });

    it("a namespace outside every group is refused with Invalid namespace", async () => {
      const socket = client(url("/tenant-abc"), transport);
      await assert.rejects(connected(socket, transport), /connect_error: Invalid namespace/);
    });
  });
}
