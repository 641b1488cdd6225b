#!/usr/bin/env bash
# ./shop test: the whole suite against real servers. Starts the servers it needs and stops the ones it started.
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
# shellcheck source=deploy/local/images.sh
source "$(dirname "${BASH_SOURCE[0]}")/images.sh"

# The Docker engine too: the container and compose tests run the images for real.
TEST_SERVERS=(postgres redis rabbitmq docker)
RESULTS="$SHOP_ROOT/artifacts/test-results"

ensure_packages
command -v shellcheck >/dev/null || apt_install shellcheck
command -v jq >/dev/null || apt_install jq
# Offline verifiers of the deployment artifacts (helm, manifest validators, linters, a headless browser), pinned.
for tools in "$SHOP_ROOT"/deploy/local/tools-*.sh; do
  # shellcheck source=/dev/null
  source "$tools"
done
ensure_helm_tools
ensure_docker_tools
ensure_chromium_tools

started_here=()
for server in "${TEST_SERVERS[@]}"; do
  server_pid "$server" >/dev/null 2>&1 || started_here+=("$server")
done
stop_started() {
  ((${#started_here[@]} == 0)) || stop_servers "${started_here[@]}" >/dev/null
}
trap stop_started EXIT
start_servers "${TEST_SERVERS[@]}"

export SHOP_TEST_POSTGRES="Host=127.0.0.1;Port=$SHOP_PG_PORT;Username=$SHOP_PG_USER;Password=$SHOP_PG_PASSWORD"
export SHOP_TEST_REDIS="127.0.0.1:$SHOP_REDIS_PORT"
export SHOP_TEST_RABBITMQ="amqp://shop:shop@127.0.0.1:$SHOP_AMQP_PORT/"
export SHOP_TEST_RABBITMQ_MANAGEMENT="http://127.0.0.1:$SHOP_RABBIT_MGMT_PORT"
export SHOP_TEST_RABBITMQ_METRICS="127.0.0.1:$SHOP_RABBIT_METRICS_PORT"
export SHOP_TEST_DOCKER_HOST="unix://$SHOP_DOCKER_SOCKET" SHOP_TEST_DOCKER_CLI="$SHOP_DOCKER_CLI" SHOP_TEST_IMAGE_TAG="$SHOP_IMAGE_TAG"
export SHOP_CONFIGURATION

failed=0
passed=0

info "shellcheck"
if shellcheck -x "$SHOP_ROOT/shop" "$SHOP_ROOT"/deploy/local/*.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

info "building Shop.sln ($SHOP_CONFIGURATION)"
if ! dotnet build "$SHOP_ROOT/Shop.sln" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly >"$SHOP_LOGS/test-build.log" 2>&1; then
  grep -E 'error' "$SHOP_LOGS/test-build.log" | sort -u | head -n 30 >&2 || true
  die "build failed (full log: $SHOP_LOGS/test-build.log)"
fi

# Every image from this checkout, before the tests that run them (the local base images are built once and kept).
info "images (deploy/docker/Dockerfile, local base images)"
ensure_base_images
build_images "${SHOP_IMAGE_TARGETS[@]}"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# The suites that start whole deployments (processes, containers, compose) each need the two cores to themselves: run
# side by side, a cold start under the other's load misses its deadlines and a CPU limit is never reached. The other
# assemblies run in parallel first, from a solution filter of every test project but those.
HEAVY_TESTS=(tests/Shop.EndToEnd.Tests/Shop.EndToEnd.Tests.csproj tests/Shop.Deployment.Tests/Shop.Deployment.Tests.csproj)
light_filter="$RESULTS/light-tests.slnf"
dotnet sln "$SHOP_ROOT/Shop.sln" list | grep -E '^tests/.+\.Tests\.csproj$' | grep -vxF -f <(printf '%s\n' "${HEAVY_TESTS[@]}") \
  | jq -R . | jq -s --arg sln "$SHOP_ROOT/Shop.sln" '{solution: {path: $sln, projects: .}}' >"$light_filter"

status=0
run_tests() {
  set +e
  dotnet test "$1" -c "$SHOP_CONFIGURATION" --no-build -nologo \
    --logger "trx" --results-directory "$RESULTS" "${@:2}" 2>&1 | tee -a "$RESULTS/dotnet-test.log"
  local exit_code=${PIPESTATUS[0]}
  set -e
  ((exit_code == 0)) || status=$exit_code
}
info "dotnet test: $(jq '.solution.projects | length' "$light_filter") assemblies in parallel"
run_tests "$light_filter" "$@"
for project in "${HEAVY_TESTS[@]}"; do
  info "dotnet test: $(basename "$project" .csproj) on its own"
  run_tests "$SHOP_ROOT/$project" "$@"
done

# One line per test assembly ("Passed!  - Failed: 0, Passed: 12, ..."); summed into the closing line.
while read -r f p; do
  failed=$((failed + f))
  passed=$((passed + p))
done < <(sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+),.*/\2 \3/p' "$RESULTS/dotnet-test.log")

# An end-to-end host that died by itself explains the failures around it; CI shows the end of this output.
while IFS= read -r marker; do
  warn "$(cat "$marker")"
  tail -n 40 "${marker%.unexpected-exit}" >&2
done < <(find "$RESULTS/e2e-hosts" -name '*.unexpected-exit' 2>/dev/null | sort)

if ((status != 0 && failed == 0)); then
  failed=1
  warn "dotnet test exited with $status without a failed test count (a test host crashed or did not start)"
fi
echo
echo "Tests: $passed passed, $failed failed"
((failed == 0))
