#!/usr/bin/env bash
# The one test command (npm test): installs dependencies, starts the real servers (Kafka, FerretDB,
# Redis) with infra/local/servers.sh unless KAFKA_BROKERS/MONGO_URL/REDIS_URL point elsewhere, then runs
# lint, type checks, the AsyncAPI staleness check, unit, integration and end-to-end tests (with the console's
# browser tests in Debian's Chromium, installed by infra/local/chromium.sh when missing).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
cd "$REPO"

step() { printf '\n=== %s\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
if [ -z "${KAFKA_BROKERS:-}${MONGO_URL:-}${REDIS_URL:-}" ]; then
  step "real servers"
  bash infra/local/servers.sh start
fi
export KAFKAJS_NO_PARTITIONER_WARNING=1
export CARELINK_TEST_RESULTS="$REPO/.data/test-results"
rm -rf "$CARELINK_TEST_RESULTS"
summary() {
  node -e '
    const fs = require("fs"), dir = process.argv[1];
    let p = 0, f = 0, s = 0;
    for (const n of fs.existsSync(dir) ? fs.readdirSync(dir) : []) { const r = JSON.parse(fs.readFileSync(dir + "/" + n)); p += r.passed; f += r.failed; s += r.skipped; }
    console.log(`tests: ${p} passed, ${f} failed` + (s ? `, ${s} skipped` : ""));
  ' "$CARELINK_TEST_RESULTS"
}
trap summary EXIT

# One command per line: under `set -e` a failure on the left of `&&` would not stop the script.
step "lint";        npx turbo run lint --output-logs=errors-only
                    npx eslint infra bench
step "typecheck";   npx turbo run typecheck --output-logs=errors-only
                    npx tsc -p tsconfig.tools.json
step "compose";     bash infra/local/compose-check.sh
step "asyncapi";    npx tsx libs/contracts/scripts/generate-asyncapi.ts --check
step "openapi";     npx tsx --conditions=source infra/local/generate-openapi.ts --check
step "unit tests";  npx turbo run test:unit
step "integration"; npx turbo run test:int --concurrency=1
step "chromium";    bash infra/local/chromium.sh
step "end to end";  npx jest --config infra/jest/e2e.config.js --runInBand
