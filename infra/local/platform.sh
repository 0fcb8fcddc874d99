#!/usr/bin/env bash
# Starts the whole carelink platform on this machine: installs dependencies, starts Kafka, FerretDB and
# Redis (infra/local/servers.sh), builds the staff console's web app when its sources changed, starts the six
# services, the bots and the staff console as background processes, waits until each is ready, seeds the demo
# region and the console's demo accounts, and prints the console's address and those accounts. Idempotent:
# running it again starts only what is not running.
#
#   bash infra/local/platform.sh start     # or: npm run platform
#   bash infra/local/platform.sh stop      # services, then servers
#   bash infra/local/platform.sh status
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DATA="${CARELINK_DATA:-$REPO/.data}"
RUN="$DATA/run"
LOGS="$DATA/logs"
SERVICES=(intake assessment referral provider-scheduling settlement complaints ivr telegram console)
declare -A PORTS=([intake]=4101 [assessment]=4102 [referral]=4103 [provider-scheduling]=4104 [settlement]=4105 [complaints]=4106 [ivr]=4201 [telegram]=4202 [console]=4300)
# Workspaces outside services/ (the channel adapters under bots/).
declare -A DIRS=([ivr]=bots [telegram]=bots)
# The resident chat bot (bots/telegram). Without TELEGRAM_BOT_TOKEN it runs in local mode: it starts a
# Telegram Bot API emulator on BOT_LOCAL_TELEGRAM_PORT and `npm run chat -w @carelink/telegram-bot` talks to it.
BOT_LOCAL_TELEGRAM_PORT="${BOT_LOCAL_TELEGRAM_PORT:-4203}"
# One machine: the services and the demo seed take the development defaults of the secrets (token
# keys, PERSON_DATA_KEY, …), which they refuse in any other mode. Set CARELINK_ENV=production and every secret to run
# this script with your own.
export CARELINK_ENV="${CARELINK_ENV:-local}"

say() { printf '[carelink] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

need_node() {
  command -v node >/dev/null || die "Node.js 20 is required (Debian: apt-get install -y nodejs npm, or nodesource)."
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js >= 20 is required, found $(node --version)"
}

# The CJK font a person file's PDF embeds (assessment's export answers 503 font_missing without it): Debian's
# fonts-noto-cjk, installed when missing and apt-get can (as root or with sudo); otherwise a warning, and the
# rest of the platform starts.
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
ensure_cjk_font() {
  [ -f "$CJK_FONT" ] && return 0
  # shellcheck source=infra/local/debian-packages.sh
  . "$HERE/debian-packages.sh"
  debian_install fonts-noto-cjk || say "WARNING: without fonts-noto-cjk, exporting a person file answers 503 font_missing"
}

install_deps() {
  cd "$REPO"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund >/dev/null
  fi
}

svc_pid_alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start_service() {
  local s="$1"
  if svc_pid_alive "$s"; then say "$s already running (pid $(cat "$RUN/$s.pid"))"; return; fi
  mkdir -p "$RUN" "$LOGS"
  cd "$REPO"
  # A simple command in the background, so that $! is the node process itself (not a subshell).
  local local_telegram=0
  if [ "$s" = telegram ] && [ -z "${TELEGRAM_BOT_TOKEN:-}" ]; then local_telegram="$BOT_LOCAL_TELEGRAM_PORT"; fi
  PORT="${PORTS[$s]}" LOCAL_TELEGRAM_PORT="$local_telegram" KAFKAJS_NO_PARTITIONER_WARNING=1 nohup node \
    --conditions=source --import tsx "${DIRS[$s]:-services}/$s/src/start.ts" >>"$LOGS/$s.log" 2>&1 &
  echo $! >"$RUN/$s.pid"
  say "started $s on 127.0.0.1:${PORTS[$s]} (log $LOGS/$s.log)"
}

# The staff console's browser app (services/console/web), built into web/dist when missing or older than any of
# its sources. A failed build does not stop the platform: the console then answers 503 saying how to build it.
build_console_web() {
  mkdir -p "$LOGS"
  if ! bash "$HERE/console-web.sh" "$LOGS/console-web.log"; then
    say "WARNING: the console's web app did not build (see $LOGS/console-web.log): its pages answer 503 until it does"
  fi
}

wait_ready() {
  local s="$1" i
  for ((i = 0; i < 240; i++)); do
    if curl -fsS "http://127.0.0.1:${PORTS[$s]}/readyz" >/dev/null 2>&1; then return 0; fi
    svc_pid_alive "$s" || die "$s exited; see $LOGS/$s.log"
    sleep 0.5
  done
  die "$s not ready after 120s; see $LOGS/$s.log"
}

cmd_start() {
  need_node
  command -v curl >/dev/null || die "curl is required (apt-get install -y curl)"
  install_deps
  ensure_cjk_font
  bash "$HERE/servers.sh" start
  build_console_web
  for s in "${SERVICES[@]}"; do start_service "$s"; done
  for s in "${SERVICES[@]}"; do wait_ready "$s"; done
  (cd "$REPO" && node --conditions=source --import tsx infra/local/seed-demo.ts)
  if [ -z "${TELEGRAM_BOT_TOKEN:-}" ]; then
    say "chat bot in local mode: chat with it by running: npm run chat -w @carelink/telegram-bot"
  fi
  if [ "$CARELINK_ENV" = local ]; then
    (cd "$REPO" && node --conditions=source --import tsx services/console/src/entry-points/cli/seed-demo-accounts.ts)
  fi
  say "staff console (工作台): http://127.0.0.1:${PORTS[console]}/  (sign in with a demo account above)"
  say "carelink is up. Stop with: bash infra/local/platform.sh stop"
}

cmd_stop() {
  local s
  for s in "${SERVICES[@]}"; do
    if svc_pid_alive "$s"; then
      say "stopping $s"
      kill -TERM "$(cat "$RUN/$s.pid")" 2>/dev/null || true
    fi
  done
  for s in "${SERVICES[@]}"; do
    local i
    for ((i = 0; i < 80; i++)); do svc_pid_alive "$s" || break; sleep 0.25; done
    svc_pid_alive "$s" && kill -KILL "$(cat "$RUN/$s.pid")" 2>/dev/null || true
    rm -f "$RUN/$s.pid"
  done
  bash "$HERE/servers.sh" stop
}

cmd_status() {
  local s
  for s in "${SERVICES[@]}"; do
    if svc_pid_alive "$s"; then echo "$s running on :${PORTS[$s]} (pid $(cat "$RUN/$s.pid"))"; else echo "$s stopped"; fi
  done
  bash "$HERE/servers.sh" status
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
