#!/usr/bin/env bash
# Publishes the browser console (trimmed Release) to artifacts/console when its sources or the client library changed
# since the last publish; the standalone host serves artifacts/console/wwwroot at /.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/console
stamp="$out/.sources.sha256"
hash=$(find console client/Marketplace.Client Directory.Packages.props Directory.Build.props -type f \
  -not -path '*/bin/*' -not -path '*/obj/*' -not -path "$out/*" -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$out/wwwroot/index.html" ]; then
  exit 0
fi
echo "Publishing the console..."
rm -rf "$out"
dotnet publish console/Marketplace.Console.csproj -c Release -o "$out" --nologo -v quiet -clp:ErrorsOnly
echo "$hash" >"$stamp"
