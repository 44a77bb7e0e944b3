#!/usr/bin/env bash
# Makes sure the grader's own tools image exists in the host engine (idempotent; unchanged inputs
# are not rebuilt): docker-workbench/grader-tools:1, from server/sandbox/grader-tools/ on
# debian:bookworm — BusyBox and the MariaDB client on an empty base, about 19 MB. The server loads
# it into a learner engine when a check needs evidence the student's image must not provide
# (which program a process runs, what the database answers); see server/sandbox/grader-tools.ts.
#
#   Usage: scripts/ensure-grader-tools.sh
#   Needs: Docker running and debian:bookworm (scripts/ensure-base-images.sh).
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$ROOT/server/sandbox/grader-tools"
IMAGE=docker-workbench/grader-tools:1

docker info >/dev/null 2>&1 || fail "no Docker engine answers (run scripts/ensure-docker.sh)"
base_id="$(docker image inspect -f '{{.Id}}' debian:bookworm 2>/dev/null)" \
  || fail "debian:bookworm is missing (run scripts/ensure-base-images.sh)"
inputs_hash="$(cd "$SRC" && { sha256sum Dockerfile; echo "base $base_id"; } | sha256sum | cut -c1-32)"
current="$(docker image inspect -f '{{index .Config.Labels "org.dockerworkbench.inputs"}}' "$IMAGE" 2>/dev/null || true)"
if [ "$current" = "$inputs_hash" ]; then
  note "$IMAGE up to date"
  exit 0
fi
say "Building the grader's tools image $IMAGE (about 15 s; log in $WB_CACHE_DIR/grader-tools-build.log)"
mapfile -t mirror_args < <(debian_mirror_build_args)
# Host networking for the build, as for the stand-ins: RUN reaches the Debian mirror.
if ! docker build --network host --pull=false "${mirror_args[@]}" \
  --label org.dockerworkbench.managed=true --label org.dockerworkbench.inputs="$inputs_hash" \
  -t "$IMAGE" "$SRC" >"$WB_CACHE_DIR/grader-tools-build.log" 2>&1; then
  tail -n 25 "$WB_CACHE_DIR/grader-tools-build.log" >&2
  fail "building $IMAGE failed (full log in $WB_CACHE_DIR/grader-tools-build.log)"
fi
docker run --rm --network none --label org.dockerworkbench.managed=true --label org.dockerworkbench.role=test \
  "$IMAGE" 'mariadb --version && md5sum /bin/busybox && readlink /proc/self/exe' >"$WB_CACHE_DIR/grader-tools-check.log" 2>&1 \
  || { cat "$WB_CACHE_DIR/grader-tools-check.log" >&2; fail "$IMAGE was built but its tools do not run"; }
note "$IMAGE built ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
