#!/usr/bin/env bash
# Every template must start with an auto-escaping pragma, e.g.
#   {{%AUTOESCAPE context="HTML"}}
# so that ctemplate escapes every variable by default. One test per file:
# prints "ok <file>" or "not ok <file>: <reason>"; exit 1 if any fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

[[ -d templates ]] || exit 0
pass=0 fail=0
pragma='^\{\{%AUTOESCAPE context="[A-Z_]+"( state="[A-Z_]+")?\}\}$'
while IFS= read -r -d '' f; do
  first=""
  IFS= read -r first < "$f" || true
  first=${first%$'\r'}
  if [[ "$first" =~ $pragma ]]; then
    echo "ok $f"
    pass=$(( pass + 1 ))
  else
    echo "not ok $f: first line is not {{%AUTOESCAPE context=\"...\"}} (got: ${first:0:60})"
    fail=$(( fail + 1 ))
  fi
done < <(find templates -type f ! -name '.*' ! -name '*~' ! -name '*.swp' -print0 | sort -z)
echo "# templates: $pass passed, $fail failed"
(( fail == 0 ))
