#!/bin/bash
# Starts the learner's Docker engine, as the container's main process (under docker-init when the
# container is created with Init: true). Two modes, chosen by WB_ENGINE_MODE (set by
# server/sandbox/engine-options.ts):
#   rootless (default)  runs as `learner` (never root): dockerd-rootless.sh (rootlesskit +
#                       slirp4netns + dockerd) with its socket at $XDG_RUNTIME_DIR/docker.sock.
#   privileged-caps     runs as root in a container with (nearly) all capabilities and the host's
#                       cgroup tree: a ROOT dockerd listening on the SAME socket path, owned by
#                       the group learner, so the learner's shells and the backend (which exec as
#                       learner) reach it exactly as in rootless mode. Host-root-equivalent.
# In both modes it
#   - writes the inner daemon.json (registry mirror only where the workbench infra provides one),
#   - prints "docker-workbench: engine ready" and creates $XDG_RUNTIME_DIR/workbench-engine.ready
#     once `docker info` answers,
#   - starts dockerd at niceness WB_ENGINE_NICE (default 10): everything it runs (builds, the
#     learner's containers) inherits it, and rootless cannot lower it; the learner's terminal, an
#     exec from outside, stays at 0 and wins the engine's CPU (raising one's niceness needs no privilege).
set -euo pipefail

mode="${WB_ENGINE_MODE:-rootless}"
case "$mode" in
  rootless)
    if [ "$(id -u)" = 0 ]; then
      echo "docker-workbench: the rootless engine must run as the unprivileged user learner, not root" >&2
      exit 1
    fi
    ;;
  privileged-caps)
    if [ "$(id -u)" != 0 ]; then
      echo "docker-workbench: WB_ENGINE_MODE=privileged-caps needs the container to run as root (User 0:0)" >&2
      exit 1
    fi
    ;;
  *)
    echo "docker-workbench: unknown WB_ENGINE_MODE '$mode' (rootless or privileged-caps)" >&2
    exit 1
    ;;
esac

# The learner's runtime folder (the image's ENV sets it to /run/user/<learner uid> in both modes).
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}"
export DOCKER_HOST="${DOCKER_HOST:-unix://$XDG_RUNTIME_DIR/docker.sock}"
ready_file="$XDG_RUNTIME_DIR/workbench-engine.ready"

# A restarted container keeps the previous run's pid files and sockets: start from a clean slate.
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
find "$XDG_RUNTIME_DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
if [ "$mode" = privileged-caps ]; then
  chown learner:learner "$XDG_RUNTIME_DIR"
  rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  export HOME=/root
fi

# The offline registry mirror answers as registry.workbench on the learners' network (see
# scripts/ensure-infra.sh). Where it does not exist, pulls go to Docker Hub as usual.
mirrors='[]'
insecure='[]'
if getent hosts registry.workbench >/dev/null 2>&1; then
  mirrors='["http://registry.workbench:5000"]'
  # Pulled by name too (plain http, read-only): the class-wide layer cache, server/sandbox/layer-cache-*.ts.
  insecure='["registry.workbench:5000"]'
fi
# Name resolution for the inner containers. Rootless: slirp4netns answers at 10.0.2.3 and relays
# to this container's resolver (Docker's embedded DNS, which knows the mirrors' names).
# privileged-caps: inner containers cannot reach 127.0.0.11 of this container, and a root dockerd
# would give them 8.8.8.8 instead (no mirror, nothing offline): a small forwarder listens on the
# inner bridge's fixed address and relays to the embedded DNS; the inner daemon hands that out.
dns_options=""
if [ "$mode" = privileged-caps ]; then
  daemon_json=/etc/docker/daemon.json
  inner_bridge_ip=172.17.0.1
  dns_options="\"bip\": \"$inner_bridge_ip/16\", \"dns\": [\"$inner_bridge_ip\"],"
  resolver="$(awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)"
  dnsmasq --no-resolv --no-hosts --server="${resolver:-127.0.0.11}" --listen-address="$inner_bridge_ip" \
    --bind-dynamic --user=nobody --pid-file=/run/workbench-dnsmasq.pid \
    || echo "docker-workbench: warning: the DNS forwarder for inner containers did not start" >&2
else
  daemon_json="$HOME/.config/docker/daemon.json"
fi
mkdir -p "$(dirname "$daemon_json")"
cat >"$daemon_json" <<EOF
{
  $dns_options
  "registry-mirrors": $mirrors,
  "insecure-registries": $insecure,
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

nice_level="${WB_ENGINE_NICE:-10}"
if [ "$mode" = rootless ]; then
  exec nice -n "$nice_level" /usr/share/docker.io/contrib/dockerd-rootless.sh "$@"
fi

# privileged-caps: the host's cgroup tree is mounted at /sys/fs/cgroup (cgroup namespace of the
# host on cgroup v1). Without --cgroup-parent the inner containers' cgroups would be siblings of
# this container's (/docker/<id>) and escape its memory, pids and CPU limits: put them below it.
cgroup_parent=""
own_cgroup="$(awk -F: '$2 == "pids" { print $3; exit }' /proc/self/cgroup)"
[ -n "$own_cgroup" ] || own_cgroup="$(awk -F: '$1 == "0" && $2 == "" { print $3; exit }' /proc/self/cgroup)"
if [ -n "$own_cgroup" ] && [ "$own_cgroup" != / ]; then
  cgroup_parent="$own_cgroup"
else
  echo "docker-workbench: warning: own cgroup not visible; inner containers are not nested below this container's limits" >&2
fi

exec env -u XDG_RUNTIME_DIR nice -n "$nice_level" dockerd \
  --config-file "$daemon_json" \
  --host "$DOCKER_HOST" \
  --group learner \
  --data-root /var/lib/docker \
  ${cgroup_parent:+--cgroup-parent "$cgroup_parent"} \
  "$@"
