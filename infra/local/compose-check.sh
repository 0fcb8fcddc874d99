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
fail() { echo "[compose-check] $*" >&2; exit 1; }

# The compose file has no fallback secrets: without an .env it must refuse to render.
if env -i PATH="$PATH" HOME="$HOME" docker compose --env-file /dev/null config -q >/dev/null 2>&1; then
  fail "docker-compose.yml renders without secrets; every secret must be required (\${KEY:?…})"
fi

# A throwaway .env: every key .env.example lists, with a random value. Rendering with it fails when the compose
# file requires a key the example does not list.
env_file="$(mktemp)"
trap 'rm -f "$env_file"' EXIT
sed -n 's/^\([A-Z0-9_]*\)=.*/\1/p' .env.example | while read -r key; do
  printf '%s=%s\n' "$key" "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
done >"$env_file"
docker compose --env-file "$env_file" config -q
docker compose --env-file "$env_file" --profile scale config -q

# Published ports: on 127.0.0.1 only, and none for Kafka, MongoDB or Redis.
docker compose --env-file "$env_file" --profile scale config --format json | node -e '
  const { services } = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const wrong = [];
  for (const [name, s] of Object.entries(services))
    for (const p of s.ports ?? []) {
      if (/^(kafka|mongo|redis)/.test(name)) wrong.push(`${name} publishes ${p.published}`);
      else if (p.host_ip !== "127.0.0.1") wrong.push(`${name} publishes ${p.published} on ${p.host_ip ?? "every address"}`);
    }
  if (wrong.length) { console.error(`[compose-check] ${wrong.join("; ")}`); process.exit(1); }
'
echo "[compose-check] docker-compose.yml is valid, with and without --profile scale, requires its secrets and publishes on 127.0.0.1 only ($(docker compose version --short 2>/dev/null || echo compose))" >&2
