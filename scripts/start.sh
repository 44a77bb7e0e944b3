#!/usr/bin/env bash
# Sets up (idempotently) and starts the workbench on http://localhost:${PORT:-3000}.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NODE_ENV=production

src_hash="$(find app lib server/lessons next.config.js package-lock.json -type f -newer .next/BUILD_ID 2>/dev/null | head -1)"
if [ ! -f .next/BUILD_ID ] || [ -n "$src_hash" ]; then
  say "Building the web app (next build, about a minute)"
  npx next build >"$WB_CACHE_DIR/next-build.log" 2>&1 || { tail -40 "$WB_CACHE_DIR/next-build.log"; echo "error: next build failed (log: $WB_CACHE_DIR/next-build.log)" >&2; exit 1; }
else
  note "web app already built"
fi
say "Starting the workbench on http://localhost:${PORT:-3000} (Ctrl+C stops it and removes the learner engines)"
exec node --import tsx server/index.ts # one process: signals reach the server, which removes its engines
