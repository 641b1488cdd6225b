#!/usr/bin/env bash
# Tools the container tests need (tests/Shop.Deployment.Tests/Docker and Compose), all usable without a Docker engine:
# the Dockerfile linters dockerlinter and dockerfile-utils (npm, pinned, under $SHOP_STATE/tools/docker-lint), which
# run ShellCheck on every RUN (apt), docker-compose 1.29 (apt; its `config` validates docker-compose.yml) and promtool
# (apt prometheus; checks deploy/compose/prometheus.yml).
# Sourced by deploy/local/test.sh, which calls ensure_docker_tools before dotnet test; also runnable on its own:
#   bash deploy/local/tools-docker.sh      (installs what is missing and prints the variables the tests read)

# shellcheck source=deploy/local/servers.sh
declare -F apt_install >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

DOCKERLINTER_VERSION=2.0.0
DOCKERFILE_UTILS_VERSION=0.16.3
DOCKER_COMPOSE_SERIES=1.29.
# dockerlinter reads import.meta.dirname, which Node.js has since 20.11.
DOCKER_TOOLS_MIN_NODE=20.11

# Prints the version recorded in an installed npm package, or nothing.
_docker_tools_npm_version() {
  local manifest="$1/node_modules/$2/package.json"
  [[ -f "$manifest" ]] || return 0
  node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null || true
}

_docker_tools_require_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    die "Node.js and npm are needed for the Dockerfile linters; install Node.js $DOCKER_TOOLS_MIN_NODE or newer"
  fi
  local version
  version="$(node -p 'process.versions.node')"
  if [[ "$(printf '%s\n%s\n' "$DOCKER_TOOLS_MIN_NODE" "$version" | sort -V | head -n1)" != "$DOCKER_TOOLS_MIN_NODE" ]]; then
    die "Node.js $version is too old for dockerlinter $DOCKERLINTER_VERSION (needs $DOCKER_TOOLS_MIN_NODE or newer)"
  fi
}

# Installs what is missing (idempotent) and exports SHOP_TEST_DOCKERLINTER, SHOP_TEST_DOCKERFILE_UTILS,
# SHOP_TEST_DOCKER_COMPOSE, SHOP_TEST_PROMTOOL and SHOP_TEST_PG_BIN (the PostgreSQL server binaries, for the test that
# runs deploy/compose/postgres/init-databases.sh against a throwaway cluster).
ensure_docker_tools() {
  ensure_state_dirs
  local missing=()
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v promtool >/dev/null || missing+=(prometheus)
  if ((${#missing[@]} > 0)); then
    apt_install "${missing[@]}"
  fi

  local compose_version
  compose_version="$(docker-compose version --short 2>/dev/null || true)"
  [[ "$compose_version" == "$DOCKER_COMPOSE_SERIES"* ]] ||
    die "docker-compose ${DOCKER_COMPOSE_SERIES}x is needed (the oldest compose docker-compose.yml supports); found '${compose_version:-none}'"

  _docker_tools_require_node
  local dir="$SHOP_STATE/tools/docker-lint"
  if [[ "$(_docker_tools_npm_version "$dir" dockerlinter)" != "$DOCKERLINTER_VERSION" ||
    "$(_docker_tools_npm_version "$dir" dockerfile-utils)" != "$DOCKERFILE_UTILS_VERSION" ]]; then
    info "installing dockerlinter $DOCKERLINTER_VERSION and dockerfile-utils $DOCKERFILE_UTILS_VERSION"
    mkdir -p "$dir"
    [[ -f "$dir/package.json" ]] || echo '{"private": true}' >"$dir/package.json"
    # --ignore-scripts: dockerlinter's postinstall downloads a shellcheck binary; it uses the one on PATH instead.
    if ! npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund --save-exact \
      "dockerlinter@$DOCKERLINTER_VERSION" "dockerfile-utils@$DOCKERFILE_UTILS_VERSION" >"$SHOP_LOGS/npm-docker-lint.log" 2>&1; then
      show_log_tail "$SHOP_LOGS/npm-docker-lint.log"
      die "npm install of the Dockerfile linters failed (see $SHOP_LOGS/npm-docker-lint.log)"
    fi
  fi

  export SHOP_TEST_DOCKERLINTER="$dir/node_modules/.bin/dockerlinter"
  export SHOP_TEST_DOCKERFILE_UTILS="$dir/node_modules/.bin/dockerfile-utils"
  SHOP_TEST_DOCKER_COMPOSE="$(command -v docker-compose)"
  SHOP_TEST_PROMTOOL="$(command -v promtool)"
  SHOP_TEST_PG_BIN="$PG_BIN"
  export SHOP_TEST_DOCKER_COMPOSE SHOP_TEST_PROMTOOL SHOP_TEST_PG_BIN
  local tool
  for tool in "$SHOP_TEST_DOCKERLINTER" "$SHOP_TEST_DOCKERFILE_UTILS"; do
    [[ -x "$tool" ]] || die "expected $tool after installing the Dockerfile linters"
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  ensure_docker_tools
  ok "docker tools ready"
  printf 'export %s=%q\n' \
    SHOP_TEST_DOCKERLINTER "$SHOP_TEST_DOCKERLINTER" \
    SHOP_TEST_DOCKERFILE_UTILS "$SHOP_TEST_DOCKERFILE_UTILS" \
    SHOP_TEST_DOCKER_COMPOSE "$SHOP_TEST_DOCKER_COMPOSE" \
    SHOP_TEST_PROMTOOL "$SHOP_TEST_PROMTOOL" \
    SHOP_TEST_PG_BIN "$SHOP_TEST_PG_BIN"
fi
