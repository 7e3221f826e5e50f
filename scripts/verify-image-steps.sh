#!/usr/bin/env bash
# Runs the Dockerfile's build steps outside Docker and checks the resulting app; see verify-image-steps.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsx scripts/verify-image-steps.ts "$@"
