#!/usr/bin/env bash
# carelink local servers without Docker: Apache Kafka (KRaft, from Maven Central, on the JDK),
# FerretDB v1 (built from its Go module) on PostgreSQL (Debian package, a private cluster) and Redis
# (Debian package).
#
#   infra/local/servers.sh install   # idempotent; downloads are cached under $CARELINK_CACHE
#   infra/local/servers.sh start     # installs if needed, starts what is not running, waits until healthy
#   infra/local/servers.sh stop      # stops all three
#   infra/local/servers.sh status    # one line per server
#   infra/local/servers.sh reset     # stops and deletes runtime data (not the cached downloads)
#
# Environment (all optional):
#   CARELINK_CACHE   downloads and built binaries  (default ~/.cache/carelink)
#   CARELINK_DATA    runtime data, pids and logs   (default <repo>/.data)
#   KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 MONGO_PORT=27017 REDIS_PORT=6379 POSTGRES_PORT=5432
#   KAFKA_VERSION=3.9.1 FERRETDB_VERSION=v1.24.2
#   FERRETDB_BACKEND=postgresql (default) | sqlite   sqlite keeps everything in one folder of files, but scans
#                    whole collections for any filter other than _id and fails writes under load (SQLITE_BUSY)
#   POSTGRES_SHARED_BUFFERS=256MB  FERRETDB_PG_POOL=40   tuning for a small machine
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${CARELINK_CACHE:-$HOME/.cache/carelink}"
DATA="${CARELINK_DATA:-$REPO/.data}"
LOGS="$DATA/logs"
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"
POSTGRES_PORT="${POSTGRES_PORT:-5432}"
FERRETDB_BACKEND="${FERRETDB_BACKEND:-postgresql}"
POSTGRES_SHARED_BUFFERS="${POSTGRES_SHARED_BUFFERS:-256MB}"
FERRETDB_PG_POOL="${FERRETDB_PG_POOL:-40}"

KAFKA_HOME="$CACHE/kafka-$KAFKA_VERSION"
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"

say() { printf '[carelink-servers] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

need() {
  local cmd="$1" hint="$2"
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is missing. $hint"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Installs Debian packages. The installs run side by side (cmd_install), and two apt-get runs at once fail on
# dpkg's lock: so one at a time, under a lock file.
apt_install() {
  need apt-get "Install $* from your distribution."
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  mkdir -p "$CACHE"
  (
    flock 9
    say "installing $* from Debian's packages"
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
  ) 9>"$CACHE/apt.lock"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # name seconds command...
  local name="$1" secs="$2"; shift 2
  local i
  for ((i = 0; i < secs * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  die "$name did not become healthy within ${secs}s; see $LOGS/$name.log"
}

# ---------------------------------------------------------------- Kafka
install_kafka() {
  if [ -f "$KAFKA_HOME/.complete" ]; then return 0; fi
  need java "Install a JDK 17+ (Debian: apt-get install -y openjdk-17-jdk-headless)."
  need mvn "Install Maven (Debian: apt-get install -y maven)."
  say "assembling Kafka $KAFKA_VERSION from Maven Central into $KAFKA_HOME"
  mkdir -p "$KAFKA_HOME"
  sed "s/@KAFKA_VERSION@/$KAFKA_VERSION/" "$HERE/kafka/pom.xml" >"$KAFKA_HOME/pom.xml"
  (cd "$KAFKA_HOME" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/lib") || die "Maven could not fetch Kafka $KAFKA_VERSION"
  ls "$KAFKA_HOME/lib" | grep -q "^kafka_2.13-$KAFKA_VERSION.jar$" || die "kafka_2.13-$KAFKA_VERSION.jar missing after Maven"
  touch "$KAFKA_HOME/.complete"
}

kafka_java() {
  java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" \
    -Dkafka.logs.dir="$LOGS" \
    -cp "$KAFKA_HOME/lib/*" "$@"
}

start_kafka() {
  local dir="$DATA/kafka" pidf="$DATA/kafka.pid"
  if pid_alive "$pidf"; then say "kafka already running (pid $(cat "$pidf"))"; return 0; fi
  if port_open "$KAFKA_PORT"; then die "port $KAFKA_PORT is taken by another process; set KAFKA_PORT"; fi
  mkdir -p "$dir/log" "$LOGS"
  sed -e "s#@LOG_DIRS@#$dir/log#" -e "s/@PORT@/$KAFKA_PORT/g" -e "s/@CONTROLLER_PORT@/$KAFKA_CONTROLLER_PORT/g" \
    "$HERE/kafka/server.properties" >"$dir/server.properties"
  if [ ! -f "$dir/log/meta.properties" ]; then
    local cluster_id
    cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log" | tail -n 1)"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" --ignore-formatted \
      >>"$LOGS/kafka.log" 2>&1 || die "formatting Kafka storage failed; see $LOGS/kafka.log"
  fi
  say "starting kafka on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" -Dkafka.logs.dir="$LOGS" \
    -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$dir/server.properties" >>"$LOGS/kafka.log" 2>&1 &
  echo $! >"$pidf"
}

kafka_ready() {
  port_open "$KAFKA_PORT" && grep -q "Kafka Server started\|\[KafkaRaftServer nodeId=1\] Kafka Server started" "$LOGS/kafka.log"
}

# ---------------------------------------------------------------- FerretDB
install_ferretdb() {
  if [ -x "$FERRETDB_BIN" ]; then return 0; fi
  need go "Install Go 1.22+ (Debian: apt-get install -y golang)."
  # A plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@VERSION` builds a binary that panics at
  # start: the module ships without build/version/version.txt, which FerretDB's release tooling generates.
  # So: download the module through the Go module proxy, add version.txt, and build from that copy.
  local out src build
  out="$(dirname "$FERRETDB_BIN")"
  say "building FerretDB $FERRETDB_VERSION (pure-Go SQLite) into $out"
  mkdir -p "$out"
  src="$(cd "$out" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || die "go mod download of FerretDB failed"
  [ -d "$src" ] || die "go mod download of FerretDB gave no source folder"
  build="$out/src"
  rm -rf "$build" && cp -r "$src" "$build" && chmod -R u+w "$build"
  echo "$FERRETDB_VERSION" >"$build/build/version/version.txt"
  echo "go-module" >"$build/build/version/package.txt"
  (cd "$build" && CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) || die "building FerretDB failed"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build"
}

start_ferretdb() {
  local dir="$DATA/ferretdb" pidf="$DATA/ferretdb.pid"
  if pid_alive "$pidf"; then say "ferretdb already running (pid $(cat "$pidf"))"; return 0; fi
  if port_open "$MONGO_PORT"; then die "port $MONGO_PORT is taken by another process; set MONGO_PORT"; fi
  mkdir -p "$dir/state" "$LOGS"
  local backend=()
  case "$FERRETDB_BACKEND" in
    postgresql)
      backend=(--handler=postgresql
        "--postgresql-url=postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb?pool_max_conns=$FERRETDB_PG_POOL") ;;
    sqlite)
      mkdir -p "$dir/sqlite"
      backend=(--handler=sqlite "--sqlite-url=file:$dir/sqlite/") ;;
    *) die "FERRETDB_BACKEND must be postgresql or sqlite, not '$FERRETDB_BACKEND'" ;;
  esac
  say "starting ferretdb ($FERRETDB_BACKEND) on 127.0.0.1:$MONGO_PORT"
  nohup "$FERRETDB_BIN" "${backend[@]}" \
    --listen-addr="127.0.0.1:$MONGO_PORT" --state-dir="$dir/state" --debug-addr=- \
    --telemetry=disable --log-level=warn >>"$LOGS/ferretdb.log" 2>&1 &
  echo $! >"$pidf"
}

# ---------------------------------------------------------------- PostgreSQL (FerretDB's backend)
pg_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")"
}

install_postgres() {
  [ "$FERRETDB_BACKEND" = postgresql ] || return 0
  if [ -n "$(pg_bindir)" ]; then return 0; fi
  apt_install postgresql
  [ -n "$(pg_bindir)" ] || die "postgresql is installed but initdb was not found"
}

# The cluster lives under the data folder, owned by the postgres user when the scripts run as root; where
# that user cannot reach the data folder (a parent closed to others, such as /root), under
# /var/lib/carelink/<hash of the data folder> instead.
pg_dir() {
  mkdir -p "$DATA"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
    echo "/var/lib/carelink/$(printf '%s' "$DATA" | sha1sum | cut -c1-12)/postgres"
  else
    echo "$DATA/postgres"
  fi
}
PG_DIR="$(pg_dir)"
PG_LOG="$PG_DIR/postgres.log"

# PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' user (the Debian package
# creates it); as anyone else, to that user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() { [ -f "$PG_DIR/cluster/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DIR/cluster" status >/dev/null 2>&1; }

pg_ready() { as_pg "$(pg_bindir)/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -Atqc 'select 1' 2>/dev/null | grep -q 1; }

start_postgres() {
  [ "$FERRETDB_BACKEND" = postgresql ] || return 0
  local bin; bin="$(pg_bindir)"
  if pg_running; then say "postgresql already running"; return 0; fi
  if port_open "$POSTGRES_PORT"; then die "port $POSTGRES_PORT is taken by another process; set POSTGRES_PORT"; fi
  mkdir -p "$PG_DIR" "$LOGS"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "the 'postgres' user is missing (apt-get install -y postgresql creates it)"
    chown postgres "$PG_DIR"
    runuser -u postgres -- test -w "$PG_DIR" ||
      die "the postgres user cannot write $PG_DIR (a parent folder is closed to it); set CARELINK_DATA to an open folder"
  fi
  ln -sf "$PG_LOG" "$LOGS/postgres.log"
  if [ ! -f "$PG_DIR/cluster/PG_VERSION" ]; then
    say "creating a private PostgreSQL cluster in $PG_DIR/cluster"
    as_pg "$bin/initdb" -D "$PG_DIR/cluster" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
      as_pg "$bin/initdb" -D "$PG_DIR/cluster" -A trust -U postgres -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 ||
      die "initdb failed; see $PG_DIR/initdb.log"
  fi
  touch "$PG_LOG"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_LOG"; fi
  say "starting postgresql on 127.0.0.1:$POSTGRES_PORT"
  # Settings on the command line, so a cluster made by an older version of this script gets them too.
  # Tuned for a small machine; durability stays on (fsync and synchronous_commit keep their defaults), so
  # nothing FerretDB acknowledged is lost when the machine stops. plan_cache_mode: FerretDB sends the field
  # name of a filter as a bind parameter (`_jsonb->$1 @> $2`); only a custom plan sees the constant and can
  # use an index on `_jsonb->'field'` (the generic plan PostgreSQL switches to after five runs scans the table).
  local settings=(-p "$POSTGRES_PORT" -c listen_addresses=127.0.0.1 "-c unix_socket_directories=''"
    -c max_connections=200 -c "shared_buffers=$POSTGRES_SHARED_BUFFERS" -c effective_cache_size=1GB
    -c work_mem=8MB -c maintenance_work_mem=64MB -c wal_buffers=16MB -c max_wal_size=1GB
    -c checkpoint_timeout=10min -c random_page_cost=1.1 -c jit=off -c plan_cache_mode=force_custom_plan
    -c fsync=on -c synchronous_commit=on)
  as_pg "$bin/pg_ctl" -D "$PG_DIR/cluster" -o "${settings[*]}" -l "$PG_LOG" -w -t 60 start >/dev/null ||
    die "postgresql did not start; see $PG_LOG"
  wait_for postgres 30 pg_ready
  as_pg "$bin/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -Atqc \
    "select 1 from pg_database where datname = 'ferretdb'" | grep -q 1 ||
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres ferretdb || die "createdb ferretdb failed"
  as_pg "$bin/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d ferretdb -v ON_ERROR_STOP=1 -qf "$HERE/postgres/ferretdb-indexes.sql" \
    >>"$PG_LOG" 2>&1 || die "preparing the ferretdb database failed; see $PG_LOG"
}

stop_postgres() {
  [ -f "$PG_DIR/cluster/postmaster.pid" ] || return 0
  say "stopping postgresql"
  as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DIR/cluster" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- Redis
redis_bin() { command -v redis-server || echo /usr/bin/redis-server; }

install_redis() {
  if [ -x "$(redis_bin)" ]; then return 0; fi
  apt_install redis-server
}

start_redis() {
  local dir="$DATA/redis" pidf="$DATA/redis.pid"
  if pid_alive "$pidf"; then say "redis already running (pid $(cat "$pidf"))"; return 0; fi
  if port_open "$REDIS_PORT"; then die "port $REDIS_PORT is taken by another process; set REDIS_PORT"; fi
  mkdir -p "$dir" "$LOGS"
  say "starting redis on 127.0.0.1:$REDIS_PORT"
  "$(redis_bin)" --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --pidfile "$pidf" \
    --logfile "$LOGS/redis.log" --save '' --appendonly no --maxmemory-policy noeviction
}

redis_ready() { "$(dirname "$(redis_bin)")/redis-cli" -p "$REDIS_PORT" ping | grep -q PONG; }

# ---------------------------------------------------------------- commands
stop_one() {
  local name="$1" pidf="$DATA/$1.pid"
  if pid_alive "$pidf"; then
    local pid; pid="$(cat "$pidf")"
    say "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidf"
}

cmd_install() {
  # The three installs are independent; run them side by side.
  local pids=() failed=0
  install_redis & pids+=($!)
  install_postgres & pids+=($!)
  install_ferretdb & pids+=($!)
  install_kafka & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ "$failed" = 0 ] || die "install failed (see messages above)"
}

cmd_start() {
  cmd_install
  start_redis
  start_postgres
  start_ferretdb
  start_kafka
  wait_for redis 20 redis_ready
  wait_for ferretdb 30 port_open "$MONGO_PORT"
  wait_for kafka 90 kafka_ready
  say "ready: kafka 127.0.0.1:$KAFKA_PORT, mongodb-wire 127.0.0.1:$MONGO_PORT (ferretdb on $FERRETDB_BACKEND), redis 127.0.0.1:$REDIS_PORT (logs in $LOGS)"
}

cmd_stop() { stop_one kafka; stop_one ferretdb; stop_postgres; stop_one redis; }

cmd_status() {
  local n
  for n in kafka ferretdb redis; do
    if pid_alive "$DATA/$n.pid"; then echo "$n running (pid $(cat "$DATA/$n.pid"))"; else echo "$n stopped"; fi
  done
  if pg_running; then echo "postgresql running (port $POSTGRES_PORT)"; else echo "postgresql stopped"; fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_stop; rm -rf "$DATA/kafka" "$DATA/ferretdb" "$PG_DIR" "$DATA/redis" ;;
  *) echo "usage: $0 install|start|stop|status|reset" >&2; exit 2 ;;
esac
