# shellcheck shell=bash
# Shared helpers for ./shop and the scripts under deploy/local. Sourced, never run.
# Everything Shop starts on this machine lives under one state folder and binds to 127.0.0.1 only.

SHOP_ROOT="${SHOP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
SHOP_STATE="${SHOP_STATE:-$SHOP_ROOT/.shop}"
SHOP_RUN="$SHOP_STATE/run"
SHOP_LOGS="$SHOP_STATE/logs"
SHOP_SECRETS="$SHOP_STATE/secrets"
SHOP_APP="$SHOP_STATE/app"
SHOP_CONFIGURATION="${SHOP_CONFIGURATION:-Release}"

# Ports of the backing servers; services and the gateway have theirs in services.sh.
SHOP_PG_PORT="${SHOP_PG_PORT:-15432}"
SHOP_REDIS_PORT="${SHOP_REDIS_PORT:-16379}"
SHOP_AMQP_PORT="${SHOP_AMQP_PORT:-15673}"
SHOP_RABBIT_MGMT_PORT="${SHOP_RABBIT_MGMT_PORT:-15674}"
SHOP_RABBIT_METRICS_PORT="${SHOP_RABBIT_METRICS_PORT:-15692}"
SHOP_RABBIT_DIST_PORT="${SHOP_RABBIT_DIST_PORT:-25673}"
SHOP_PROMETHEUS_PORT="${SHOP_PROMETHEUS_PORT:-19090}"

# Local development credentials for servers that only listen on loopback.
export SHOP_PG_USER=shop SHOP_PG_PASSWORD=shop

if [[ -t 1 ]]; then
  _bold=$'\e[1m' _red=$'\e[31m' _green=$'\e[32m' _yellow=$'\e[33m' _reset=$'\e[0m'
else
  _bold='' _red='' _green='' _yellow='' _reset=''
fi

info() { printf '%s==>%s %s\n' "$_bold" "$_reset" "$*"; }
ok() { printf '%s ok%s %s\n' "$_green" "$_reset" "$*"; }
warn() { printf '%swarn%s %s\n' "$_yellow" "$_reset" "$*" >&2; }
die() {
  printf '%serror%s %s\n' "$_red" "$_reset" "$*" >&2
  exit 1
}

ensure_state_dirs() {
  mkdir -p "$SHOP_RUN" "$SHOP_LOGS" "$SHOP_SECRETS" "$SHOP_APP"
  chmod 700 "$SHOP_SECRETS"
}

pid_alive() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Prints the pid on the first line of a pid file, if that process is still alive.
pid_in_file() {
  local file="$1"
  [[ -f "$file" ]] || return 1
  local pid
  pid="$(head -n1 "$file")"
  pid_alive "$pid" || return 1
  printf '%s' "$pid"
}

# Prints the pid recorded for a process we started, if that process is still alive.
recorded_pid() { pid_in_file "$SHOP_RUN/$1.pid"; }

port_in_use() {
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# Names whoever holds a port, so a clash explains itself.
port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n1
}

require_free_port() {
  local port="$1" what="$2"
  if port_in_use "$port"; then
    local owner
    owner="$(port_owner "$port")"
    die "port $port needed by $what is already taken by ${owner:-another process}. Stop it, or set the port variable (see README, Configuration)."
  fi
}

wait_for_tcp() {
  local port="$1" seconds="$2"
  local deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# Prints the last lines of a log so a failure says why without another command.
show_log_tail() {
  local log="$1" lines="${2:-25}"
  if [[ -f "$log" ]]; then
    printf '%s--- last %s lines of %s ---%s\n' "$_yellow" "$lines" "$log" "$_reset" >&2
    tail -n "$lines" "$log" >&2
  fi
}

# Stops a process by its pid file: SIGTERM, a grace period, then SIGKILL.
stop_recorded() {
  local name="$1" grace="${2:-15}"
  local pid
  if pid="$(recorded_pid "$name")"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if pid_alive "$pid"; then
      warn "$name (pid $pid) ignored SIGTERM for ${grace}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    ok "stopped $name (pid $pid)"
  fi
  rm -f "$SHOP_RUN/$name.pid" "$SHOP_RUN/$name.port" "$SHOP_RUN/$name.hash"
}
