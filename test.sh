#!/usr/bin/env bash
# Runs the tests by lane: ./test.sh (every lane, as CI does), ./test.sh unit, ./test.sh functional, ./test.sh system.
#   unit        no emulator, no host: tests/Marketplace.Tests.Unit and the console's bUnit tests
#   functional  the features over HTTP on one shared host, the store contracts on Azurite and the Cosmos emulator
#   system      crash and restart of real processes, the independent Node.js clients, the console in chromium
# Needs only the .NET 10 SDK and Node.js; emulators come from npm and are started by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")"

lane=${1:-all}
case "$lane" in
  unit) projects=(tests/Marketplace.Tests.Unit tests/Marketplace.Console.Tests) ;;
  functional) projects=(tests/Marketplace.Tests) ;;
  system) projects=(tests/Marketplace.Tests.System) ;;
  all) projects=(Marketplace.sln) ;;
  *) echo "usage: $0 [unit|functional|system]" >&2; exit 2 ;;
esac

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js is required (node not found)." >&2; exit 1; }

# A linked node_modules belongs to another checkout, which keeps it installed: reinstalling would replace the link.
if [ ! -L node_modules ] && { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$lane" = all ] || [ "$lane" = system ]; then
  # The console's end-to-end tests drive Debian's chromium (Playwright cannot download browsers here).
  if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium for the console's browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

for project in "${projects[@]}"; do dotnet build "$project" --nologo -v quiet -clp:ErrorsOnly; done
if [ "$lane" = all ] || [ "$lane" = system ]; then scripts/publish-console.sh; fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for project in "${projects[@]}"; do
  dotnet test "$project" --no-build --nologo --settings tests/test.runsettings 2>&1 | tee -a "$log" || status=$?
done

# One plain summary line across all test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
  for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
} END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
