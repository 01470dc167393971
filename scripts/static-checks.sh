#!/usr/bin/env bash
# Type-checks, lints and checks formatting side by side: tsc keeps one core busy for most of the
# time and ESLint and Prettier fit beside it. Fails if any of the three fails.
set -u
cd "$(dirname "$0")/.."
npm run -s typecheck &
typecheck=$!
npm run -s lint &
lint=$!
npm run -s format:check &
format=$!
status=0
for pid in $typecheck $lint $format; do wait "$pid" || status=1; done
exit $status
