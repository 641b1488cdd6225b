#!/usr/bin/env bash
# Runs once, when the PostgreSQL container of docker-compose.yml starts on an empty data volume
# (/docker-entrypoint-initdb.d). Every service gets a database owned by a role of its own, so no service can read or
# change another's data; the monolith gets one database, "shop", with a schema per module. The reporting service's
# `rebuild` command reads the order database through a read-only role.
# Passwords come from the environment that docker-compose.yml passes in. This script never runs again on the same
# volume: to change a password later, use ALTER ROLE (or start over with `docker compose down --volumes`).
# Safe to source as well as to run (the image sources scripts that lost their executable bit): no `set -u`.
set -eo pipefail

sql() {
  psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" "$@"
}

# A login role and a database of the same name that it owns; other roles cannot even connect.
create_owned_database() {
  local name="$1" password="$2"
  sql --dbname postgres -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_owned_database shop_catalog "${SHOP_CATALOG_DB_PASSWORD:?SHOP_CATALOG_DB_PASSWORD is not set}"
create_owned_database shop_order "${SHOP_ORDER_DB_PASSWORD:?SHOP_ORDER_DB_PASSWORD is not set}"
create_owned_database shop_reporting "${SHOP_REPORTING_DB_PASSWORD:?SHOP_REPORTING_DB_PASSWORD is not set}"
create_owned_database shop "${SHOP_MONOLITH_DB_PASSWORD:?SHOP_MONOLITH_DB_PASSWORD is not set}"

# Read access to whatever the order service's migrations create later (schemas and tables owned by shop_order).
sql --dbname postgres -v password="${SHOP_ORDER_READER_DB_PASSWORD:?SHOP_ORDER_READER_DB_PASSWORD is not set}" <<'SQL'
CREATE ROLE shop_order_reader LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE shop_order TO shop_order_reader;
SQL
sql --dbname shop_order <<'SQL'
ALTER DEFAULT PRIVILEGES FOR ROLE shop_order GRANT USAGE ON SCHEMAS TO shop_order_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE shop_order GRANT SELECT ON TABLES TO shop_order_reader;
SQL
