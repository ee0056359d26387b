// Socket.IO v5 packets over the wire (conformance profile), with raw websocket and polling clients,
// plus the handshake auth as a socket.io-client sees it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { TRANSPORTS, client, closeClientsAfterEach, connected } from "../support/client.mjs";
import { Polling, RawWs, closeRawAfterEach } from "../support/raw.mjs";
import { nextEvent } from "../support/wait.mjs";

const CONNECT_TIMEOUT = 1000;

let app;
before(async () => { app = await startApp({ profile: "conformance" }); });
after(() => app?.stop());
closeRawAfterEach();
closeClientsAfterEach();

/** Raw Engine.IO sessions with the same interface: send(...frames), next(), take(), waitClosed(). */
const RAW = [
  { name: "websocket", open: async () => (await RawWs.open(app.url))[0] },
  { name: "polling", open: async () => (await Polling.open(app.url))[0].startPolling() },
];

const placeholders = (n) => Array.from({ length: n }, (_, num) => `{"_placeholder":true,"num":${num}}`).join(",");

/** Sends frames that may make the server close the session: a refused POST is fine too. */
const sendMayClose = async (session, ...frames) => {
  try { await session.send(...frames); } catch { /* the server may refuse it outright */ }
};

/** Sends a CONNECT for `nsp` and checks the answer and the auth event; returns the Socket.IO sid. */
async function join(session, nsp = "/", auth = undefined) {
  const prefix = nsp === "/" ? "" : `${nsp},`;
  await session.send(`40${prefix}${auth === undefined ? "" : JSON.stringify(auth)}`);
  const answer = await session.next(`CONNECT answer for ${nsp}`);
  assert.ok(answer.startsWith(`40${prefix}{`), `expected 40${prefix}{...}, got ${answer}`);
  const { sid } = JSON.parse(answer.slice(2 + prefix.length));
  assert.equal(typeof sid, "string");
  const authEvent = await session.next(`auth event for ${nsp}`);
  assert.ok(authEvent.startsWith(`42${prefix}[`), authEvent);
  assert.deepEqual(JSON.parse(authEvent.slice(2 + prefix.length)), ["auth", auth ?? {}]);
  return sid;
}

for (const transport of RAW) {
  describe(`Socket.IO packets over raw ${transport.name}`, () => {
    it("CONNECT to / is answered with 40{sid}, then the auth event", async () => {
      await join(await transport.open());
    });

    it("the CONNECT payload (arrays inside included) is the handshake auth", async () => {
      await join(await transport.open(), "/", { token: "123", list: [1, 2, { a: [3] }], nested: { deep: [[]] } });
    });

    it("CONNECT to /custom, with and without a payload", async () => {
      const session = await transport.open();
      const sidCustom = await join(session, "/custom");
      const sidMain = await join(session, "/", { token: "abc" });
      assert.notEqual(sidCustom, sidMain);
      await join(await transport.open(), "/custom", { token: "abc" });
    });

    it("CONNECT to an unknown namespace gets 44 Invalid namespace; the connection stays usable", async () => {
      const session = await transport.open();
      await session.send("40/random");
      const error = await session.next("CONNECT_ERROR");
      assert.ok(error.startsWith("44/random,"), error);
      assert.deepEqual(JSON.parse(error.slice("44/random,".length)), { message: "Invalid namespace" });
      await join(session);
    });

    it("without a CONNECT nothing but pings arrives, and the server closes after connect-timeout", async () => {
      const session = await transport.open();
      await session.waitClosed("the connect timeout to close the session", CONNECT_TIMEOUT + 3000);
      // polling sees the close packet "1" as the last frame; websocket is simply closed
      const frames = session.received.filter((f) => f !== "1" && !f.startsWith("0{"));
      assert.ok(frames.every((f) => f === "2"), `only pings expected, got ${JSON.stringify(session.received)}`);
    });

    it("an event sent before CONNECT is not delivered: the server closes the connection", async () => {
      const session = await transport.open();
      await sendMayClose(session, '42["message","too early"]');
      await session.waitClosed("the server to close after an event before CONNECT");
      assert.ok(!session.received.some((f) => typeof f === "string" && f.includes("message-back")), JSON.stringify(session.received));
    });

    it("41 leaves / but keeps the connection: a new CONNECT gives a new sid", async () => {
      const session = await transport.open();
      const first = await join(session);
      await session.send("41");
      await session.nextPing("a ping after the DISCONNECT");
      const second = await join(session);
      assert.notEqual(first, second);
    });

    it("41/custom leaves /custom; / keeps working", async () => {
      const session = await transport.open();
      await join(session);
      await join(session, "/custom");
      await session.send("41/custom", '42["message","to main"]');
      assert.equal(await session.next(), '42["message-back","to main"]');
      await join(session, "/custom");
    });

    it("event with several args of every JSON type", async () => {
      const session = await transport.open();
      await join(session);
      await session.send('42["message",1,"2",{"3":[true]},null,-1.5,[],"é☃🚀"]');
      assert.equal(await session.next(), '42["message-back",1,"2",{"3":[true]},null,-1.5,[],"é☃🚀"]');
    });

    it("event with an ack id is acked with 43<id>", async () => {
      const session = await transport.open();
      await join(session);
      await session.send('42456["message-with-ack",1,"2",{"3":[false]}]');
      assert.equal(await session.next(), '43456[1,"2",{"3":[false]}]');
    });

    it("binary event (45x-) comes back with its attachments", async () => {
      const session = await transport.open();
      await join(session);
      await session.send(`452-["message",${placeholders(2)}]`, Buffer.from([1, 2, 3]), Buffer.from([4, 5, 6]));
      assert.deepEqual(await session.take(3), [
        `452-["message-back",${placeholders(2)}]`,
        Buffer.from([1, 2, 3]),
        Buffer.from([4, 5, 6]),
      ]);
    });

    it("binary event with an ack is acked with a binary ack (46x-)", async () => {
      const session = await transport.open();
      await join(session);
      await session.send(`452-789["message-with-ack",${placeholders(2)}]`, Buffer.from([1, 2, 3]), Buffer.from([4, 5, 6]));
      assert.deepEqual(await session.take(3), [
        `462-789[${placeholders(2)}]`,
        Buffer.from([1, 2, 3]),
        Buffer.from([4, 5, 6]),
      ]);
    });

    it("events, acks and binary on /custom carry the namespace", async () => {
      const session = await transport.open();
      await join(session, "/custom");
      await session.send('42/custom,["message","x"]', '42/custom,12["message-with-ack","y"]');
      assert.deepEqual(await session.take(2), ['42/custom,["message-back","x"]', '43/custom,12["y"]']);
      await session.send(`451-/custom,["message",${placeholders(1)}]`, Buffer.from([7]));
      assert.deepEqual(await session.take(2), [`451-/custom,["message-back",${placeholders(1)}]`, Buffer.from([7])]);
    });

    for (const invalid of ["4abc", "42{}", '42abc["message-with-ack",1,"2",{"3":[false]}]', "42[]", '42["message"']) {
      it(`invalid packet ${invalid} closes the connection`, async () => {
        const session = await transport.open();
        await join(session);
        await sendMayClose(session, invalid);
        await session.waitClosed(`the server to close after ${invalid}`);
      });
    }

    it("an invalid CONNECT (4abc as the first packet) closes the connection", async () => {
      const session = await transport.open();
      await sendMayClose(session, "4abc");
      await session.waitClosed("the server to close after 4abc");
    });
  });
}

for (const transport of TRANSPORTS) {
  describe(`handshake auth seen by socket.io-client over ${transport.name}`, () => {
    const authOf = async (url, options) => {
      const socket = client(url, transport, options);
      const auth = nextEvent(socket, "auth");
      await connected(socket, transport);
      return (await auth)[0];
    };

    it("auth with nested arrays comes back unchanged in the auth event", async () => {
      const auth = { token: "t", list: [1, 2, { a: [3] }], flag: false, none: null };
      assert.deepEqual(await authOf(app.url, { auth }), auth);
    });

    it("no auth gives {}", async () => {
      assert.deepEqual(await authOf(app.url), {});
    });

    it("auth on /custom", async () => {
      assert.deepEqual(await authOf(`${app.url}/custom`, { auth: { ns: "custom", ids: [[1], [2]] } }), { ns: "custom", ids: [[1], [2]] });
    });

    it("message → message-back and message-with-ack, binary included", async () => {
      const socket = client(app.url, transport);
      await connected(socket, transport);
      const args = ["text", 1, { buf: Buffer.from([1, 2]) }, [Buffer.from("x")]];
      const back = nextEvent(socket, "message-back");
      socket.emit("message", ...args);
      assert.deepEqual(await back, args);
      const acked = await socket.timeout(5000).emitWithAck("message-with-ack", Buffer.from([9]));
      assert.deepEqual(acked, Buffer.from([9]));
    });
  });
}
