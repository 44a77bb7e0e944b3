#!/bin/bash
# Starts the learner's rootless Docker engine. Runs as `learner` (never root), as the container's
# main process (under docker-init when the container is created with Init: true).
#   - writes the inner daemon.json (registry mirror only where the workbench infra provides one),
#   - starts dockerd-rootless.sh (rootlesskit + slirp4netns + dockerd),
#   - prints "docker-workbench: engine ready" and creates $XDG_RUNTIME_DIR/workbench-engine.ready
#     once `docker info` answers.
set -euo pipefail

if [ "$(id -u)" = 0 ]; then
  echo "docker-workbench: the engine must run as the unprivileged user learner, not root" >&2
  exit 1
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}"
export DOCKER_HOST="${DOCKER_HOST:-unix://$XDG_RUNTIME_DIR/docker.sock}"
ready_file="$XDG_RUNTIME_DIR/workbench-engine.ready"

# A restarted container keeps the previous run's pid files and sockets: start from a clean slate.
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
find "$XDG_RUNTIME_DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +

# The offline registry mirror answers as registry.workbench on the learners' network (see
# scripts/ensure-infra.sh). Where it does not exist, pulls go to Docker Hub as usual.
mirrors='[]'
if getent hosts registry.workbench >/dev/null 2>&1; then
  mirrors='["http://registry.workbench:5000"]'
fi
mkdir -p "$HOME/.config/docker"
cat >"$HOME/.config/docker/daemon.json" <<EOF
{
  "registry-mirrors": $mirrors,
  "log-driver": "json-file",
  "log-opts": { "max-size": "5m", "max-file": "2" }
}
EOF

(
  for _ in $(seq 1 600); do
    if docker info >/dev/null 2>&1; then
      touch "$ready_file"
      echo "docker-workbench: engine ready"
      exit 0
    fi
    sleep 0.2
  done
  echo "docker-workbench: the engine did not answer within 120 s" >&2
) &

exec /usr/share/docker.io/contrib/dockerd-rootless.sh "$@"
