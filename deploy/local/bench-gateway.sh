#!/usr/bin/env bash
# ./shop bench gateway: what the gateway costs. Shop.Bench gateway (tools/Shop.Bench/GatewayBench) measures with wrk
#   (a) a plain Kestrel endpoint direct, (b) the same through the gateway,
#   (c) GET /api/catalog/products/{id} direct to a catalog replica, (d) the same through the gateway,
# in interleaved rounds, and prints rps, p50/p99, CPU per request and the ratios b/a and d/c. This script only starts
# Shop (servers, migrations, the seeded catalog), installs the benchmark's own copies of the three hosts and the tool,
# and starts it; the tool runs the hosts as its children, in its session with wrk. Only 127.0.0.1 is ever a target.
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# shellcheck source=deploy/local/bench-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-tool.sh"

(($# == 0)) || die "./shop bench gateway takes no options (ports and durations: the SHOP_BENCH_* variables, see README)"

# Servers, migrations and the seeded catalog.
"$SHOP_ROOT/shop" up

# Copies of their own, from this build: the running Shop keeps the binaries it was started from, which may be older.
# The catalog's settings come from the topology's plan ($SHOP_PLANS/catalog.command.env).
build_hosts
plan_deployment --shape-of catalog
install_app bench-plain tools/Shop.PlainKestrel
install_app bench-catalog "${PLAN_PROJECT[catalog]}"
install_app bench-gateway "${PLAN_PROJECT[gateway]}"

build_bench_tool
export SHOP_STATE
exec dotnet "$BENCH_TOOL" gateway
