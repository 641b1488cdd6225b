# shellcheck shell=bash
# A Docker engine of Shop's own, for building and running the images on this machine: Debian's docker.io (Engine 20.10)
# installed when missing, started with its data, exec root, pid file and socket under $SHOP_STATE/docker, listening on
# that socket only (no TCP). `./shop down` stops it by its pid. Sourced by servers.sh; never run.
#
#   start_docker / stop_docker / docker_health   the server functions servers.sh calls for "docker"
#   shop_docker ARGS...                          the engine's own CLI (docker.io's) pointed at this engine

SHOP_DOCKER_DIR="$SHOP_STATE/docker"
SHOP_DOCKER_SOCKET="$SHOP_DOCKER_DIR/docker.sock"
# The docker.io package's CLI, of the engine's own version: a newer CLI elsewhere on PATH expects plugins (buildx,
# compose) that Debian does not package.
SHOP_DOCKER_CLI=/usr/bin/docker

shop_docker() { DOCKER_HOST="unix://$SHOP_DOCKER_SOCKET" "$SHOP_DOCKER_CLI" "$@"; }

docker_pid() { pid_in_file "$SHOP_DOCKER_DIR/docker.pid"; }

ensure_docker_engine() {
  local missing=()
  [[ -x /usr/sbin/dockerd && -x "$SHOP_DOCKER_CLI" ]] || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
}

# What the engine needs from the kernel, checked before it starts so a machine that cannot run it says why.
docker_kernel_problem() {
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || {
    echo "the kernel has no overlay filesystem (overlay2 storage driver)"
    return 0
  }
  if ! grep -q ' /sys/fs/cgroup' /proc/mounts; then
    echo "no cgroup filesystem is mounted at /sys/fs/cgroup"
    return 0
  fi
  [[ $EUID -eq 0 ]] || {
    echo "the engine runs as root, and ./shop is not root"
    return 0
  }
  return 1
}

start_docker() {
  if docker_pid >/dev/null; then
    ok "docker already running (unix://$SHOP_DOCKER_SOCKET)"
    return 0
  fi
  ensure_docker_engine
  local problem
  if problem="$(docker_kernel_problem)"; then
    die "this machine cannot run a Docker engine: $problem"
  fi
  mkdir -p "$SHOP_DOCKER_DIR/data" "$SHOP_DOCKER_DIR/exec"
  rm -f "$SHOP_DOCKER_SOCKET"
  setsid nohup /usr/sbin/dockerd --data-root "$SHOP_DOCKER_DIR/data" --exec-root "$SHOP_DOCKER_DIR/exec" \
    --pidfile "$SHOP_DOCKER_DIR/docker.pid" --host "unix://$SHOP_DOCKER_SOCKET" --storage-driver overlay2 \
    >"$SHOP_LOGS/docker.log" 2>&1 </dev/null &
  local deadline=$((SECONDS + 60))
  until shop_docker info >/dev/null 2>&1; do
    if ((SECONDS >= deadline)) || ! pid_alive "$!"; then
      show_log_tail "$SHOP_LOGS/docker.log"
      die "the Docker engine did not start (log: $SHOP_LOGS/docker.log)"
    fi
    sleep 0.3
  done
  ok "docker on unix://$SHOP_DOCKER_SOCKET (DOCKER_HOST for your own docker commands)"
}

stop_docker() {
  local pid
  pid="$(docker_pid)" || return 0
  # Its containers stop with it (SIGTERM to each, then SIGKILL); compose's and the tests' are gone by then anyway.
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.3; done
  pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  rm -f "$SHOP_DOCKER_SOCKET"
  ok "stopped docker (pid $pid)"
}

docker_health() {
  shop_docker info >/dev/null 2>&1 && echo ready || echo down
}
