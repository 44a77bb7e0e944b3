#!/usr/bin/env bash
# Sets up (idempotently) and starts the workbench on http://localhost:${PORT:-3000}: set-up, a
# build of the web app when its sources changed, the database migrations, `npm run doctor` (every
# precondition of a working workbench), then the server in the foreground.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { fail "set-up failed (see above); nothing was started"; }
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NODE_ENV=production

# The web app is rebuilt when it was never built here or a source is newer than the last build.
needs_build=0
if [ ! -f .next/BUILD_ID ]; then
  needs_build=1
# The web routes bundle most of server/ (database, workspaces, grading, sandbox), so all of it counts.
# The Prisma client is regenerated on every set-up: its schema stands for it.
elif [ -n "$(find app lib server prisma/schema.prisma next.config.js package-lock.json -type f -newer .next/BUILD_ID \
    -not -name '*.test.ts' -not -path 'server/db/generated/*' | head -1)" ]; then
  needs_build=1
fi
if [ "$needs_build" = 1 ]; then
  say "Building the web app (next build, one to three minutes; log in $WB_CACHE_DIR/next-build.log)"
  run_logged "next build" "$WB_CACHE_DIR/next-build.log" npx next build
else
  note "web app already built"
fi
say "Applying database migrations"
run_logged "database migrations" "$WB_CACHE_DIR/db-migrate.log" npx tsx server/db/migrate-cli.ts
say "Checking every precondition (npm run doctor)"
npx tsx server/doctor/doctor-cli.ts || { fail "the doctor found problems (lines marked ✗ above, each with its fix); nothing was started"; }
say "Starting the workbench on http://localhost:${PORT:-3000} (Ctrl+C stops it and removes the learner engines)"
exec node --import tsx server/index.ts # one process: signals reach the server, which removes its engines
