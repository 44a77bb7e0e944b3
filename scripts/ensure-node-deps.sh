#!/usr/bin/env bash
# Installs the npm dependencies exactly as locked. better-sqlite3 compiles from source here
# (minutes), so a finished node_modules is cached per lockfile + Node version and copied back.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

key="$( (cat package-lock.json; node --version) | sha256sum | cut -c1-16)"
cache="$WB_CACHE_DIR/node_modules-$key.tar"
stamp="node_modules/.wb-deps-$key"

if [ -f "$stamp" ]; then
  note "npm dependencies up to date"
elif [ -s "$cache" ]; then
  say "Restoring npm dependencies from the cache ($cache)"
  rm -rf node_modules && tar -xf "$cache" && touch "$stamp"
else
  say "Installing npm dependencies (npm ci; better-sqlite3 compiles, a few minutes the first time)"
  run_logged "npm ci" "$WB_CACHE_DIR/npm-ci.log" npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
  tar -cf "$cache.tmp" node_modules && mv "$cache.tmp" "$cache"
  ls -t "$WB_CACHE_DIR"/node_modules-*.tar 2>/dev/null | tail -n +3 | xargs -r rm -f # keep two
fi

say "Generating the Prisma client"
run_logged "generating the Prisma client" "$WB_CACHE_DIR/prisma-generate.log" env CHECKPOINT_DISABLE=1 npx tsx prisma/generate.ts
