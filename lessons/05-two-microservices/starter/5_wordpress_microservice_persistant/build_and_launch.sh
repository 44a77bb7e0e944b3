#!/bin/bash
# Builds both images and starts both containers. Run it with: bash build_and_launch.sh
set -e
cd "$(dirname "$0")"

# TODO build the image of mysql_wordpress/ and the image of apache_wordpress/
# TODO remove the containers of a previous run (docker rm -f …)
# TODO run the database container in the background, without publishing its port
# TODO run the web container in the background, linked to the database (--link), with -p 80:80
echo "build_and_launch.sh does nothing yet: see the TODO lines."
