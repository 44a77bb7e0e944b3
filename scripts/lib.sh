# Shared helpers for the set-up scripts. Sourced, not run.
# A failure anywhere says which script, line and command failed (never a silent exit).
set -Eeuo pipefail

WB_CACHE_DIR="${WB_CACHE_DIR:-/var/cache/docker-workbench}"
mkdir -p "$WB_CACHE_DIR"
WB_SCRIPT="scripts/$(basename "$0")"
# The learner's uid and gid, in the engine image and on the host (user workbench-learner): no login
# user's (above the usual 1000–60000), below the sub-id ranges (100000 on). Also LEARNER_UID in
# server/workspace/workspace-path.ts (a unit test holds the two equal).
WB_LEARNER_UID=99000
WB_LEARNER_NAME=workbench-learner

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() { echo "error: $*" >&2; exit 1; }

# Every unexpected failure names the script, the line and the command (set -E: also in functions).
wb_on_error() {
  local code="$1" line="$2" command="$3"
  echo "error: $WB_SCRIPT stopped at line $line (exit $code) running: $command" >&2
}
trap 'wb_on_error $? $LINENO "$BASH_COMMAND"' ERR

# Runs a command with its output in a log file; on failure prints the log's last lines, names the
# log and the command, and stops. Usage: run_logged "what it does" LOGFILE command args...
run_logged() {
  local what="$1" logfile="$2"
  shift 2
  local code=0
  "$@" >"$logfile" 2>&1 || code=$?
  if [ "$code" -ne 0 ]; then
    echo "---- last lines of $logfile ----" >&2
    tail -n 25 "$logfile" >&2 || true
    echo "----" >&2
    fail "$what failed in $WB_SCRIPT (exit $code): $* (full log: $logfile)"
  fi
}

# The Debian mirror this host's apt uses (deb822 .sources or one-line .list), for the main archive
# (debian) or the security archive (security). Falls back to deb.debian.org.
debian_mirror() {
  local which="${1:-debian}" apt="${WB_APT_DIR:-/etc/apt}" uri
  uri="$(
    {
      cat "$apt/sources.list" 2>/dev/null || true
      cat "$apt"/sources.list.d/*.list 2>/dev/null || true
      cat "$apt"/sources.list.d/*.sources 2>/dev/null || true
    } | awk -v which="$which" '
      /^[[:space:]]*#/ { next }
      # one-line format: deb [options] URI SUITE COMPONENTS
      $1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } uri = $i; suite = $(i + 1); emit(uri, suite); next }
      # deb822 format: a stanza has URIs: and Suites:
      /^URIs:/ { uris = $2; next }
      /^Suites:/ { for (j = 2; j <= NF; j++) emit(uris, $j); uris = ""; next }
      function emit(u, s) {
        if (u == "" || u !~ /^https?:\/\//) return
        if (which == "security" && s ~ /-security$/) { print u; exit }
        if (which == "debian" && s !~ /-security$/ && s !~ /-updates$/ && s !~ /-backports$/ && u ~ /\/debian\/?$/) { print u; exit }
      }'
  )"
  uri="${uri%/}"
  if [ -z "$uri" ]; then
    [ "$which" = security ] && uri="http://deb.debian.org/debian-security" || uri="http://deb.debian.org/debian"
  fi
  echo "$uri"
}

# --build-arg options giving an image's Dockerfile this host's Debian mirrors (ARG DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR), one per line: mapfile -t args < <(debian_mirror_build_args)
debian_mirror_build_args() {
  echo "--build-arg=DEBIAN_MIRROR=$(debian_mirror debian)"
  echo "--build-arg=DEBIAN_SECURITY_MIRROR=$(debian_mirror security)"
}

# Runs apt-get install for the packages that are missing, once.
ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    note "apt packages already installed: $*"
    return
  fi
  say "Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    fail "installing packages needs root (run as root or install: ${missing[*]})"
  fi
  if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    run_logged "apt-get update" "$WB_CACHE_DIR/apt-update.log" apt-get update -q
  fi
  run_logged "installing ${missing[*]}" "$WB_CACHE_DIR/apt-install.log" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
