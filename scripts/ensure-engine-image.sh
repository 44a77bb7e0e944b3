#!/usr/bin/env bash
# Makes sure the learner engine image docker-workbench/engine:1 exists and matches its inputs:
# server/sandbox/engine-image/ (Dockerfile, entrypoint, bashrc…), the workbench CA and the
# debian:bookworm base image. The hash of those inputs is stored in the image label
# org.dockerworkbench.inputs: a second run with nothing changed returns in well under a second.
#   Needs: a Docker engine (scripts/ensure-docker.sh) and debian:bookworm (scripts/ensure-base-images.sh).
#   Usage: scripts/ensure-engine-image.sh [--force | --check]
#   --check builds nothing: exit 0 when the image is current, 1 when it is missing or stale.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/server/sandbox/infra-image/workbench-ca.sh"


ENGINE_IMAGE="${WB_ENGINE_IMAGE:-docker-workbench/engine:1}"
CONTEXT_SRC="$ROOT/server/sandbox/engine-image"
force=0
check_only=0
[ "${1:-}" = "--force" ] && force=1
[ "${1:-}" = "--check" ] && check_only=1

docker info >/dev/null 2>&1 || { echo "error: no Docker engine answers (run scripts/ensure-docker.sh)" >&2; exit 1; }
base_id="$(docker image inspect -f '{{.Id}}' debian:bookworm 2>/dev/null)" \
  || { echo "error: debian:bookworm is missing (run scripts/ensure-base-images.sh)" >&2; exit 1; }
ensure_workbench_ca

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -a "$CONTEXT_SRC/." "$context/"
cp "$WB_CA_CERT" "$context/workbench-ca.crt"
inputs="$(
  cd "$context" && find . -type f -print0 | sort -z | xargs -0 stat -c '%a %n' \
    && find . -type f -print0 | sort -z | xargs -0 sha256sum && echo "base $base_id" && echo "learner uid $WB_LEARNER_UID"
)"
inputs_hash="$(printf '%s' "$inputs" | sha256sum | cut -c1-32)"

current="$(docker image inspect -f '{{index .Config.Labels "org.dockerworkbench.inputs"}}' "$ENGINE_IMAGE" 2>/dev/null || true)"
if [ "$force" = 0 ] && [ "$current" = "$inputs_hash" ]; then
  note "$ENGINE_IMAGE up to date (inputs $inputs_hash)"
  exit 0
fi
if [ "$check_only" = 1 ]; then
  note "$ENGINE_IMAGE is ${current:+stale (built from other inputs)}${current:-missing}"
  exit 1
fi

say "Building $ENGINE_IMAGE from $CONTEXT_SRC (about 2 minutes the first time; log in $WB_CACHE_DIR/engine-image-build.log)"
# Host networking for the build: RUN steps reach the Debian mirror even where docker0 is unusable.
mapfile -t mirror_args < <(debian_mirror_build_args)
if ! docker build --network host --pull=false "${mirror_args[@]}" --build-arg "LEARNER_UID=$WB_LEARNER_UID" \
  --label org.dockerworkbench.managed=true \
  --label org.dockerworkbench.role=engine \
  --label "org.dockerworkbench.inputs=$inputs_hash" \
  -t "$ENGINE_IMAGE" "$context" >"$WB_CACHE_DIR/engine-image-build.log" 2>&1; then
  tail -n 25 "$WB_CACHE_DIR/engine-image-build.log" >&2
  echo "error: building $ENGINE_IMAGE failed; full log in $WB_CACHE_DIR/engine-image-build.log" >&2
  exit 1
fi

# Sanity checks on the result: learner's id ranges, file capabilities, nothing setuid.
# (Run with --network none so they need no bridge.)
if ! docker run --rm --network none --entrypoint /bin/bash \
  --label org.dockerworkbench.managed=true --label org.dockerworkbench.role=test "$ENGINE_IMAGE" -c '
    set -e
    test "$(id -u)" = '"$WB_LEARNER_UID"' && test "$(id -g)" = '"$WB_LEARNER_UID"'
    test -w "$XDG_RUNTIME_DIR" && test "$XDG_RUNTIME_DIR" = /run/user/'"$WB_LEARNER_UID"'
    test "$(stat -c %u /home/learner/.bashrc)" = '"$WB_LEARNER_UID"'
    test "$(grep -c "^learner:" /etc/subgid)" = 1
    test "$(grep -c "^learner:" /etc/subuid)" = 1
    getcap /usr/bin/newuidmap | grep -q cap_setuid
    getcap /usr/bin/newgidmap | grep -q cap_setgid
    test -z "$(find / -xdev -type f -perm /6000 2>/dev/null)"
    test -x /usr/share/docker.io/contrib/dockerd-rootless.sh
    test -e /etc/ssl/certs/docker-workbench-ca.pem' \
  >"$WB_CACHE_DIR/engine-image-check.log" 2>&1; then
  cat "$WB_CACHE_DIR/engine-image-check.log" >&2
  echo "error: $ENGINE_IMAGE was built but fails its sanity checks (see above)" >&2
  exit 1
fi

# Earlier builds no engine uses any more (untagged by this build).
docker image prune -f --filter label=org.dockerworkbench.role=engine >/dev/null 2>&1 || true
note "$ENGINE_IMAGE ready ($(docker image inspect -f '{{.Size}}' "$ENGINE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
