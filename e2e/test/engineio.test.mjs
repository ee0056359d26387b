// Engine.IO v4 over the wire (conformance profile: port 3000, ping 300/200 ms), with raw clients.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp } from "../support/app.mjs";
import { Polling, RawWs, closeRawAfterEach } from "../support/raw.mjs";
import { within } from "../support/wait.mjs";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const OPEN_KEYS = ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"];

let app;
let base;
before(async () => {
  app = await startApp({ profile: "conformance" });
  base = app.url;
});
after(() => app?.stop());
closeRawAfterEach();

const eio = (query) => `${base}/socket.io/?${query}`;

async function assertError(res, code, message) {
  const body = await res.text();
  assert.equal(res.status, 400, `status for ${res.url}: ${body}`);
  assert.deepEqual(JSON.parse(body), { code, message });
}

/** GETs until `count` non-ping frames arrived (pings are answered). */
async function collect(polling, count) {
  const frames = [];
  while (frames.length < count) {
    const { status, body, frames: got } = await polling.get(`${count} frames over polling`);
    assert.equal(status, 200, body);
    for (const frame of got) {
      if (frame === "2") await polling.send("3");
      else frames.push(frame);
    }
  }
  return frames;
}

/** Opens a polling session joined to the main namespace ("40" → "40{sid}", auth event). */
async function pollingSession() {
  const [polling, open] = await Polling.open(base);
  await polling.send("40");
  const [connect, auth] = await collect(polling, 2);
  assert.match(connect, /^40\{/);
  assert.equal(auth, '42["auth",{}]');
  return [polling, open];
}

describe("handshake", () => {
  it("over polling: open packet with sid, upgrades, ping settings and maxPayload", async () => {
    const res = await fetch(eio("EIO=4&transport=polling"));
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.equal(body[0], "0", body);
    const open = JSON.parse(body.slice(1));
    assert.deepEqual(Object.keys(open).sort(), OPEN_KEYS);
    assert.equal(typeof open.sid, "string");
    assert.deepEqual(open.upgrades, ["websocket"]);
    assert.equal(open.pingInterval, PING_INTERVAL);
    assert.equal(open.pingTimeout, PING_TIMEOUT);
    assert.equal(open.maxPayload, 1000000);
  });

  it("over websocket: open packet offers no upgrades", async () => {
    const [, open] = await RawWs.open(base);
    assert.deepEqual(Object.keys(open).sort(), OPEN_KEYS);
    assert.deepEqual(open.upgrades, []);
    assert.equal(open.pingInterval, PING_INTERVAL);
    assert.equal(open.pingTimeout, PING_TIMEOUT);
    assert.equal(open.maxPayload, 1000000);
  });

  it("every session gets its own sid", async () => {
    const [[, a], [, b], [, c]] = await Promise.all([Polling.open(base), Polling.open(base), RawWs.open(base)]);
    assert.equal(new Set([a.sid, b.sid, c.sid]).size, 3);
  });
});

describe("bad requests get HTTP 400 and a JSON error", () => {
  const cases = [
    ["no EIO", "GET", "transport=polling", 5, "Unsupported protocol version"],
    ["EIO=3", "GET", "EIO=3&transport=polling", 5, "Unsupported protocol version"],
    ["EIO=abc", "GET", "EIO=abc&transport=polling", 5, "Unsupported protocol version"],
    ["no transport", "GET", "EIO=4", 0, "Transport unknown"],
    ["unknown transport", "GET", "EIO=4&transport=abc", 0, "Transport unknown"],
    ["PUT handshake", "PUT", "EIO=4&transport=polling", 2, "Bad handshake method"],
    ["POST handshake", "POST", "EIO=4&transport=polling", 2, "Bad handshake method"],
    ["websocket transport without upgrade", "GET", "EIO=4&transport=websocket", 3, "Bad request"],
    ["GET with unknown sid", "GET", "EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown"],
    ["POST with unknown sid", "POST", "EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown"],
  ];
  for (const [label, method, query, code, message] of cases) {
    it(`${label} → ${code} ${message}`, async () => {
      const body = method === "GET" ? undefined : "40";
      await assertError(await fetch(eio(query), { method, body }), code, message);
    });
  }

  for (const [label, query] of [
    ["EIO=3", { EIO: "3" }],
    ["EIO=abc", { EIO: "abc" }],
    ["unknown transport", { transport: "abc" }],
    ["unknown sid", { sid: "unknown" }],
  ]) {
    it(`websocket with ${label} never gets an open packet`, async () => {
      const ws = new RawWs(base, { query });
      await ws.waitClosed(`the server to refuse a websocket with ${label}`);
      assert.deepEqual(ws.received, []);
    });
  }
});

describe("long-polling", () => {
  it("POST answers 'ok'; several \\x1e-separated packets in one POST are all handled, in order", async () => {
    const [polling] = await pollingSession();
    const res = await polling.post('42["message","a"]', '42["message",2,{"b":[true]}]', '421["message-with-ack","c"]');
    assert.deepEqual(res, { status: 200, body: "ok" });
    assert.deepEqual(await collect(polling, 3), [
      '42["message-back","a"]',
      '42["message-back",2,{"b":[true]}]',
      '431["c"]',
    ]);
  });

  it("connecting two namespaces in one POST: each gets its connect answer, then its auth event", async () => {
    const [polling] = await Polling.open(base);
    await polling.send("40", "40/custom,");
    const frames = await collect(polling, 4);
    const isCustom = (f) => /^4\d\/custom,/.test(f);
    const [main, custom] = [frames.filter((f) => !isCustom(f)), frames.filter(isCustom)];
    assert.equal(main.length, 2, frames.join(" | "));
    assert.match(main[0], /^40\{"sid":"[^"]+"/);
    assert.equal(main[1], '42["auth",{}]');
    assert.match(custom[0], /^40\/custom,\{"sid":"[^"]+"/);
    assert.equal(custom[1], '42/custom,["auth",{}]');
  });

  it("binary packets travel as 'b' + base64, both ways", async () => {
    const [polling] = await pollingSession();
    await polling.send('451-["message",{"_placeholder":true,"num":0}]', Buffer.from([1, 2, 3]));
    const [header, attachment] = await collect(polling, 2);
    assert.equal(header, '451-["message-back",{"_placeholder":true,"num":0}]');
    assert.deepEqual(attachment, Buffer.from([1, 2, 3]));

    // the raw payload itself: text packet, separator, "b" + base64
    await polling.send('452-7["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      Buffer.from([4, 5, 6]), Buffer.from([255, 0]));
    const packets = [];
    while (packets.length < 3) {
      const got = await polling.get("binary ack payload");
      assert.equal(got.status, 200);
      if (got.frames.includes("2")) await polling.send("3");
      packets.push(...got.body.split("\x1e").filter((p) => p !== "2"));
    }
    assert.deepEqual(packets, [
      '462-7[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      "bBAUG",
      "b/wA=",
    ]);
  });

  it("a close packet ends the session: the pending GET gets a noop, later requests get 400", async () => {
    const [polling] = await pollingSession();
    const pending = polling.get("the pending GET to be released");
    assert.deepEqual(await polling.post("1"), { status: 200, body: "ok" });
    const released = await pending;
    assert.equal(released.status, 200);
    assert.deepEqual(released.frames, ["6"]);
    await assertError(await fetch(polling.url), 1, "Session ID unknown");
  });
});

describe("heartbeat", () => {
  it("websocket: the server pings, pongs keep the session alive", async () => {
    const [ws] = await RawWs.open(base, { autoPong: false });
    ws.send("40");
    await ws.take(2, "connect answer and auth");
    for (let i = 0; i < 3; i++) {
      assert.equal(await ws.next(`ping #${i + 1}`), "2");
      ws.send("3");
    }
    ws.send('42["message","alive"]');
    assert.equal(await ws.next(), '42["message-back","alive"]');
  });

  it("websocket: without a pong the server closes the connection", async () => {
    const [ws] = await RawWs.open(base, { autoPong: false });
    ws.send("40");
    await ws.take(2, "connect answer and auth");
    assert.equal(await ws.next("a ping"), "2");
    await ws.waitClosed("close after ping timeout", PING_INTERVAL + PING_TIMEOUT + 2000);
  });

  it("polling: the server pings, pongs keep the session alive", async () => {
    const [polling] = await pollingSession();
    for (let i = 0; i < 3; i++) {
      const { status, frames } = await polling.get(`ping #${i + 1}`);
      assert.equal(status, 200);
      assert.deepEqual(frames, ["2"]);
      await polling.send("3");
    }
    await polling.send('42["message","alive"]');
    assert.deepEqual(await collect(polling, 1), ['42["message-back","alive"]']);
  });

  it("polling: without a pong the session is closed", async () => {
    const [polling] = await pollingSession();
    const { frames } = await polling.get("a ping");
    assert.deepEqual(frames, ["2"]);
    // the pending GET is released with a close packet (or refused); after that the sid is unknown
    const released = await polling.get("the session to close", PING_TIMEOUT + 2000);
    if (released.status === 200) assert.deepEqual(released.frames, ["1"]);
    await assertError(await fetch(polling.url), 1, "Session ID unknown");
  });
});

describe("upgrade from polling to websocket", () => {
  it("probe, noop for the pending GET, upgrade; the session goes on over websocket", async () => {
    const [polling, open] = await pollingSession();
    const ws = new RawWs(base, { query: { sid: open.sid } });
    await within(ws.opened, "upgrade websocket to open");
    const pending = polling.get("the pending GET to be released with a noop");
    ws.send("2probe");
    assert.equal(await ws.next("3probe"), "3probe");
    // the pending GET is released with a noop (a ping may come first: answer it and poll again)
    let released = await pending;
    while (released.status === 200 && released.frames.every((f) => f === "2")) {
      await polling.send("3");
      released = await polling.get("a GET to be released with a noop");
    }
    assert.equal(released.status, 200);
    assert.deepEqual(released.frames, ["6"]);
    ws.send("5", '42["message","upgraded"]');
    assert.equal(await ws.next(), '42["message-back","upgraded"]');
    const res = await polling.get("a GET after the upgrade");
    assert.equal(res.status, 400, "polling with the upgraded sid must be refused");
  });

  it("a GET that arrives after the probe is released with a noop too", async () => {
    // socket.io-client pauses polling before sending "5": it waits for its GET, which may reach the
    // server after the probe. Without a noop it only ends with the next ping (25 s by default).
    const [polling, open] = await pollingSession();
    const ws = new RawWs(base, { query: { sid: open.sid } });
    await within(ws.opened, "upgrade websocket to open");
    ws.send("2probe");
    assert.equal(await ws.next("3probe"), "3probe");
    const released = async () => {
      for (;;) {
        const { status, frames } = await polling.get("a GET during the upgrade");
        assert.equal(status, 200);
        if (!frames.every((f) => f === "2")) return frames;
        await polling.send("3");
      }
    };
    assert.deepEqual(await within(released(), "a noop for a GET sent after the probe", 2000), ["6"]);
    ws.send("5", '42["message","upgraded"]');
    assert.equal(await ws.next(), '42["message-back","upgraded"]');
  });

  it("a second websocket with the same sid after the upgrade gets nothing and is closed", async () => {
    const [, open] = await pollingSession();
    const ws = new RawWs(base, { query: { sid: open.sid } });
    await within(ws.opened, "upgrade websocket to open");
    ws.send("2probe");
    assert.equal(await ws.next(), "3probe");
    ws.send("5", '42["message","upgraded"]');
    assert.equal(await ws.next(), '42["message-back","upgraded"]');

    const second = new RawWs(base, { query: { sid: open.sid } });
    await second.waitClosed("the second websocket to be closed");
    assert.deepEqual(second.received, []);
  });
});

describe("CORS with origin *", () => {
  const origin = "http://evil.example";

  it("a polling request from any origin gets Access-Control-Allow-Origin: *", async () => {
    const res = await fetch(eio("EIO=4&transport=polling"), { headers: { Origin: origin } });
    await res.text();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.notEqual(res.headers.get("access-control-allow-credentials"), "true");
  });

  it("a preflight from any origin is allowed, without credentials for a reflected origin", async () => {
    const res = await fetch(eio("EIO=4&transport=polling"), {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
    });
    await res.text();
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.notEqual(res.headers.get("access-control-allow-credentials"), "true");
  });
});
