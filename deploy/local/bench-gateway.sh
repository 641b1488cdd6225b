#!/usr/bin/env bash
# ./shop bench gateway: what the gateway costs. In one run on this machine, wrk measures
#   (a) a plain Kestrel endpoint direct, (b) the same through the gateway,
#   (c) GET /api/catalog/products/{id} direct to a catalog replica, (d) the same through the gateway,
# and prints rps, p50/p99, CPU per request and the ratios b/a and d/c (medians of interleaved rounds).
# Only 127.0.0.1 is ever a target.
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

DURATION="${SHOP_BENCH_DURATION:-10s}"
# Long enough for tiered compilation to settle: a freshly started gateway needs about 8 s under this load to reach its
# steady rate on 2 cores (it proxied 16k, 24k, 41k, then 46k requests/s in consecutive 3 s windows).
WARMUP="${SHOP_BENCH_WARMUP:-10s}"
CONNECTIONS="${SHOP_BENCH_CONNECTIONS:-32}"
ROUNDS="${SHOP_BENCH_ROUNDS:-5}"
PLAIN_PORT="${SHOP_BENCH_PLAIN_PORT:-5990}"
CATALOG_PORT="${SHOP_BENCH_CATALOG_PORT:-5993}"
BENCH_GATEWAY_PORT="${SHOP_BENCH_GATEWAY_PORT:-8090}"
PLAIN_PROJECT=tools/Shop.PlainKestrel

(($# == 0)) || die "./shop bench gateway takes no options (ports and durations: the SHOP_BENCH_* variables, see README)"

# Servers, migrations and the seeded catalog.
"$SHOP_ROOT/shop" up

cleanup() {
  stop_recorded bench-gateway >/dev/null
  stop_recorded bench-catalog >/dev/null
  stop_recorded bench-plain >/dev/null
}
trap cleanup EXIT

# The measured processes (gateway, plain endpoint, a catalog replica of its own) run in this script's session, with
# wrk: in separate sessions Linux would split a busy CPU evenly between them (autogroup), and the gateway, which needs
# about twice the CPU of what it forwards to, would be measured starved rather than measured.
START_DETACHED=0
STARTED=()
# Copies of their own, from this build: the running Shop keeps the binaries it was started from, which may be older.
build_hosts
plan_deployment --shape-of catalog
install_app bench-plain "$PLAIN_PROJECT"
install_app bench-catalog "${PLAN_PROJECT[catalog]}"
install_app bench-gateway "$GATEWAY_PROJECT"
start_process bench-plain bench-plain "$(project_dll "$PLAIN_PROJECT")" "$PLAIN_PORT" "" "$((PLAIN_PORT + 1))"
start_process bench-catalog bench-catalog "${PLAN_DLL[catalog]}" "$CATALOG_PORT" \
  "$(cat "$SHOP_PLANS/catalog.command.env")" "$((CATALOG_PORT + 1))"
start_process bench-gateway bench-gateway "$(project_dll "$GATEWAY_PROJECT")" "$BENCH_GATEWAY_PORT" \
  "$(bench_gateway_environment "$((PLAIN_PORT + 1))" "$((CATALOG_PORT + 1))")"
wait_until_ready bench-plain "$PLAIN_PORT"
wait_until_ready bench-catalog "$CATALOG_PORT"
wait_until_ready bench-gateway "$BENCH_GATEWAY_PORT"

product_id="$(curl -fsS "http://127.0.0.1:$CATALOG_PORT/api/catalog/products?pageSize=1&page=17" | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p')"
[[ -n "$product_id" ]] || die "could not read a product id from the catalog"

# CPU seconds (user + system) a process has used so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Idle and total clock ticks of the whole machine so far (idle includes waiting for I/O).
machine_ticks() { awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# wrk runs on the last core so the servers keep the others; its own figures are closed-model (see README).
wrk_core=$(($(nproc) - 1))
CASES=(a b c d)
declare -A TITLE=(
  [a]="(a) plain Kestrel, direct"
  [b]="(b) plain Kestrel, through the gateway"
  [c]="(c) catalog product by id, direct"
  [d]="(d) catalog product by id, through the gateway"
)
declare -A URL=(
  [a]="http://127.0.0.1:$PLAIN_PORT/plain"
  [b]="http://127.0.0.1:$BENCH_GATEWAY_PORT/plain"
  [c]="http://127.0.0.1:$CATALOG_PORT/api/catalog/products/$product_id"
  [d]="http://127.0.0.1:$BENCH_GATEWAY_PORT/api/catalog/products/$product_id"
)
declare -A UPSTREAM=([a]=bench-plain [b]=bench-plain [c]=bench-catalog [d]=bench-catalog)
declare -A VIA_GATEWAY=([a]=0 [b]=1 [c]=0 [d]=1)
# Per "case:round": requests/s, latency percentiles, CPU microseconds per request of the upstream and the gateway, and
# how busy the machine was (a case that leaves cores idle is limited by waiting, not by CPU).
declare -A RPS P50 P99 UPSTREAM_CPU GATEWAY_CPU BUSY

per_request() { awk -v t="$1" -v n="$2" -v hz="$TICKS_PER_SECOND" 'BEGIN { printf "%.1f", t / hz / n * 1e6 }'; }

measure() {
  local case="$1" round="$2" key="$1:$2" output upstream_pid gateway_pid requests
  local upstream_before upstream_after gateway_before=0 gateway_after=0 machine_before machine_after
  upstream_pid="$(recorded_pid "${UPSTREAM[$case]}")"
  gateway_pid="$(recorded_pid bench-gateway)"
  upstream_before="$(cpu_ticks "$upstream_pid")"
  ((VIA_GATEWAY[$case])) && gateway_before="$(cpu_ticks "$gateway_pid")"
  machine_before="$(machine_ticks)"
  output="$(taskset -c "$wrk_core" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "${URL[$case]}")"
  machine_after="$(machine_ticks)"
  upstream_after="$(cpu_ticks "$upstream_pid")"
  ((VIA_GATEWAY[$case])) && gateway_after="$(cpu_ticks "$gateway_pid")"
  if grep -qE 'Non-2xx|Socket errors' <<<"$output"; then
    echo "$output" >&2
    die "${URL[$case]} answered errors during the benchmark"
  fi
  RPS[$key]="$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")"
  P50[$key]="$(awk '$1 == "50%" {print $2}' <<<"$output")"
  P99[$key]="$(awk '$1 == "99%" {print $2}' <<<"$output")"
  requests="$(awk '/requests in/ {print $1}' <<<"$output")"
  # Microseconds of CPU per request: what each process costs, whatever share of the machine it got.
  UPSTREAM_CPU[$key]="$(per_request $((upstream_after - upstream_before)) "$requests")"
  GATEWAY_CPU[$key]=null
  ((VIA_GATEWAY[$case])) && GATEWAY_CPU[$key]="$(per_request $((gateway_after - gateway_before)) "$requests")"
  BUSY[$key]="$(awk -v b="$machine_before" -v a="$machine_after" 'BEGIN {
    split(b, x, " "); split(a, y, " "); printf "%.0f", 100 * (1 - (y[1] - x[1]) / (y[2] - x[2])) }')"
  printf '  %-48s %10s rps   p50 %-9s p99 %-9s busy %3s%%   CPU/request: upstream %5s us' \
    "${TITLE[$case]}" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}" "${BUSY[$key]}" "${UPSTREAM_CPU[$key]}"
  ((VIA_GATEWAY[$case])) && printf ', gateway %5s us' "${GATEWAY_CPU[$key]}"
  printf '\n'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v n="$1" -v d="$2" 'BEGIN { printf "%.2f", n / d }'; }

info "wrk: $CONNECTIONS connections, wrk pinned to core $wrk_core; each case warmed for $WARMUP, then $ROUNDS rounds of $DURATION per case"
for case in "${CASES[@]}"; do
  taskset -c "$wrk_core" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${URL[$case]}" >/dev/null
done
# Rounds interleave the cases, so a slow minute on a shared machine hits a direct case and its gateway case alike;
# each ratio is taken within a round, and the medians are reported.
declare -a BA DC
for ((round = 1; round <= ROUNDS; round++)); do
  info "round $round of $ROUNDS"
  for case in "${CASES[@]}"; do measure "$case" "$round"; done
  BA+=("$(ratio "${RPS[b:$round]}" "${RPS[a:$round]}")")
  DC+=("$(ratio "${RPS[d:$round]}" "${RPS[c:$round]}")")
  echo "  b/a = ${BA[-1]}   d/c = ${DC[-1]}"
done

declare -A MEDIAN_RPS MEDIAN_UPSTREAM_CPU MEDIAN_GATEWAY_CPU MEDIAN_BUSY
for case in "${CASES[@]}"; do
  rps=() upstream=() gateway=() busy=()
  for ((round = 1; round <= ROUNDS; round++)); do
    rps+=("${RPS[$case:$round]}")
    busy+=("${BUSY[$case:$round]}")
    upstream+=("${UPSTREAM_CPU[$case:$round]}")
    gateway+=("${GATEWAY_CPU[$case:$round]}")
  done
  MEDIAN_RPS[$case]="$(median "${rps[@]}")"
  MEDIAN_BUSY[$case]="$(median "${busy[@]}")"
  MEDIAN_UPSTREAM_CPU[$case]="$(median "${upstream[@]}")"
  MEDIAN_GATEWAY_CPU[$case]=null
  ((VIA_GATEWAY[$case])) && MEDIAN_GATEWAY_CPU[$case]="$(median "${gateway[@]}")"
done
ba="$(median "${BA[@]}")"
dc="$(median "${DC[@]}")"
echo
info "medians of $ROUNDS rounds"
for case in "${CASES[@]}"; do
  printf '  %-48s %10.0f rps   busy %3s%%   CPU/request: upstream %5s us' \
    "${TITLE[$case]}" "${MEDIAN_RPS[$case]}" "${MEDIAN_BUSY[$case]}" "${MEDIAN_UPSTREAM_CPU[$case]}"
  ((VIA_GATEWAY[$case])) && printf ', gateway %5s us' "${MEDIAN_GATEWAY_CPU[$case]}"
  printf '\n'
done
echo
echo "  b/a = $ba   (goal >= 0.50; rounds: ${BA[*]})"
echo "  d/c = $dc   (goal >= 0.70; rounds: ${DC[*]})"

json_list() { local IFS=,; echo "[$*]"; }
report_dir="$SHOP_ROOT/artifacts/bench"
mkdir -p "$report_dir"
report="$report_dir/gateway-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{\n  "cores": %s,\n  "connections": %s,\n  "warmup": "%s",\n  "duration": "%s",\n  "rounds": %s,\n  "upstreamHttpVersion": "2",\n  "results": [\n' \
    "$(nproc)" "$CONNECTIONS" "$WARMUP" "$DURATION" "$ROUNDS"
  first=1
  for case in "${CASES[@]}"; do
    ((first)) || printf ',\n'
    first=0
    rounds=()
    for ((round = 1; round <= ROUNDS; round++)); do
      key="$case:$round"
      rounds+=("$(printf '{"rps": %s, "p50": "%s", "p99": "%s", "machineBusyPercent": %s, "upstreamCpuMicrosecondsPerRequest": %s, "gatewayCpuMicrosecondsPerRequest": %s}' \
        "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}" "${BUSY[$key]}" "${UPSTREAM_CPU[$key]}" "${GATEWAY_CPU[$key]}")")
    done
    printf '    {"case": "%s", "medianRps": %s, "medianMachineBusyPercent": %s, "medianUpstreamCpuMicrosecondsPerRequest": %s, "medianGatewayCpuMicrosecondsPerRequest": %s, "rounds": %s}' \
      "${TITLE[$case]}" "${MEDIAN_RPS[$case]}" "${MEDIAN_BUSY[$case]}" "${MEDIAN_UPSTREAM_CPU[$case]}" "${MEDIAN_GATEWAY_CPU[$case]}" "$(json_list "${rounds[@]}")"
  done
  printf '\n  ],\n  "ratios": {"b_over_a": %s, "d_over_c": %s, "b_over_a_rounds": %s, "d_over_c_rounds": %s}\n}\n' \
    "$ba" "$dc" "$(json_list "${BA[@]}")" "$(json_list "${DC[@]}")"
} >"$report"
ok "figures written to ${report#"$SHOP_ROOT"/}"
