#!/usr/bin/env bash
# ./shop bench blackfriday: microservices and monolith on the same Black Friday, on this machine.
#
# For each shape in turn it starts Shop from an empty state (same catalog seed, same generator seed, cold caches),
# samples CPU and memory of every process once a second while the scenario runs, checks the invariants (no order lost
# or duplicated, stock conserved, reports equal orders), searches the shape's capacity, reads what Prometheus recorded
# and stops everything. Once per bench it measures the machine's ceilings: a plain Kestrel endpoint direct and through
# the gateway with wrk, and the load generator's own maximum on the same endpoint. Shop.Bench then writes
# artifacts/reports/<timestamp>/report.{json,md,html}.
#
# The bench runs its own Shop, under its own state folder and ports, so the Shop of ./shop up is never stopped or
# wiped; it only shares the cores with it (the report says so).
set -euo pipefail

SHOP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SHOP_ROOT
DEV_STATE="${SHOP_STATE:-$SHOP_ROOT/.shop}"

usage() {
  cat <<'EOF'
Usage: ./shop bench blackfriday [--shape microservices|monolith|both] [--replicas catalog=2,...] [--scale 1.0]
                                [--duration 4m] [--scenario blackfriday|smoke|<file.json>] [--skip-capacity]

  --shape          which shape(s) to measure, in this order: microservices, then monolith (default: both)
  --replicas       passed to ./shop up for each shape (a service the shape does not run is left out)
  --scale          multiplies every arrival rate of the scenario (default 1.0)
  --duration       stretches or shrinks the scenario's phases to this length (default: the scenario's own)
  --scenario       the load test scenario (default blackfriday)
  --skip-capacity  no capacity search (saves about ten minutes per shape; the report then has no capacity ratio)

Environment: SHOP_BENCH_STATE (default .shop/bench), SHOP_BENCH_SEED (generator seed, the same for both shapes),
SHOP_BENCH_CAPACITY_ARGS (extra capacity-search options, e.g. "--step-seconds 10 --max-rate 400"),
SHOP_BENCH_SETTLE_SECONDS (how long the invariants wait for pending orders, default 120),
SHOP_PAYMENT_LATENCY / SHOP_PAYMENT_FAILURE_RATE (as for ./shop up).
Ports used by the bench's own Shop: 15101-15509 (services), 15651-15659 (footprint), 15990 and 18090 (ceilings), 18080 (gateway),
25432 (PostgreSQL), 26379 (Redis), 25672/25674/25692/26672 (RabbitMQ), 29090 (Prometheus).
EOF
}

shapes=(microservices monolith)
replicas=""
scale="1"
duration=""
scenario="blackfriday"
skip_capacity=0
while (($# > 0)); do
  case "$1" in
    --shape | --replicas | --scale | --duration | --scenario)
      [[ $# -ge 2 ]] || {
        echo "error: $1 needs a value" >&2
        exit 2
      }
      set -- "$1=$2" "${@:3}"
      ;;
    --shape=*)
      case "${1#*=}" in
        microservices | monolith) shapes=("${1#*=}") ;;
        both) shapes=(microservices monolith) ;;
        *)
          echo "error: --shape takes microservices, monolith or both" >&2
          exit 2
          ;;
      esac
      shift
      ;;
    --replicas=*)
      replicas="${1#*=}"
      shift
      ;;
    --scale=*)
      scale="${1#*=}"
      shift
      ;;
    --duration=*)
      duration="${1#*=}"
      shift
      ;;
    --scenario=*)
      scenario="${1#*=}"
      shift
      ;;
    --skip-capacity)
      skip_capacity=1
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
done
# These go into bench.json as they are, so only plain tokens are accepted.
[[ "$replicas" =~ ^([a-z]+=[0-9]+(,[a-z]+=[0-9]+)*)?$ ]] || {
  echo "error: --replicas takes name=count[,name=count], got '$replicas'" >&2
  exit 2
}
[[ "$scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || {
  echo "error: --scale must be a number, got '$scale'" >&2
  exit 2
}
[[ "$scenario" =~ ^[A-Za-z0-9._/-]+$ ]] || {
  echo "error: --scenario takes a scenario name or a path without spaces or quotes, got '$scenario'" >&2
  exit 2
}
[[ "$duration" =~ ^[0-9A-Za-z:.]*$ ]] || {
  echo "error: --duration takes seconds, 4m or hh:mm:ss, got '$duration'" >&2
  exit 2
}

# The bench's own Shop: state folder, ports and RabbitMQ node name, exported before the helpers read them and for
# every ./shop the bench calls.
export SHOP_STATE="${SHOP_BENCH_STATE:-$SHOP_ROOT/.shop/bench}"
[[ "$(realpath -m "$SHOP_STATE")" != "$(realpath -m "$DEV_STATE")" ]] ||
  {
    echo "error: SHOP_BENCH_STATE must not be the state folder of ./shop up ($DEV_STATE): the bench wipes it" >&2
    exit 2
  }
export SHOP_PG_PORT=25432 SHOP_REDIS_PORT=26379 SHOP_PROMETHEUS_PORT=29090 SHOP_GATEWAY_PORT=18080
# The node's distribution port stays out of 35672-35682, where RabbitMQ's command-line tools (rabbitmqctl wait) start
# their own node and would take it first.
export SHOP_AMQP_PORT=25672 SHOP_RABBIT_MGMT_PORT=25674 SHOP_RABBIT_METRICS_PORT=25692 SHOP_RABBIT_DIST_PORT=26672
export SHOP_RABBIT_NODENAME=shopbench
# Thousands of virtual buyers share one address here; the gateway's per-client limit would cap the capacity search.
export SHOP_GATEWAY_RATE_LIMIT=false
export SHOP_SERVICE_PORT_OFFSET=10000 SHOP_FOOTPRINT_BASE_PORT=15650
PLAIN_PORT=15990
CEILING_GATEWAY_PORT=18090

# shellcheck source=deploy/local/servers.sh
source "$SHOP_ROOT/deploy/local/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$SHOP_ROOT/deploy/local/services.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SEED="${SHOP_BENCH_SEED:-20261127}"
SETTLE_SECONDS="${SHOP_BENCH_SETTLE_SECONDS:-120}"
IDLE_SECONDS=10
WRK_CONNECTIONS=32
# Long enough for a fresh gateway to tier up its JIT code (about 8 s under load here, see bench-gateway.sh).
WRK_WARMUP=10s
WRK_DURATION=10s
MONOLITH_DATABASE=shop
# Copies of the bench's tools outside the state folder, which is wiped between shapes.
TOOLS="$SHOP_ROOT/.shop/bench-tools"
SHOP_CLI="$SHOP_ROOT/shop"

SAMPLER_PID=""
LOADGEN_PID=""
REPORT_DIR=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$LOADGEN_PID" ]] && pid_alive "$LOADGEN_PID"; then
    kill -TERM "$LOADGEN_PID" 2>/dev/null || true
    wait "$LOADGEN_PID" 2>/dev/null || true
  fi
  stop_sampler
  stop_recorded bench-gateway >/dev/null 2>&1 || true
  stop_recorded bench-plain >/dev/null 2>&1 || true
  info "stopping the bench's Shop"
  "$SHOP_CLI" down >/dev/null 2>&1 || warn "./shop down of the bench state failed; see ./shop status with SHOP_STATE=$SHOP_STATE"
  if ((status != 0)) && [[ -n "$REPORT_DIR" && -f "$TOOLS/bench/Shop.Bench.dll" ]]; then
    warn "the bench stopped early (exit $status); reporting what it measured so far"
    bench_tool report --dir "$REPORT_DIR" || true
  fi
  exit "$status"
}

stop_sampler() {
  if [[ -n "$SAMPLER_PID" ]]; then
    kill -TERM "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
  fi
}

bench_tool() { dotnet "$TOOLS/bench/Shop.Bench.dll" "$@"; }

# Runs the load generator in the background so the sampler can watch its pid (its CPU is the client's, not the shop's).
loadgen() {
  local pid_dir="$1"
  shift
  dotnet "$TOOLS/loadtest/Shop.LoadTest.dll" "$@" &
  LOADGEN_PID=$!
  echo "$LOADGEN_PID" >"$pid_dir/loadgen.pid"
  local status=0
  wait "$LOADGEN_PID" || status=$?
  rm -f "$pid_dir/loadgen.pid"
  LOADGEN_PID=""
  return "$status"
}

now_iso() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

# Installs copies of the generator and the report tool, so rebuilding the repository during a bench changes nothing.
install_tools() {
  local name project
  for name in loadtest bench; do
    case "$name" in
      loadtest) project=tools/Shop.LoadTest ;;
      bench) project=tools/Shop.Bench ;;
    esac
    info "building $project"
    if ! dotnet build "$SHOP_ROOT/$project" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly >"$SHOP_LOGS/build-$name.log" 2>&1; then
      grep -E 'error' "$SHOP_LOGS/build-$name.log" | sort -u | head -n 20 >&2 || true
      die "build of $project failed (log: $SHOP_LOGS/build-$name.log)"
    fi
    mkdir -p "$TOOLS"
    rm -rf "${TOOLS:?}/$name.new"
    cp -r "$SHOP_ROOT/$project/bin/$SHOP_CONFIGURATION/net10.0" "$TOOLS/$name.new"
    rm -rf "${TOOLS:?}/$name"
    mv "$TOOLS/$name.new" "$TOOLS/$name"
  done
}

# Shop processes of ./shop up (they have a .port file; idle test servers do not count).
other_shop_running() {
  local file pid_file
  for file in "$DEV_STATE"/run/*.port; do
    pid_file="${file%.port}.pid"
    [[ -e "$pid_file" ]] || continue
    pid_alive "$(head -n1 "$pid_file")" && return 0
  done
  return 1
}

write_settings() {
  local other="$1" shapes_json commit
  shapes_json="$(printf '"%s",' "${shapes[@]}")"
  commit="$(git -C "$SHOP_ROOT" rev-parse --short HEAD 2>/dev/null || true)"
  if [[ -n "$commit" ]] && ! git -C "$SHOP_ROOT" diff --quiet HEAD 2>/dev/null; then
    commit="$commit+changes"
  fi
  cat >"$REPORT_DIR/bench.json" <<EOF
{
  "startedAt": "$(now_iso)",
  "scenario": "$(basename "$scenario" .json)",
  "shapes": [${shapes_json%,}],
  "scale": $scale,
  "duration": "$duration",
  "replicas": "$replicas",
  "skipCapacity": $( ((skip_capacity)) && echo true || echo false),
  "gitCommit": "$commit",
  "otherShopRunning": $other
}
EOF
}

# Empties the bench's state: servers stopped, data deleted. The next ./shop up starts from initdb, migrations and the
# deterministic seed, so every shape meets the same catalog and cold caches.
reset_state() {
  "$SHOP_CLI" down --purge >/dev/null
  ensure_state_dirs
}

wrk_measure() {
  local name="$1" label="$2" url="$3" core output rps p50 p99
  core=$(($(nproc) - 1))
  taskset -c "$core" wrk -t1 -c"$WRK_CONNECTIONS" -d"$WRK_WARMUP" "$url" >/dev/null
  output="$(taskset -c "$core" wrk -t1 -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency "$url")"
  if grep -q 'Non-2xx' <<<"$output"; then
    echo "$output" >&2
    die "$url answered errors during the ceiling measurement"
  fi
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$output")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$output")"
  [[ "$rps" =~ ^[0-9.]+$ && -n "$p50" && -n "$p99" ]] || {
    echo "$output" >&2
    die "could not read wrk's figures for $url"
  }
  printf '{"case": "%s", "url": "%s", "rps": %s, "p50": "%s", "p99": "%s", "connections": %s, "duration": "%s"}\n' \
    "$label" "$url" "$rps" "$p50" "$p99" "$WRK_CONNECTIONS" "$WRK_DURATION" >"$REPORT_DIR/ceilings/$name.json"
  printf '  %-42s %10s rps   p50 %-9s p99 %s\n' "wrk, $label" "$rps" "$p50" "$p99"
}

# The machine's ceilings, with nothing else of the bench running: the ./shop bench gateway pair (a plain Kestrel
# endpoint direct and through a gateway with the production settings), then the generator on the same endpoint.
# wrk and the generator are pinned to the same core, so both leave the server the same share of the machine.
measure_ceilings() {
  local core plain_url gateway_url
  info "machine ceilings"
  mkdir -p "$REPORT_DIR/ceilings"
  ensure_secrets >/dev/null
  build_hosts
  install_app bench-plain tools/Shop.PlainKestrel
  install_app gateway "$GATEWAY_PROJECT"
  STARTED=()
  # Measured as ./shop bench gateway measures: in this script's session (see START_DETACHED), HTTP/2 to the upstream.
  START_DETACHED=0
  start_process bench-plain bench-plain "$(project_dll tools/Shop.PlainKestrel)" "$PLAIN_PORT" "" "$((PLAIN_PORT + 1))"
  start_process bench-gateway gateway "$(project_dll "$GATEWAY_PROJECT")" "$CEILING_GATEWAY_PORT" \
    "$(bench_gateway_environment "$((PLAIN_PORT + 1))")"
  wait_until_ready bench-plain "$PLAIN_PORT"
  wait_until_ready bench-gateway "$CEILING_GATEWAY_PORT"

  plain_url="http://127.0.0.1:$PLAIN_PORT/plain"
  gateway_url="http://127.0.0.1:$CEILING_GATEWAY_PORT/plain"
  wrk_measure wrk-plain-direct "plain Kestrel, direct" "$plain_url"
  wrk_measure wrk-plain-gateway "plain Kestrel, through the gateway" "$gateway_url"
  core=$(($(nproc) - 1))
  info "generator maximum on $plain_url (pinned to core $core like wrk)"
  if ! taskset -c "$core" dotnet "$TOOLS/loadtest/Shop.LoadTest.dll" max-rate --url "$plain_url" --seconds 10 \
    --out "$REPORT_DIR/ceilings/max-rate.json" --no-progress; then
    warn "the generator's max-rate measurement failed; the report will lack that ceiling"
  fi
  stop_recorded bench-gateway >/dev/null
  stop_recorded bench-plain >/dev/null
  START_DETACHED=1
}

shape_databases() {
  if [[ "$1" == monolith ]]; then
    local all
    all="$(postgres_connection "$MONOLITH_DATABASE")"
    DB_ARGS=(--catalog "$all" --order "$all" --reporting "$all")
  else
    DB_ARGS=(--catalog "$(postgres_connection shop_catalog)" --order "$(postgres_connection shop_order)"
      --reporting "$(postgres_connection shop_reporting)")
  fi
}

bench_shape() {
  local shape="$1" dir="$REPORT_DIR/$1" up_args=() shape_replicas started_ns up_seconds window_start gateway load_args=() broker_args=()
  mkdir -p "$dir/pids" "$dir/logs"
  [[ "$shape" != monolith ]] || up_args+=(--monolith)
  shape_replicas="$(replicas_for "$shape")"
  [[ -z "$shape_replicas" ]] || up_args+=(--replicas "$shape_replicas")

  info "$shape: starting from an empty state"
  started_ns="$(date +%s%N)"
  if ! "$SHOP_CLI" up "${up_args[@]}"; then
    # The other shape can still be measured; the report says this one has no figures.
    warn "$shape: ./shop up failed; the report will have no figures for it"
    "$SHOP_CLI" down >/dev/null 2>&1 || true
    return 0
  fi
  up_seconds="$(awk -v a="$started_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
  printf '{"shape": "%s", "replicas": "%s", "upSeconds": %s}\n' "$shape" "$shape_replicas" "$up_seconds" >"$dir/shape.json"

  gateway="http://127.0.0.1:$SHOP_GATEWAY_PORT"
  shape_databases "$shape"
  [[ "$shape" == monolith ]] || broker_args=(--rabbitmq-management "http://shop:shop@127.0.0.1:$SHOP_RABBIT_MGMT_PORT")

  bench_tool baseline "${DB_ARGS[@]}" --out "$dir/baseline.json"
  window_start="$(now_iso)"
  # Started directly (not through the bench_tool function), so $! is the sampler itself and SIGTERM reaches it.
  dotnet "$TOOLS/bench/Shop.Bench.dll" sample --pid-dir "$SHOP_RUN" --pid-dir "$dir/pids" \
    --pid-file "postgres=$SHOP_STATE/postgres/data/postmaster.pid" --out "$dir/processes.ndjson" >"$dir/sampler.log" 2>&1 &
  SAMPLER_PID=$!
  info "$shape: ${IDLE_SECONDS}s idle, for the idle memory figures"
  sleep "$IDLE_SECONDS"

  info "$shape: scenario $scenario (scale $scale${duration:+, duration $duration})"
  load_args=(run --target "$gateway" --scenario "$scenario" --scale "$scale" --seed "$SEED"
    --admin-key-file "$SHOP_SECRETS/admin-key" --out "$dir/run.json")
  [[ -z "$duration" ]] || load_args+=(--duration "$duration")
  [[ -t 1 ]] || load_args+=(--no-progress)
  loadgen "$dir/pids" "${load_args[@]}" || warn "$shape: the scenario run failed (see above); the report will flag it"

  info "$shape: invariants after the scenario (waiting up to ${SETTLE_SECONDS}s for pending orders)"
  if [[ -f "$dir/run.json" ]]; then
    bench_tool invariants "${DB_ARGS[@]}" "${broker_args[@]}" --baseline "$dir/baseline.json" --run "$dir/run.json" \
      --after scenario --settle-seconds "$SETTLE_SECONDS" --out "$dir/invariants.json" || warn "$shape: the invariant check failed"
  fi

  if ((skip_capacity == 0)); then
    info "$shape: capacity search"
    local extra=()
    read -r -a extra <<<"${SHOP_BENCH_CAPACITY_ARGS:-}"
    bench_tool baseline "${DB_ARGS[@]}" --out "$dir/baseline-capacity.json"
    # No admin key: the generator would restock the hot products before the search, units the stock invariant could
    # not tell from sales. A sold-out product is a 409 stock-out, an expected outcome the criterion does not count.
    load_args=(capacity --target "$gateway" --scenario "$scenario" --seed "$SEED" --out "$dir/capacity.json" "${extra[@]}")
    [[ -t 1 ]] || load_args+=(--no-progress)
    loadgen "$dir/pids" "${load_args[@]}" || warn "$shape: the capacity search failed (see above)"
    info "$shape: invariants after the capacity search"
    bench_tool invariants "${DB_ARGS[@]}" "${broker_args[@]}" --baseline "$dir/baseline-capacity.json" \
      --after "capacity search" --settle-seconds "$SETTLE_SECONDS" --out "$dir/invariants-after-capacity.json" ||
      warn "$shape: the invariant check failed"
  fi

  stop_sampler
  bench_tool prometheus --url "http://127.0.0.1:$SHOP_PROMETHEUS_PORT" --from "$window_start" --to "$(now_iso)" \
    --out "$dir/prometheus.json" || warn "$shape: reading Prometheus failed"
  cp -L "$SHOP_LOGS"/*.log "$dir/logs/" 2>/dev/null || true
  rm -f "$dir/baseline.json" "$dir/baseline-capacity.json"
  rmdir "$dir/pids" 2>/dev/null || true
  "$SHOP_CLI" down >/dev/null
  ok "$shape measured"
}

# The --replicas entries that belong to a shape: monolith=N for the monolith, the services' for microservices.
replicas_for() {
  local shape="$1" spec kept=() parts=()
  [[ -n "$replicas" ]] || return 0
  IFS=',' read -r -a parts <<<"$replicas"
  for spec in "${parts[@]}"; do
    if [[ "$shape" == monolith ]]; then
      [[ "$spec" != monolith=* ]] || kept+=("$spec")
    else
      [[ "$spec" == monolith=* ]] || kept+=("$spec")
    fi
  done
  local IFS=','
  echo "${kept[*]}"
}

main() {
  local stamp other=false shape first=1
  ensure_packages
  command -v taskset >/dev/null || apt_install util-linux
  if other_shop_running; then
    other=true
    warn "the Shop of ./shop up is running ($DEV_STATE): it shares the cores with the bench. Stop it (./shop down) for cleaner figures."
  fi
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  REPORT_DIR="$SHOP_ROOT/artifacts/reports/$stamp"
  mkdir -p "$REPORT_DIR"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  info "bench state $SHOP_STATE, report ${REPORT_DIR#"$SHOP_ROOT"/}"
  install_tools
  write_settings "$other"

  for shape in "${shapes[@]}"; do
    reset_state
    if ((first)); then
      measure_ceilings
      first=0
    fi
    bench_shape "$shape"
  done

  # Idle memory and start-to-ready time of each shape, measured by ./shop footprint on the bench's own servers.
  if [[ -f "$SHOP_ROOT/deploy/local/footprint.sh" ]]; then
    info "idle footprint of each shape (deploy/local/footprint.sh)"
    reset_state
    if bash "$SHOP_ROOT/deploy/local/footprint.sh"; then
      cp "$SHOP_ROOT/artifacts/footprint/footprint.json" "$REPORT_DIR/footprint.json"
    else
      warn "footprint.sh failed; the report goes without it"
    fi
  fi

  info "report"
  bench_tool report --dir "$REPORT_DIR"
}

main
