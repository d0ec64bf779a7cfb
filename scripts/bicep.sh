#!/usr/bin/env bash
# Prints the path of the bicep CLI, restoring it first if needed. The CLI is a binary inside the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (version pinned in Directory.Packages.props); restoring
# infra/bicep/tools/BicepCli.csproj puts it in the NuGet package cache, so no installer or download is needed.
# Usage: "$(scripts/bicep.sh)" lint infra/bicep/main.bicep
set -euo pipefail
project="$(cd "$(dirname "$0")/.." && pwd)/infra/bicep/tools/BicepCli.csproj"

command -v dotnet >/dev/null || { echo "The .NET SDK is required to restore the bicep CLI (dotnet not found)." >&2; exit 1; }
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "scripts/bicep.sh: the pinned package is for linux-x64; this machine is $(uname -s)-$(uname -m)." >&2; exit 1 ;;
esac

# -restore restores the project (a no-op when the package is already in the cache) before printing its path.
out=$(dotnet msbuild "$project" -restore -t:PrintBicepPath -nologo -v:m 2>&1) || { echo "$out" >&2; exit 1; }
bicep=$(sed -n 's/.*BICEP=//p' <<<"$out" | tr -d '[:space:]')
[ -f "$bicep" ] || { echo "scripts/bicep.sh: bicep not found after restore (got '$bicep')." >&2; echo "$out" >&2; exit 1; }
[ -x "$bicep" ] || chmod +x "$bicep"
echo "$bicep"
