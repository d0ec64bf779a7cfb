#!/usr/bin/env bash
# Runs the whole marketplace locally: Azurite, the standalone Functions host on http://127.0.0.1:7071 with the
# Durable Task backend on Azurite, and demo data. Data lives in .local/ and survives restarts. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
data="$root/.local"
mkdir -p "$data/azurite"

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js is required (node not found)." >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 7071 7080 7101 7102 10000 10001 10002; do
  if port_busy "$port"; then echo "Port $port is in use: is the marketplace already running?" >&2; exit 1; fi
done

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing emulators and tools from npm..."
  npm ci --no-audit --no-fund --loglevel=error
fi
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Azurite closes its services on SIGTERM but its process can linger: give everything 10 s, then make sure.
  for _ in $(seq 1 20); do
    alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --location "$data/azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$data/azurite.log" 2>&1 &
pids+=($!)

# The local OpenID provider: the demo users and service sign in here; .local/oidc.json says how.
node scripts/oidc-provider.mjs --port 7080 --issuer http://127.0.0.1:7080 --resource http://127.0.0.1:7071 \
  --keys "$data/oidc-keys.json" --out "$data/oidc.json" >"$data/oidc.log" 2>&1 &
pids+=($!)
export Identity__Issuer=http://127.0.0.1:7080 Identity__Audience=http://127.0.0.1:7071 Identity__Scope=marketplace
# The console signs in with the provider's public client; its redirect URIs are on this host's origin.
export Identity__ConsoleClientId=marketplace-console Identity__ConsoleResource=http://127.0.0.1:7071

echo "Building..."
for project in functions/Marketplace.Functions.csproj agents/TextAnalyst/TextAnalyst.csproj agents/UnitConverter/UnitConverter.csproj; do
  dotnet build "$project" --nologo >"$data/build.log" 2>&1 || { tail -30 "$data/build.log" >&2; exit 1; }
done
scripts/publish-console.sh >"$data/console-publish.log" 2>&1 || { tail -30 "$data/console-publish.log" >&2; exit 1; }
dotnet run --project functions --no-build >"$data/marketplace.log" 2>&1 &
pids+=($!)
# The sample agents, each an A2A server of its own; the marketplace lists them and fronts them.
dotnet run --project agents/TextAnalyst --no-build -- --urls http://127.0.0.1:7101 >"$data/text-analyst.log" 2>&1 &
pids+=($!)
dotnet run --project agents/UnitConverter --no-build -- --urls http://127.0.0.1:7102 >"$data/unit-converter.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS http://127.0.0.1:7071/api/health >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[2]}" 2>/dev/null; then echo "The marketplace failed to start; see .local/marketplace.log" >&2; tail -20 "$data/marketplace.log" >&2; exit 1; fi
  sleep 1
done

for port in 7101 7102; do
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
done
node scripts/seed.mjs http://127.0.0.1:7071 "$data" http://127.0.0.1:7101 http://127.0.0.1:7102

cat <<INFO

  Console       http://127.0.0.1:7071/   (sign in with your organization as alice or bob, or with the demo key below)
  Marketplace   http://127.0.0.1:7071
  Health        http://127.0.0.1:7071/api/health
  OpenAPI       http://127.0.0.1:7071/api/openapi.json
  Admin key     Marketplace__AdminKey in local.settings.json
  Demo key      $(cat "$data/demo-key")   (tenant "demo", role owner)
  Sign-in       OpenID provider http://127.0.0.1:7080 (users and client secret in .local/oidc.json)
                alice / alice-demo-password (owner of "demo"), bob / bob-demo-password (reader)
                console client "marketplace-console" (PKCE), CLI client "marketplace-cli" (loopback or device code)
  Agents        Text Analyst http://127.0.0.1:7101, Unit Converter http://127.0.0.1:7102 (listed in tenant "demo")
  Logs          .local/*.log

  Try:
    curl -H "X-API-Key: $(cat "$data/demo-key")" "http://127.0.0.1:7071/api/agents?q=text"
    curl "http://127.0.0.1:7071/a2a/agents/<agentId>/.well-known/agent-card.json"
    curl -H "X-API-Key: $(cat "$data/demo-key")" -H "Content-Type: application/json" -d '{"input":{"text":"Agents publish cards."}}' http://127.0.0.1:7071/api/workflows/text-digest/runs
    curl -H "X-API-Key: $(cat "$data/demo-key")" http://127.0.0.1:7071/api/runs/<runId>
    # The demo service's access token (client credentials), then send it as "Authorization: Bearer <token>":
    curl -s -u demo-service:$(node -p 'require("./.local/oidc.json").clientSecret') -d grant_type=client_credentials -d scope=marketplace -d resource=http://127.0.0.1:7071 http://127.0.0.1:7080/token
    # Sign the CLI in as alice (a browser, or --device for a code to enter at http://127.0.0.1:7080/device):
    mkt login --url http://127.0.0.1:7071 --device && mkt whoami

Press Ctrl-C to stop.
INFO
wait "${pids[2]}"
