#!/usr/bin/env bash
# Makes sure Debian's PostgreSQL server binaries are installed (for server/db/postgres.int.test.ts,
# which starts its own throwaway cluster on loopback). Idempotent; starts no service.
source "$(dirname "$0")/lib.sh"

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  note "PostgreSQL server binaries present ($(ls -d /usr/lib/postgresql/*/bin | tail -1))"
  exit 0
fi
# The package's post-install wants to create and start a cluster; without an init system that
# part may complain but the binaries are what we need.
ensure_apt_packages postgresql
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "error: initdb not found after installing postgresql" >&2; exit 1; }
id postgres >/dev/null 2>&1 || { echo "error: the postgres user is missing (the package creates it)" >&2; exit 1; }
note "PostgreSQL server binaries installed"
