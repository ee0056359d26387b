// socket.io-client helpers: the transport matrix, connecting with bounded waits, acks as promises.
import { afterEach } from "node:test";
import { io } from "socket.io-client";
import { DEFAULT_TIMEOUT, nextEvent, within } from "./wait.mjs";

/** Every behaviour test runs once per entry. `upgraded` = wait for the polling→websocket upgrade first. */
export const TRANSPORTS = [
  { name: "websocket", options: { transports: ["websocket"] } },
  { name: "polling", options: { transports: ["polling"], upgrade: false } },
  { name: "polling then upgrade", options: { transports: ["polling", "websocket"] }, upgraded: true },
];

const open = new Set();

/** Registers an afterEach() in the calling file that closes every client it opened. */
export function closeClientsAfterEach() {
  afterEach(() => {
    for (const socket of open) socket.disconnect();
    open.clear();
  });
}

/**
 * Creates a client (no reconnection, no shared Manager) without waiting; use `connected()` next.
 * Listeners for events sent right after the connection can be attached before it is established.
 */
export function client(url, transport, options = {}) {
  const socket = io(url, { forceNew: true, reconnection: false, timeout: DEFAULT_TIMEOUT, ...transport.options, ...options });
  open.add(socket);
  return socket;
}

/** Waits for `connect` (rejects on `connect_error`), then for the upgrade when the transport asks for it. */
export async function connected(socket, transport) {
  if (!socket.connected) {
    const result = new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
    });
    await within(result, `connection of ${socket.nsp} over ${transport.name}`);
  }
  if (transport.upgraded) {
    const engine = socket.io.engine;
    if (engine.transport.name !== "websocket") {
      let onError;
      const failed = new Promise((_, reject) => {
        onError = (err) => reject(new Error(`upgrade to websocket failed: ${err.message}`));
        engine.once("upgradeError", onError);
      });
      await Promise.race([nextEvent(engine, "upgrade", "upgrade to websocket"), failed])
        .finally(() => engine.off("upgradeError", onError));
    }
    if (engine.transport.name !== "websocket") throw new Error(`expected websocket, got ${engine.transport.name}`);
  }
  return socket;
}

export async function connect(url, transport, options = {}) {
  return connected(client(url, transport, options), transport);
}

/** Emits `event` with `args` and resolves with the array of ack arguments. */
export function ack(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(DEFAULT_TIMEOUT).emit(event, ...args, (err, ...reply) => {
      if (err) reject(new Error(`no ack for "${event}" within ${DEFAULT_TIMEOUT} ms`));
      else resolve(reply);
    });
  });
}
