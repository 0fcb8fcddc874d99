#!/usr/bin/env bash
# Builds the staff console's browser app (services/console/web, `vite build`) into web/dist, or into the folder
# given with --out, when that folder's index.html is missing or older than any source under web/; otherwise does
# nothing. The one place this is decided: `npm run platform` (infra/local/platform.sh) builds web/dist, which the
# console serves by default; the browser tests (infra/e2e/platform.ts) build a folder of their own (in the system's
# temporary folder), so that a rebuild of web/dist (someone working on the screens) never pulls the files from under
# a test run.
# Builds on this machine wait for each other (flock). Always a production build, made in a folder beside the
# target and swapped in only when it succeeded: a failed build leaves the last good one served. Exits non-zero
# when it fails.
#
#   bash infra/local/console-web.sh [--out DIR] [LOG]     # vite's output goes to LOG (default: stderr)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WEB="$REPO/services/console/web"
OUT="$WEB/dist"
if [ "${1:-}" = --out ]; then
  OUT="$(mkdir -p "$2" && cd "$2" && pwd)"
  shift 2
fi
LOG="${1:-/dev/stderr}"
PAGE="$OUT/index.html"

[ -f "$WEB/index.html" ] || { echo "[carelink] console web app not found ($WEB)" >&2; exit 1; }

# True when a source under web/ (outside dist and node_modules) is newer than the built page.
stale() {
  [ ! -f "$PAGE" ] ||
    [ -n "$(find "$WEB" \( -path "$WEB/dist" -o -path "$WEB/.dist.*" -o -name node_modules \) -prune -o -type f \
      -newer "$PAGE" -print -quit)" ]
}

stale || exit 0
mkdir -p "$REPO/.data"
exec 9>"$REPO/.data/console-web.lock"
flock 9
# Another build may have finished while this one waited.
stale || exit 0
echo "[carelink] building the staff console's web app into $OUT (vite build)" >&2
cd "$REPO"
started="$(mktemp)"
NEXT="$(dirname "$OUT")/.$(basename "$OUT").next"
OLD="$(dirname "$OUT")/.$(basename "$OUT").old"
trap 'rm -rf "$started" "$NEXT" "$OLD"' EXIT
rm -rf "$NEXT" "$OLD"
# A production build whatever the caller's NODE_ENV (jest sets it to `test`, which would build React's and Ant
# Design's development code).
# A folder of the caller's own does not need vite's lock against other builds of the project (someone building
# web/dist at the same time): only web/dist is shared.
bypass=()
[ "$OUT" = "$WEB/dist" ] || bypass=(--bypass-lock)
if ! NODE_ENV=production npx vite build services/console/web --outDir "$NEXT" --emptyOutDir "${bypass[@]}" >>"$LOG" 2>&1; then
  echo "[carelink] the console's web app did not build (see $LOG)" >&2
  exit 1
fi
# The build is as new as the sources when it began: one changed while vite ran is newer, and builds next time.
touch -r "$started" "$NEXT/index.html"
[ ! -e "$OUT" ] || mv "$OUT" "$OLD"
mv "$NEXT" "$OUT"
