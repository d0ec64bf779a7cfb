#!/usr/bin/env bash
# Validates the Bicep offline: lint, build, build-params for every environment, and the committed what-if snapshot.
# Pass --update to rewrite the snapshot after an intended change.
set -euo pipefail
cd "$(dirname "$0")/../infra/bicep"

dotnet restore tools/BicepCli.csproj --nologo -v quiet >/dev/null
bicep=$(dotnet msbuild tools/BicepCli.csproj -t:PrintBicepPath -nologo -v:m | sed -n 's/.*BICEP=//p' | tr -d '[:space:]')
chmod +x "$bicep"

"$bicep" lint main.bicep
"$bicep" build main.bicep --stdout >/dev/null
for params in main.*.bicepparam; do "$bicep" build-params "$params" --stdout >/dev/null; done

mode=validate
[ "${1:-}" = "--update" ] && mode=overwrite
"$bicep" snapshot main.dev.bicepparam --mode "$mode" \
  --subscription-id 00000000-0000-0000-0000-000000000001 --resource-group marketplace-dev --location westeurope
echo "Bicep: lint, build, build-params and snapshot ($mode) passed."
