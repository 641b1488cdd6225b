#!/usr/bin/env bash
# Headless Chromium for the tests that open a generated page (tests/Shop.Bench.Tests opens report.html). Sourced by
# deploy/local/test.sh, which calls ensure_chromium_tools before dotnet test; also usable on its own:
#   bash deploy/local/tools-chromium.sh      installs what is missing and prints the exported variable
set -euo pipefail

# shellcheck source=deploy/local/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

# Debian's security archive replaces the package on every Chromium release and keeps only the newest one, so an exact
# apt version cannot be pinned; the oldest major this was verified with is the floor instead (bookworm ships 150+).
CHROMIUM_MIN_MAJOR=120

chromium_major() {
  "$1" --version 2>/dev/null | sed -nE 's/^Chromium ([0-9]+)\..*/\1/p'
}

# Installs apt's chromium (and a font, so screenshots show text) when missing; exports SHOP_TEST_CHROMIUM.
ensure_chromium_tools() {
  ensure_state_dirs
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  [[ -d /usr/share/fonts/truetype/dejavu ]] || missing+=(fonts-dejavu-core)
  if ((${#missing[@]} > 0)); then
    apt_install "${missing[@]}"
  fi
  local binary major
  binary="$(command -v chromium)" || die "chromium is not on PATH after installing it"
  major="$(chromium_major "$binary")"
  [[ -n "$major" ]] || die "$binary --version did not print a Chromium version"
  ((major >= CHROMIUM_MIN_MAJOR)) || die "Chromium $major is older than $CHROMIUM_MIN_MAJOR; apt-get install --only-upgrade chromium"
  export SHOP_TEST_CHROMIUM="$binary"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  ensure_chromium_tools
  ok "SHOP_TEST_CHROMIUM=$SHOP_TEST_CHROMIUM ($("$SHOP_TEST_CHROMIUM" --version))"
fi
