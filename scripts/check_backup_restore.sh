#!/usr/bin/env bash
# CI check of the backup routine: build a database with the demo, back it up, restore it into a fresh
# database, and compare the row count of every table. Exits non-zero on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${PG_BASE_URL:-postgres://postgres@127.0.0.1:5432}
src=party_tracker_backup_src
dst=party_tracker_backup_dst
dump=$(mktemp --suffix=.dump)
trap 'rm -f "$dump"' EXIT
for db in $src $dst; do psql "$base/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"; done

DATABASE_URL="$base/$src" .venv/bin/python manage.py migrate --noinput -v0
DATABASE_URL="$base/$src" .venv/bin/python manage.py load_demo > /dev/null
DATABASE_URL="$base/$src" scripts/backup.sh "$dump"
scripts/restore.sh "$dump" "$base/$dst"

counts() {
  psql "$base/$1" -At -c "SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1" |
    while read -r t; do echo "$t $(psql "$base/$1" -At -c "SELECT count(*) FROM \"$t\"")"; done
}
diff <(counts $src) <(counts $dst)
tables=$(counts $dst | wc -l)
rows=$(counts $dst | awk '{s+=$2} END {print s}')
echo "backup/restore check: $tables tables, $rows rows, identical counts"
for db in $src $dst; do psql "$base/postgres" -q -c "DROP DATABASE IF EXISTS $db"; done
