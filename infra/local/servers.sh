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
# start, stop, install and reset act on the servers named after them (kafka, ferretdb, redis), else on all.
#
# Kafka is not open: clients authenticate with SASL/SCRAM-SHA-256 and the StandardAuthorizer allows only
# what the ACLs say (allow.everyone.if.no.acl.found=false). Every start writes the users (a super user for
# scripts and tests, one per service, bot and department) to $CARELINK_DATA/kafka/credentials.json
# (owner-only; services read theirs in local mode, tests the super user's), adds the users the broker lacks
# (also to a data folder made before SASL: its topics stay), and applies the ACLs derived from the topic
# registry and the policy packs (infra/local/kafka-acls.ts). Needs Node.js and the npm dependencies.
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

# Debian packages (postgresql, redis-server): infra/local/debian-packages.sh, one apt-get at a time.
# shellcheck source=infra/local/debian-packages.sh
. "$HERE/debian-packages.sh"
apt_install() { debian_install "$@" || die "could not install $* from Debian's packages"; }

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

# Kafka's users (SASL/SCRAM-SHA-256) and their passwords: kafka-users.ts keeps them in $KAFKA_CREDENTIALS
# (owner-only; services, tests and tools read it in local mode) and prints them: the controller listener's
# PLAIN user, the super user, and one user per service, bot and department of the access plan.
KAFKA_CREDENTIALS="$DATA/kafka/credentials.json"
declare -A KAFKA_USERS=()
KAFKA_USER_NAMES=()
kafka_users() {
  need node "Install Node.js 20 (Kafka's users and ACLs are derived from the topic registry by infra/local/kafka-*.ts)."
  local out kind name pw
  out="$(cd "$REPO" && KAFKA_CREDENTIALS_FILE="$KAFKA_CREDENTIALS" node --conditions=source --import tsx \
    "$HERE/kafka-users.ts")" || die "listing Kafka's users failed (are the npm dependencies installed? npm ci)"
  while IFS=$'\t' read -r kind name pw; do
    case "$kind" in
      controller) KAFKA_CONTROLLER_USER="$name"; KAFKA_CONTROLLER_PASSWORD="$pw" ;;
      super) KAFKA_SUPER_USER="$name"; KAFKA_SUPER_PASSWORD="$pw" ;;
      user) KAFKA_USERS[$name]="$pw"; KAFKA_USER_NAMES+=("$name") ;;
    esac
  done <<<"$out"
  [ -n "${KAFKA_SUPER_PASSWORD:-}" ] && [ -n "${KAFKA_CONTROLLER_PASSWORD:-}" ] || die "kafka-users.ts printed no super user"
}

# Writes the broker's configuration from the template; it holds the super user's and the controller user's
# passwords: owner-only. With "migration", the client listener also takes the super user by SASL/PLAIN (a
# user of this file), for the one start that adds the SCRAM users to data made before SASL (see secure_kafka).
write_kafka_config() {
  local dir="$DATA/kafka"
  (
    umask 077
    sed -e "s#@LOG_DIRS@#$dir/log#" -e "s/@PORT@/$KAFKA_PORT/g" \
      -e "s/@CONTROLLER_PORT@/$KAFKA_CONTROLLER_PORT/g" -e "s/@ADMIN_USER@/$KAFKA_SUPER_USER/g" \
      -e "s/@ADMIN_PASSWORD@/$KAFKA_SUPER_PASSWORD/g" -e "s/@CONTROLLER_USER@/$KAFKA_CONTROLLER_USER/g" \
      -e "s/@CONTROLLER_PASSWORD@/$KAFKA_CONTROLLER_PASSWORD/g" \
      "$HERE/kafka/server.properties" >"$dir/server.properties.tmp"
    if [ "${1:-}" = migration ]; then
      printf '%s\n' "# Migration only (servers.sh removes it once the SCRAM users exist)." \
        "listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-256,PLAIN" \
        "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_SUPER_USER=\"$KAFKA_SUPER_PASSWORD\";" \
        >>"$dir/server.properties.tmp"
    fi
  )
  mv "$dir/server.properties.tmp" "$dir/server.properties"
}

start_kafka() {
  local dir="$DATA/kafka" pidf="$DATA/kafka.pid"
  if pid_alive "$pidf"; then say "kafka already running (pid $(cat "$pidf"))"; return 0; fi
  if port_open "$KAFKA_PORT"; then die "port $KAFKA_PORT is taken by another process; set KAFKA_PORT"; fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_CONTROLLER_PORT is taken by another process; set KAFKA_CONTROLLER_PORT"
  fi
  mkdir -p "$dir/log" "$LOGS"
  chmod 700 "$dir"
  # Users the broker has (scram-users) whose passwords are gone get new ones, added as on a migration.
  if [ ! -f "$KAFKA_CREDENTIALS" ]; then : >"$dir/scram-users"; fi
  kafka_users
  if [ ! -f "$dir/log/meta.properties" ]; then
    write_kafka_config
    local cluster_id n scram=()
    cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log" | tail -n 1)"
    # The SCRAM users go into the first metadata of the cluster (KIP-900), so the broker starts with them.
    for n in "${KAFKA_USER_NAMES[@]}"; do scram+=(--add-scram "SCRAM-SHA-256=[name=$n,password=${KAFKA_USERS[$n]}]"); done
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" "${scram[@]}" \
      >>"$LOGS/kafka.log" 2>&1 || die "formatting Kafka storage failed; see $LOGS/kafka.log"
    printf '%s\n' "${KAFKA_USER_NAMES[@]}" >"$dir/scram-users"
  elif ! grep -qxF "$KAFKA_SUPER_USER" "$dir/scram-users" 2>/dev/null; then
    say "kafka's data in $dir has no users yet (made before SASL/SCRAM, or its credentials were deleted): its" \
      "topics and offsets stay; adding the users and ACLs (a few minutes, once)"
    write_kafka_config migration
  else
    write_kafka_config
  fi
  launch_kafka
}

# Where the running broker's log starts (kafka.log is appended to across restarts).
KAFKA_LOG_FROM=1

launch_kafka() {
  KAFKA_LOG_FROM=$(($(stat -c %s "$LOGS/kafka.log" 2>/dev/null || echo 0) + 1))
  say "starting kafka on 127.0.0.1:$KAFKA_PORT (SASL/SCRAM-SHA-256, ACLs)"
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$HERE/kafka/log4j.properties" -Dkafka.logs.dir="$LOGS" \
    -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$DATA/kafka/server.properties" >>"$LOGS/kafka.log" 2>&1 &
  echo $! >"$DATA/kafka.pid"
}

kafka_ready() {
  # grep reads to the end (no -q): under pipefail, tail killed by SIGPIPE when grep stops early at a match in a
  # long log would make a running broker look unready.
  port_open "$KAFKA_PORT" && tail -c "+$KAFKA_LOG_FROM" "$LOGS/kafka.log" | grep "Kafka Server started" >/dev/null
}

# Once the broker is up: adds the SCRAM users its metadata lacks (kafka-configs as the super user: by SCRAM,
# or by PLAIN on the migration start, after which the broker restarts without PLAIN), then creates every
# topic and applies the ACLs of the topic registry (kafka-acls.ts). Idempotent; runs on every start.
secure_kafka() {
  local dir="$DATA/kafka"
  if ! grep -q '^listeners=SASL_PLAINTEXT' "$dir/server.properties" 2>/dev/null; then
    say "WARNING: kafka is running without SASL (started by an older servers.sh): any client reads any topic." \
      "Restart it to secure it: $0 stop kafka && $0 start kafka"
    return 0
  fi
  [ -n "${KAFKA_SUPER_PASSWORD:-}" ] || kafka_users
  local missing=() n mechanism=SCRAM-SHA-256 module=scram.ScramLoginModule
  for n in "${KAFKA_USER_NAMES[@]}"; do grep -qxF "$n" "$dir/scram-users" 2>/dev/null || missing+=("$n"); done
  if grep -q '^listener.name.sasl_plaintext.plain' "$dir/server.properties"; then
    mechanism=PLAIN module=plain.PlainLoginModule
  elif ! grep -qxF "$KAFKA_SUPER_USER" "$dir/scram-users" 2>/dev/null; then
    die "kafka has no super user yet: restart it ($0 stop kafka && $0 start kafka)"
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    say "adding kafka users: ${missing[*]}"
    local client="$dir/admin-client.properties"
    (umask 077 && printf '%s\n' "security.protocol=SASL_PLAINTEXT" "sasl.mechanism=$mechanism" \
      "sasl.jaas.config=org.apache.kafka.common.security.$module required username=\"$KAFKA_SUPER_USER\" password=\"$KAFKA_SUPER_PASSWORD\";" \
      >"$client")
    for n in "${missing[@]}"; do
      kafka_java kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --command-config "$client" \
        --alter --entity-type users --entity-name "$n" --add-config "SCRAM-SHA-256=[password=${KAFKA_USERS[$n]}]" \
        >>"$LOGS/kafka.log" 2>&1 || die "adding kafka user $n failed; see $LOGS/kafka.log"
      echo "$n" >>"$dir/scram-users"
    done
  fi
  if [ "$mechanism" = PLAIN ]; then
    say "restarting kafka without the migration's PLAIN login"
    stop_one kafka
    write_kafka_config
    launch_kafka
    wait_for kafka 90 kafka_ready
  fi
  (cd "$REPO" && KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" KAFKA_CREDENTIALS_FILE="$KAFKA_CREDENTIALS" \
    node --conditions=source --import tsx "$HERE/kafka-acls.ts") || die "applying kafka's ACLs failed"
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

# The servers a command acts on: those named after it (kafka, ferretdb, redis), else all; ferretdb brings
# its PostgreSQL.
SELECTED=()
wants() { [ "${#SELECTED[@]}" -eq 0 ] || [[ " ${SELECTED[*]} " == *" $1 "* ]]; }

cmd_install() {
  # The installs are independent; run them side by side.
  local pids=() failed=0
  if wants redis; then install_redis & pids+=($!); fi
  if wants ferretdb; then install_postgres & pids+=($!); install_ferretdb & pids+=($!); fi
  if wants kafka; then install_kafka & pids+=($!); fi
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ "$failed" = 0 ] || die "install failed (see messages above)"
}

cmd_start() {
  cmd_install
  local ready=()
  if wants redis; then start_redis; fi
  if wants ferretdb; then start_postgres; start_ferretdb; fi
  if wants kafka; then start_kafka; fi
  if wants redis; then wait_for redis 20 redis_ready; ready+=("redis 127.0.0.1:$REDIS_PORT"); fi
  if wants ferretdb; then
    wait_for ferretdb 30 port_open "$MONGO_PORT"
    ready+=("mongodb-wire 127.0.0.1:$MONGO_PORT (ferretdb on $FERRETDB_BACKEND)")
  fi
  if wants kafka; then
    wait_for kafka 90 kafka_ready
    secure_kafka
    ready+=("kafka 127.0.0.1:$KAFKA_PORT (SASL/SCRAM-SHA-256: users in $KAFKA_CREDENTIALS)")
  fi
  local joined
  joined="$(printf '%s, ' "${ready[@]}")"
  say "ready: ${joined%, } (logs in $LOGS)"
}

cmd_stop() {
  if wants kafka; then stop_one kafka; fi
  if wants ferretdb; then stop_one ferretdb; stop_postgres; fi
  if wants redis; then stop_one redis; fi
}

cmd_reset() {
  cmd_stop
  if wants kafka; then rm -rf "$DATA/kafka"; fi
  if wants ferretdb; then rm -rf "$DATA/ferretdb" "$PG_DIR"; fi
  if wants redis; then rm -rf "$DATA/redis"; fi
}

cmd_status() {
  local n
  for n in kafka ferretdb redis; do
    if pid_alive "$DATA/$n.pid"; then echo "$n running (pid $(cat "$DATA/$n.pid"))"; else echo "$n stopped"; fi
  done
  if pg_running; then echo "postgresql running (port $POSTGRES_PORT)"; else echo "postgresql stopped"; fi
}

usage() { echo "usage: $0 install|start|stop|status|reset [kafka] [ferretdb] [redis]" >&2; exit 2; }
command="${1:-}"
shift || true
for server in "$@"; do
  case "$server" in kafka | ferretdb | redis) SELECTED+=("$server") ;; *) usage ;; esac
done
case "$command" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) usage ;;
esac
