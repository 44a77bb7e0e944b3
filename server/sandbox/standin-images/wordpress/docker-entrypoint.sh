#!/bin/bash
# Entrypoint of the Docker Workbench stand-in for the wordpress image.
# With apache as command (`apache2-foreground`, `apache2 …`), in the working folder /var/www/html
# (the image's volume, possibly an empty bind mount):
#   1. if it holds no WordPress yet, copy /usr/src/wordpress into it (files already there are
#      kept), owned by www-data when running as root, and add WordPress's default .htaccess;
#   2. if it has no wp-config.php and some WORDPRESS_* variable is set, write one that reads the
#      database settings from the environment at every request (WORDPRESS_DB_HOST as host or
#      host:port, WORDPRESS_DB_USER, WORDPRESS_DB_PASSWORD, WORDPRESS_DB_NAME,
#      WORDPRESS_TABLE_PREFIX, WORDPRESS_DEBUG, WORDPRESS_CONFIG_EXTRA, each also as <NAME>_FILE),
#      with random authentication keys; without any, WordPress's own setup page asks for them;
#   3. run the command (apache in the foreground). Until the database answers, WordPress shows its
#      "Error establishing a database connection" page.
# Any other command runs as given.
set -euo pipefail

log() { echo "docker-entrypoint: $*" >&2; }

case "$1" in
  apache2* | php-fpm*) ;;
  *) exec "$@" ;;
esac

if [ "$(id -u)" = 0 ]; then
  owner=www-data:www-data
else
  owner="$(id -u):$(id -g)"
fi

if [ ! -e index.php ] && [ ! -e wp-includes/version.php ]; then
  if [ -n "$(find . -mindepth 1 -maxdepth 1 ! -name wp-content -print -quit)" ]; then
    log "warning: $PWD is not empty; WordPress is copied in anyway, existing files are kept"
  fi
  log "WordPress not found in $PWD: copying $(sed -n "s/^\$wp_version = '\([^']*\)';.*/WordPress \1/p" /usr/src/wordpress/wp-includes/version.php) in"
  cp -a -n /usr/src/wordpress/. .
  if [ ! -e .htaccess ]; then
    cat >.htaccess <<'HTACCESS'
# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
RewriteBase /
RewriteRule ^index\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
HTACCESS
  fi
  if [ "$(id -u)" = 0 ]; then chown -R "$owner" .; fi
  log "WordPress copied to $PWD"
fi

random_key() { head -c 48 /dev/urandom | base64 -w0 | tr -d '/+='; }

if [ ! -s wp-config.php ] && [ -n "$(compgen -e WORDPRESS_)" ]; then
  log "writing wp-config.php (database settings read from the WORDPRESS_* environment variables)"
  {
    cat <<'PHP'
<?php
/*
 * Written by the Docker Workbench stand-in for the wordpress image on the container's first start.
 * The database settings come from the container's environment at every request: re-create the
 * container with other WORDPRESS_* values to change them. Edit this file freely: it is only
 * written when it does not exist.
 */
function workbench_env(string $name, string $default = ''): string {
	$file = getenv($name . '_FILE');
	if ($file !== false && $file !== '' && is_readable($file)) {
		return rtrim((string) file_get_contents($file), "\r\n");
	}
	$value = getenv($name);
	return $value === false ? $default : $value;
}

define('DB_NAME', workbench_env('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', workbench_env('WORDPRESS_DB_USER', 'example username'));
define('DB_PASSWORD', workbench_env('WORDPRESS_DB_PASSWORD', 'example password'));
define('DB_HOST', workbench_env('WORDPRESS_DB_HOST', 'mysql')); // host or host:port
define('DB_CHARSET', workbench_env('WORDPRESS_DB_CHARSET', 'utf8mb4'));
define('DB_COLLATE', workbench_env('WORDPRESS_DB_COLLATE', ''));

PHP
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      echo "define('$key', workbench_env('WORDPRESS_$key', '$(random_key)'));"
    done
    cat <<'PHP'

$table_prefix = workbench_env('WORDPRESS_TABLE_PREFIX', 'wp_');
define('WP_DEBUG', (bool) workbench_env('WORDPRESS_DEBUG', ''));

// Behind a proxy that terminates TLS, WordPress must know the page was asked for over https.
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && stripos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
	$_SERVER['HTTPS'] = 'on';
}

// More PHP settings, e.g. WORDPRESS_CONFIG_EXTRA="define('WP_MEMORY_LIMIT', '256M');"
$workbench_extra = workbench_env('WORDPRESS_CONFIG_EXTRA');
if ($workbench_extra !== '') {
	eval($workbench_extra);
}

if (!defined('ABSPATH')) {
	define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
PHP
  } >wp-config.php
  if [ "$(id -u)" = 0 ]; then chown "$owner" wp-config.php; fi
  chmod 640 wp-config.php
fi

exec "$@"
