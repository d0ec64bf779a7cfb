#!/usr/bin/env bash
# Validates the Bicep in infra/bicep offline: lint (warnings fail too), build, build-params for every environment,
# and each environment's deployment snapshot against the committed one in infra/bicep/snapshots/ (drift fails).
# After an intended change: scripts/validate-infra.sh --update, review the snapshot diff, commit it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bicep="$("$root/scripts/bicep.sh")"
cd "$root/infra/bicep"

mode=validate
case "${1:-}" in
  "") ;;
  --update) mode=overwrite ;;
  *) echo "usage: $0 [--update]" >&2; exit 2 ;;
esac

# Runs bicep; fails on a non-zero exit and on any warning (bicep itself exits 0 on warnings).
run() {
  local out
  if ! out=$("$bicep" "$@" 2>&1); then echo "$out" >&2; echo "FAILED: bicep $*" >&2; exit 1; fi
  if grep -q ' : Warning ' <<<"$out"; then echo "$out" >&2; echo "FAILED (warnings): bicep $*" >&2; exit 1; fi
  [ -z "$out" ] || echo "$out"
}

echo "bicep: $("$bicep" --version)"
run lint --pattern '**/*.bicep'
echo "lint: main.bicep and modules/ clean"
run build main.bicep --stdout >/dev/null
echo "build: main.bicep"
envs=()
for params in main.*.bicepparam; do
  run build-params "$params" --stdout >/dev/null
  echo "build-params: $params"
  env=${params#main.}; envs+=("${env%.bicepparam}")
done

# `bicep snapshot` reads and writes <params>.snapshot.json beside the parameters file; the committed copy lives in
# snapshots/. A fixed deployment context keeps the generated names (uniqueString of the resource group) stable.
work=()
trap 'rm -f "${work[@]}"' EXIT
for env in "${envs[@]}"; do
  committed="snapshots/main.$env.snapshot.json"
  current="main.$env.snapshot.json"
  work+=("$current")
  context=(--subscription-id 00000000-0000-0000-0000-000000000001 --tenant-id 00000000-0000-0000-0000-00000000000a
    --resource-group "marketplace-$env" --location westeurope --deployment-name main)
  if [ "$mode" = validate ]; then
    [ -f "$committed" ] || { echo "FAILED: $committed is missing; run $0 --update and commit it." >&2; exit 1; }
    cp "$committed" "$current"
    if ! "$bicep" snapshot "main.$env.bicepparam" --mode validate "${context[@]}"; then
      echo "FAILED: the Bicep no longer matches $committed. If the change is intended: $0 --update, review, commit." >&2
      exit 1
    fi
    echo "snapshot: main.$env matches $committed"
  else
    rm -f "$current"
    "$bicep" snapshot "main.$env.bicepparam" --mode overwrite "${context[@]}"
    mkdir -p snapshots && mv "$current" "$committed"
    echo "snapshot: wrote $committed"
  fi
done
echo "Bicep: lint, build, build-params and snapshots ($mode) passed."
