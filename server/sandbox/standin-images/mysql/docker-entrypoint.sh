#!/bin/bash
# Entrypoint of the Docker Workbench stand-in for mysql:5.7 (MariaDB from Debian).
# With the server as command (`mysqld`, `mariadbd`, or options only, e.g. `--character-set-server=…`):
#   1. as root: give the data folder (possibly an empty bind mount) and /run/mysqld to `mysql`,
#      then start again as `mysql`;
#   2. if the data folder holds no database yet: initialise it, set the root account from
#      MYSQL_ROOT_PASSWORD / MYSQL_RANDOM_ROOT_PASSWORD / MYSQL_ALLOW_EMPTY_PASSWORD, create
#      MYSQL_DATABASE and MYSQL_USER (all rights on that database), run /docker-entrypoint-initdb.d;
#      a data folder that already holds a database is used as it is;
#   3. run the server in the foreground, listening on every interface, port 3306.
# Any other command (`bash`, `mysql -h db …`) runs as given. Each MYSQL_* variable may also be
# given as MARIADB_* or read from a file named by <NAME>_FILE (Docker secrets).
set -euo pipefail

log() { printf '%s [Entrypoint]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

if [ "${1:0:1}" = - ]; then set -- mysqld "$@"; fi
case "$1" in
  mysqld | mariadbd | /usr/sbin/mysqld | /usr/sbin/mariadbd) ;;
  *) exec "$@" ;;
esac

# MYSQL_X from MYSQL_X, MARIADB_X, MYSQL_X_FILE or MARIADB_X_FILE (first one set).
for name in ROOT_PASSWORD ROOT_HOST ALLOW_EMPTY_PASSWORD RANDOM_ROOT_PASSWORD DATABASE USER PASSWORD; do
  value=""
  for var in "MYSQL_$name" "MARIADB_$name"; do
    file_var="${var}_FILE"
    if [ -n "${!var:-}" ]; then value="${!var}"; break; fi
    if [ -n "${!file_var:-}" ]; then
      [ -r "${!file_var}" ] || die "$file_var names ${!file_var}, which cannot be read"
      value="$(<"${!file_var}")"
      break
    fi
  done
  export "MYSQL_$name=$value"
  unset "MYSQL_${name}_FILE" "MARIADB_${name}_FILE"
done

# Where the server keeps its data and socket, with the options it was given.
server_setting() { # server_setting <name> <server command…>
  local name="$1"
  shift
  # awk reads everything: leaving early would kill the server's output with SIGPIPE (pipefail).
  "$@" --verbose --help 2>/dev/null | awk -v name="$name" '$1 == name && !found { print $2; found = 1 }' || true
}
datadir="$(server_setting datadir "$@")"
datadir="${datadir:-/var/lib/mysql/}"
socket="$(server_setting socket "$@")"
socket="${socket:-/run/mysqld/mysqld.sock}"

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$datadir" "$(dirname "$socket")"
  # An empty bind mount belongs to whoever created it; data from another container may too.
  find "$datadir" "$(dirname "$socket")" \! -user mysql -exec chown mysql:mysql {} +
  log "Switching to user mysql"
  exec setpriv --reuid=mysql --regid=mysql --init-groups -- "${BASH_SOURCE[0]}" "$@"
fi

sql_string() { # a value as a quoted SQL string literal
  local s="${1//\\/\\\\}"
  printf "'%s'" "${s//\'/\\\'}"
}
sql_name() { # a value as a quoted SQL identifier
  printf '`%s`' "${1//\`/\`\`}"
}

initialise() {
  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    die "the data folder $datadir holds no database and no root password was chosen:" \
      "set one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD"
  fi
  if [ -n "$MYSQL_USER" ] && [ -z "$MYSQL_PASSWORD" ]; then
    die "MYSQL_USER is set ($MYSQL_USER) but MYSQL_PASSWORD is not"
  fi
  if [ "$MYSQL_USER" = root ]; then
    die "MYSQL_USER=root: the root account is set with MYSQL_ROOT_PASSWORD, MYSQL_USER is for another user"
  fi
  log "Initialising the database in $datadir (MariaDB $("$1" --version | awk '{ print $3 }'), standing in for MySQL 5.7)"
  mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal --skip-test-db \
    --skip-name-resolve --rpm "${@:2}" >/dev/null
  log "Database files initialised"

  log "Starting a temporary server (no network)"
  "$@" --skip-networking --socket="$socket" --skip-log-bin &
  local pid=$!
  local client=(mariadb --protocol=socket --socket="$socket" -uroot)
  local waited=0
  until "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "the temporary server stopped (see its messages above)"
    [ "$waited" -lt 120 ] || die "the temporary server did not answer within 60 s"
    sleep 0.5
    waited=$((waited + 1))
  done

  local root_password="$MYSQL_ROOT_PASSWORD"
  if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    root_password="$(head -c 30 /dev/urandom | base64 -w0 | tr -d '/+=')"
    log "GENERATED ROOT PASSWORD: $root_password"
  fi
  local root_host="${MYSQL_ROOT_HOST:-%}"
  local sql
  sql="$(
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    # Only root@localhost (and MariaDB's internal accounts) remain from the initialisation.
    echo "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');"
    echo "DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';"
    echo "FLUSH PRIVILEGES;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$root_password");"
    if [ "$root_host" != localhost ]; then
      echo "CREATE USER 'root'@$(sql_string "$root_host") IDENTIFIED BY $(sql_string "$root_password");"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_string "$root_host") WITH GRANT OPTION;"
    fi
    if [ -n "$MYSQL_DATABASE" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_name "$MYSQL_DATABASE");"
    fi
    if [ -n "$MYSQL_USER" ]; then
      echo "CREATE USER $(sql_string "$MYSQL_USER")@'%' IDENTIFIED BY $(sql_string "$MYSQL_PASSWORD");"
      if [ -n "$MYSQL_DATABASE" ]; then
        echo "GRANT ALL ON $(sql_name "${MYSQL_DATABASE//_/\\_}").* TO $(sql_string "$MYSQL_USER")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  )"
  "${client[@]}" mysql <<<"$sql" || die "setting up the accounts failed"
  [ -z "$MYSQL_DATABASE" ] || log "Created database $MYSQL_DATABASE"
  [ -z "$MYSQL_USER" ] || log "Created user '$MYSQL_USER'@'%'${MYSQL_DATABASE:+ with all rights on $MYSQL_DATABASE}"

  # From here on root has its password: the client reads it from a private option file.
  local options
  options="$(mktemp)"
  printf '[client]\npassword=%s\n' "$root_password" >"$options"
  client=(mariadb --defaults-extra-file="$options" --protocol=socket --socket="$socket" -uroot)
  local f
  # shellcheck disable=SC1090 # the learner's scripts
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) log "Running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) log "Running $f"; "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} <"$f" ;;
      *.sql.gz) log "Running $f"; gunzip -c "$f" | "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} ;;
      *.sql.xz) log "Running $f"; xz -dc "$f" | "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} ;;
      *) [ ! -e "$f" ] || log "Ignoring $f" ;;
    esac
  done

  log "Stopping the temporary server"
  mariadb-admin --defaults-extra-file="$options" --protocol=socket --socket="$socket" -uroot shutdown
  rm -f "$options"
  wait "$pid" || true
  log "Initialisation done; starting the server"
}

if [ ! -d "$datadir/mysql" ]; then
  initialise "$@"
else
  log "The data folder $datadir already holds a database: initialisation skipped"
fi
exec "$@"
