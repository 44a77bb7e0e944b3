#!/bin/bash
# Prints the nginx configuration of the class-wide Debian package cache (sourced by the entrypoint).
#
# Every learner engine, the builds inside it and the grader's sandboxes resolve the Debian mirror
# names of the images' apt sources (deb.debian.org…) to this container (network aliases set by
# scripts/ensure-infra.sh), so apt needs no setting: the first student's build fetches a package from
# the real mirror, every later one, in any engine, gets it from the cache. Simultaneous requests for
# the same file wait for one upstream download (proxy_cache_lock), which is what a class pressing
# Check at the same minute does.
#
#   WB_APT_CACHE_UPSTREAMS  "host=ip[,ip…] host=ip…": each mirror name and the addresses the host
#                           resolved for it at set-up, used only when the name cannot be resolved
#                           now (Docker's DNS would answer with this container: its own aliases)
#   WB_APT_CACHE_RESOLVERS  the host's name servers (IPv4, space separated): each request resolves
#                           the mirror's name with them (answers kept 5 minutes), so a mirror that
#                           moves (a CDN's addresses change) is followed without a new set-up
#   WB_APT_CACHE_MAX_SIZE   disk the cache may use (nginx size, default 8g); least recently used
#                           files go first
#
# What is cached for how long: packages (pool/…) and indexes addressed by their hash (by-hash/…)
# never change under the same name: 60 days. Release files and other indexes: 2 minutes, so a mirror
# update reaches the class quickly. When the mirror cannot be reached, the last copy is served.

apt_cache_conf() {
  local max_size="${WB_APT_CACHE_MAX_SIZE:-8g}" entry host ips ip n=0 resolvers="" resolver
  [[ "$max_size" =~ ^[0-9]+[kmg]$ ]] || { echo "WB_APT_CACHE_MAX_SIZE must look like 8g, got '$max_size'" >&2; return 1; }
  for resolver in ${WB_APT_CACHE_RESOLVERS:-}; do
    [[ "$resolver" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || { echo "apt cache: bad name server '$resolver'" >&2; return 1; }
    resolvers+=" $resolver"
  done
  cat <<EOF
log_format apt_cache '\$time_iso8601 apt-cache \$upstream_cache_status \$status \$body_bytes_sent \$host\$uri';
proxy_cache_path /var/cache/workbench-apt/cache levels=1:2 keys_zone=apt_cache:16m max_size=$max_size inactive=60d use_temp_path=off;
EOF
  for entry in ${WB_APT_CACHE_UPSTREAMS:-}; do
    host="${entry%%=*}"
    ips="${entry#*=}"
    [[ "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] || { echo "apt cache: bad mirror name '$host'" >&2; return 1; }
    n=$((n + 1))
    echo "upstream apt_mirror_$n {"
    for ip in ${ips//,/ }; do
      [[ "$ip" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || { echo "apt cache: bad address '$ip' for $host" >&2; return 1; }
      echo "  server $ip:80;"
    done
    echo "  keepalive 8;"
    echo "}"
    cat <<EOF
server {
  listen 80;
  server_name $host;
  access_log /dev/stdout apt_cache;
  proxy_cache apt_cache;
  proxy_cache_key \$host\$uri;
  proxy_cache_lock on;
  proxy_cache_lock_timeout 15m;
  proxy_cache_lock_age 15m;
  proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
  proxy_cache_background_update on;
  proxy_ignore_headers Cache-Control Expires Set-Cookie;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $host;
  proxy_connect_timeout 10s;
  proxy_read_timeout 120s;
EOF
    if [ -n "$resolvers" ]; then
      # A variable in proxy_pass makes nginx resolve the name for each request (with the host's
      # name servers, not Docker's); when that fails, the addresses found at set-up answer.
      cat <<EOF
  resolver$resolvers ipv6=off valid=300s;
  resolver_timeout 3s;
  set \$apt_mirror "$host";
  location ~ /(pool|by-hash)/ {
    proxy_cache_valid 200 60d;
    proxy_pass http://\$apt_mirror;
    error_page 502 504 = @set_up_addresses_$n;
  }
  location / {
    proxy_cache_valid 200 2m;
    proxy_cache_valid 404 30s;
    proxy_pass http://\$apt_mirror;
    error_page 502 504 = @set_up_addresses_$n;
  }
  location @set_up_addresses_$n {
    proxy_cache_valid 200 2m;
    proxy_pass http://apt_mirror_$n;
  }
}
EOF
    else
      cat <<EOF
  location ~ /(pool|by-hash)/ {
    proxy_cache_valid 200 60d;
    proxy_pass http://apt_mirror_$n;
  }
  location / {
    proxy_cache_valid 200 2m;
    proxy_cache_valid 404 30s;
    proxy_pass http://apt_mirror_$n;
  }
}
EOF
    fi
  done
  [ "$n" -gt 0 ] || { echo "apt cache: WB_APT_CACHE_UPSTREAMS names no mirror" >&2; return 1; }
}
