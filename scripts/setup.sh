#!/usr/bin/env bash
# Everything the workbench needs on a Debian machine, idempotently: Docker, base images, the
# offline mirrors, the learner engine image, npm dependencies. Each step says what it does.
source "$(dirname "$0")/lib.sh"
here="$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

say "Checking the machine"
command -v node >/dev/null || { echo "error: Node.js 20+ is required" >&2; exit 1; }
ensure_apt_packages ca-certificates openssl debootstrap iptables
bash "$here/ensure-docker.sh"
bash "$here/ensure-base-images.sh"
bash "$here/ensure-infra.sh"
bash "$here/ensure-standin-images.sh"
bash "$here/ensure-engine-image.sh"
bash "$here/ensure-node-deps.sh"
