#!/usr/bin/env bash
# Backing servers for local runs and tests: PostgreSQL, Redis, RabbitMQ and Prometheus, installed from apt when
# missing, started under the state folder, bound to 127.0.0.1. Sourced by ./shop; also usable on its own:
#   bash deploy/local/servers.sh start|stop|status [postgres] [redis] [rabbitmq] [prometheus]
set -euo pipefail

# shellcheck source=deploy/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=deploy/local/docker.sh
source "$(dirname "${BASH_SOURCE[0]}")/docker.sh"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RABBIT_BIN="/usr/lib/rabbitmq/bin"
# What `servers.sh start` starts when named none; the Docker engine is started by what builds or runs images.
SHOP_SERVERS=(postgres redis rabbitmq prometheus)
# shellcheck disable=SC2034 # ./shop status lists them all
SHOP_ALL_SERVERS=("${SHOP_SERVERS[@]}" docker)

# --- installation -------------------------------------------------------------------------------------------

_apt_updated=0
apt_install() {
  if [[ $EUID -ne 0 ]]; then
    die "missing packages ($*): run as root, or install them with: sudo apt-get install -y $*"
  fi
  if ((_apt_updated == 0)); then
    info "apt-get update"
    if ! apt-get update -qq >"$SHOP_LOGS/apt.log" 2>&1; then
      show_log_tail "$SHOP_LOGS/apt.log"
      die "apt-get update failed (see $SHOP_LOGS/apt.log)"
    fi
    _apt_updated=1
  fi
  info "installing $*"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$SHOP_LOGS/apt.log" 2>&1; then
    show_log_tail "$SHOP_LOGS/apt.log"
    die "apt-get install $* failed (see $SHOP_LOGS/apt.log)"
  fi
}

# Installs every server and tool Shop uses, once; later runs find them and do nothing.
ensure_packages() {
  ensure_state_dirs
  local missing=()
  [[ -x "$PG_BIN/postgres" ]] || missing+=(postgresql-15 postgresql-contrib-15)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || missing+=(rabbitmq-server)
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v ss >/dev/null || missing+=(iproute2)
  if ((${#missing[@]} > 0)); then
    apt_install "${missing[@]}"
  fi
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH; install .NET 10 (see README, Requirements)"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------

postgres_dir() { printf '%s' "$SHOP_STATE/postgres"; }

postgres_pid() { pid_in_file "$(postgres_dir)/data/postmaster.pid"; }

postgres_psql() {
  runuser -u postgres -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(postgres_dir)/socket" -p "$SHOP_PG_PORT" -U postgres -d postgres "$@"
}

start_postgres() {
  local dir
  dir="$(postgres_dir)"
  if postgres_pid >/dev/null; then
    ok "postgres already running (127.0.0.1:$SHOP_PG_PORT)"
    return 0
  fi
  require_free_port "$SHOP_PG_PORT" postgres
  mkdir -p "$dir/socket"
  chown postgres:postgres "$dir" "$dir/socket"
  if ! runuser -u postgres -- test -w "$dir"; then
    die "the postgres user cannot write $dir: every parent folder of the checkout must be searchable (chmod o+x)"
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    info "initialising PostgreSQL data in $dir/data"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
      show_log_tail "$dir/initdb.log"
      die "initdb failed"
    }
  fi
  # Connection limit covers every replica's pool plus the test suite; fsync stays on: data kept between runs.
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $SHOP_PG_PORT -c unix_socket_directories=$dir/socket -c max_connections=400 -c shared_buffers=256MB" \
    >"$dir/pg_ctl.log" 2>&1; then
    show_log_tail "$dir/postgres.log"
    die "PostgreSQL did not start (log: $dir/postgres.log)"
  fi
  postgres_psql -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$SHOP_PG_USER') THEN
        CREATE ROLE $SHOP_PG_USER LOGIN CREATEDB PASSWORD '$SHOP_PG_PASSWORD';
      END IF;
    END \$\$;"
  # DROP DATABASE ... WITH (FORCE) (tests, ./shop down --purge of the bench) must also end an autovacuum worker busy in
  # that database, which only pg_signal_backend may do.
  postgres_psql -c "GRANT pg_signal_backend TO $SHOP_PG_USER;" >/dev/null
  ln -sf "$dir/postgres.log" "$SHOP_LOGS/postgres.log"
  ok "postgres on 127.0.0.1:$SHOP_PG_PORT (pid $(postgres_pid))"
}

stop_postgres() {
  local dir pid
  dir="$(postgres_dir)"
  if pid="$(postgres_pid)"; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ok "stopped postgres (pid $pid)"
  fi
}

postgres_health() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$SHOP_PG_PORT" && echo ready || echo down
}

# --- Redis --------------------------------------------------------------------------------------------------

start_redis() {
  if recorded_pid redis >/dev/null; then
    ok "redis already running (127.0.0.1:$SHOP_REDIS_PORT)"
    return 0
  fi
  require_free_port "$SHOP_REDIS_PORT" redis
  mkdir -p "$SHOP_STATE/redis"
  # AOF with fsync every second: a Redis restart loses at most about a second of carts.
  redis-server --bind 127.0.0.1 --port "$SHOP_REDIS_PORT" --protected-mode yes --daemonize yes \
    --dir "$SHOP_STATE/redis" --pidfile "$SHOP_RUN/redis.pid" --logfile "$SHOP_LOGS/redis.log" \
    --appendonly yes --appendfsync everysec --save "" --maxclients 2000
  local deadline=$((SECONDS + 15))
  until redis-cli -h 127.0.0.1 -p "$SHOP_REDIS_PORT" ping >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      show_log_tail "$SHOP_LOGS/redis.log"
      die "Redis did not answer on 127.0.0.1:$SHOP_REDIS_PORT"
    fi
    sleep 0.1
  done
  ok "redis on 127.0.0.1:$SHOP_REDIS_PORT (pid $(recorded_pid redis))"
}

stop_redis() {
  local pid
  if pid="$(recorded_pid redis)"; then
    redis-cli -h 127.0.0.1 -p "$SHOP_REDIS_PORT" shutdown >/dev/null 2>&1 || kill -TERM "$pid"
    while pid_alive "$pid"; do sleep 0.1; done
    ok "stopped redis (pid $pid)"
  fi
  rm -f "$SHOP_RUN/redis.pid"
}

redis_health() {
  redis-cli -h 127.0.0.1 -p "$SHOP_REDIS_PORT" ping 2>/dev/null | grep -q PONG && echo ready || echo down
}

# --- RabbitMQ -----------------------------------------------------------------------------------------------

# The Debian wrapper switches to the rabbitmq user; calling the real scripts with our own environment lets
# root run the broker from the state folder.
rabbit_env() {
  local dir="$SHOP_STATE/rabbitmq"
  export HOME="$dir/home"
  export RABBITMQ_NODENAME="${SHOP_RABBIT_NODENAME:-rabbit}@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$SHOP_AMQP_PORT"
  export RABBITMQ_DIST_PORT="$SHOP_RABBIT_DIST_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_PID_FILE="$SHOP_RUN/rabbitmq.pid"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start_rabbitmq() {
  if recorded_pid rabbitmq >/dev/null; then
    ok "rabbitmq already running (127.0.0.1:$SHOP_AMQP_PORT)"
    return 0
  fi
  require_free_port "$SHOP_AMQP_PORT" rabbitmq
  require_free_port "$SHOP_RABBIT_MGMT_PORT" "rabbitmq management"
  local dir="$SHOP_STATE/rabbitmq"
  mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
  cat >"$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$SHOP_AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $SHOP_RABBIT_MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $SHOP_RABBIT_METRICS_PORT
loopback_users = none
default_user = shop
default_pass = shop
EOF
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$dir/enabled_plugins"
  (
    rabbit_env
    setsid nohup "$RABBIT_BIN/rabbitmq-server" >"$SHOP_LOGS/rabbitmq.log" 2>&1 </dev/null &
    echo $! >"$SHOP_RUN/rabbitmq.starter.pid"
    if ! "$RABBIT_BIN/rabbitmqctl" wait --timeout 120 "$RABBITMQ_PID_FILE" >>"$SHOP_LOGS/rabbitmq.log" 2>&1; then
      show_log_tail "$SHOP_LOGS/rabbitmq.log"
      die "RabbitMQ did not start (log: $SHOP_LOGS/rabbitmq.log)"
    fi
  )
  ok "rabbitmq on 127.0.0.1:$SHOP_AMQP_PORT, management http://127.0.0.1:$SHOP_RABBIT_MGMT_PORT (user shop/shop)"
}

stop_rabbitmq() {
  local pid
  if pid="$(recorded_pid rabbitmq)"; then
    (
      rabbit_env
      "$RABBIT_BIN/rabbitmqctl" stop "$RABBITMQ_PID_FILE" >>"$SHOP_LOGS/rabbitmq.log" 2>&1 || kill -TERM "$pid"
    )
    while pid_alive "$pid"; do sleep 0.2; done
    ok "stopped rabbitmq (pid $pid)"
  fi
  # epmd outlives the broker; ask it to exit now that no node is registered.
  if [[ -d "$SHOP_STATE/rabbitmq" ]]; then
    (
      rabbit_env
      epmd -kill >/dev/null 2>&1 || true
    )
  fi
  rm -f "$SHOP_RUN/rabbitmq.pid" "$SHOP_RUN/rabbitmq.starter.pid"
}

rabbitmq_health() {
  (exec 3<>"/dev/tcp/127.0.0.1/$SHOP_AMQP_PORT") 2>/dev/null && echo ready || echo down
}

# --- Prometheus ---------------------------------------------------------------------------------------------

# Scrapes every Shop process that ./shop records, from a file_sd target list that services.sh rewrites.
start_prometheus() {
  if recorded_pid prometheus >/dev/null; then
    ok "prometheus already running (http://127.0.0.1:$SHOP_PROMETHEUS_PORT)"
    return 0
  fi
  require_free_port "$SHOP_PROMETHEUS_PORT" prometheus
  local dir="$SHOP_STATE/prometheus"
  mkdir -p "$dir/data"
  [[ -f "$dir/targets.json" ]] || echo '[]' >"$dir/targets.json"
  cat >"$dir/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: ['$SHOP_ROOT/helm/shop/alerts/rules.yaml']
scrape_configs:
  - job_name: shop
    file_sd_configs:
      - files: ['$dir/targets.json']
        refresh_interval: 5s
  - job_name: rabbitmq
    # Per-queue series: the queue depth panels and alerts group by queue.
    metrics_path: /metrics/per-object
    static_configs:
      - targets: ['127.0.0.1:$SHOP_RABBIT_METRICS_PORT']
EOF
  setsid nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$SHOP_PROMETHEUS_PORT" --storage.tsdb.retention.time=7d \
    >"$SHOP_LOGS/prometheus.log" 2>&1 </dev/null &
  echo $! >"$SHOP_RUN/prometheus.pid"
  if ! wait_for_tcp "$SHOP_PROMETHEUS_PORT" 30; then
    show_log_tail "$SHOP_LOGS/prometheus.log"
    die "Prometheus did not start (log: $SHOP_LOGS/prometheus.log)"
  fi
  ok "prometheus on http://127.0.0.1:$SHOP_PROMETHEUS_PORT"
}

stop_prometheus() { stop_recorded prometheus; }

prometheus_health() {
  curl -fsS -o /dev/null "http://127.0.0.1:$SHOP_PROMETHEUS_PORT/-/ready" 2>/dev/null && echo ready || echo down
}

server_pid() {
  case "$1" in
    postgres) postgres_pid ;;
    docker) docker_pid ;;
    *) recorded_pid "$1" ;;
  esac
}

server_port() {
  case "$1" in
    postgres) echo "$SHOP_PG_PORT" ;;
    redis) echo "$SHOP_REDIS_PORT" ;;
    rabbitmq) echo "$SHOP_AMQP_PORT" ;;
    prometheus) echo "$SHOP_PROMETHEUS_PORT" ;;
    docker) echo socket ;;
  esac
}

start_servers() {
  ensure_state_dirs
  local server
  for server in "$@"; do "start_$server"; done
}

stop_servers() {
  local server
  for server in "$@"; do "stop_$server"; done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  action="${1:-}"
  shift || true
  selected=("$@")
  ((${#selected[@]} > 0)) || selected=("${SHOP_SERVERS[@]}")
  case "$action" in
    start)
      ensure_packages
      start_servers "${selected[@]}"
      ;;
    stop) stop_servers "${selected[@]}" ;;
    status)
      for s in "${selected[@]}"; do printf '%-12s %-8s %-6s %s\n' "$s" "$(server_pid "$s" || echo -)" "$(server_port "$s")" "$("${s}_health")"; done
      ;;
    *) die "usage: $0 start|stop|status [postgres] [redis] [rabbitmq] [prometheus] [docker]" ;;
  esac
fi
