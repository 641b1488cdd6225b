#!/usr/bin/env bash
# ./shop footprint: what each shape costs before it serves a single request. Starts the four services one at a
# time, then the monolith, each from the same build, and measures
#   start-to-ready: from spawning the process to the first "Healthy" answer of /health/ready (database, Redis and
#                   the bus connected, migrations already applied), and
#   idle RSS:       resident memory once everything of the shape is up and has idled for a while,
# repeated a few rounds (the median is reported). Prints a table and writes artifacts/footprint/footprint.json,
# which the Black Friday report reuses. The gateway is left out: it is the same process in both shapes.
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

ROUNDS="${SHOP_FOOTPRINT_ROUNDS:-3}"
IDLE_SECONDS="${SHOP_FOOTPRINT_IDLE_SECONDS:-15}"
BASE_PORT="${SHOP_FOOTPRINT_BASE_PORT:-5650}"
VHOST=shop-footprint
OUTPUT_DIR="$SHOP_ROOT/artifacts/footprint"
MICROSERVICES=(catalog cart order reporting)

while (($# > 0)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --idle) IDLE_SECONDS="$2"; shift 2 ;;
    *) die "usage: ./shop footprint [--rounds N] [--idle SECONDS]" ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds takes a positive number"
[[ "$IDLE_SECONDS" =~ ^[0-9]+$ ]] || die "--idle takes a number of seconds"

FOOTPRINT_PROCESSES=()
ELAPSED_MS=0
cleanup() {
  local name
  for name in "${FOOTPRINT_PROCESSES[@]}"; do stop_recorded "$name" >/dev/null; done
}
trap cleanup EXIT

# Databases, a virtual host and environment files of their own, so a running ./shop is neither read nor disturbed.
SHOP_PLANS="$SHOP_STATE/footprint/env"
footprint_plan() {
  plan_deployment --shape-of "$1" --database-suffix _footprint --rabbitmq "amqp://shop:shop@127.0.0.1:$SHOP_AMQP_PORT/$VHOST"
}

ensure_vhost() {
  local api="http://127.0.0.1:$SHOP_RABBIT_MGMT_PORT/api"
  curl -fsS -u shop:shop -X PUT "$api/vhosts/$VHOST" >/dev/null
  curl -fsS -u shop:shop -X PUT -H 'content-type: application/json' \
    -d '{"configure":".*","write":".*","read":".*"}' "$api/permissions/$VHOST/shop" >/dev/null
}

now_ms() { date +%s%3N; }

# Starts one process and sets ELAPSED_MS to its start-to-ready time (not printed: a command substitution would run
# it in a subshell, and the process list that cleanup stops would be lost).
start_timed() {
  local service="$1" port="$2" name="fp-$1" started deadline
  FOOTPRINT_PROCESSES+=("$name")
  footprint_plan "$service"
  started="$(now_ms)"
  start_process "$name" "fp-$service" "${PLAN_DLL[$service]}" "$port" "$(cat "$SHOP_PLANS/$service.command.env")" >/dev/null
  deadline=$((SECONDS + 90))
  until curl -fsS --max-time 2 "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q '"status":"Healthy"'; do
    recorded_pid "$name" >/dev/null || {
      show_log_tail "$SHOP_LOGS/$name.log"
      die "$name exited during start-up"
    }
    ((SECONDS < deadline)) || die "$name was not ready after 90 s (log: $SHOP_LOGS/$name.log)"
    sleep 0.05
  done
  ELAPSED_MS=$(($(now_ms) - started))
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$(recorded_pid "$1")/status"; }

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

info "footprint: $ROUNDS rounds, ${IDLE_SECONDS}s idle before reading memory"
ensure_packages
start_servers postgres redis rabbitmq
ensure_secrets
ensure_topology
build_hosts
ensure_vhost
# Leftovers of an interrupted run would answer at once and spoil the timings.
for service in "${MICROSERVICES[@]}" monolith; do stop_recorded "fp-$service" >/dev/null; done
for service in "${MICROSERVICES[@]}" monolith; do
  footprint_plan "$service"
  install_app "fp-$service" "${PLAN_PROJECT[$service]}"
  if [[ "${PLAN_MIGRATES[$service]}" == 1 ]]; then
    mapfile -t env_args <"$SHOP_PLANS/$service.command.env"
    (cd "$SHOP_APP/fp-$service" && env "${env_args[@]}" dotnet "${PLAN_DLL[$service]}" migrate) \
      >"$SHOP_LOGS/fp-$service-migrate.log" 2>&1 || die "$service migrate failed (log: $SHOP_LOGS/fp-$service-migrate.log)"
  fi
done

declare -A START_MS=() RSS=()
for ((round = 1; round <= ROUNDS; round++)); do
  info "round $round: microservices"
  port=$BASE_PORT
  for service in "${MICROSERVICES[@]}"; do
    port=$((port + 1))
    start_timed "$service" "$port"
    START_MS[$service]+="$ELAPSED_MS "
  done
  sleep "$IDLE_SECONDS"
  for service in "${MICROSERVICES[@]}"; do RSS[$service]+="$(rss_kib "fp-$service") "; done
  cleanup
  FOOTPRINT_PROCESSES=()

  info "round $round: monolith"
  start_timed monolith $((BASE_PORT + 9))
  START_MS[monolith]+="$ELAPSED_MS "
  sleep "$IDLE_SECONDS"
  RSS[monolith]+="$(rss_kib fp-monolith) "
  cleanup
  FOOTPRINT_PROCESSES=()
done

declare -A MEDIAN_MS=() MEDIAN_RSS=()
for service in "${MICROSERVICES[@]}" monolith; do
  MEDIAN_MS[$service]="$(tr ' ' '\n' <<<"${START_MS[$service]}" | sed '/^$/d' | median)"
  MEDIAN_RSS[$service]="$(tr ' ' '\n' <<<"${RSS[$service]}" | sed '/^$/d' | median)"
done
sum_ms=0
sum_rss=0
for service in "${MICROSERVICES[@]}"; do
  sum_ms=$((sum_ms + MEDIAN_MS[$service]))
  sum_rss=$((sum_rss + MEDIAN_RSS[$service]))
done

mkdir -p "$OUTPUT_DIR"
{
  printf '{\n  "kind": "footprint",\n  "measuredAt": "%s",\n  "rounds": %d,\n  "idleSeconds": %d,\n  "shapes": {\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$ROUNDS" "$IDLE_SECONDS"
  printf '    "microservices": {"rssMiB": %s, "startToReadySeconds": %s, "processes": [' \
    "$(awk "BEGIN {printf \"%.1f\", $sum_rss / 1024}")" "$(awk "BEGIN {printf \"%.2f\", $sum_ms / 1000}")"
  first=1
  for service in "${MICROSERVICES[@]}"; do
    ((first)) || printf ', '
    first=0
    printf '{"name": "%s", "rssMiB": %s, "startToReadySeconds": %s}' "$service" \
      "$(awk "BEGIN {printf \"%.1f\", ${MEDIAN_RSS[$service]} / 1024}")" "$(awk "BEGIN {printf \"%.2f\", ${MEDIAN_MS[$service]} / 1000}")"
  done
  printf ']},\n'
  printf '    "monolith": {"rssMiB": %s, "startToReadySeconds": %s, "processes": [{"name": "monolith", "rssMiB": %s, "startToReadySeconds": %s}]}\n' \
    "$(awk "BEGIN {printf \"%.1f\", ${MEDIAN_RSS[monolith]} / 1024}")" "$(awk "BEGIN {printf \"%.2f\", ${MEDIAN_MS[monolith]} / 1000}")" \
    "$(awk "BEGIN {printf \"%.1f\", ${MEDIAN_RSS[monolith]} / 1024}")" "$(awk "BEGIN {printf \"%.2f\", ${MEDIAN_MS[monolith]} / 1000}")"
  printf '  }\n}\n'
} >"$OUTPUT_DIR/footprint.json"

echo
printf '%-22s %14s %12s\n' PROCESS START-TO-READY IDLE-RSS
for service in "${MICROSERVICES[@]}"; do
  printf '%-22s %12.2f s %8.1f MiB\n' "$service" "$(awk "BEGIN {print ${MEDIAN_MS[$service]} / 1000}")" "$(awk "BEGIN {print ${MEDIAN_RSS[$service]} / 1024}")"
done
printf '%-22s %12.2f s %8.1f MiB\n' "microservices (sum)" "$(awk "BEGIN {print $sum_ms / 1000}")" "$(awk "BEGIN {print $sum_rss / 1024}")"
printf '%-22s %12.2f s %8.1f MiB\n' "monolith" "$(awk "BEGIN {print ${MEDIAN_MS[monolith]} / 1000}")" "$(awk "BEGIN {print ${MEDIAN_RSS[monolith]} / 1024}")"
printf '%-22s %14s %12s\n' "monolith ÷ sum" \
  "$(awk "BEGIN {printf \"%.2f\", ${MEDIAN_MS[monolith]} / $sum_ms}")" "$(awk "BEGIN {printf \"%.2f\", ${MEDIAN_RSS[monolith]} / $sum_rss}")"
echo
ok "medians of $ROUNDS rounds; written to $OUTPUT_DIR/footprint.json"
