#!/usr/bin/env bash
# Runs the official socket.io-protocol test suite (its test-suite/ directory, not vendored here)
# against whatever listens on localhost:3000, e.g. the sample app with --spring.profiles.active=conformance.
#
#   conformance/run.sh [--stable] /path/to/socket.io-protocol/test-suite
#
# Prints "N passed, M failed" and the titles of the failing tests; exits 1 when a test failed.
#
# --stable: the published suite awaits one WebSocket message at a time with a fresh listener, and its
# ws client emits all messages of one TCP read synchronously, so when the server's "40{sid}" and
# "auth" packets arrive together the second one is missed and the test fails or times out, whatever
# the server does (this happens with the Node socket.io server too). --stable makes the suite's
# WebSocket deliver one message per event-loop turn (ws's allowSynchronousEvents: false, with the ws
# of this e2e directory). The assertions are untouched.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
stable=false
if [[ "${1:-}" == "--stable" ]]; then stable=true; shift; fi
suite="${1:?usage: $0 [--stable] /path/to/socket.io-protocol/test-suite}"
[[ -f "$suite/test-suite.js" && -f "$suite/package.json" ]] || { echo "no test-suite.js/package.json in $suite" >&2; exit 2; }

node -e '
  fetch("http://localhost:3000/socket.io/?EIO=4&transport=polling")
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
' || { echo "nothing answers a Socket.IO handshake on localhost:3000: start the server first" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$suite/." "$work/"
cd "$work"
rm -rf node_modules
if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund --loglevel=error >&2; else npm install --no-audit --no-fund --loglevel=error >&2; fi

if $stable; then
  [[ -f "$here/node_modules/ws/wrapper.mjs" ]] || { echo "--stable needs the e2e dependencies: run npm ci in $here" >&2; exit 2; }
  cat >>node-imports.js <<SHIM

// added by conformance/run.sh --stable: one WebSocket message per event-loop turn
const { WebSocket: DeferringWebSocket } = await import("$here/node_modules/ws/wrapper.mjs");
globalThis.WebSocket = class extends DeferringWebSocket {
  constructor(address, protocols, options) {
    super(address, protocols, { ...options, allowSynchronousEvents: false });
  }
};
SHIM
fi

# The JSON report goes to a file so that anything the tests print cannot corrupt it.
npx mocha --reporter json --reporter-option "output=$work/report.json" test-suite.js >/dev/null 2>&1 || true
[[ -s report.json ]] || { echo "mocha produced no report" >&2; exit 2; }

node -e '
  const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const f of report.failures) console.log(`FAILED: ${f.fullTitle}\n    ${(f.err.message || "").split("\n")[0]}`);
  console.log(`conformance: ${report.stats.passes} passed, ${report.stats.failures} failed`);
  process.exit(report.stats.failures > 0 ? 1 : 0);
' "$work/report.json"
