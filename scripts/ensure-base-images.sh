#!/usr/bin/env bash
# Makes sure the Debian base images exist in the host engine: pulled where a registry answers,
# otherwise bootstrapped from Debian's mirror with debootstrap (cached as a rootfs tarball).
#   debian:trixie (also tagged debian:latest: upstream latest is trixie), debian:bookworm.
source "$(dirname "$0")/lib.sh"

# The mirror this host's apt uses (its sources list), unless DEBIAN_MIRROR says otherwise.
DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(debian_mirror debian)}"

# A minbase rootfs, trimmed like the official image (no docs, man pages, apt lists).
bootstrap_suite() {
  local suite="$1" tarball="$WB_CACHE_DIR/rootfs-$1.tar"
  if [ ! -s "$tarball" ]; then
    ensure_apt_packages debootstrap
    say "Bootstrapping Debian $suite with debootstrap (about a minute, cached afterwards)"
    local dir; dir="$(mktemp -d "$WB_CACHE_DIR/bootstrap-$suite.XXXX")"
    note "from $DEBIAN_MIRROR (the host's apt sources)"
    debootstrap --variant=minbase "$suite" "$dir" "$DEBIAN_MIRROR" >"$WB_CACHE_DIR/debootstrap-$suite.log" 2>&1 || {
      tail -n 15 "$WB_CACHE_DIR/debootstrap-$suite.log" >&2
      rm -rf "$dir"
      fail "debootstrap $suite from $DEBIAN_MIRROR failed (full log: $WB_CACHE_DIR/debootstrap-$suite.log)"
    }
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/usr/share/doc/* "$dir"/usr/share/man/* \
      "$dir"/usr/share/info/* "$dir"/var/log/*.log "$dir"/var/cache/debconf/*-old
    find "$dir"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
    printf 'deb %s %s main\n' "$DEBIAN_MIRROR" "$suite" >"$dir/etc/apt/sources.list"
    rm -f "$dir"/etc/apt/sources.list.d/*
    # Like the official image: no daemon start-up from postinst scripts is needed, apt keeps no cache.
    printf 'APT::Install-Recommends "true";\n' >/dev/null
    tar -C "$dir" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$dir"
  fi
  note "importing $tarball as debian:$suite"
  docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "debian:$suite" >/dev/null
}

ensure_suite() {
  local suite="$1"
  if docker image inspect "debian:$suite" >/dev/null 2>&1; then
    note "debian:$suite present"
    return
  fi
  say "Getting debian:$suite"
  if timeout 60 docker pull -q "debian:$suite" >/dev/null 2>&1; then
    note "pulled debian:$suite from the registry"
    echo pulled >"$WB_CACHE_DIR/debian-$suite.origin"
  else
    note "no registry answers: building debian:$suite from Debian packages instead"
    bootstrap_suite "$suite"
    echo bootstrapped >"$WB_CACHE_DIR/debian-$suite.origin"
  fi
}

ensure_suite trixie
ensure_suite bookworm
docker image inspect debian:latest >/dev/null 2>&1 || docker tag debian:trixie debian:latest
note "debian:latest = $(docker image inspect -f '{{.Id}}' debian:latest | cut -c8-19) (trixie)"
