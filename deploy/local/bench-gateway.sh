#!/usr/bin/env bash
# ./shop bench gateway: what the gateway costs. In one run on this machine, wrk measures
#   (a) a plain Kestrel endpoint direct, (b) the same through the gateway,
#   (c) GET /api/catalog/products/{id} direct to a catalog replica, (d) the same through the gateway,
# and prints rps, p50/p99 and the ratios b/a and d/c. Only 127.0.0.1 is ever a target.
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

DURATION="${SHOP_BENCH_DURATION:-10s}"
WARMUP="${SHOP_BENCH_WARMUP:-3s}"
CONNECTIONS="${SHOP_BENCH_CONNECTIONS:-32}"
PLAIN_PORT="${SHOP_BENCH_PLAIN_PORT:-5990}"
BENCH_GATEWAY_PORT="${SHOP_BENCH_GATEWAY_PORT:-8090}"
PLAIN_PROJECT=tools/Shop.PlainKestrel

"$SHOP_ROOT/shop" up

cleanup() {
  stop_recorded bench-gateway >/dev/null
  stop_recorded bench-plain >/dev/null
}
trap cleanup EXIT

STARTED=()
resolve_replicas "$@"
build_hosts
install_app bench-plain "$PLAIN_PROJECT"
start_process bench-plain bench-plain "$(project_dll "$PLAIN_PROJECT")" "$PLAIN_PORT" ""
# A second gateway instance with the production settings plus a route to the plain endpoint; rate limiting
# is off because a benchmark is one client by design.
bench_gateway_environment="$(gateway_environment)
Gateway__RateLimit__Enabled=false
ReverseProxy__Routes__bench-plain__ClusterId=bench-plain
ReverseProxy__Routes__bench-plain__Match__Path=/plain
ReverseProxy__Clusters__bench-plain__Destinations__plain-1__Address=http://127.0.0.1:$PLAIN_PORT/"
start_process bench-gateway gateway "$(project_dll "$GATEWAY_PROJECT")" "$BENCH_GATEWAY_PORT" "$bench_gateway_environment"
wait_until_ready bench-plain "$PLAIN_PORT"
wait_until_ready bench-gateway "$BENCH_GATEWAY_PORT"

catalog_port="$(cat "$SHOP_RUN/catalog-1.port")"
product_id="$(curl -fsS "http://127.0.0.1:$catalog_port/api/catalog/products?pageSize=1&page=17" | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p')"
[[ -n "$product_id" ]] || die "could not read a product id from catalog-1"

# wrk runs on the last core so the servers keep the others; its own figures are closed-model (see README).
wrk_core=$(($(nproc) - 1))
declare -A RPS P50 P99
measure() {
  local key="$1" url="$2" output
  taskset -c "$wrk_core" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  output="$(taskset -c "$wrk_core" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
  if grep -q 'Non-2xx' <<<"$output"; then
    echo "$output" >&2
    die "$url answered errors during the benchmark"
  fi
  RPS[$key]="$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")"
  P50[$key]="$(awk '$1 == "50%" {print $2}' <<<"$output")"
  P99[$key]="$(awk '$1 == "99%" {print $2}' <<<"$output")"
  printf '  %-44s %10s rps   p50 %-9s p99 %s\n' "$key" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}"
}

info "wrk: $CONNECTIONS connections, $DURATION per measurement after $WARMUP of warm-up, wrk pinned to core $wrk_core"
measure "(a) plain Kestrel, direct" "http://127.0.0.1:$PLAIN_PORT/plain"
measure "(b) plain Kestrel, through the gateway" "http://127.0.0.1:$BENCH_GATEWAY_PORT/plain"
measure "(c) catalog product by id, direct" "http://127.0.0.1:$catalog_port/api/catalog/products/$product_id"
measure "(d) catalog product by id, through the gateway" "http://127.0.0.1:$BENCH_GATEWAY_PORT/api/catalog/products/$product_id"

ratio() { awk -v n="$1" -v d="$2" 'BEGIN { printf "%.2f", n / d }'; }
ba="$(ratio "${RPS["(b) plain Kestrel, through the gateway"]}" "${RPS["(a) plain Kestrel, direct"]}")"
dc="$(ratio "${RPS["(d) catalog product by id, through the gateway"]}" "${RPS["(c) catalog product by id, direct"]}")"
echo
echo "  b/a = $ba   (goal >= 0.50)"
echo "  d/c = $dc   (goal >= 0.70)"

report_dir="$SHOP_ROOT/artifacts/bench"
mkdir -p "$report_dir"
report="$report_dir/gateway-$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{\n  "cores": %s,\n  "connections": %s,\n  "duration": "%s",\n  "results": [\n' "$(nproc)" "$CONNECTIONS" "$DURATION"
  first=1
  for key in "(a) plain Kestrel, direct" "(b) plain Kestrel, through the gateway" \
    "(c) catalog product by id, direct" "(d) catalog product by id, through the gateway"; do
    ((first)) || printf ',\n'
    first=0
    printf '    {"case": "%s", "rps": %s, "p50": "%s", "p99": "%s"}' "$key" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}"
  done
  printf '\n  ],\n  "ratios": {"b_over_a": %s, "d_over_c": %s}\n}\n' "$ba" "$dc"
} >"$report"
ok "figures written to ${report#"$SHOP_ROOT"/}"
