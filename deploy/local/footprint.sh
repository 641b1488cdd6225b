#!/usr/bin/env bash
# ./shop footprint: what each shape costs before it serves a single request. Shop.Bench footprint
# (tools/Shop.Bench/FootprintBench) starts the four services one at a time, then the monolith, and measures their
# start-to-ready time and idle memory over a few rounds; it writes artifacts/footprint/footprint.json, which the Black
# Friday report reuses. This script only installs what it needs: the servers, a copy of each host migrated on databases
# and a RabbitMQ virtual host of its own (so a running ./shop is neither read nor disturbed), and the tool.
# Options (--rounds N, --idle SECONDS) go to the tool.
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# shellcheck source=deploy/local/bench-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-tool.sh"

VHOST=shop-footprint
# Environment files of its own: the plans of a running ./shop stay as they are.
SHOP_PLANS="$SHOP_STATE/footprint/env"

ensure_vhost() {
  local api="http://127.0.0.1:$SHOP_RABBIT_MGMT_PORT/api"
  curl -fsS -u shop:shop -X PUT "$api/vhosts/$VHOST" >/dev/null
  curl -fsS -u shop:shop -X PUT -H 'content-type: application/json' \
    -d '{"configure":".*","write":".*","read":".*"}' "$api/permissions/$VHOST/shop" >/dev/null
}

ensure_packages
start_servers postgres redis rabbitmq
ensure_secrets
ensure_topology
build_hosts
ensure_vhost
for shape in microservices monolith; do
  plan_deployment --shape "$shape" --database-suffix _footprint --rabbitmq "amqp://shop:shop@127.0.0.1:$SHOP_AMQP_PORT/$VHOST"
  for host in "${PLAN_HOSTS[@]}"; do
    # Leftovers of an interrupted run would answer at once and spoil the timings.
    stop_recorded "fp-$host" >/dev/null
    install_app "fp-$host" "${PLAN_PROJECT[$host]}"
    if [[ "${PLAN_MIGRATES[$host]}" == 1 ]]; then
      mapfile -t env_args <"$SHOP_PLANS/$host.command.env"
      (cd "$SHOP_APP/fp-$host" && env "${env_args[@]}" dotnet "${PLAN_DLL[$host]}" migrate) \
        >"$SHOP_LOGS/fp-$host-migrate.log" 2>&1 || die "$host migrate failed (log: $SHOP_LOGS/fp-$host-migrate.log)"
    fi
  done
done

build_bench_tool
export SHOP_STATE SHOP_PLANS
exec dotnet "$BENCH_TOOL" footprint "$@"
