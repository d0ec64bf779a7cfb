#!/usr/bin/env bash
# Runs every test: unit, contract (Azurite and the Cosmos emulator), integration and interop.
# Needs only the .NET 10 SDK and Node.js; emulators come from npm and are started by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js is required (node not found)." >&2; exit 1; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The console's end-to-end tests drive Debian's chromium (Playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing chromium for the console's browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

dotnet build Marketplace.sln --nologo -v quiet -clp:ErrorsOnly
scripts/publish-console.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Marketplace.sln --no-build --nologo --settings tests/test.runsettings 2>&1 | tee "$log" || status=$?

# One plain summary line across all test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
  for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
} END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
