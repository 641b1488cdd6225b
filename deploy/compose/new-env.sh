#!/usr/bin/env bash
# Writes the .env that docker-compose.yml reads: .env.example with a fresh random value for every empty setting.
#   bash deploy/compose/new-env.sh [path]     (default: .env at the repository root; never overwrites a file)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
template="$root/.env.example"
target="${1:-$root/.env}"

if [[ -e "$target" ]]; then
  echo "$target exists; not overwriting it (delete it first to start over with new secrets)" >&2
  exit 1
fi

# Letters, digits, '-' and '_' only: the values go into connection strings and an amqp:// URI unescaped.
url_safe_secret() { head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_'; }

umask 077
{
  while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" =~ ^([A-Z0-9_]+)=$ ]]; then
      name="${BASH_REMATCH[1]}"
      case "$name" in
        # The signing key is standard base64 (48 bytes, over the 32 the services require).
        SHOP_SIGNING_KEY) printf '%s=%s\n' "$name" "$(head -c 48 /dev/urandom | base64 -w0)" ;;
        *) printf '%s=%s\n' "$name" "$(url_safe_secret)" ;;
      esac
    else
      printf '%s\n' "$line"
    fi
  done <"$template"
} >"$target.new"
mv "$target.new" "$target"
echo "wrote $target (mode 600); the Grafana admin password is in SHOP_GRAFANA_ADMIN_PASSWORD"
