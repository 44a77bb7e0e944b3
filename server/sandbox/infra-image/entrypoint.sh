#!/bin/bash
# The infra container's main process.
#   serve          (default) the read-only registry (WB_SERVE_REGISTRY=1), the wordpress.org
#                  mirror (WB_SERVE_WORDPRESS=1) and/or the Debian package cache (WB_SERVE_APT_CACHE=1,
#                  see apt-cache-conf.sh); exits when one of them dies, so that Docker's restart
#                  policy restarts the container.
#   load-registry  a writable registry on :5000, for scripts/ensure-infra.sh to push into.
set -euo pipefail
source /usr/local/lib/workbench/apt-cache-conf.sh

as_registry_user=(setpriv --reuid=docker-registry --regid=docker-registry --init-groups --)

case "${1:-serve}" in
  load-registry)
    exec "${as_registry_user[@]}" /usr/bin/docker-registry serve /etc/workbench/registry-loader.yml
    ;;
  gc-registry)
    exec "${as_registry_user[@]}" /usr/bin/docker-registry garbage-collect --delete-untagged /etc/workbench/registry-loader.yml
    ;;
  serve)
    started=0
    if [ "${WB_SERVE_REGISTRY:-0}" = 1 ]; then
      "${as_registry_user[@]}" /usr/bin/docker-registry serve /etc/workbench/registry.yml &
      echo "docker-workbench infra: read-only registry mirror on :5000"
      started=1
    fi
    sites=()
    mkdir -p /run/workbench-nginx
    if [ "${WB_SERVE_WORDPRESS:-0}" = 1 ]; then
      for f in /srv/wordpress/latest.zip /srv/wordpress/latest.tar.gz /etc/workbench/tls/wordpress.org.crt; do
        [ -s "$f" ] || { echo "docker-workbench infra: $f is missing (mount it)" >&2; exit 1; }
      done
      cp /etc/workbench/nginx-wordpress.conf /run/workbench-nginx/wordpress.conf
      sites+=("wordpress.org mirror on :80 (redirect) and :443")
    fi
    if [ "${WB_SERVE_APT_CACHE:-0}" = 1 ]; then
      # The cache volume is created empty by Docker on first use: hand it to nginx's worker.
      mkdir -p /var/cache/workbench-apt/cache
      chown www-data:www-data /var/cache/workbench-apt /var/cache/workbench-apt/cache
      apt_cache_conf >/run/workbench-nginx/apt-cache.conf
      sites+=("Debian package cache on :80 for ${WB_APT_CACHE_UPSTREAMS%%=*}…")
    fi
    if [ "${#sites[@]}" -gt 0 ]; then
      nginx -c /etc/workbench/nginx.conf -t -q || { echo "docker-workbench infra: nginx refused its configuration" >&2; exit 1; }
      nginx -c /etc/workbench/nginx.conf -g 'daemon off;' &
      for site in "${sites[@]}"; do echo "docker-workbench infra: $site"; done
      started=1
    fi
    if [ "$started" = 0 ]; then
      echo "docker-workbench infra: nothing to serve (set WB_SERVE_REGISTRY, WB_SERVE_WORDPRESS or WB_SERVE_APT_CACHE to 1)" >&2
      exit 1
    fi
    trap 'kill $(jobs -p) 2>/dev/null; wait; exit 0' TERM INT
    wait -n
    echo "docker-workbench infra: a service stopped; exiting so that Docker restarts the container" >&2
    exit 1
    ;;
  *)
    exec "$@"
    ;;
esac
