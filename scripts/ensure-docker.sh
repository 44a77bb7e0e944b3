#!/usr/bin/env bash
# Makes sure a Docker engine answers: the one at DOCKER_HOST, the local socket, or a dockerd we start.
source "$(dirname "$0")/lib.sh"

if docker info >/dev/null 2>&1; then
  note "Docker engine answers ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
  exit 0
fi
if [ -n "${DOCKER_HOST:-}" ]; then
  echo "error: DOCKER_HOST=$DOCKER_HOST is set but no engine answers there" >&2
  exit 1
fi
ensure_apt_packages docker.io
# The host's own dockerd, by its pid file: `pgrep dockerd` would also match the learner engines'
# dockerd processes, which the host sees, and then never start the host's.
host_dockerd_running() {
  local pid
  pid="$(cat /var/run/docker.pid 2>/dev/null)" && [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]
}
if ! host_dockerd_running; then
  say "Starting dockerd (no init system here; log in $WB_CACHE_DIR/dockerd.log)"
  nohup /usr/sbin/dockerd >>"$WB_CACHE_DIR/dockerd.log" 2>&1 &
fi
for _ in $(seq 1 120); do # up to 60 s: a dockerd that is shutting down or restarting takes a while
  docker info >/dev/null 2>&1 && { note "Docker engine ready"; exit 0; }
  sleep 0.5
done
echo "error: dockerd did not become ready; see $WB_CACHE_DIR/dockerd.log" >&2
exit 1
