#!/bin/bash
# The infra container's main process.
#   serve          (default) the read-only registry (WB_SERVE_REGISTRY=1) and/or the wordpress.org
#                  mirror (WB_SERVE_WORDPRESS=1); exits when one of them dies, so that Docker's
#                  restart policy restarts the container.
#   load-registry  a writable registry on :5000, for scripts/ensure-infra.sh to push into.
set -euo pipefail

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
    if [ "${WB_SERVE_WORDPRESS:-0}" = 1 ]; then
      for f in /srv/wordpress/latest.zip /srv/wordpress/latest.tar.gz /etc/workbench/tls/wordpress.org.crt; do
        [ -s "$f" ] || { echo "docker-workbench infra: $f is missing (mount it)" >&2; exit 1; }
      done
      nginx -c /etc/workbench/nginx.conf -g 'daemon off;' &
      echo "docker-workbench infra: wordpress.org mirror on :80 (redirect) and :443"
      started=1
    fi
    if [ "$started" = 0 ]; then
      echo "docker-workbench infra: nothing to serve (set WB_SERVE_REGISTRY=1 and/or WB_SERVE_WORDPRESS=1)" >&2
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
