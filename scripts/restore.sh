#!/usr/bin/env bash
# Restore a dump into a NEW, empty database: scripts/restore.sh IN.dump postgres://…/new_db
set -euo pipefail
in=${1:?usage: restore.sh IN.dump TARGET_DATABASE_URL}
target=${2:?usage: restore.sh IN.dump TARGET_DATABASE_URL}
pg_restore --no-owner --exit-on-error --dbname="$target" "$in"
echo "restored $in into $target"
