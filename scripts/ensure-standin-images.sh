#!/usr/bin/env bash
# Makes sure `docker pull wordpress` and `docker pull mysql:5.7` work inside the learner engines
# where Docker Hub does not answer (idempotent; a second run with nothing changed takes a second):
#   - when the workbench-infra container serves the registry mirror (scripts/ensure-infra.sh turned
#     it on: Docker Hub does not answer, or WB_REGISTRY_MIRROR=on), builds two stand-ins from Debian
#     packages on debian:bookworm, from server/sandbox/standin-images/:
#       docker-workbench/standin-wordpress:latest  Apache + PHP 8.2 + the upstream-shaped WordPress
#                                                  tree ensure-infra.sh rebuilt from Debian's packages
#       docker-workbench/standin-mysql:5.7         MariaDB 10.11 standing in for MySQL 5.7
#     and pushes them into the registry mirror as library/wordpress:latest and library/mysql:5.7
#     (the mirror answers for Docker Hub's library images), through a short-lived writable
#     registry as ensure-infra.sh does for the debian images, then garbage-collects the blobs that
#     no tag references any more;
#   - otherwise does nothing: the engines have no mirror and pull the real images from Docker Hub.
# Each image carries the hash of its inputs (its folder, the base image's id and, for WordPress, the
# archive) in the label org.dockerworkbench.inputs: unchanged inputs are not rebuilt.
# $WB_CACHE_DIR/standin-registry-content records "<repository:tag> <image id> <digest>" of what was
# pushed: nothing is pushed again while the mirror serves those digests for the current images.
#
#   Usage: scripts/ensure-standin-images.sh
#   Needs: scripts/ensure-infra.sh first (infra image, registry volume, running infra container,
#          the WordPress archive in $WB_CACHE_DIR/wordpress-mirror).
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$ROOT/server/sandbox/standin-images"

# Keep in sync with scripts/ensure-infra.sh.
NETWORK=workbench-learners
INFRA_NAME=workbench-infra
INFRA_IMAGE=docker-workbench/infra:1
REGISTRY_VOLUME=workbench-registry
WP_ARCHIVE="$WB_CACHE_DIR/wordpress-mirror/latest.tar.gz"

LOADER_NAME=workbench-standin-loader
RECORD="$WB_CACHE_DIR/standin-registry-content"
# <stand-in folder> <local image> <name in the mirror>
STANDINS=(
  "wordpress docker-workbench/standin-wordpress:latest library/wordpress:latest"
  "mysql docker-workbench/standin-mysql:5.7 library/mysql:5.7"
)
LABELS=(--label org.dockerworkbench.managed=true --label org.dockerworkbench.role=standin)


docker info >/dev/null 2>&1 || fail "no Docker engine answers (run scripts/ensure-docker.sh)"

# The mirror is on when the running infra container serves the registry (ensure-infra.sh decides).
registry_mirror_on() {
  [ "$(docker inspect -f '{{.State.Status}}' "$INFRA_NAME" 2>/dev/null)" = running ] \
    && docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$INFRA_NAME" | grep -qx 'WB_SERVE_REGISTRY=1'
}

# --- Build ----------------------------------------------------------------------------------------
# ensure_image <folder> <image>: builds the image when the hash of its inputs changed.
ensure_image() {
  local name="$1" image="$2" context base_id inputs_hash current started extra=()
  base_id="$(docker image inspect -f '{{.Id}}' debian:bookworm 2>/dev/null)" \
    || fail "debian:bookworm is missing (run scripts/ensure-base-images.sh)"
  context="$(mktemp -d)"
  cp -a "$SRC/$name/." "$context/"
  if [ "$name" = wordpress ]; then
    [ -s "$WP_ARCHIVE" ] || { rm -rf "$context"; fail "$WP_ARCHIVE is missing (run scripts/ensure-infra.sh)"; }
    cp "$WP_ARCHIVE" "$context/wordpress.tar.gz"
    extra=(--label "org.opencontainers.image.version=$(cat "$(dirname "$WP_ARCHIVE")/VERSION")")
  fi
  inputs_hash="$(
    cd "$context" && { find . -type f -print0 | sort -z | xargs -0 stat -c '%a %n'
      find . -type f -print0 | sort -z | xargs -0 sha256sum
      echo "base $base_id"; } | sha256sum | cut -c1-32
  )"
  current="$(docker image inspect -f '{{index .Config.Labels "org.dockerworkbench.inputs"}}' "$image" 2>/dev/null || true)"
  if [ "$current" = "$inputs_hash" ]; then
    rm -rf "$context"
    note "$image up to date"
    return
  fi
  say "Building the stand-in $image from Debian packages (30 s to 2 minutes; log in $WB_CACHE_DIR/standin-$name-build.log)"
  started=$SECONDS
  # Host networking for the build: RUN steps reach the Debian mirror even where docker0 is unusable.
  mapfile -t mirror_args < <(debian_mirror_build_args)
  if ! docker build --network host --pull=false "${mirror_args[@]}" "${LABELS[@]}" "${extra[@]}" \
    --label "org.dockerworkbench.inputs=$inputs_hash" -t "$image" "$context" \
    >"$WB_CACHE_DIR/standin-$name-build.log" 2>&1; then
    rm -rf "$context"
    tail -n 25 "$WB_CACHE_DIR/standin-$name-build.log" >&2
    fail "building $image failed (full log in $WB_CACHE_DIR/standin-$name-build.log)"
  fi
  rm -rf "$context"
  check_image "$name" "$image"
  note "$image built in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

# check_image <folder> <image>: what the entrypoints rely on is in the image.
check_image() {
  local script
  case "$1" in
    wordpress) script='set -e
      php -m | grep -qx mysqli
      test -s /usr/src/wordpress/wp-includes/version.php -a -s /usr/src/wordpress/wp-config-sample.php
      test -z "$(ls -A /var/www/html)"
      . /etc/apache2/envvars && apache2 -t 2>/dev/null' ;;
    mysql) script='set -e
      command -v mysqld mariadbd mysql mariadb mariadb-install-db >/dev/null
      test -z "$(ls -A /var/lib/mysql)"
      id mysql >/dev/null' ;;
  esac
  docker run --rm --network none --entrypoint /bin/bash --label org.dockerworkbench.managed=true \
    --label org.dockerworkbench.role=test "$2" -c "$script" >"$WB_CACHE_DIR/standin-$1-check.log" 2>&1 \
    || { cat "$WB_CACHE_DIR/standin-$1-check.log" >&2; fail "$2 was built but lacks what its entrypoint needs"; }
}

# --- Push -----------------------------------------------------------------------------------------
desired_content() {
  local entry _name image ref
  for entry in "${STANDINS[@]}"; do
    read -r _name image ref <<<"$entry"
    echo "$ref $(docker image inspect -f '{{.Id}}' "$image")"
  done
}

infra_ip() {
  docker inspect -f "{{(index .NetworkSettings.Networks \"$NETWORK\").IPAddress}}" "$INFRA_NAME"
}

# Asks the running mirror for each recorded manifest; fails when a digest differs.
mirror_serves_record() {
  local ip ref _id digest served
  ip="$(infra_ip)"
  [ -s "$RECORD" ] || return 1
  while read -r ref _id digest; do
    served="$(curl -sfI --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://$ip:5000/v2/${ref%:*}/manifests/${ref##*:}" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')"
    [ "$served" = "$digest" ] || return 1
  done <"$RECORD"
}

push_standins() {
  local port entry _name image ref target digest started=$SECONDS
  say "Loading the stand-ins into the registry mirror as wordpress:latest and mysql:5.7"
  docker volume inspect "$REGISTRY_VOLUME" >/dev/null 2>&1 || fail "the registry volume $REGISTRY_VOLUME is missing (run scripts/ensure-infra.sh)"
  docker rm -f "$LOADER_NAME" >/dev/null 2>&1 || true
  docker run -d --name "$LOADER_NAME" --label org.dockerworkbench.managed=true --label org.dockerworkbench.role=infra \
    --network "$NETWORK" -p 127.0.0.1::5000 -v "$REGISTRY_VOLUME:/var/lib/docker-registry" "$INFRA_IMAGE" load-registry >/dev/null \
    || fail "could not start the registry loader"
  port="$(docker port "$LOADER_NAME" 5000/tcp | head -1 | sed 's/.*://')"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  : >"$RECORD.tmp"
  : >"$WB_CACHE_DIR/standin-push.log"
  for entry in "${STANDINS[@]}"; do
    read -r _name image ref <<<"$entry"
    target="127.0.0.1:$port/$ref"
    docker tag "$image" "$target"
    if ! docker push -q "$target" >>"$WB_CACHE_DIR/standin-push.log" 2>&1; then
      docker rmi "$target" >/dev/null 2>&1
      docker rm -f "$LOADER_NAME" >/dev/null
      fail "pushing $image to the registry mirror failed (see $WB_CACHE_DIR/standin-push.log)"
    fi
    digest="$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$target" | grep "^127.0.0.1:$port/" | head -1 | cut -d@ -f2)"
    docker rmi "$target" >/dev/null
    echo "$ref $(docker image inspect -f '{{.Id}}' "$image") $digest" >>"$RECORD.tmp"
    note "$image -> registry as ${ref#library/} ($digest)"
  done
  docker rm -f "$LOADER_NAME" >/dev/null
  # Blobs of earlier stand-ins (and debian images) that no tag references any more.
  docker run --rm --label org.dockerworkbench.managed=true --label org.dockerworkbench.role=infra --network none \
    -v "$REGISTRY_VOLUME:/var/lib/docker-registry" "$INFRA_IMAGE" gc-registry \
    >"$WB_CACHE_DIR/standin-registry-gc.log" 2>&1 || note "registry garbage collection failed (harmless; see $WB_CACHE_DIR/standin-registry-gc.log)"
  mv "$RECORD.tmp" "$RECORD"
  for _ in $(seq 1 25); do mirror_serves_record && break; sleep 0.2; done
  mirror_serves_record || fail "the registry mirror does not serve the stand-ins that were pushed"
  note "pushed in $((SECONDS - started)) s"
}

# --- Main -----------------------------------------------------------------------------------------
if ! registry_mirror_on; then
  note "no registry mirror (Docker Hub answers): engines pull the real wordpress and mysql:5.7"
  exit 0
fi
if [ "${WB_REGISTRY_MIRROR:-auto}" = on ]; then
  say "Registry mirror forced on (WB_REGISTRY_MIRROR=on): engines get workbench stand-ins for wordpress and mysql:5.7"
else
  say "Docker Hub does not answer: engines get workbench stand-ins for wordpress and mysql:5.7 (built from Debian packages)"
fi
for entry in "${STANDINS[@]}"; do
  read -r name image _ref <<<"$entry"
  ensure_image "$name" "$image"
done
if [ -s "$RECORD" ] && [ "$(cut -d' ' -f1,2 "$RECORD")" = "$(desired_content)" ] && mirror_serves_record; then
  note "registry mirror serves the current stand-ins as wordpress:latest and mysql:5.7"
else
  push_standins
fi
# Earlier builds that no tag names any more.
docker image prune -f --filter label=org.dockerworkbench.role=standin >/dev/null 2>&1 || true
