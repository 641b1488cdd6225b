#!/usr/bin/env bash
# Entrypoint of the PostgreSQL stand-in (postgres.Dockerfile): the part of the official postgres image's entrypoint
# that docker-compose.yml relies on, for Debian's PostgreSQL 15.
#   - POSTGRES_PASSWORD (required), POSTGRES_USER (default postgres), POSTGRES_DB (default: POSTGRES_USER) and
#     POSTGRES_INITDB_ARGS, read when the data directory ($PGDATA) is empty, as the official image reads them;
#   - on that first start, the scripts in /docker-entrypoint-initdb.d run once, in name order, with the server listening
#     on its Unix socket only (so a health check over TCP waits for the real start): *.sh executable ones run, other
#     *.sh are sourced, *.sql go through psql; a failing script stops the container (and, as with the official
#     image, leaves the half-made data directory: start over with an empty volume);
#   - `postgres -c name=value ...` (or only the options) starts the server with those settings; any other command runs
#     as it is.
# Unlike the official image it always runs as the postgres user (the Dockerfile's USER), never as root.
set -euo pipefail

if [[ "${1:-}" == -* ]]; then
  set -- postgres "$@"
fi
if [[ "${1:-}" != postgres ]]; then
  exec "$@"
fi

export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"

# Runs SQL from standard input or psql arguments over the socket as the superuser, stopping at the first error.
init_sql() {
  psql --no-psqlrc --no-password -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" "$@"
}

run_init_scripts() {
  local script
  for script in /docker-entrypoint-initdb.d/*; do
    [[ -e "$script" ]] || continue
    case "$script" in
      *.sh)
        echo "docker-entrypoint: running $script"
        if [[ -x "$script" ]]; then
          "$script"
        else
          # shellcheck source=/dev/null
          source "$script"
        fi
        ;;
      *.sql)
        echo "docker-entrypoint: running $script"
        init_sql --dbname "$POSTGRES_DB" -f "$script"
        ;;
      *) echo "docker-entrypoint: ignoring $script" ;;
    esac
  done
}

initialise() {
  if [[ -z "${POSTGRES_PASSWORD:-}" ]]; then
    echo "docker-entrypoint: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  # initdb refuses a data directory that others can read; a new volume may come with any mode.
  chmod 700 "$PGDATA"
  local initdb_args=()
  [[ -z "${POSTGRES_INITDB_ARGS:-}" ]] || read -r -a initdb_args <<<"$POSTGRES_INITDB_ARGS"
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${initdb_args[@]}"
  # Local socket and loopback stay trusted (initdb's default), every other address needs the password, as in the
  # official image.
  printf '\nhost all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"

  # The server for the init scripts: the command's own settings, but no TCP listener.
  local options
  printf -v options '%q ' "${@:2}" -c "listen_addresses=" -p "${PGPORT:-5432}"
  pg_ctl -D "$PGDATA" -o "$options" -w -t 60 start
  export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
  if [[ "$POSTGRES_DB" != postgres ]]; then
    init_sql --dbname postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  run_init_scripts
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo "docker-entrypoint: initialisation done; starting PostgreSQL"
}

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  initialise "$@"
fi
exec "$@"
