// A Java node whose clients use socket.io-msgpack-parser (io.socket.server-options.parser=msgpack)
// in a Redis cluster with a Java node and a Node redis-adapter peer whose clients use the default
// parser: the adapter carries decoded values, so broadcasts cross between the parsers, binary
// included. With E2E_TARGET=node the two "Java" nodes are Node peers (the msgpack one with
// socket.io-msgpack-parser).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import msgpackParser from "socket.io-msgpack-parser";
import { TRANSPORTS, ack, closeClientsAfterEach, connect } from "../support/client.mjs";
import {
  nodePorts, postJson, recorder, redisAvailable, REDIS_URL, runEmitter, startCluster, startJavaNode,
  startNodePeer, uniqueKey, uniqueRoom,
} from "../support/redis.mjs";

const available = await redisAvailable();
const TRANSPORTS_UNDER_TEST = TRANSPORTS.filter((t) => t.name === "websocket" || t.name === "polling");

describe("a msgpack Java node in a cluster of default-parser nodes", { skip: !available && `no Redis at ${REDIS_URL}` }, () => {
  const key = uniqueKey("e2e-msgpack");
  let java1;
  let msgpackNode;
  let peer;

  before(async () => {
    const peerPorts = nodePorts(3);
    [java1, msgpackNode, peer] = await startCluster(key, [
      () => startJavaNode({ index: 1, key }),
      () => startJavaNode({ index: 2, key, args: ["--io.socket.server-options.parser=msgpack"] }),
      () => startNodePeer({ port: peerPorts.socketPort, httpPort: peerPorts.httpPort, key, node: "node-peer" }),
    ]);
  });
  after(() => Promise.all([java1?.stop(), msgpackNode?.stop(), peer?.stop()]));
  closeClientsAfterEach();

  const said = (room) => (payload) => payload?.room === room;

  for (const transport of TRANSPORTS_UNDER_TEST) {
    describe(`over ${transport.name}`, () => {
      const open = (node, name, options = {}) => connect(node.url, transport, { auth: { name }, ...options });
      const openMsgpack = (name) => open(msgpackNode, name, { parser: msgpackParser });

      it("say with a Buffer on the Java node reaches the msgpack client on the other node, in place", async () => {
        const room = uniqueRoom();
        const [sender, member] = await Promise.all([open(java1, "sender"), openMsgpack("member")]);
        await Promise.all([ack(sender, "join", room), ack(member, "join", room)]);
        const memberSaid = recorder(member, "said");
        const msg = { text: "hé ✓", image: Buffer.from([0, 1, 2, 254, 255]), n: [1, -1, 1.5, null] };
        assert.deepEqual(await ack(sender, "say", room, msg), [true]);
        assert.deepEqual(await memberSaid.until(said(room), "said from java-1"), [{ room, msg, node: "java-1" }]);
      });

      it("broadcasts of the Node peer and of the redis-emitter reach the msgpack client, binary in place", async () => {
        const room = uniqueRoom();
        const member = await openMsgpack("member");
        assert.deepEqual(await ack(member, "join", room), [true]);
        const fromPeer = recorder(member, "from-peer");
        const data = { from: "peer", list: [1, -1, 1.5, null, "é"] };
        await postJson(`${peer.httpUrl}/broadcast`, { room, event: "from-peer", data });
        assert.deepEqual(await fromPeer.until(), [data]);
        const emitted = recorder(member, "emitted");
        const binary = Buffer.from("binary from the emitter");
        await runEmitter({ key, room, event: "emitted", data: { from: "emitter" }, binary });
        assert.deepEqual(await emitted.until(), [{ from: "emitter" }, binary]);
      });

      it("say with a Buffer from the msgpack client reaches default-parser clients on the Java node and the Node peer", async () => {
        const room = uniqueRoom();
        const [sender, javaMember, peerMember] = await Promise.all([
          openMsgpack("sender"), open(java1, "java-member"), open(peer, "peer-member"),
        ]);
        await Promise.all([ack(sender, "join", room), ack(javaMember, "join", room), ack(peerMember, "join", room)]);
        const [javaSaid, peerSaid] = [javaMember, peerMember].map((s) => recorder(s, "said"));
        const msg = [Buffer.from([9, 8, 7]), { nested: Buffer.alloc(0) }];
        assert.deepEqual(await ack(sender, "say", room, msg), [true]);
        const expected = [{ room, msg, node: "java-2" }];
        assert.deepEqual(await javaSaid.until(said(room), "said on java-1"), expected);
        assert.deepEqual(await peerSaid.until(said(room), "said on the Node peer"), expected);
      });
    });
  }
});
