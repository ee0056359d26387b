// Bounded waiting: every await in the suite goes through here, so a missing event fails with a
// message naming what was expected instead of hanging the run.

export const DEFAULT_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 5000);

/** Resolves/rejects like `promise`, or rejects after `ms` with "timed out after ms waiting for <what>". */
export function within(promise, what, ms = DEFAULT_TIMEOUT) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for one `event` on an EventEmitter-like object (`on`/`off`), resolving with its arguments. */
export function nextEvent(emitter, event, what = `"${event}"`, ms = DEFAULT_TIMEOUT) {
  let listener;
  const fired = new Promise((resolve) => {
    listener = (...args) => resolve(args);
    emitter.on(event, listener);
  });
  return within(fired, what, ms).finally(() => emitter.off(event, listener));
}

/** Resolves after `ms`: only for the server start-up poll loop, never to order test events. */
export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
