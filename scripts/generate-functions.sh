#!/usr/bin/env bash
# Regenerates the Functions app's HTTP wrappers (functions/Http/*.cs) from shared/Http/ApiRouteTable.cs.
# Run after adding, renaming or removing a route; review the diff; commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
MARKETPLACE_WRITE_WRAPPERS=1 dotnet test tests/Marketplace.Tests.Unit --nologo -v quiet -clp:ErrorsOnly \
  --filter "FullyQualifiedName~FunctionWrapperSnapshotTests"
git status --short functions/Http
