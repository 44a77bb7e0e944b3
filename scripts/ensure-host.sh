#!/usr/bin/env bash
# Makes sure this host meets what learner engines need from the kernel, fixing what root can fix
# (idempotently, saying so) and stopping with the fix named where it cannot:
#   - /dev/net/tun exists and the learner's unprivileged uid can open it (rootlesskit creates the
#     engine's tap device with it); Debian's usual mode is 0666, some machines have it 0600;
#   - unprivileged user namespaces are allowed (the rootless engine maps its users in one);
#   - IPv4 forwarding is on (engines reach the mirrors through NAT);
#   - /dev/loop-control exists (loop devices back capped disk areas);
#   - iptables works (the firewall rules of scripts/ensure-infra.sh);
#   - the learner's uid and gid (WB_LEARNER_UID in lib.sh) belong to the system user and group
#     workbench-learner, created if missing: the students' files on this host are theirs, not an
#     unrelated user's. Another user or group already holding that id stops the set-up.
# Devices and sysctls do not survive a reboot: scripts/setup.sh runs this at every start.
source "$(dirname "$0")/lib.sh"

is_root() { [ "$(id -u)" = 0 ]; }
needs_root() { fail "$1; as root, run: $2 (or run bash scripts/setup.sh as root)"; }

ensure_tun() {
  if [ ! -c /dev/net/tun ]; then
    is_root || needs_root "/dev/net/tun is missing" "mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200"
    modprobe tun 2>/dev/null || true
    mkdir -p /dev/net
    [ -c /dev/net/tun ] || mknod -m 0666 /dev/net/tun c 10 200
    note "created /dev/net/tun (mode 0666)"
  fi
  local mode
  mode="$(stat -c '%a' /dev/net/tun)"
  # The learner engine runs as an unprivileged uid that is neither the owner nor in the group.
  if (( (8#$mode & 8#006) != 8#006 )); then
    is_root || needs_root "/dev/net/tun has mode $mode: learner engines cannot open it" "chmod 0666 /dev/net/tun"
    chmod 0666 /dev/net/tun
    note "made /dev/net/tun usable by learner engines (mode $mode -> 666, Debian's usual mode)"
  else
    note "/dev/net/tun usable by learner engines (mode $mode)"
  fi
}

# ensure_sysctl_at_least KEY WANTED: sets KEY when its value is below WANTED.
ensure_sysctl_at_least() {
  local key="$1" wanted="$2" file current
  file="/proc/sys/${key//.//}"
  [ -e "$file" ] || return 0 # this kernel has no such switch
  current="$(cat "$file")"
  if [ "$current" -ge "$wanted" ]; then
    note "$key = $current"
    return
  fi
  is_root || needs_root "$key is $current (learner engines need at least $wanted)" "sysctl -w $key=$wanted"
  sysctl -qw "$key=$wanted" || fail "could not set $key=$wanted (sysctl refused; a container host may forbid it)"
  note "set $key = $wanted (was $current)"
}

ensure_loop_control() {
  if [ -c /dev/loop-control ]; then
    note "/dev/loop-control present"
    return
  fi
  is_root || needs_root "/dev/loop-control is missing" "modprobe loop"
  modprobe loop 2>/dev/null || mknod -m 0660 /dev/loop-control c 10 237 || fail "no loop devices: load the loop module (modprobe loop)"
  note "loop devices enabled"
}

ensure_iptables() {
  ensure_apt_packages iptables
  iptables -S INPUT >/dev/null 2>&1 \
    || fail "iptables does not work on this host ($(iptables -S INPUT 2>&1 | head -1)); load the ip_tables module (modprobe ip_tables) or switch with: update-alternatives --set iptables /usr/sbin/iptables-legacy"
  note "iptables works ($(iptables --version))"
}

ensure_learner_user() {
  local user group
  user="$(getent passwd "$WB_LEARNER_UID" | cut -d: -f1 || true)"
  group="$(getent group "$WB_LEARNER_UID" | cut -d: -f1 || true)"
  if [ -n "$user" ] && [ "$user" != "$WB_LEARNER_NAME" ]; then
    fail "uid $WB_LEARNER_UID, which the learners' files use, belongs to the host user '$user': the workbench needs it for its own user $WB_LEARNER_NAME (free that uid, or change WB_LEARNER_UID in scripts/lib.sh and LEARNER_UID in server/workspace/workspace-path.ts)"
  fi
  if [ -n "$group" ] && [ "$group" != "$WB_LEARNER_NAME" ]; then
    fail "gid $WB_LEARNER_UID, which the learners' files use, belongs to the host group '$group': the workbench needs it for its own group $WB_LEARNER_NAME"
  fi
  if [ -n "$user" ] && [ -n "$group" ]; then
    note "the learners' files belong to $WB_LEARNER_NAME (uid and gid $WB_LEARNER_UID)"
    return
  fi
  is_root || needs_root "the host has no user $WB_LEARNER_NAME for the learners' files" "groupadd --system --gid $WB_LEARNER_UID $WB_LEARNER_NAME; useradd --system --uid $WB_LEARNER_UID --gid $WB_LEARNER_UID --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin $WB_LEARNER_NAME"
  [ -n "$group" ] || groupadd --system --gid "$WB_LEARNER_UID" "$WB_LEARNER_NAME"
  [ -n "$user" ] || useradd --system --uid "$WB_LEARNER_UID" --gid "$WB_LEARNER_UID" --no-create-home \
    --home-dir /nonexistent --shell /usr/sbin/nologin --comment "Docker Workbench learners (no login)" "$WB_LEARNER_NAME"
  note "created the system user $WB_LEARNER_NAME (uid and gid $WB_LEARNER_UID, no login): the learners' files belong to it"
}

say "Checking the host's kernel settings for learner engines"
ensure_tun
ensure_sysctl_at_least kernel.unprivileged_userns_clone 1
ensure_sysctl_at_least user.max_user_namespaces 1000
ensure_sysctl_at_least net.ipv4.ip_forward 1
ensure_loop_control
ensure_iptables
ensure_learner_user
