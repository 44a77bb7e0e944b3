#!/usr/bin/env bash
# Everything the workbench needs on a Debian machine, idempotently: the host's kernel settings,
# Docker, base images, the offline mirrors, the learner engine image, npm dependencies. Each step
# says what it does; a step that fails says which one, where, and why.
source "$(dirname "$0")/lib.sh"
here="$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

# Runs one set-up script; a failure names it (its own message, above, says why).
part() {
  local script="$1" code=0
  bash "$here/$script" || code=$?
  if [ "$code" -ne 0 ]; then
    fail "set-up stopped: scripts/$script failed (exit $code); the lines above say why"
  fi
}

say "Checking the machine"
command -v node >/dev/null || fail "Node.js 20.19 or later is required (Debian: apt-get install nodejs, or NodeSource)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js 20.19 or later is required (found $(node --version))"
ensure_apt_packages ca-certificates curl openssl debootstrap iptables acl
part ensure-host.sh
part ensure-docker.sh
part ensure-base-images.sh
part ensure-infra.sh
part ensure-standin-images.sh
part ensure-grader-tools.sh
part ensure-engine-image.sh
part ensure-node-deps.sh
