#!/usr/bin/env bash
# Entrypoint of the Redis stand-in (redis.Dockerfile), as the official redis image's: options alone (or a .conf file
# first) mean redis-server with them. The official image's Redis is built with protected mode off, since a container's
# port is reached from other addresses by design; Debian's has it on, so it is turned off here first and a
# `--protected-mode yes` in the command still wins (the last value of a setting counts).
set -euo pipefail

if [[ "${1:-}" == -* || "${1:-}" == *.conf ]]; then
  set -- redis-server "$@"
fi
if [[ "${1:-}" == redis-server ]]; then
  shift
  # A config file must come first on redis-server's command line.
  if [[ "${1:-}" == *.conf ]]; then
    set -- redis-server "$1" --protected-mode no "${@:2}"
  else
    set -- redis-server --protected-mode no "$@"
  fi
fi
exec "$@"
