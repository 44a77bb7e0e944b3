#!/bin/bash
# Step 5: build both images, then run the database and the web server linked together.
# Run it from this folder:  bash build_and_launch.sh
set -e
cd "$(dirname "$0")"

docker build -t mysql_wordpress ./mysql_wordpress
docker build -t apache_wordpress ./apache_wordpress

# Replace the containers of a previous run (the named volumes keep the data).
docker rm -f apache_wordpress mysql_wordpress 2>/dev/null || true

# The database: no -p, only the linked container reaches it.
docker run -d --name mysql_wordpress \
  -v mysql_wordpress_data:/var/lib/mysql \
  mysql_wordpress

# The web server, linked to the database under the host name mysql_wordpress.
docker run -d --name apache_wordpress \
  --link mysql_wordpress:mysql_wordpress \
  -v apache_wordpress_sources:/var/www/html \
  -p 80:80 \
  apache_wordpress

docker ps
