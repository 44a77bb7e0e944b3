# shellcheck shell=bash
# The workbench's local certificate authority, for the offline wordpress.org mirror. Sourced by
# scripts/ensure-infra.sh and scripts/ensure-engine-image.sh after scripts/lib.sh.
#
# The CA is generated once and kept in $WB_CACHE_DIR/ca (key readable by root only). It carries a
# critical X.509 name constraint: it can only vouch for wordpress.org and its subdomains, so
# trusting it in learners' images does not let its key impersonate any other site.

WB_CA_DIR="$WB_CACHE_DIR/ca"
WB_CA_CERT="$WB_CA_DIR/workbench-ca.crt"
WB_CA_KEY="$WB_CA_DIR/workbench-ca.key"
WB_MIRROR_CERT="$WB_CA_DIR/wordpress.org.crt"
WB_MIRROR_KEY="$WB_CA_DIR/wordpress.org.key"
WB_MIRROR_NAMES=(wordpress.org www.wordpress.org downloads.wordpress.org)

ensure_workbench_ca() {
  command -v openssl >/dev/null || ensure_apt_packages openssl
  mkdir -p "$WB_CA_DIR"
  chmod 700 "$WB_CA_DIR"
  if [ ! -s "$WB_CA_KEY" ] || [ ! -s "$WB_CA_CERT" ]; then
    say "Creating the workbench CA in $WB_CA_DIR (name-constrained to wordpress.org)"
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 \
      -subj "/O=Docker Workbench/CN=Docker Workbench offline mirror CA" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -addext "nameConstraints=critical,permitted;DNS:wordpress.org" \
      -keyout "$WB_CA_KEY.tmp" -out "$WB_CA_CERT.tmp" 2>/dev/null \
      || { echo "error: openssl could not create the workbench CA" >&2; exit 1; }
    chmod 600 "$WB_CA_KEY.tmp"
    mv "$WB_CA_KEY.tmp" "$WB_CA_KEY"
    mv "$WB_CA_CERT.tmp" "$WB_CA_CERT"
    rm -f "$WB_MIRROR_CERT" "$WB_MIRROR_KEY"
  else
    note "workbench CA present ($(workbench_ca_fingerprint | cut -c1-16)…)"
  fi
}

# The mirror's certificate: renewed when missing, not issued by the current CA, or expiring within 30 days.
ensure_mirror_certificate() {
  if [ -s "$WB_MIRROR_CERT" ] && [ -s "$WB_MIRROR_KEY" ] \
    && openssl verify -CAfile "$WB_CA_CERT" "$WB_MIRROR_CERT" >/dev/null 2>&1 \
    && openssl x509 -checkend $((30 * 86400)) -noout -in "$WB_MIRROR_CERT" >/dev/null; then
    note "mirror certificate for ${WB_MIRROR_NAMES[*]} valid"
    return
  fi
  say "Issuing the mirror's TLS certificate for ${WB_MIRROR_NAMES[*]}"
  local san="" name ext
  for name in "${WB_MIRROR_NAMES[@]}"; do san="${san:+$san,}DNS:$name"; done
  ext="$(mktemp)"
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=$san" >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
    -subj "/CN=wordpress.org" -keyout "$WB_MIRROR_KEY.tmp" -out "$WB_MIRROR_KEY.csr" 2>/dev/null \
    && openssl x509 -req -in "$WB_MIRROR_KEY.csr" -CA "$WB_CA_CERT" -CAkey "$WB_CA_KEY" -CAcreateserial \
      -days 397 -sha256 -extfile "$ext" -out "$WB_MIRROR_CERT.tmp" 2>/dev/null \
    || { rm -f "$ext" "$WB_MIRROR_KEY.csr"; echo "error: openssl could not issue the mirror certificate" >&2; exit 1; }
  rm -f "$ext" "$WB_MIRROR_KEY.csr"
  chmod 600 "$WB_MIRROR_KEY.tmp"
  mv "$WB_MIRROR_KEY.tmp" "$WB_MIRROR_KEY"
  mv "$WB_MIRROR_CERT.tmp" "$WB_MIRROR_CERT"
}

workbench_ca_fingerprint() {
  openssl x509 -noout -fingerprint -sha256 -in "$WB_CA_CERT" | cut -d= -f2 | tr -d :
}
