#!/usr/bin/env bash
# Apply the database migrations of a private Créneau stack.
#   scripts/migrate.sh --var DIR
# Each sql/NNN_*.sql not yet recorded in schema_migrations is applied in
# order, then recorded (version = file name without .sql). Re-running is
# safe: applied files are skipped and data is kept. The MariaDB of DIR
# (scripts/stack.sh start) must be running.
set -euo pipefail
export LC_COLLATE=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR=""
while (( $# )); do
  case "$1" in
    --var) VAR=${2:?--var needs a value}; shift 2 ;;
    *) echo "usage: $0 --var DIR" >&2; exit 2 ;;
  esac
done
[[ -n "$VAR" ]] || { echo "usage: $0 --var DIR" >&2; exit 2; }
VAR=$(cd "$VAR" && pwd)
MY_CNF="$VAR/mariadb.cnf"
[[ -f "$MY_CNF" ]] || { echo "migrate: $MY_CNF not found (start the stack first)" >&2; exit 1; }

db() { mariadb --defaults-file="$MY_CNF" --user="$(id -un)" "$@"; }

db -e 'CREATE DATABASE IF NOT EXISTS creneau CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
db creneau <<'SQL'
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     VARCHAR(100) NOT NULL PRIMARY KEY,
  applied_utc DATETIME     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
SQL

applied=$(db --batch --skip-column-names creneau -e 'SELECT version FROM schema_migrations')

shopt -s nullglob
files=("$ROOT"/sql/[0-9][0-9][0-9]_*.sql)
count=0
for f in "${files[@]}"; do   # glob order = version order (NNN prefix)
  version=$(basename "$f" .sql)
  if grep -qxF -- "$version" <<< "$applied"; then
    continue
  fi
  echo "migrate: applying $version"
  if ! db creneau < "$f"; then
    echo "migrate: $version failed; nothing recorded for it (fix it and re-run)" >&2
    exit 1
  fi
  db creneau -e "INSERT INTO schema_migrations (version, applied_utc) VALUES ('${version//\'/\'\'}', UTC_TIMESTAMP())"
  count=$(( count + 1 ))
done
echo "migrate: $count applied, $(( ${#files[@]} - count )) already up to date"
