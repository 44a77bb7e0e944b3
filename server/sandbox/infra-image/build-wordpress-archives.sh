#!/bin/bash
# Rebuilds upstream-shaped WordPress archives from Debian's packaged WordPress, for the offline
# wordpress.org mirror. Runs inside a throwaway debian:trixie container (scripts/ensure-infra.sh)
# with the output folder mounted at /out. Produces /out/latest.zip, /out/latest.tar.gz,
# /out/wordpress-<version>.{zip,tar.gz} (hard links) and /out/VERSION.
#
# Debian's package differs from upstream's archive in three ways, undone here:
#   - bundled libraries are symlinks into other packages (getID3, underscore, lodash, cropper,
#     the CA bundle): they are replaced by real files;
#   - it ships its own wp-config.php (reads /etc/wordpress) and .htaccess: both dropped, so that
#     the web installer runs, as with upstream's archive;
#   - the default themes are separate packages: the three that upstream bundles are added.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# The base image may already trust the workbench CA: keep it out of WordPress's CA bundle.
rm -f /usr/local/share/ca-certificates/*.crt
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends ca-certificates zip >/dev/null

work="$(mktemp -d)"
chmod 755 "$work"
cd "$work"
packages=(wordpress wordpress-theme-twentytwentyfive wordpress-theme-twentytwentyfour
  wordpress-theme-twentytwentythree php-getid3 libjs-underscore libjs-lodash libjs-cropper)
apt-get download -q "${packages[@]}" >/dev/null
mkdir root
for deb in ./*.deb; do dpkg-deb -x "$deb" root; done

src=root/usr/share/wordpress
rm -f "$src/wp-config.php" "$src/.htaccess"
mkdir stage
# -L: copy what each symlink points to. Relative links resolve inside root/; the only absolute one
# left (wp-includes/certificates/ca-bundle.crt -> /etc/ssl/certs/ca-certificates.crt) resolves
# to this container's freshly generated Debian CA bundle.
cp -rL "$src" stage/wordpress
if [ -n "$(find stage -type l)" ]; then
  echo "error: symlinks left in the archive:" >&2
  find stage -type l >&2
  exit 1
fi
for required in wp-config-sample.php index.php wp-admin/setup-config.php wp-includes/version.php \
  wp-content/themes/twentytwentyfive/style.css; do
  [ -s "stage/wordpress/$required" ] || { echo "error: wordpress/$required missing" >&2; exit 1; }
done
find stage -type d -exec chmod 755 {} +
find stage -type f -exec chmod 644 {} +

version="$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" stage/wordpress/wp-includes/version.php)"
[ -n "$version" ] || { echo "error: could not read the WordPress version" >&2; exit 1; }
(cd stage && zip -q -r -X ../latest.zip wordpress)
tar -C stage --owner=0 --group=0 --numeric-owner --sort=name -czf latest.tar.gz wordpress

rm -f /out/latest.zip /out/latest.tar.gz /out/wordpress-*
mv latest.zip latest.tar.gz /out/
ln /out/latest.zip "/out/wordpress-$version.zip"
ln /out/latest.tar.gz "/out/wordpress-$version.tar.gz"
echo "$version" >/out/VERSION
echo "WordPress $version: $(find stage -type f | wc -l) files, latest.zip $(du -h /out/latest.zip | cut -f1)"
