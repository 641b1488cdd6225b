# shellcheck shell=bash
# Shop.Bench from this build, for the benchmark entry points that start it (bench-gateway.sh, footprint.sh). Sourced
# after servers.sh.

# shellcheck disable=SC2034 # for the scripts that source this one
BENCH_TOOL="$SHOP_ROOT/tools/Shop.Bench/bin/$SHOP_CONFIGURATION/net10.0/Shop.Bench.dll"

build_bench_tool() {
  info "building tools/Shop.Bench"
  if ! dotnet build "$SHOP_ROOT/tools/Shop.Bench" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly >"$SHOP_LOGS/build-bench.log" 2>&1; then
    grep -E 'error' "$SHOP_LOGS/build-bench.log" | sort -u | head -n 20 >&2 || true
    die "build of tools/Shop.Bench failed (log: $SHOP_LOGS/build-bench.log)"
  fi
}
