#!/usr/bin/env bash
# ./shop bench blackfriday, scaling and journeys: deploy/local/bench-shop.sh <run|scaling|journeys> [options].
# blackfriday (Shop.Bench run): microservices and monolith on the same Black Friday, on this machine; scaling: every
# replica under the same CPU limit, the scale-out curves and the fault isolation experiments; journeys: each journey
# alone at a constant rate, CPU per journey per component.
#
# Shop.Bench (tools/Shop.Bench/BlackFriday, tools/Shop.Bench/Scaling, tools/Shop.Bench/Journeys) owns each experiment: the bench's own state
# folder and ports, its phases, the samplers, the capacity searches, every file it writes and the report. This script
# only installs what it needs (packages, copies of the tools) and starts it; Shop.Bench asks ./shop to start and stop
# the servers and Shop's processes. `./shop bench <name> --help` lists the options.
set -euo pipefail

SHOP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SHOP_ROOT
# shellcheck source=deploy/local/servers.sh
source "$SHOP_ROOT/deploy/local/servers.sh"
# shellcheck source=deploy/local/services.sh
source "$SHOP_ROOT/deploy/local/services.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Copies of the bench's tools, outside every state folder (the bench wipes its own between shapes).
TOOLS="$SHOP_ROOT/.shop/bench-tools"

# Builds and installs copies of the load generator, the bench and the two processes of the ceilings, so rebuilding the
# repository during a bench changes nothing.
install_tools() {
  local name project
  mkdir -p "$TOOLS"
  for name in loadtest bench plain gateway; do
    case "$name" in
      loadtest) project=tools/Shop.LoadTest ;;
      bench) project=tools/Shop.Bench ;;
      plain) project=tools/Shop.PlainKestrel ;;
      gateway) project=gateway/Shop.Gateway ;;
    esac
    info "building $project"
    if ! dotnet build "$SHOP_ROOT/$project" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly >"$TOOLS/build-$name.log" 2>&1; then
      grep -E 'error' "$TOOLS/build-$name.log" | sort -u | head -n 20 >&2 || true
      die "build of $project failed (log: $TOOLS/build-$name.log)"
    fi
    rm -rf "${TOOLS:?}/$name.new"
    cp -r "$SHOP_ROOT/$project/bin/$SHOP_CONFIGURATION/net10.0" "$TOOLS/$name.new"
    rm -rf "${TOOLS:?}/$name"
    mv "$TOOLS/$name.new" "$TOOLS/$name"
  done
}

ensure_packages
command -v taskset >/dev/null || apt_install util-linux
install_tools
# The hosts once, here (the log beside the tools: the bench leaves the state of ./shop up alone); every ./shop up the
# bench runs then skips its own (no-op, but seconds long) build.
SHOP_BUILD_LOG="$TOOLS/build-hosts.log" build_hosts
export SHOP_HOSTS_BUILT=1
# The state of ./shop up, which the bench leaves alone (it runs a Shop of its own).
export SHOP_STATE
case "${1:-}" in
  run | scaling | journeys) ;;
  *) die "usage: deploy/local/bench-shop.sh run|scaling|journeys [options]" ;;
esac
exec dotnet "$TOOLS/bench/Shop.Bench.dll" "$@"
