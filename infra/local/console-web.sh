#!/usr/bin/env bash
# Builds the staff console's browser app (services/console/web → web/dist, `vite build`) when web/dist is missing
# or older than any of its sources; otherwise does nothing. The one place this is decided: `npm run platform`
# (infra/local/platform.sh) and the browser tests (infra/e2e/platform.ts) both run it. Builds wait for each
# other (flock), so two at once never write web/dist together. Exits non-zero when the build fails.
#
#   bash infra/local/console-web.sh [log file]     # vite's output goes to the log file (default: stderr)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WEB="$REPO/services/console/web"
DIST="$WEB/dist/index.html"
LOG="${1:-/dev/stderr}"

[ -f "$WEB/index.html" ] || { echo "[carelink] console web app not found ($WEB)" >&2; exit 1; }

# True when a file under web/ (outside dist and node_modules) is newer than the built page.
stale() {
  [ ! -f "$DIST" ] ||
    [ -n "$(find "$WEB" \( -path "$WEB/dist" -o -name node_modules \) -prune -o -type f -newer "$DIST" -print -quit)" ]
}

stale || exit 0
mkdir -p "$REPO/.data"
exec 9>"$REPO/.data/console-web.lock"
flock 9
# Another build may have finished while this one waited.
stale || exit 0
echo "[carelink] building the staff console's web app (vite build services/console/web)" >&2
cd "$REPO"
started="$(mktemp)"
trap 'rm -f "$started"' EXIT
if ! npx vite build services/console/web >>"$LOG" 2>&1; then
  echo "[carelink] the console's web app did not build (see $LOG)" >&2
  exit 1
fi
# The build is as new as the sources when it began: one changed while vite ran is newer, and builds next time.
touch -r "$started" "$DIST"
