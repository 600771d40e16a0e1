#!/usr/bin/env bash
# Dump the database named in DATABASE_URL to a custom-format file: scripts/backup.sh OUT.dump
set -euo pipefail
out=${1:?usage: backup.sh OUT.dump}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
pg_dump --format=custom --no-owner --file="$out" "$DATABASE_URL"
echo "backup written: $out ($(du -h "$out" | cut -f1))"
