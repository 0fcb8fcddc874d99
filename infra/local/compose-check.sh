#!/usr/bin/env bash
# Validates docker-compose.yml with `docker compose config -q`. Where the docker client has no compose
# plugin (this machine kind has the client only), builds the Compose v2 CLI plugin from its Go module
# through the Go module proxy, once, cached under $CARELINK_CACHE, and installs it for the current user.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${CARELINK_CACHE:-$HOME/.cache/carelink}"
COMPOSE_VERSION="${COMPOSE_VERSION:-v2.32.4}"

if ! command -v docker >/dev/null 2>&1; then
  echo "[compose-check] no docker client on this machine; skipped" >&2
  exit 0
fi
if ! docker compose version >/dev/null 2>&1; then
  command -v go >/dev/null || { echo "[compose-check] docker compose is missing and Go is not installed to build it" >&2; exit 1; }
  bin="$CACHE/compose-$COMPOSE_VERSION/docker-compose"
  if [ ! -x "$bin" ]; then
    echo "[compose-check] building the docker compose plugin $COMPOSE_VERSION from its Go module (once)" >&2
    mkdir -p "$(dirname "$bin")"
    (cd "$(dirname "$bin")" && GOFLAGS=-mod=mod GOBIN="$(dirname "$bin")/gobin" go install "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION")
    mv "$(dirname "$bin")/gobin/cmd" "$bin"
  fi
  mkdir -p "$HOME/.docker/cli-plugins"
  ln -sf "$bin" "$HOME/.docker/cli-plugins/docker-compose"
fi
cd "$REPO"
docker compose config -q
docker compose --profile scale config -q
echo "[compose-check] docker-compose.yml is valid, with and without --profile scale ($(docker compose version --short 2>/dev/null || echo compose))" >&2
