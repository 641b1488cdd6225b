# shellcheck shell=bash
# Shop's own processes on this machine: build, migrate, start every replica and the gateway, wait until ready.
# Sourced by ./shop after servers.sh.

SHOP_GATEWAY_PORT="${SHOP_GATEWAY_PORT:-8080}"

# Every deployable service: its host project and the first port of its replicas (replica N gets base + N).
declare -A SERVICE_PROJECT=(
  [catalog]=services/Catalog/Shop.Catalog.Host
  [cart]=services/Cart/Shop.Cart.Host
  [order]=services/Order/Shop.Order.Host
  [reporting]=services/Reporting/Shop.Reporting.Host
  [monolith]=services/Monolith/Shop.Monolith.Host
)
declare -A SERVICE_BASE_PORT=(
  [catalog]="${SHOP_CATALOG_BASE_PORT:-5100}"
  [cart]="${SHOP_CART_BASE_PORT:-5200}"
  [order]="${SHOP_ORDER_BASE_PORT:-5300}"
  [reporting]="${SHOP_REPORTING_BASE_PORT:-5400}"
  [monolith]="${SHOP_MONOLITH_BASE_PORT:-5500}"
)
# Services with a database run `migrate` before their replicas start.
declare -A SERVICE_MIGRATES=([catalog]=1 [order]=1 [reporting]=1 [monolith]=1)
# The gateway's routes, one cluster per module; the shape decides which service answers each.
GATEWAY_CLUSTERS=(catalog cart order reporting)
GATEWAY_PROJECT=gateway/Shop.Gateway

# The two shapes of the same code: four services, or one monolith process hosting the four modules.
CURRENT_SHAPE=microservices
SHOP_SERVICES=(catalog cart order reporting)
ALL_SERVICES=(catalog cart order reporting monolith)

select_shape() {
  case "$1" in
    microservices) SHOP_SERVICES=(catalog cart order reporting) ;;
    monolith) SHOP_SERVICES=(monolith) ;;
    *) die "unknown shape '$1' (microservices or monolith)" ;;
  esac
  CURRENT_SHAPE="$1"
}

# The service that serves a gateway cluster in the current shape.
cluster_service() {
  if [[ "$CURRENT_SHAPE" == monolith ]]; then echo monolith; else echo "$1"; fi
}

# The shape that runs now, from the recorded processes (empty when nothing runs).
running_shape() {
  if (($(running_replicas monolith) > 0)); then
    echo monolith
  elif (($(running_replicas catalog) + $(running_replicas cart) + $(running_replicas order) + $(running_replicas reporting) > 0)); then
    echo microservices
  fi
}

declare -A REPLICAS=()

project_dll() {
  local project="$1"
  printf '%s' "$(basename "$project").dll"
}

postgres_connection() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' "$SHOP_PG_PORT" "$1" "$SHOP_PG_USER" "$SHOP_PG_PASSWORD"
}

# Environment of a service process, one NAME=value per line.
service_environment() {
  local service="$1"
  echo "Auth__SigningKey=$(cat "$SHOP_SECRETS/signing-key")"
  echo "Shop__ServiceName=$service"
  [[ "$service" == monolith ]] || echo "ConnectionStrings__RabbitMq=amqp://shop:shop@127.0.0.1:$SHOP_AMQP_PORT/"
  case "$service" in
    catalog)
      echo "ConnectionStrings__Catalog=$(postgres_connection shop_catalog)"
      echo "ConnectionStrings__Redis=127.0.0.1:$SHOP_REDIS_PORT"
      ;;
    cart)
      echo "ConnectionStrings__Redis=127.0.0.1:$SHOP_REDIS_PORT"
      ;;
    order)
      echo "ConnectionStrings__Order=$(postgres_connection shop_order)"
      [[ -z "${SHOP_PAYMENT_FAILURE_RATE:-}" ]] || echo "Order__Payment__FailureRate=$SHOP_PAYMENT_FAILURE_RATE"
      [[ -z "${SHOP_PAYMENT_LATENCY:-}" ]] || echo "Order__Payment__Latency=$SHOP_PAYMENT_LATENCY"
      ;;
    reporting)
      echo "ConnectionStrings__Reporting=$(postgres_connection shop_reporting)"
      # Only the rebuild command reads it (see services/Reporting/README.md).
      echo "ConnectionStrings__OrderSource=$(postgres_connection shop_order)"
      ;;
    monolith)
      # One database, a schema per module; no broker (modules talk in process through their outboxes).
      echo "ConnectionStrings__Shop=$(postgres_connection shop)"
      echo "ConnectionStrings__Redis=127.0.0.1:$SHOP_REDIS_PORT"
      [[ -z "${SHOP_PAYMENT_FAILURE_RATE:-}" ]] || echo "Order__Payment__FailureRate=$SHOP_PAYMENT_FAILURE_RATE"
      [[ -z "${SHOP_PAYMENT_LATENCY:-}" ]] || echo "Order__Payment__Latency=$SHOP_PAYMENT_LATENCY"
      ;;
  esac
}

# What every gateway ./shop starts has, whatever its routes.
gateway_common_environment() {
  # Socket completions run on the epoll thread instead of hopping to the thread pool: the gateway only awaits I/O, and
  # on this machine, where loopback system calls dominate, it proxied about 15 % more requests per second (README).
  echo "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"
  echo "Auth__SigningKey=$(cat "$SHOP_SECRETS/signing-key")"
  echo "Auth__AdminKey=$(cat "$SHOP_SECRETS/admin-key")"
  echo "Shop__ServiceName=gateway"
  # Each destination is an HTTP/2-only listener of one replica (see Gateway:Upstream:HttpVersion in the gateway).
  echo "Gateway__Upstream__HttpVersion=2"
}

gateway_environment() {
  gateway_common_environment
  # A load test plays thousands of buyers from one address; the per-client limit would then measure the limiter.
  [[ "${SHOP_GATEWAY_RATE_LIMIT:-true}" == true ]] || echo "Gateway__RateLimit__Enabled=false"
  local cluster service i
  for cluster in "${GATEWAY_CLUSTERS[@]}"; do
    service="$(cluster_service "$cluster")"
    for ((i = 1; i <= ${REPLICAS[$service]}; i++)); do
      echo "ReverseProxy__Clusters__${cluster}__Destinations__${service}-${i}__Address=http://127.0.0.1:$(upstream_port "$service" "$i")/"
    done
  done
}

# A gateway for a benchmark: production settings, no rate limit (a benchmark is one client by design), HTTP/2 to
# the plain endpoint's upstream listener and, when given, to one catalog replica's.
bench_gateway_environment() {
  local plain_upstream="$1" catalog_upstream="${2:-}"
  gateway_common_environment
  echo "Gateway__RateLimit__Enabled=false"
  echo "ReverseProxy__Routes__bench-plain__ClusterId=bench-plain"
  echo "ReverseProxy__Routes__bench-plain__Match__Path=/plain"
  echo "ReverseProxy__Clusters__bench-plain__Destinations__plain-1__Address=http://127.0.0.1:$plain_upstream/"
  [[ -z "$catalog_upstream" ]] ||
    echo "ReverseProxy__Clusters__catalog__Destinations__catalog-1__Address=http://127.0.0.1:$catalog_upstream/"
}

# The signing key never leaves the state folder; the admin key comes from SHOP_ADMIN_KEY when given.
ensure_secrets() {
  ensure_state_dirs
  if [[ ! -s "$SHOP_SECRETS/signing-key" ]]; then
    head -c 48 /dev/urandom | base64 -w0 >"$SHOP_SECRETS/signing-key"
  fi
  if [[ -n "${SHOP_ADMIN_KEY:-}" ]]; then
    printf '%s' "$SHOP_ADMIN_KEY" >"$SHOP_SECRETS/admin-key"
  elif [[ ! -s "$SHOP_SECRETS/admin-key" ]]; then
    head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' >"$SHOP_SECRETS/admin-key"
    info "generated an admin key in $SHOP_SECRETS/admin-key (set SHOP_ADMIN_KEY to choose your own)"
  fi
  chmod 600 "$SHOP_SECRETS"/*
}

running_replicas() {
  local service="$1" count=0 file
  for file in "$SHOP_RUN/$service"-*.pid; do
    [[ -e "$file" ]] || continue
    recorded_pid "$(basename "$file" .pid)" >/dev/null && count=$((count + 1))
  done
  echo "$count"
}

# Builds the hosts once; a running process keeps the copy it was started from (see install_app).
build_hosts() {
  info "building hosts ($SHOP_CONFIGURATION)"
  if ! dotnet build "$SHOP_ROOT/deploy/local/hosts.slnf" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly \
    >"$SHOP_LOGS/build.log" 2>&1; then
    grep -E 'error' "$SHOP_LOGS/build.log" | sort -u | head -n 20 >&2 || true
    die "build failed (full log: $SHOP_LOGS/build.log)"
  fi
}

# Copies a host's build output to the state folder, replacing the old copy by rename, so rebuilding the
# repository never rewrites files under a running process.
install_app() {
  local name="$1" project="$2"
  local output="$SHOP_ROOT/$project/bin/$SHOP_CONFIGURATION/net10.0"
  [[ -f "$output/$(project_dll "$project")" ]] || die "no build output for $project in $output"
  rm -rf "$SHOP_APP/$name.new"
  cp -r "$output" "$SHOP_APP/$name.new"
  rm -rf "${SHOP_APP:?}/$name"
  mv "$SHOP_APP/$name.new" "$SHOP_APP/$name"
}

# Where a replica listens for the gateway: HTTP/2 over cleartext only, next to its HTTP/1.1 port (base + 50 + N).
UPSTREAM_PORT_OFFSET=50
upstream_port() { echo $((SERVICE_BASE_PORT[$1] + UPSTREAM_PORT_OFFSET + $2)); }

# Processes start in their own session (setsid) so they outlive the shell that ran ./shop. A benchmark sets this to 0
# to keep what it measures in its own session: Linux gives every session an equal share of a busy CPU (autogroup), so
# a gateway in its own session would get no more CPU than the much cheaper process behind it (README, Gateway benchmark).
START_DETACHED=1

# Starts one process unless it already runs with the same command and environment; restarts it if either
# changed. Prints nothing when it left a process alone.
# start_process NAME APP DLL PORT ENVIRONMENT [UPSTREAM_PORT]: with an upstream port, the process listens on both,
# HTTP/1.1 on PORT (clients, probes, Prometheus) and HTTP/2 only on UPSTREAM_PORT (the gateway).
start_process() {
  local name="$1" app="$2" dll="$3" port="$4" environment="$5" upstream="${6:-}"
  local hash
  if [[ -n "$upstream" ]]; then
    environment="$environment
Kestrel__Endpoints__Http__Url=http://127.0.0.1:$port
Kestrel__Endpoints__Upstream__Url=http://127.0.0.1:$upstream
Kestrel__Endpoints__Upstream__Protocols=Http2"
  else
    environment="$environment
ASPNETCORE_URLS=http://127.0.0.1:$port"
  fi
  hash="$(printf '%s\n%s\n%s\n%s\n' "$app/$dll" "$port" "$environment" "$START_DETACHED" | sha256sum | cut -c1-16)"
  if recorded_pid "$name" >/dev/null; then
    if [[ "$(cat "$SHOP_RUN/$name.hash" 2>/dev/null)" == "$hash" ]]; then
      ok "$name already running on 127.0.0.1:$port"
      return 0
    fi
    info "$name configuration changed; restarting it"
    stop_recorded "$name"
  fi
  require_free_port "$port" "$name"
  [[ -z "$upstream" ]] || require_free_port "$upstream" "$name (gateway listener)"
  local -a env_args=() session=()
  mapfile -t env_args < <(sed '/^$/d' <<<"$environment")
  ((START_DETACHED)) && session=(setsid)
  (
    cd "$SHOP_APP/$app" || exit 1
    env "${env_args[@]}" DOTNET_CLI_TELEMETRY_OPTOUT=1 "${session[@]}" nohup dotnet "$dll" >"$SHOP_LOGS/$name.log" 2>&1 </dev/null &
    echo $! >"$SHOP_RUN/$name.pid"
  )
  echo "$port" >"$SHOP_RUN/$name.port"
  echo "$hash" >"$SHOP_RUN/$name.hash"
  STARTED+=("$name")
}

wait_until_ready() {
  local name="$1" port="$2" seconds="${3:-90}"
  local deadline=$((SECONDS + seconds)) pid
  while ((SECONDS < deadline)); do
    if ! pid="$(recorded_pid "$name")"; then
      show_log_tail "$SHOP_LOGS/$name.log"
      die "$name exited during start-up (log: $SHOP_LOGS/$name.log)"
    fi
    # Degraded also answers 200; at start-up every dependency (the bus too) must be connected.
    if curl -fsS --max-time 2 "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q '"status":"Healthy"'; then
      ok "$name ready on http://127.0.0.1:$port (pid $pid)"
      return 0
    fi
    sleep 0.3
  done
  show_log_tail "$SHOP_LOGS/$name.log"
  die "$name was not ready after ${seconds}s (log: $SHOP_LOGS/$name.log)"
}

# Runs a one-shot host command (migrate, rollup, rebuild) with the service's configuration, as a Kubernetes Job would.
run_host_command() {
  local service="$1" command="$2" project="${SERVICE_PROJECT[$1]}"
  local -a env_args=()
  mapfile -t env_args <<<"$(service_environment "$service")"
  info "$service: $command"
  if ! (cd "$SHOP_APP/$service" && env "${env_args[@]}" dotnet "$(project_dll "$project")" "$command") \
    >"$SHOP_LOGS/$service-$command.log" 2>&1; then
    show_log_tail "$SHOP_LOGS/$service-$command.log"
    die "$service $command failed (log: $SHOP_LOGS/$service-$command.log)"
  fi
}

run_migrations() { run_host_command "$1" migrate; }

# Points the local Prometheus at every process that is up, labelled by service and replica.
write_prometheus_targets() {
  local dir="$SHOP_STATE/prometheus" first=1 file name service
  mkdir -p "$dir"
  {
    echo '['
    for file in "$SHOP_RUN"/*.port; do
      [[ -e "$file" ]] || continue
      name="$(basename "$file" .port)"
      recorded_pid "$name" >/dev/null || continue
      service="${name%-[0-9]*}"
      ((first)) || echo ','
      first=0
      printf '  {"targets": ["127.0.0.1:%s"], "labels": {"service": "%s", "replica": "%s"}}' "$(cat "$file")" "$service" "$name"
    done
    echo
    echo ']'
  } >"$dir/targets.json.new"
  mv "$dir/targets.json.new" "$dir/targets.json"
}

# Decides how many replicas each service runs: the --replicas flag, else what runs now, else one.
resolve_replicas() {
  local spec service count
  for service in "${SHOP_SERVICES[@]}"; do
    count="$(running_replicas "$service")"
    REPLICAS[$service]=$((count > 0 ? count : 1))
  done
  for spec in "$@"; do
    [[ "$spec" =~ ^([a-z]+)=([0-9]+)$ ]] || die "--replicas takes name=count[,name=count], got '$spec'"
    service="${BASH_REMATCH[1]}"
    count="${BASH_REMATCH[2]}"
    [[ -n "${SERVICE_PROJECT[$service]:-}" ]] || die "unknown service '$service' (known: ${ALL_SERVICES[*]})"
    [[ " ${SHOP_SERVICES[*]} " == *" $service "* ]] ||
      die "$service is not part of the $CURRENT_SHAPE shape (its services: ${SHOP_SERVICES[*]}; --monolith selects the monolith)"
    ((count >= 1 && count <= 9)) || die "replicas of $service must be between 1 and 9"
    REPLICAS[$service]=$count
  done
}

# Stops the services of the other shape, so switching shapes never leaves both running against the same gateway.
stop_other_shape() {
  local service file
  for service in "${ALL_SERVICES[@]}"; do
    [[ " ${SHOP_SERVICES[*]} " != *" $service "* ]] || continue
    for file in "$SHOP_RUN/$service"-*.pid; do
      [[ -e "$file" ]] || continue
      stop_recorded "$(basename "$file" .pid)"
    done
  done
}

up_services() {
  STARTED=()
  ensure_secrets
  local service i needed=() changed=0 previous
  previous="$(running_shape)"
  if [[ -n "$previous" && "$previous" != "$CURRENT_SHAPE" ]]; then
    info "switching from the $previous to the $CURRENT_SHAPE shape"
    stop_other_shape
    changed=1
  fi
  for service in "${SHOP_SERVICES[@]}"; do
    for ((i = 1; i <= REPLICAS[$service]; i++)); do
      recorded_pid "$service-$i" >/dev/null || needed+=("$service-$i")
    done
  done
  recorded_pid gateway >/dev/null || needed+=(gateway)
  if ((${#needed[@]} > 0)); then
    build_hosts
    for service in "${SHOP_SERVICES[@]}"; do
      (($(running_replicas "$service") > 0)) || install_app "$service" "${SERVICE_PROJECT[$service]}"
    done
    recorded_pid gateway >/dev/null || install_app gateway "$GATEWAY_PROJECT"
  fi
  for service in "${SHOP_SERVICES[@]}"; do
    [[ -z "${SERVICE_MIGRATES[$service]:-}" ]] || run_migrations "$service"
    local environment
    environment="$(service_environment "$service")"
    for ((i = 1; i <= REPLICAS[$service]; i++)); do
      start_process "$service-$i" "$service" "$(project_dll "${SERVICE_PROJECT[$service]}")" \
        "$((SERVICE_BASE_PORT[$service] + i))" "$environment" "$(upstream_port "$service" "$i")"
    done
    # Replicas above the requested count are stopped, so --replicas can also scale down.
    for file in "$SHOP_RUN/$service"-*.pid; do
      [[ -e "$file" ]] || continue
      local replica
      replica="$(basename "$file" .pid)"
      ((${replica##*-} > REPLICAS[$service])) && stop_recorded "$replica" && changed=1
    done
  done
  local name
  for name in "${STARTED[@]}"; do
    wait_until_ready "$name" "$(cat "$SHOP_RUN/$name.port")"
  done
  # The gateway last: its first active health probe must find the services ready, or it marks them unhealthy and
  # answers 503 until the next probe.
  local services_started=${#STARTED[@]}
  STARTED=()
  start_process gateway gateway "$(project_dll "$GATEWAY_PROJECT")" "$SHOP_GATEWAY_PORT" "$(gateway_environment)"
  for name in "${STARTED[@]}"; do
    wait_until_ready "$name" "$(cat "$SHOP_RUN/$name.port")"
  done
  write_prometheus_targets
  ((services_started + ${#STARTED[@]} > 0 || changed)) || ok "nothing to do: everything was already running"
}

down_services() {
  stop_recorded gateway
  local file
  for file in "$SHOP_RUN"/*.port; do
    [[ -e "$file" ]] || continue
    stop_recorded "$(basename "$file" .port)"
  done
  write_prometheus_targets
}

# One row per process: name, pid, port, health (the answer of /health/ready, or the server's own probe).
status_rows() {
  local name pid port health code
  printf '%-14s %-8s %-6s %s\n' PROCESS PID PORT HEALTH
  for name in "${SHOP_SERVERS[@]}"; do
    pid="$(server_pid "$name" 2>/dev/null || true)"
    [[ -n "$pid" ]] || continue
    printf '%-14s %-8s %-6s %s\n' "$name" "$pid" "$(server_port "$name")" "$("${name}_health")"
  done
  for file in "$SHOP_RUN"/*.port; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .port)"
    port="$(cat "$file")"
    if pid="$(recorded_pid "$name")"; then
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/ready" || true)"
      case "$code" in
        200) health=ready ;;
        000) health="not answering" ;;
        *) health="not ready ($code)" ;;
      esac
    else
      pid='-'
      health="exited (see ./shop logs $name)"
    fi
    printf '%-14s %-8s %-6s %s\n' "$name" "$pid" "$port" "$health"
  done
}
