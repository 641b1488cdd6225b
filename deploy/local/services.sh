# shellcheck shell=bash
# Shop's own processes on this machine: build, migrate, start every replica and the gateway, wait until ready.
# Sourced by ./shop after servers.sh.

SHOP_GATEWAY_PORT="${SHOP_GATEWAY_PORT:-8080}"
# Moves every service's block of ports at once (replica N of catalog listens on 5100 + offset + N); the bench runs its
# own Shop 10,000 higher.
SHOP_SERVICE_PORT_OFFSET="${SHOP_SERVICE_PORT_OFFSET:-0}"

# Which hosts run, their ports, listeners and settings: tools/Shop.Topology decides, for ./shop as for the benches and the
# end-to-end tests. This file only starts what it plans.
TOPOLOGY_PROJECT=tools/Shop.Topology
SHOP_PLANS="$SHOP_RUN/env"

topology() { dotnet "$SHOP_APP/topology/Shop.Topology.dll" "$@"; }

# The topology tool, built and installed when missing or older than its sources (a running Shop keeps its own copy).
ensure_topology() {
  local installed="$SHOP_APP/topology/Shop.Topology.dll"
  if [[ -f "$installed" && -z "$(find "$SHOP_ROOT/$TOPOLOGY_PROJECT" -path '*/bin' -prune -o -path '*/obj' -prune -o \
    \( -name '*.cs' -o -name '*.csproj' \) -newer "$installed" -print -quit)" ]]; then
    return 0
  fi
  ensure_state_dirs
  info "building $TOPOLOGY_PROJECT ($SHOP_CONFIGURATION)"
  if ! dotnet build "$SHOP_ROOT/$TOPOLOGY_PROJECT" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly >"$SHOP_LOGS/build-topology.log" 2>&1; then
    grep -E 'error' "$SHOP_LOGS/build-topology.log" | sort -u | head -n 20 >&2 || true
    die "build failed (full log: $SHOP_LOGS/build-topology.log)"
  fi
  install_app topology "$TOPOLOGY_PROJECT"
}

# Running replicas per host, from the recorded processes: catalog=2,cart=1,...
running_counts() {
  local file name
  declare -A counts=()
  for file in "$SHOP_RUN"/*-[0-9]*.pid; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    [[ "$name" =~ ^([a-z]+)-[0-9]+$ ]] || continue
    recorded_pid "$name" >/dev/null || continue
    counts[${BASH_REMATCH[1]}]=$((${counts[${BASH_REMATCH[1]}]:-0} + 1))
  done
  local IFS=,
  local specs=()
  for name in "${!counts[@]}"; do specs+=("$name=${counts[$name]}"); done
  echo "${specs[*]}"
}

# CPU limits of what runs now, per host, from the recorded processes: catalog=0.3,gateway=1,... (every replica of a host
# is started with the same one).
running_cpus() {
  local file name
  declare -A limits=()
  for file in "$SHOP_RUN"/*.cpus; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .cpus)"
    recorded_pid "$name" >/dev/null || continue
    [[ "$name" =~ ^([a-z]+)(-[0-9]+)?$ ]] || continue
    limits[${BASH_REMATCH[1]}]="$(cat "$file")"
  done
  local IFS=,
  local specs=()
  for name in "${!limits[@]}"; do specs+=("$name=${limits[$name]}"); done
  echo "${specs[*]}"
}

# Asks the topology for a deployment and reads its plan: PLAN_SERVERS, PLAN_HOSTS (in start order), PLAN_REPLICAS
# (names, in start order), PLAN_OTHER_HOSTS (the other shape's hosts) and, by name, PLAN_PROJECT, PLAN_DLL, PLAN_PORT,
# PLAN_HOST, PLAN_MIGRATES and PLAN_CPUS (the CPU limit in cores, - for none). Each process's environment is in
# $SHOP_PLANS/<name>.env, each host's commands' in $SHOP_PLANS/<host>.command.env. What runs now keeps its replica count
# and CPU limit unless the options say otherwise.
# plan_deployment --shape S [--replicas catalog=2,...] [--cpus catalog=0.3,...] | --shape-of HOST, and any other option
# of Shop.Topology plan not given here (--database-suffix) or given in place of this one's (--rabbitmq)
plan_deployment() {
  ensure_secrets
  local args=(plan --env-dir "$SHOP_PLANS"
    --postgres "127.0.0.1:$SHOP_PG_PORT" --postgres-user "$SHOP_PG_USER" --postgres-password "$SHOP_PG_PASSWORD"
    --redis "127.0.0.1:$SHOP_REDIS_PORT"
    --signing-key-file "$SHOP_SECRETS/signing-key" --admin-key-file "$SHOP_SECRETS/admin-key"
    --gateway-port "$SHOP_GATEWAY_PORT" --port-offset "$SHOP_SERVICE_PORT_OFFSET")
  # A caller may name another virtual host (the footprint has its own).
  [[ " $* " == *" --rabbitmq "* ]] || args+=(--rabbitmq "amqp://shop:shop@127.0.0.1:$SHOP_AMQP_PORT/")
  local running
  running="$(running_counts)"
  [[ -z "$running" ]] || args+=(--running "$running")
  running="$(running_cpus)"
  [[ -z "$running" ]] || args+=(--running-cpus "$running")
  [[ -z "${SHOP_PAYMENT_FAILURE_RATE:-}" ]] || args+=(--payment-failure-rate "$SHOP_PAYMENT_FAILURE_RATE")
  [[ -z "${SHOP_PAYMENT_LATENCY:-}" ]] || args+=(--payment-latency "$SHOP_PAYMENT_LATENCY")
  # The noisy-neighbour experiment's CPU hog endpoints on the hosts that run reporting (they then run as Bench).
  [[ "${SHOP_REPORTING_FAULTS:-false}" != true ]] || args+=(--reporting-faults)
  # A load test plays thousands of buyers from one address; the per-client limit would then measure the limiter.
  [[ "${SHOP_GATEWAY_RATE_LIMIT:-true}" == true ]] || args+=(--rate-limit false)
  local plan
  plan="$(topology "${args[@]}" "$@")" || exit 2
  PLAN_SERVERS=() PLAN_HOSTS=() PLAN_REPLICAS=() PLAN_OTHER_HOSTS=()
  declare -gA PLAN_PROJECT=() PLAN_DLL=() PLAN_PORT=() PLAN_HOST=() PLAN_MIGRATES=() PLAN_CPUS=()
  local line fields name
  while IFS= read -r line; do
    IFS=$'\t' read -r -a fields <<<"$line"
    name="${fields[1]:-}"
    # shellcheck disable=SC2034 # PLAN_SERVERS is read by ./shop up, which starts them
    case "${fields[0]}" in
      servers) PLAN_SERVERS=("${fields[@]:1}") ;;
      others) PLAN_OTHER_HOSTS=("${fields[@]:1}") ;;
      command)
        PLAN_HOSTS+=("$name")
        PLAN_PROJECT[$name]="${fields[2]}" PLAN_DLL[$name]="${fields[3]}" PLAN_MIGRATES[$name]="${fields[4]}"
        ;;
      replica | gateway)
        [[ "${fields[0]}" == gateway ]] || PLAN_REPLICAS+=("$name")
        PLAN_HOST[$name]="${fields[2]}" PLAN_PROJECT[$name]="${fields[3]}" PLAN_DLL[$name]="${fields[4]}" PLAN_PORT[$name]="${fields[5]}"
        PLAN_CPUS[$name]="${fields[7]}"
        ;;
    esac
  done <<<"$plan"
}

project_dll() { printf '%s' "$(basename "$1").dll"; }

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
  local host="$1" count=0 file
  for file in "$SHOP_RUN/$host"-*.pid; do
    [[ -e "$file" ]] || continue
    recorded_pid "$(basename "$file" .pid)" >/dev/null && count=$((count + 1))
  done
  echo "$count"
}

# Builds the hosts once; a running process keeps the copy it was started from (see install_app).
# Its log: SHOP_BUILD_LOG, else the state's logs/build.log. SHOP_HOSTS_BUILT=1 (set by the benches, which build the hosts
# once before they start) skips the build: a no-op build still costs seconds, on every ./shop up a bench runs.
build_hosts() {
  local log="${SHOP_BUILD_LOG:-$SHOP_LOGS/build.log}"
  if [[ "${SHOP_HOSTS_BUILT:-}" == 1 ]]; then return 0; fi
  info "building hosts ($SHOP_CONFIGURATION)"
  if ! dotnet build "$SHOP_ROOT/deploy/local/hosts.slnf" -c "$SHOP_CONFIGURATION" -nologo -v:q -clp:ErrorsOnly \
    >"$log" 2>&1; then
    grep -E 'error' "$log" | sort -u | head -n 20 >&2 || true
    die "build failed (full log: $log)"
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

# Starts one process unless it already runs with the same command, environment and CPU limit; restarts it if any
# changed. Prints nothing when it left a process alone.
# start_process NAME APP DLL PORT ENVIRONMENT [CPUS]: ENVIRONMENT is NAME=value lines, a plan's environment file with the
# process's listeners in it; CPUS a CPU limit in cores (- for none). Processes start in their own session
# (setsid), so they outlive the shell that ran ./shop. (Linux then gives each its own share of a busy CPU; the benchmarks
# start what they measure from C#, in their own session: README, Gateway benchmark.) A limited process runs in a cgroup
# of its own, which it enters before dotnet starts (the topology's launcher words), so its start-up is limited too.
start_process() {
  local name="$1" app="$2" dll="$3" port="$4" environment="$5" cpus="${6:--}"
  local hash identity
  identity="$(printf '%s\n%s\n%s\n' "$app/$dll" "$port" "$environment")"
  # Unlimited processes keep the hash they always had, so adding limits elsewhere restarts nothing else.
  [[ "$cpus" == - ]] || identity+=$'\n'"cpus=$cpus"
  hash="$(printf '%s\n' "$identity" | sha256sum | cut -c1-16)"
  if recorded_pid "$name" >/dev/null; then
    if [[ "$(cat "$SHOP_RUN/$name.hash" 2>/dev/null)" == "$hash" ]]; then
      ok "$name already running on 127.0.0.1:$port"
      return 0
    fi
    info "$name configuration changed; restarting it"
    stop_process "$name"
  fi
  require_free_port "$port" "$name"
  local -a env_args=() launcher=()
  mapfile -t env_args < <(sed '/^$/d' <<<"$environment")
  if [[ "$cpus" != - ]]; then
    local words
    words="$(topology cgroup create --state "$SHOP_STATE" --name "$name" --cpus "$cpus")" ||
      die "cannot limit $name to $cpus CPU (see above)"
    mapfile -t launcher <<<"$words"
  fi
  (
    cd "$SHOP_APP/$app" || exit 1
    env "${env_args[@]}" DOTNET_CLI_TELEMETRY_OPTOUT=1 setsid nohup "${launcher[@]}" dotnet "$dll" >"$SHOP_LOGS/$name.log" 2>&1 </dev/null &
    echo $! >"$SHOP_RUN/$name.pid"
  )
  echo "$port" >"$SHOP_RUN/$name.port"
  echo "$hash" >"$SHOP_RUN/$name.hash"
  if [[ "$cpus" != - ]]; then echo "$cpus" >"$SHOP_RUN/$name.cpus"; fi
  STARTED+=("$name")
}

# Stops a process started by start_process and removes its cgroup, if it had a CPU limit.
stop_process() {
  local name="$1"
  stop_recorded "$name"
  if [[ -e "$SHOP_RUN/$name.cpus" ]]; then
    topology cgroup remove --state "$SHOP_STATE" --name "$name" || warn "the cgroup of $name stays (see above)"
    rm -f "$SHOP_RUN/$name.cpus"
  fi
}

# Starts a process of the current plan (see plan_deployment) from its installed host.
start_planned() {
  local name="$1"
  start_process "$name" "${PLAN_HOST[$name]}" "${PLAN_DLL[$name]}" "${PLAN_PORT[$name]}" "$(cat "$SHOP_PLANS/$name.env")" "${PLAN_CPUS[$name]}"
}

# Fails before anything starts when the plan limits a process and this machine cannot (no cpu controller, not root).
check_cpu_limits() {
  local name
  for name in "${PLAN_REPLICAS[@]}" gateway; do
    if [[ "${PLAN_CPUS[$name]:--}" != - ]]; then
      topology cgroup check >/dev/null || die "--cpus needs a cgroup cpu controller and root (see above)"
      return 0
    fi
  done
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

# Runs a one-shot host command (migrate, rollup, rebuild) of a planned host with its configuration, as a Kubernetes Job
# would.
run_host_command() {
  local host="$1" command="$2"
  local -a env_args=()
  mapfile -t env_args <"$SHOP_PLANS/$host.command.env"
  info "$host: $command"
  if ! (cd "$SHOP_APP/$host" && env "${env_args[@]}" dotnet "${PLAN_DLL[$host]}" "$command") \
    >"$SHOP_LOGS/$host-$command.log" 2>&1; then
    show_log_tail "$SHOP_LOGS/$host-$command.log"
    die "$host $command failed (log: $SHOP_LOGS/$host-$command.log)"
  fi
}

# Migrates every planned host that owns a database, side by side: each has its own database, as Kubernetes Jobs would
# run them. Fails after all have ended if any failed.
migrate_hosts() {
  local host failed=0
  local -A pids=()
  for host in "${PLAN_HOSTS[@]}"; do
    [[ "${PLAN_MIGRATES[$host]}" != 1 ]] || { run_host_command "$host" migrate & pids[$host]=$!; }
  done
  for host in "${!pids[@]}"; do
    wait "${pids[$host]}" || failed=1
  done
  ((failed == 0)) || die "migration failed (see above)"
}

# Points the local Prometheus at every process that is up, labelled by service and replica.
write_prometheus_targets() {
  topology targets --run-dir "$SHOP_RUN" --out "$SHOP_STATE/prometheus/targets.json"
}

# Stops the replicas of the other shape, so switching shapes never leaves both running against the same gateway.
# Prints the other shape's hosts that were running.
stop_other_shape() {
  local host file
  for host in "${PLAN_OTHER_HOSTS[@]}"; do
    for file in "$SHOP_RUN/$host"-*.pid; do
      [[ -e "$file" ]] || continue
      stop_process "$(basename "$file" .pid)"
    done
  done
}

other_shape_running() {
  local host
  for host in "${PLAN_OTHER_HOSTS[@]}"; do
    (($(running_replicas "$host") == 0)) || return 0
  done
  return 1
}

# up_services SHAPE [REPLICAS [CPUS]]: plans the shape (the --replicas and --cpus given, else what runs now, else one each
# and no limit), then builds, migrates and starts what is not running yet or runs with another configuration, the
# gateway last.
up_services() {
  local shape="$1" replicas="${2:-}" cpus="${3:-}"
  STARTED=()
  ensure_topology
  local plan_args=(--shape "$shape")
  [[ -z "$replicas" ]] || plan_args+=(--replicas "$replicas")
  [[ -z "$cpus" ]] || plan_args+=(--cpus "$cpus")
  plan_deployment "${plan_args[@]}"
  check_cpu_limits
  local host name changed=0 needed=()
  if other_shape_running; then
    info "switching to the $shape shape"
    stop_other_shape
    changed=1
  fi
  for name in "${PLAN_REPLICAS[@]}" gateway; do
    recorded_pid "$name" >/dev/null || needed+=("$name")
  done
  if ((${#needed[@]} > 0)); then
    build_hosts
    for host in "${PLAN_HOSTS[@]}"; do
      (($(running_replicas "$host") > 0)) || install_app "$host" "${PLAN_PROJECT[$host]}"
    done
    recorded_pid gateway >/dev/null || install_app gateway "${PLAN_PROJECT[gateway]}"
  fi
  migrate_hosts
  for host in "${PLAN_HOSTS[@]}"; do
    for name in "${PLAN_REPLICAS[@]}"; do
      [[ "${PLAN_HOST[$name]}" != "$host" ]] || start_planned "$name"
    done
    # Replicas above the planned count are stopped, so --replicas can also scale down.
    for file in "$SHOP_RUN/$host"-*.pid; do
      [[ -e "$file" ]] || continue
      name="$(basename "$file" .pid)"
      [[ -n "${PLAN_HOST[$name]:-}" ]] || { stop_process "$name" && changed=1; }
    done
  done
  for name in "${STARTED[@]}"; do
    wait_until_ready "$name" "$(cat "$SHOP_RUN/$name.port")"
  done
  # The gateway last: its first active health probe must find the services ready, or it marks them unhealthy and
  # answers 503 until the next probe.
  local services_started=${#STARTED[@]}
  STARTED=()
  start_planned gateway
  for name in "${STARTED[@]}"; do
    wait_until_ready "$name" "$(cat "$SHOP_RUN/$name.port")"
  done
  write_prometheus_targets
  ((services_started + ${#STARTED[@]} > 0 || changed)) || ok "nothing to do: everything was already running"
}

down_services() {
  local file limited=0
  ! compgen -G "$SHOP_RUN/*.cpus" >/dev/null || limited=1
  stop_process gateway
  for file in "$SHOP_RUN"/*.port; do
    [[ -e "$file" ]] || continue
    stop_process "$(basename "$file" .port)"
  done
  [[ -f "$SHOP_APP/topology/Shop.Topology.dll" ]] || return 0
  write_prometheus_targets
  # The deployment's cgroup folder, and any cgroup an interrupted ./shop left in it.
  ((limited == 0)) || topology cgroup remove --state "$SHOP_STATE" --all || warn "some cgroups of $SHOP_STATE stay (see above)"
}

# One row per process: name, pid, port, CPU limit and throttling (of a limited process, from its cgroup), health (the
# answer of /health/ready, or the server's own probe).
status_rows() {
  local name pid port health code cpus periods throttled seconds usage summary
  declare -A limit=() throttling=()
  if compgen -G "$SHOP_RUN/*.cpus" >/dev/null && [[ -f "$SHOP_APP/topology/Shop.Topology.dll" ]]; then
    # shellcheck disable=SC2034 # the counters are read for their position; status shows the limit and the summary
    while IFS=$'\t' read -r name cpus periods throttled seconds usage summary; do
      limit[$name]="$cpus" throttling[$name]="$summary"
    done < <(topology cgroup stat --state "$SHOP_STATE" || true)
  fi
  local row='%-14s %-8s %-6s %-5s %-26s %s\n'
  # shellcheck disable=SC2059 # the format is the row layout above
  printf "$row" PROCESS PID PORT CPU THROTTLED HEALTH
  for name in "${SHOP_ALL_SERVERS[@]}"; do
    pid="$(server_pid "$name" 2>/dev/null || true)"
    [[ -n "$pid" ]] || continue
    # shellcheck disable=SC2059
    printf "$row" "$name" "$pid" "$(server_port "$name")" - - "$("${name}_health")"
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
    # shellcheck disable=SC2059
    printf "$row" "$name" "$pid" "$port" "${limit[$name]:--}" "${throttling[$name]:--}" "$health"
  done
}
