#!/usr/bin/env bash
# Makes sure the shared infrastructure of the learner engines exists (idempotent; a second run
# with nothing changed takes a second or two):
#   1. the learners' network `workbench-learners` (bridge wb-learners, 10.213.0.0/16, ICC off);
#   2. the workbench CA ($WB_CACHE_DIR/ca), trusted by the bootstrapped debian stand-ins
#      (debian:latest, debian:trixie, debian:bookworm get a layer adding it under
#      /usr/local/share/ca-certificates; images that were really pulled are never modified);
#   3. where Docker Hub does not answer: a read-only registry mirror holding those debian images,
#      reachable by the engines as registry.workbench:5000 (their entrypoint then lists it in
#      "registry-mirrors");
#   4. where wordpress.org does not answer: a wordpress.org mirror (http -> https redirect,
#      https://wordpress.org/latest.zip and latest.tar.gz rebuilt from Debian's WordPress; the
#      archives are rebuilt whenever either mirror is on: scripts/ensure-standin-images.sh then
#      puts them in the `wordpress` stand-in it adds to the registry mirror);
#   5. a class-wide Debian package cache answering as the Debian mirrors (deb.debian.org and the
#      mirrors of this host's apt sources): the second to thirtieth students' builds get every
#      package from it instead of the network, and nobody changes a Dockerfile for it
#      (server/sandbox/infra-image/apt-cache-conf.sh; files in the volume workbench-apt-cache);
#   6. the firewall rules that keep engines apart and away from the host's own services.
# (3), (4) and (5) run in one container, `workbench-infra` (10.213.0.2 on the learners' network,
# network aliases registry.workbench, wordpress.org, www.wordpress.org, downloads.wordpress.org and
# the mirror names), restarted by Docker (--restart unless-stopped). Engines and the builds inside them resolve those names
# through Docker's embedded DNS: rootless slirp4netns forwards 10.0.2.3 to the engine container's
# 127.0.0.11.
#
#   Usage: scripts/ensure-infra.sh
#   Needs: a Docker engine (ensure-docker.sh), the debian images (ensure-base-images.sh).
#   Run it at every boot (the firewall rules do not survive a reboot), before ensure-engine-image.sh.
#   Environment:
#     WB_REGISTRY_MIRROR=auto|on|off   default auto: on when registry-1.docker.io does not answer
#     WB_WORDPRESS_MIRROR=auto|on|off  default auto: on when https://wordpress.org does not answer
#     WB_APT_CACHE=on|off              default on: the Debian package cache (5)
#     WB_APT_CACHE_MAX_SIZE=8g         disk the package cache may use
#     WB_LEARNER_SUBNET=10.213.0.0/16  the learners' network (infra at .0.2 of it)
#     WB_LEARNER_BLOCKED_CIDRS="169.254.0.0/16"  destinations engines may never reach (space separated)
#     WB_LEARNER_EGRESS=mirrors|open   default mirrors: engines reach the infra container (the
#                                      package cache fetches from the Debian mirrors, resolving their
#                                      names at each request), and by themselves only Docker Hub /
#                                      wordpress.org where no local mirror stands in for them, and the
#                                      Debian mirrors when the package cache is off (their addresses
#                                      as resolved now, TCP 80/443); open: anywhere but the blocked
#                                      ranges, the host and other engines
#     WB_LEARNER_EGRESS_HOSTS="…"      more host names engines may reach under "mirrors"
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
INFRA_SRC="$ROOT/server/sandbox/infra-image"
source "$INFRA_SRC/workbench-ca.sh"

# Keep in sync with server/sandbox/infra-options.ts.
NETWORK=workbench-learners
BRIDGE=wb-learners
SUBNET="${WB_LEARNER_SUBNET:-10.213.0.0/16}"
[[ "$SUBNET" =~ ^([0-9]+\.[0-9]+)\.0\.0/16$ ]] || { echo "error: WB_LEARNER_SUBNET must be a /16 like 10.213.0.0/16" >&2; exit 1; }
GATEWAY="${BASH_REMATCH[1]}.0.1"
INFRA_IP="${BASH_REMATCH[1]}.0.2"           # fixed, outside the range Docker hands out:
IP_RANGE="${BASH_REMATCH[1]}.128.0/17"      # engines get addresses from the upper half
INFRA_NAME=workbench-infra
INFRA_IMAGE=docker-workbench/infra:1
REGISTRY_VOLUME=workbench-registry
APT_CACHE_VOLUME=workbench-apt-cache
LOADER_NAME=workbench-registry-loader
REGISTRY_TAGS=(latest trixie bookworm)
WP_DIR="$WB_CACHE_DIR/wordpress-mirror"
REGISTRY_RECORD="$WB_CACHE_DIR/registry-content"
BLOCKED_CIDRS="${WB_LEARNER_BLOCKED_CIDRS:-169.254.0.0/16}"
EGRESS="${WB_LEARNER_EGRESS:-mirrors}"
[[ "$EGRESS" =~ ^(mirrors|open)$ ]] || fail "WB_LEARNER_EGRESS must be mirrors or open, got '$EGRESS'"
LABELS=(--label org.dockerworkbench.managed=true --label org.dockerworkbench.role=infra)
# Bridges of the students' swarm clusters (server/sandbox/cluster-manager.ts CLUSTER_BRIDGE_PREFIX).
CLUSTER_BRIDGES="wbc-+"
CHAINS=(WORKBENCH-FWD WORKBENCH-IN WORKBENCH-CFWD WORKBENCH-CIN)


docker info >/dev/null 2>&1 || fail "no Docker engine answers (run scripts/ensure-docker.sh)"
for tag in "${REGISTRY_TAGS[@]}"; do
  docker image inspect "debian:$tag" >/dev/null 2>&1 || fail "debian:$tag is missing (run scripts/ensure-base-images.sh)"
done

# --- 0. What is offline? --------------------------------------------------------------------------
answers() { curl -s -o /dev/null --max-time 8 "$@"; } # any HTTP answer counts
decide() { # decide <setting> <url> -> prints on|off
  case "$1" in
    on | off) echo "$1" ;;
    auto) if answers -I "$2"; then echo off; else echo on; fi ;;
    *) fail "expected auto, on or off, got '$1'" ;;
  esac
}
say "Checking what must be served offline"
registry_mirror="$(decide "${WB_REGISTRY_MIRROR:-auto}" https://registry-1.docker.io/v2/)"
wordpress_mirror="$(decide "${WB_WORDPRESS_MIRROR:-auto}" https://wordpress.org/latest.zip)"
note "registry mirror: $registry_mirror (Docker Hub $([ "$registry_mirror" = on ] && echo "does not answer or mirror forced" || echo answers))"
note "wordpress.org mirror: $wordpress_mirror (wordpress.org $([ "$wordpress_mirror" = on ] && echo "does not answer or mirror forced" || echo answers))"
apt_cache="${WB_APT_CACHE:-on}"
[[ "$apt_cache" =~ ^(on|off)$ ]] || fail "WB_APT_CACHE must be on or off, got '$apt_cache'"

# The Debian mirror names the package cache answers as: deb.debian.org (the sources of pulled debian
# images) and this host's mirrors (those of the bootstrapped ones), http only (https cannot be
# answered for), each with the addresses this host resolves for it now: "host=ip,ip" words.
apt_cache_upstreams() {
  local uri host ips
  for uri in http://deb.debian.org/debian "$(debian_mirror debian)" "$(debian_mirror security)"; do
    [[ "$uri" == http://* ]] || continue
    host="${uri#http://}"
    echo "${host%%[/:]*}"
  done | sort -u | while read -r host; do
    ips="$(getent ahostsv4 "$host" | awk '{ print $1 }' | sort -u | paste -sd, -)"
    [ -n "$ips" ] && echo "$host=$ips"
  done | xargs
}
apt_cache_upstreams=""
if [ "$apt_cache" = on ]; then
  apt_cache_upstreams="$(apt_cache_upstreams)"
  if [ -z "$apt_cache_upstreams" ]; then
    note "package cache: off (no http Debian mirror name resolves here)"
    apt_cache=off
  else
    note "package cache: on, answering as $(for w in $apt_cache_upstreams; do printf '%s ' "${w%%=*}"; done)"
  fi
else
  note "package cache: off (WB_APT_CACHE=off)"
fi

# --- 1. The learners' network ---------------------------------------------------------------------
ensure_network() {
  if docker network inspect "$NETWORK" >/dev/null 2>&1; then
    local subnet range icc bridge
    subnet="$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$NETWORK")"
    range="$(docker network inspect -f '{{range .IPAM.Config}}{{.IPRange}}{{end}}' "$NETWORK")"
    icc="$(docker network inspect -f '{{index .Options "com.docker.network.bridge.enable_icc"}}' "$NETWORK")"
    bridge="$(docker network inspect -f '{{index .Options "com.docker.network.bridge.name"}}' "$NETWORK")"
    if [ "$subnet" != "$SUBNET" ] || [ "$range" != "$IP_RANGE" ] || [ "$icc" != false ] || [ "$bridge" != "$BRIDGE" ]; then
      fail "network $NETWORK exists with other settings (subnet $subnet, range $range, icc $icc, bridge $bridge);" \
        "remove it (docker network rm $NETWORK, after stopping the engines on it) and run this again"
    fi
    note "network $NETWORK present ($SUBNET, bridge $BRIDGE, inter-container traffic off)"
    return
  fi
  say "Creating the learners' network $NETWORK ($SUBNET, bridge $BRIDGE, inter-container traffic off)"
  docker network create --driver bridge --subnet "$SUBNET" --ip-range "$IP_RANGE" --gateway "$GATEWAY" \
    -o com.docker.network.bridge.name="$BRIDGE" \
    -o com.docker.network.bridge.enable_icc=false \
    "${LABELS[@]}" "$NETWORK" >/dev/null || fail "could not create network $NETWORK"
}

# --- 2. CA in the bootstrapped debian images ------------------------------------------------------
# The record $WB_CACHE_DIR/debian-<suite>.ca-patched holds "<unpatched id> <patched id> <CA fingerprint>".
trust_ca_in_debian_images() {
  local fp suite origin current record base patched context
  fp="$(workbench_ca_fingerprint)"
  for suite in trixie bookworm; do
    origin="$(cat "$WB_CACHE_DIR/debian-$suite.origin" 2>/dev/null || echo unknown)"
    if [ "$origin" != bootstrapped ]; then
      note "debian:$suite was $origin, not bootstrapped: left as it is"
      continue
    fi
    current="$(docker image inspect -f '{{.Id}}' "debian:$suite")"
    record="$WB_CACHE_DIR/debian-$suite.ca-patched"
    read -r base patched rec_fp 2>/dev/null <"$record" || { base=""; patched=""; rec_fp=""; }
    if [ "$current" = "$patched" ] && [ "$rec_fp" = "$fp" ]; then
      note "debian:$suite already trusts the workbench CA"
      continue
    fi
    # Patch the unpatched image: the current one, unless it is our own older patch.
    if [ "$current" != "$patched" ]; then base="$current"; fi
    docker image inspect "$base" >/dev/null 2>&1 || fail "the unpatched debian:$suite ($base) is gone; run scripts/ensure-base-images.sh after 'docker rmi debian:$suite'"
    say "Adding the workbench CA to debian:$suite (bootstrapped stand-in)"
    context="$(mktemp -d)"
    cp "$WB_CA_CERT" "$context/docker-workbench-ca.crt"
    printf '%s\n' "FROM $base" \
      "COPY docker-workbench-ca.crt /usr/local/share/ca-certificates/docker-workbench-ca.crt" >"$context/Dockerfile"
    docker build -t "debian:$suite" "$context" >"$WB_CACHE_DIR/debian-$suite.ca-patch.log" 2>&1 \
      || { rm -rf "$context"; fail "could not add the CA to debian:$suite (see $WB_CACHE_DIR/debian-$suite.ca-patch.log)"; }
    rm -rf "$context"
    patched="$(docker image inspect -f '{{.Id}}' "debian:$suite")"
    echo "$base $patched $fp" >"$record"
  done
  if [ "$(cat "$WB_CACHE_DIR/debian-trixie.origin" 2>/dev/null)" = bootstrapped ] \
    && [ "$(docker image inspect -f '{{.Id}}' debian:latest)" != "$(docker image inspect -f '{{.Id}}' debian:trixie)" ]; then
    docker tag debian:trixie debian:latest
    note "debian:latest re-tagged to the patched debian:trixie"
  fi
}

# --- 3. WordPress archives ------------------------------------------------------------------------
ensure_wordpress_archives() {
  local inputs
  inputs="$(sha256sum "$INFRA_SRC/build-wordpress-archives.sh" | cut -c1-32)"
  if [ -s "$WP_DIR/latest.zip" ] && [ -s "$WP_DIR/latest.tar.gz" ] && [ "$(cat "$WP_DIR/.inputs" 2>/dev/null)" = "$inputs" ]; then
    note "WordPress $(cat "$WP_DIR/VERSION") archives present in $WP_DIR"
    return
  fi
  say "Rebuilding WordPress's latest.zip/latest.tar.gz from Debian's packages (about 20 s; log in $WB_CACHE_DIR/wordpress-archives.log)"
  mkdir -p "$WP_DIR"
  docker run --rm --network host --label org.dockerworkbench.managed=true --label org.dockerworkbench.role=test \
    -v "$INFRA_SRC/build-wordpress-archives.sh:/usr/local/bin/build-wordpress-archives:ro" -v "$WP_DIR:/out" \
    debian:trixie build-wordpress-archives >"$WB_CACHE_DIR/wordpress-archives.log" 2>&1 \
    || { tail -n 20 "$WB_CACHE_DIR/wordpress-archives.log" >&2; fail "rebuilding the WordPress archives failed"; }
  echo "$inputs" >"$WP_DIR/.inputs"
  note "$(tail -n 1 "$WB_CACHE_DIR/wordpress-archives.log")"
}

# --- 4. The infra image ---------------------------------------------------------------------------
ensure_infra_image() {
  local base_id inputs_hash current
  base_id="$(docker image inspect -f '{{.Id}}' debian:bookworm)"
  inputs_hash="$(
    cd "$INFRA_SRC" && for f in Dockerfile entrypoint.sh nginx.conf nginx-wordpress.conf apt-cache-conf.sh registry.yml registry-loader.yml; do
      stat -c '%a %n' "$f"; sha256sum "$f"
    done | { cat; echo "base $base_id"; } | sha256sum | cut -c1-32
  )"
  current="$(docker image inspect -f '{{index .Config.Labels "org.dockerworkbench.inputs"}}' "$INFRA_IMAGE" 2>/dev/null || true)"
  if [ "$current" = "$inputs_hash" ]; then
    note "$INFRA_IMAGE up to date"
    return
  fi
  say "Building $INFRA_IMAGE (about a minute the first time; log in $WB_CACHE_DIR/infra-image-build.log)"
  local mirror_args
  mapfile -t mirror_args < <(debian_mirror_build_args)
  docker build --network host "${mirror_args[@]}" "${LABELS[@]}" --label "org.dockerworkbench.inputs=$inputs_hash" \
    -t "$INFRA_IMAGE" "$INFRA_SRC" >"$WB_CACHE_DIR/infra-image-build.log" 2>&1 \
    || { tail -n 25 "$WB_CACHE_DIR/infra-image-build.log" >&2; fail "building $INFRA_IMAGE failed"; }
}

# --- 5. Registry content --------------------------------------------------------------------------
desired_registry_content() {
  local tag
  for tag in "${REGISTRY_TAGS[@]}"; do echo "$tag $(docker image inspect -f '{{.Id}}' "debian:$tag")"; done
}

# Pushes the debian images into the registry volume through a short-lived writable registry
# published on the host's loopback only, then garbage-collects what no tag references any more.
populate_registry() {
  local port tag ref digest
  say "Loading ${REGISTRY_TAGS[*]/#/debian:} into the registry mirror"
  docker volume inspect "$REGISTRY_VOLUME" >/dev/null 2>&1 || docker volume create "${LABELS[@]}" "$REGISTRY_VOLUME" >/dev/null
  docker rm -f "$LOADER_NAME" >/dev/null 2>&1 || true
  docker run -d --name "$LOADER_NAME" "${LABELS[@]}" --network "$NETWORK" -p 127.0.0.1::5000 \
    -v "$REGISTRY_VOLUME:/var/lib/docker-registry" "$INFRA_IMAGE" load-registry >/dev/null \
    || fail "could not start the registry loader"
  port="$(docker port "$LOADER_NAME" 5000/tcp | head -1 | sed 's/.*://')"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  : >"$REGISTRY_RECORD.tmp"
  : >"$WB_CACHE_DIR/registry-push.log"
  for tag in "${REGISTRY_TAGS[@]}"; do
    ref="127.0.0.1:$port/library/debian:$tag"
    docker tag "debian:$tag" "$ref"
    if ! docker push -q "$ref" >>"$WB_CACHE_DIR/registry-push.log" 2>&1; then
      docker rmi "$ref" >/dev/null 2>&1
      docker rm -f "$LOADER_NAME" >/dev/null
      fail "pushing debian:$tag to the registry mirror failed (see $WB_CACHE_DIR/registry-push.log)"
    fi
    digest="$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$ref" | grep "^127.0.0.1:$port/" | head -1 | cut -d@ -f2)"
    docker rmi "$ref" >/dev/null
    echo "$tag $(docker image inspect -f '{{.Id}}' "debian:$tag") $digest" >>"$REGISTRY_RECORD.tmp"
    note "debian:$tag -> registry ($digest)"
  done
  docker rm -f "$LOADER_NAME" >/dev/null
  docker run --rm "${LABELS[@]}" --network none -v "$REGISTRY_VOLUME:/var/lib/docker-registry" "$INFRA_IMAGE" gc-registry \
    >"$WB_CACHE_DIR/registry-gc.log" 2>&1 || note "registry garbage collection failed (harmless; see $WB_CACHE_DIR/registry-gc.log)"
  mv "$REGISTRY_RECORD.tmp" "$REGISTRY_RECORD"
}

ensure_registry_content() {
  if docker volume inspect "$REGISTRY_VOLUME" >/dev/null 2>&1 && [ -s "$REGISTRY_RECORD" ] \
    && [ "$(cut -d' ' -f1,2 "$REGISTRY_RECORD")" = "$(desired_registry_content)" ]; then
    note "registry mirror holds the current ${REGISTRY_TAGS[*]/#/debian:}"
    return
  fi
  populate_registry
}

# Asks the running mirror for each tag's manifest digest; fails when one differs from the record.
registry_serves_recorded_content() {
  local tag _id digest served
  while read -r tag _id digest; do
    served="$(curl -sfI --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://$INFRA_IP:5000/v2/library/debian/manifests/$tag" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')"
    [ "$served" = "$digest" ] || return 1
  done <"$REGISTRY_RECORD"
}

# --- 6. The infra container -----------------------------------------------------------------------
infra_run_args() {
  local args=(--name "$INFRA_NAME" "${LABELS[@]}" --restart unless-stopped
    --network "$NETWORK" --ip "$INFRA_IP" --hostname workbench-infra
    --read-only --tmpfs /run --tmpfs /tmp --tmpfs /var/lib/nginx --tmpfs /var/log/nginx
    --cap-drop ALL --cap-add CHOWN --cap-add SETUID --cap-add SETGID --cap-add NET_BIND_SERVICE
    --security-opt no-new-privileges
    --memory 512m --memory-swap 512m --pids-limit 256 --log-opt max-size=5m --log-opt max-file=2
    -e "WB_SERVE_REGISTRY=$([ "$registry_mirror" = on ] && echo 1 || echo 0)"
    -e "WB_SERVE_WORDPRESS=$([ "$wordpress_mirror" = on ] && echo 1 || echo 0)"
    -e "WB_SERVE_APT_CACHE=$([ "$apt_cache" = on ] && echo 1 || echo 0)")
  if [ "$apt_cache" = on ]; then
    local word
    args+=(-e "WB_APT_CACHE_UPSTREAMS=$apt_cache_upstreams" -e "WB_APT_CACHE_RESOLVERS=$(dns_resolvers | xargs)" -e "WB_APT_CACHE_MAX_SIZE=${WB_APT_CACHE_MAX_SIZE:-8g}"
      -v "$APT_CACHE_VOLUME:/var/cache/workbench-apt")
    for word in $apt_cache_upstreams; do args+=(--network-alias "${word%%=*}"); done
  fi
  if [ "$registry_mirror" = on ]; then
    args+=(--network-alias registry.workbench -v "$REGISTRY_VOLUME:/var/lib/docker-registry:ro")
  fi
  if [ "$wordpress_mirror" = on ]; then
    local name
    for name in "${WB_MIRROR_NAMES[@]}"; do args+=(--network-alias "$name"); done
    args+=(-v "$WP_DIR:/srv/wordpress:ro"
      -v "$WB_MIRROR_CERT:/etc/workbench/tls/wordpress.org.crt:ro"
      -v "$WB_MIRROR_KEY:/etc/workbench/tls/wordpress.org.key:ro")
  fi
  printf '%s\n' "${args[@]}"
}

ensure_infra_container() {
  local args config_hash current state
  mapfile -t args < <(infra_run_args)
  config_hash="$({
    printf '%s\n' "${args[@]}"
    docker image inspect -f '{{.Id}}' "$INFRA_IMAGE"
    if [ "$wordpress_mirror" = on ]; then sha256sum "$WB_MIRROR_CERT"; fi
  } | sha256sum | cut -c1-32)"
  current="$(docker inspect -f '{{index .Config.Labels "org.dockerworkbench.config"}}' "$INFRA_NAME" 2>/dev/null || true)"
  state="$(docker inspect -f '{{.State.Status}}' "$INFRA_NAME" 2>/dev/null || true)"
  if [ "$current" = "$config_hash" ] && [ "$state" = running ] && [ "${1:-}" != --restart ]; then
    note "$INFRA_NAME running ($INFRA_IP)"
    return
  fi
  if [ "$current" = "$config_hash" ] && [ "$state" = running ]; then
    say "Restarting $INFRA_NAME (was $state)"
    docker restart "$INFRA_NAME" >/dev/null || fail "could not restart $INFRA_NAME"
  else
    say "Starting $INFRA_NAME at $INFRA_IP on $NETWORK"
    docker rm -f "$INFRA_NAME" >/dev/null 2>&1 || true
    docker run -d "${args[@]}" --label "org.dockerworkbench.config=$config_hash" "$INFRA_IMAGE" >/dev/null \
      || fail "could not start $INFRA_NAME"
  fi
  sleep 0.5
  [ "$(docker inspect -f '{{.State.Status}}' "$INFRA_NAME")" = running ] \
    || { docker logs --tail 20 "$INFRA_NAME" >&2; fail "$INFRA_NAME stopped right after starting"; }
}

# --- 7. Firewall ----------------------------------------------------------------------------------
# Rules (iptables, IPv4; the learners' network has no IPv6), in two chains of our own so that a
# re-run replaces them as a whole. A comment rule carries the hash of the rule set: unchanged rules
# are left alone.
#   WORKBENCH-FWD, jumped to from DOCKER-USER for packets entering from the learners' bridge
#   (DOCKER-USER is evaluated before Docker's own FORWARD rules):
#     - engines may open TCP 80, 443 and 5000 on the infra container; its replies go back;
#     - any other traffic between two containers of the learners' network is dropped (Docker's
#       enable_icc=false rule does the same: this keeps it explicit);
#     - connections whose destination was DNAT-ed (ports that other containers publish on the
#       host's addresses) are dropped;
#     - destinations in WB_LEARNER_BLOCKED_CIDRS (default: link-local, i.e. cloud metadata) are dropped;
#     - with WB_LEARNER_EGRESS=mirrors (the default), new connections go out only from the infra
#       container (its package cache, TCP 80/443, to whatever address the mirror's name has now)
#       and to the addresses of the allowed hosts (egress_hosts below) on TCP 80/443; everything
#       else is dropped. With open, everything else is NAT-ed out as usual.
#   WORKBENCH-IN, jumped to from INPUT for packets entering from the learners' bridge:
#     - only replies to connections the host opened (ESTABLISHED,RELATED) are accepted: the host's
#       own services (the workbench server on :3000, sshd…) are unreachable from engines, while the
#       host still reaches engines (published ports at an engine's IP) and the infra container.
#   The private networks of students' swarm clusters (step 9; bridges named wbc-<hash>, created
#   `--internal` by server/sandbox/cluster-manager.ts; their nodes reach the mirrors through the
#   learners' network above):
#   WORKBENCH-CFWD, jumped to from DOCKER-USER for packets entering a cluster bridge:
#     - traffic bridged between two nodes of the same cluster passes on (swarm, overlay);
#     - anything routed (to another cluster, another network, the outside) is dropped.
#   WORKBENCH-CIN, jumped to from INPUT for packets entering a cluster bridge: replies only, as in
#     WORKBENCH-IN (the bridge's gateway address is the host too).
firewall_rules() {
  echo "FWD -i $BRIDGE -o $BRIDGE -d $INFRA_IP/32 -p tcp -m multiport --dports 80,443,5000 -j ACCEPT"
  echo "FWD -i $BRIDGE -o $BRIDGE -s $INFRA_IP/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
  echo "FWD -i $BRIDGE -o $BRIDGE -j DROP"
  echo "FWD -i $BRIDGE -m conntrack --ctstate DNAT -j DROP"
  local cidr ip host ips
  for cidr in $BLOCKED_CIDRS; do echo "FWD -i $BRIDGE -d $cidr -j DROP"; done
  if [ "$EGRESS" = mirrors ]; then
    echo "FWD -i $BRIDGE -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
    # The package cache resolves the mirror's name at each request: wherever the mirror moves, the
    # infra container (ours, serving only the names it was given) may fetch from it.
    [ "$apt_cache" = on ] && echo "FWD -i $BRIDGE -s $INFRA_IP/32 -p tcp -m multiport --dports 80,443 -j RETURN"
    # Hosts reached directly, at the addresses they resolve to now (the rule set's hash changes with
    # them, so the next start installs new ones). Each rule names its host, and a host that resolves
    # to nothing has a rule that only names it: `npm run doctor` resolves the names again and says
    # when their addresses moved (server/doctor/direct-egress.ts reads these comments: keep in sync).
    for host in $(egress_hosts | xargs -n1 | sort -u); do
      ips="$(getent ahostsv4 "$host" | awk '{ print $1 }' | sort -u || true)"
      [ -n "$ips" ] || echo "FWD -i $BRIDGE -m comment --comment wb-egress-unresolved:$host"
      for ip in $ips; do echo "FWD -i $BRIDGE -d $ip/32 -p tcp -m multiport --dports 80,443 -m comment --comment wb-egress:$host -j RETURN"; done
    done
    # Docker's embedded DNS asks the host's resolvers from inside the engine's network.
    for ip in $(dns_resolvers); do
      echo "FWD -i $BRIDGE -d $ip/32 -p udp --dport 53 -j RETURN"
      echo "FWD -i $BRIDGE -d $ip/32 -p tcp --dport 53 -j RETURN"
    done
    echo "FWD -i $BRIDGE -j DROP"
  fi
  echo "IN -i $BRIDGE -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
  echo "IN -i $BRIDGE -j DROP"
  echo "CFWD -i $CLUSTER_BRIDGES -m physdev --physdev-is-bridged -j RETURN"
  echo "CFWD -i $CLUSTER_BRIDGES -j DROP"
  echo "CIN -i $CLUSTER_BRIDGES -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
  echo "CIN -i $CLUSTER_BRIDGES -j DROP"
}

# The host names engines may reach themselves under WB_LEARNER_EGRESS=mirrors: the upstream sites
# that no infra service stands in for. With the package cache on, the Debian mirrors are not among
# them: engines reach them only through the cache, which resolves their names at each request.
egress_hosts() {
  local uri
  if [ "$apt_cache" = off ]; then
    for uri in "$(debian_mirror debian)" "$(debian_mirror security)"; do
      uri="${uri#*://}"
      echo "${uri%%[/:]*}"
    done
  fi
  if [ "$registry_mirror" = off ]; then echo registry-1.docker.io auth.docker.io production.cloudflare.docker.com; fi
  if [ "$wordpress_mirror" = off ]; then echo wordpress.org downloads.wordpress.org; fi
  echo "${WB_LEARNER_EGRESS_HOSTS:-}"
}

# The name servers Docker's embedded DNS forwards to: the host's (systemd-resolved's upstreams when
# the host uses its local stub), loopback ones left out; Docker's default where none is left.
dns_resolvers() {
  local file=/etc/resolv.conf servers
  if grep -qE '^nameserver[[:space:]]+127\.0\.0\.53' "$file" 2>/dev/null && [ -f /run/systemd/resolve/resolv.conf ]; then
    file=/run/systemd/resolve/resolv.conf
  fi
  servers="$(awk '$1 == "nameserver" && $2 ~ /^[0-9.]+$/ && $2 !~ /^127\./ { print $2 }' "$file" 2>/dev/null | sort -u)"
  echo "${servers:-8.8.8.8 8.8.4.4}"
}

ensure_firewall() {
  command -v iptables >/dev/null || fail "iptables is missing"
  local rules hash chain rule
  rules="$(firewall_rules)"
  hash="$(printf '%s' "$rules" | sha256sum | cut -c1-16)"
  for chain in "${CHAINS[@]}"; do iptables -N "$chain" 2>/dev/null || true; done
  iptables -C DOCKER-USER -i "$BRIDGE" -j WORKBENCH-FWD 2>/dev/null || iptables -I DOCKER-USER 1 -i "$BRIDGE" -j WORKBENCH-FWD
  iptables -C INPUT -i "$BRIDGE" -j WORKBENCH-IN 2>/dev/null || iptables -I INPUT 1 -i "$BRIDGE" -j WORKBENCH-IN
  iptables -C DOCKER-USER -i "$CLUSTER_BRIDGES" -j WORKBENCH-CFWD 2>/dev/null || iptables -I DOCKER-USER 1 -i "$CLUSTER_BRIDGES" -j WORKBENCH-CFWD
  iptables -C INPUT -i "$CLUSTER_BRIDGES" -j WORKBENCH-CIN 2>/dev/null || iptables -I INPUT 1 -i "$CLUSTER_BRIDGES" -j WORKBENCH-CIN
  local installed=1
  for chain in "${CHAINS[@]}"; do iptables -S "$chain" | grep -q "docker-workbench $hash" || installed=0; done
  if [ "$installed" = 1 ]; then
    note "firewall rules for $BRIDGE and the cluster bridges ($CLUSTER_BRIDGES) in place"
    return
  fi
  if [ "$EGRESS" = mirrors ]; then
    local direct
    direct="$(egress_hosts | xargs -n1 | sort -u | xargs | sed 's/ /, /g')"
    say "Installing the firewall rules for $BRIDGE and $CLUSTER_BRIDGES (engines reach the infra container$([ -n "$direct" ] && echo " and $direct") only; not each other nor the host)"
  else
    say "Installing the firewall rules for $BRIDGE and $CLUSTER_BRIDGES (WB_LEARNER_EGRESS=open: engines reach the infra container and the outside, not each other nor the host)"
  fi
  for chain in "${CHAINS[@]}"; do
    iptables -F "$chain"
    iptables -A "$chain" -m comment --comment "docker-workbench $hash"
  done
  while read -r chain rule; do
    # shellcheck disable=SC2086
    iptables -A "WORKBENCH-$chain" $rule || fail "iptables refused: -A WORKBENCH-$chain $rule"
  done <<<"$rules"
}

# --- 8. Checks from the host ----------------------------------------------------------------------
check_mirrors() {
  local code
  if [ "$wordpress_mirror" = on ]; then
    code="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "wordpress.org:80:$INFRA_IP" http://wordpress.org/latest.zip)"
    [ "$code" = "301 https://wordpress.org/latest.zip" ] || fail "http://wordpress.org/latest.zip on the mirror answered '$code'"
    for path in latest.zip latest.tar.gz; do
      code="$(curl -s -o /dev/null -w '%{http_code}' -r 0-99 --cacert "$WB_CA_CERT" --resolve "wordpress.org:443:$INFRA_IP" "https://wordpress.org/$path")"
      [ "$code" = 206 ] || fail "https://wordpress.org/$path on the mirror answered $code"
    done
    note "wordpress.org mirror answers (http 301 -> https; latest.zip, latest.tar.gz: WordPress $(cat "$WP_DIR/VERSION"))"
  fi
  if [ "$registry_mirror" = on ]; then
    if ! registry_serves_recorded_content; then
      note "the registry mirror does not serve what was recorded: loading it again"
      populate_registry
      ensure_infra_container --restart
      for _ in $(seq 1 30); do registry_serves_recorded_content && break; sleep 0.2; done
      registry_serves_recorded_content || fail "the registry mirror does not serve the debian images"
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$INFRA_IP:5000/v2/library/debian/blobs/uploads/")"
    [ "${code:0:1}" != 2 ] || fail "the registry mirror accepts pushes (HTTP $code)"
    note "registry mirror serves ${REGISTRY_TAGS[*]/#/debian:}; pushes refused (HTTP $code)"
  fi
  if [ "$apt_cache" = on ]; then
    local word host suite uri path candidate
    suite="$(awk -F= '$1 == "VERSION_CODENAME" { print $2 }' /etc/os-release)"
    for word in $apt_cache_upstreams; do
      host="${word%%=*}"
      # Debian's archive on deb.debian.org is under /debian; a host's own mirror keeps its path.
      uri="http://deb.debian.org/debian"
      for candidate in "$(debian_mirror debian)" "$(debian_mirror security)"; do
        [[ "$candidate" == "http://$host/"* ]] && { uri="$candidate"; break; }
      done
      [[ "$uri" == *security* ]] && path="dists/$suite-security/InRelease" || path="dists/$suite/InRelease"
      code=""
      for _ in $(seq 1 20); do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 --resolve "$host:80:$INFRA_IP" "$uri/$path")"
        [ "$code" = 200 ] && break
        sleep 0.25
      done
      [ "$code" = 200 ] || fail "the package cache did not answer $uri/$path (HTTP $code; docker logs $INFRA_NAME)"
    done
    note "package cache answers for $(for w in $apt_cache_upstreams; do printf '%s ' "${w%%=*}"; done)(volume $APT_CACHE_VOLUME)"
  fi
}

ensure_network
ensure_workbench_ca
trust_ca_in_debian_images
if [ "$registry_mirror" = on ] || [ "$wordpress_mirror" = on ] || [ "$apt_cache" = on ]; then
  [ "$wordpress_mirror" = off ] || ensure_mirror_certificate
  # The archives also go into the wordpress stand-in image (scripts/ensure-standin-images.sh).
  ensure_wordpress_archives
  ensure_infra_image
  if [ "$apt_cache" = on ] && ! docker volume inspect "$APT_CACHE_VOLUME" >/dev/null 2>&1; then
    docker volume create "${LABELS[@]}" "$APT_CACHE_VOLUME" >/dev/null || fail "could not create the volume $APT_CACHE_VOLUME"
  fi
  [ "$registry_mirror" = off ] || ensure_registry_content
  ensure_infra_container
else
  if docker inspect "$INFRA_NAME" >/dev/null 2>&1; then
    say "Removing $INFRA_NAME: Docker Hub and wordpress.org answer and the package cache is off, nothing to serve"
    docker rm -f "$INFRA_NAME" >/dev/null
  fi
fi
ensure_firewall
check_mirrors
# Earlier builds of the infra image that no container uses any more.
docker image prune -f --filter label=org.dockerworkbench.role=infra >/dev/null 2>&1 || true
say "Learner infrastructure ready: network $NETWORK, infra $([ "$registry_mirror$wordpress_mirror$apt_cache" = offoffoff ] && echo "not needed" || echo "$INFRA_NAME at $INFRA_IP")"
