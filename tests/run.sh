#!/usr/bin/env bash
# Run every Créneau test suite (called by `make test` after the builds).
#
#   1. starts a throw-away stack (var/test, port 18080, the ASan/UBSan build,
#      demo data, 4 workers);
#   2. unit tests: build-asan/tests/test_* and build/tests/test_* (cmocka);
#   3. tests/check_templates.sh (one test per template) and
#      tests/check_deploy.sh (systemd units and the production nginx
#      example cover every program `make build` makes);
#   4. Node suites tests/http/*.test.mjs and tests/browser/*.test.mjs
#      (node --test), with BASE_URL and CRENEAU_VAR in the environment;
#   5. sanitizer check: no "ERROR: AddressSanitizer" / "runtime error:" in
#      var/test/log once the stack is stopped.
# Missing suites are skipped. Ends with the line "N passed, N failed" and
# exits 1 if anything failed or if no test ran.
#
# Environment: CRENEAU_SKIP_DEPS=1 skips scripts/install-deps.sh --test;
# TEST_PORT (18080), NODE_SUITE_TIMEOUT (seconds, 1200),
# UNIT_TIMEOUT (seconds, 300).
set -uo pipefail
set +m

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

VAR="$ROOT/var/test"
PORT=${TEST_PORT:-18080}
STACK_BUILD=build-asan
RESULTS="$ROOT/var/test-results"
NODE_SUITE_TIMEOUT=${NODE_SUITE_TIMEOUT:-1200}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-300}

# LeakSanitizer on: the unit tests fail on a leak, and each worker of the
# stack checks before it exits (server.c); the log check below counts it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export BASE_URL="http://127.0.0.1:$PORT"
export CRENEAU_VAR="$VAR"
export CRENEAU_CONF="$VAR/creneau.conf"
if [[ -x /usr/bin/chromium ]]; then
  # For puppeteer-core / playwright-core style browser tests.
  export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
  export PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}
fi
# Only Debian and npm are reachable: never let npm packages fetch browsers.
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOADS=1

TOTAL_PASS=0
TOTAL_FAIL=0
SUITE_TESTS=0   # tests of real suites (not the stack start nor the log check)
SUMMARY=()

say() { printf '\n=== %s\n' "$*"; }

# record SUITE PASSED FAILED [SECONDS]
record() {
  local t=""
  [[ -n "${4:-}" ]] && t=" (${4}s)"
  TOTAL_PASS=$(( TOTAL_PASS + $2 ))
  TOTAL_FAIL=$(( TOTAL_FAIL + $3 ))
  SUMMARY+=("$(printf '%-44s %4d passed, %4d failed%s' "$1" "$2" "$3" "$t")")
}

# Sum of the numbers caught by the first group of a regex, one per line.
sum_matches() {  # sum_matches REGEX FILE
  sed -nE "s/$1/\\1/p" "$2" | awk '{ s += $1 } END { print s + 0 }'
}

# Last number caught by the regex (Node's final summary lines).
last_match() {  # last_match REGEX FILE
  sed -nE "s/$1/\\1/p" "$2" | tail -n 1 | awk '{ print $1 + 0 }'
}

# ------------------------------------------------------------ dependencies
if [[ "${CRENEAU_SKIP_DEPS:-0}" != 1 ]]; then
  scripts/install-deps.sh --test || echo "run.sh: warning: scripts/install-deps.sh --test failed" >&2
fi

# ------------------------------------------------------------------- stack
# Traps may run while a suite's output is redirected: they write to the
# original stdout/stderr, saved here as fds 3 and 4.
exec 3>&1 4>&2
STACK_STARTED=0
stop_stack() {
  if (( STACK_STARTED )); then
    scripts/stack.sh stop --var "$VAR" >&3 2>&4 || true
    STACK_STARTED=0
  fi
}
# Long commands run in the background and are waited for, so that an
# interrupt is handled at once: kill the running suite, then stop the stack.
CHILD=""
run_child() {  # run_child CMD... ; returns the command's status
  "$@" &
  CHILD=$!
  wait "$CHILD"
  local rc=$?
  CHILD=""
  return $rc
}
# shellcheck disable=SC2317  # invoked by the trap below
on_signal() {
  echo "run.sh: interrupted" >&4
  [[ -n "$CHILD" ]] && kill -TERM "$CHILD" 2>/dev/null
  exit 130
}
trap 'stop_stack' EXIT
trap 'on_signal' INT TERM

say "throw-away stack: $VAR on port $PORT ($STACK_BUILD)"
scripts/stack.sh stop --var "$VAR" >/dev/null 2>&1 || true
rm -rf "$VAR" "$RESULTS"
mkdir -p "$RESULTS"
STACK_OK=0
STACK_STARTED=1
start_t=$SECONDS
# --ants-port: the ANTS coordination API is the suite's stand-in
# (tests/ants/coordination.mjs, listening there while
# tests/http/ants_coordination.test.mjs runs; refused otherwise).
if scripts/stack.sh start --var "$VAR" --port "$PORT" --build "$STACK_BUILD" \
     --demo --workers 4 --ants-port $(( PORT + 7 )) 2>&1 | tee "$RESULTS/stack-start.log"; then
  STACK_OK=1
else
  echo "run.sh: the stack did not start (see above and $VAR/log/)" >&2
  record "stack start" 0 1 $(( SECONDS - start_t ))
fi

# -------------------------------------------------------------- unit tests
run_unit() {  # run_unit BINARY
  local bin=$1 name out rc passed failed t0=$SECONDS
  name="unit ${bin#"$ROOT"/}"
  out="$RESULTS/$(echo "${bin#"$ROOT"/}" | tr '/' '_').log"
  say "$name"
  CMOCKA_MESSAGE_OUTPUT=stdout run_child timeout -k 10 "$UNIT_TIMEOUT" "$bin" > "$out" 2>&1
  rc=$?
  passed=$(sum_matches '^\[  PASSED  \] ([0-9]+) test\(s\)\..*' "$out")
  failed=$(sum_matches '^\[  FAILED  \] ([0-9]+) test\(s\), listed below.*' "$out")
  if (( rc != 0 )); then
    if (( rc == 124 || rc == 137 )); then
      echo "run.sh: $bin timed out after ${UNIT_TIMEOUT}s"
      failed=$(( failed + 1 ))
    elif (( failed == 0 )); then
      echo "run.sh: $bin exited with status $rc without a cmocka failure: counted as a failure"
      failed=1
    fi
  elif (( passed == 0 && failed == 0 )); then
    passed=1   # ran and succeeded, but printed no cmocka summary
  fi
  if (( failed > 0 )); then
    cat "$out"
  else
    grep -E '^\[  (PASSED|FAILED)  \] [0-9]+ test' "$out" || true
  fi
  record "$name" "$passed" "$failed" $(( SECONDS - t0 ))
  SUITE_TESTS=$(( SUITE_TESTS + passed + failed ))
}

shopt -s nullglob
for bin in "$ROOT"/build-asan/tests/test_* "$ROOT"/build/tests/test_*; do
  [[ -f "$bin" && -x "$bin" && "$bin" != *.o && "$bin" != *.d ]] || continue
  run_unit "$bin"
done

# ------------------------------------------------------------ fuzzers
# Each libFuzzer harness (make fuzz-bin) runs briefly from the corpus in
# the repository; what it finds goes to a scratch directory. A crash, a
# leak or a broken promise fails it (make fuzz runs them longer).
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
for bin in "$ROOT"/build-fuzz/fuzz/fuzz_*; do
  [[ -f "$bin" && -x "$bin" && "$bin" != *.o && "$bin" != *.d ]] || continue
  n=$(basename "$bin")
  say "fuzz $n (${FUZZ_SECONDS}s)"
  scratch="$VAR/tmp/fuzz-$n"
  rm -rf "$scratch"; mkdir -p "$scratch" "$ROOT/tests/fuzz/corpus/$n"
  t0=$SECONDS
  out="$RESULTS/fuzz-$n.log"
  run_child timeout -k 10 $(( FUZZ_SECONDS + 60 )) "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=4096 \
      -artifact_prefix="$scratch/" "$scratch" "$ROOT/tests/fuzz/corpus/$n" > "$out" 2>&1
  rc=$?
  if (( rc == 0 )); then
    grep -E '^Done' "$out" || true
    record "fuzz $n" 1 0 $(( SECONDS - t0 ))
  else
    tail -n 40 "$out"
    record "fuzz $n" 0 1 $(( SECONDS - t0 ))
  fi
  SUITE_TESTS=$(( SUITE_TESTS + 1 ))
done

# --------------------------------------------------------------- templates
if [[ -x tests/check_templates.sh && -d templates ]] && [[ -n "$(find templates -type f ! -name '.*' -print -quit)" ]]; then
  say "templates (tests/check_templates.sh)"
  t0=$SECONDS
  out="$RESULTS/templates.log"
  tests/check_templates.sh > "$out" 2>&1
  rc=$?
  passed=$(grep -c '^ok ' "$out")
  failed=$(grep -c '^not ok ' "$out")
  if (( rc != 0 && failed == 0 )); then
    echo "run.sh: tests/check_templates.sh exited with status $rc"
    failed=1
  fi
  if (( failed > 0 )); then cat "$out"; else tail -n 1 "$out"; fi
  record "templates" "$passed" "$failed" $(( SECONDS - t0 ))
  SUITE_TESTS=$(( SUITE_TESTS + passed + failed ))
fi

# ------------------------------------------------------------------ deploy
if [[ -x tests/check_deploy.sh ]]; then
  say "deploy (tests/check_deploy.sh)"
  t0=$SECONDS
  out="$RESULTS/deploy.log"
  tests/check_deploy.sh > "$out" 2>&1
  rc=$?
  passed=$(grep -c '^ok ' "$out")
  failed=$(grep -c '^not ok ' "$out")
  if (( rc != 0 && failed == 0 )); then
    echo "run.sh: tests/check_deploy.sh exited with status $rc"
    failed=1
  fi
  if (( failed > 0 )); then cat "$out"; else tail -n 1 "$out"; fi
  record "deploy" "$passed" "$failed" $(( SECONDS - t0 ))
  SUITE_TESTS=$(( SUITE_TESTS + passed + failed ))
fi

# ------------------------------------------------------------- Node suites
NPM_DONE=0
npm_install() {
  (( NPM_DONE )) && return 0
  NPM_DONE=1
  [[ -f tests/package.json ]] || return 0
  local need=0 t0=$SECONDS
  if [[ ! -d tests/node_modules ]]; then need=1
  elif [[ -f tests/package-lock.json && tests/package-lock.json -nt tests/node_modules ]]; then need=1
  elif [[ tests/package.json -nt tests/node_modules ]]; then need=1
  fi
  (( need )) || return 0
  say "npm install (tests/)"
  local rc
  if [[ -f tests/package-lock.json ]]; then
    run_child env -C tests npm ci --no-audit --no-fund > "$RESULTS/npm.log" 2>&1
  else
    run_child env -C tests npm install --no-audit --no-fund > "$RESULTS/npm.log" 2>&1
  fi
  rc=$?
  if (( rc != 0 )); then
    cat "$RESULTS/npm.log"
    record "npm install (tests/)" 0 1 $(( SECONDS - t0 ))
    return 1
  fi
  mkdir -p tests/node_modules && touch tests/node_modules
  tail -n 3 "$RESULTS/npm.log"
}

# Print the failing tests of a TAP file: each "not ok" line and the
# diagnostics that follow it, up to the next test line.
tap_failures() {
  awk '
    /^[[:space:]]*(ok|not ok) [0-9]+/ { show = ($0 ~ /^[[:space:]]*not ok /) }
    /^[[:space:]]*# Subtest:/ || /^[[:space:]]*[0-9]+\.\.[0-9]+/ || /^# (tests|suites|pass|fail) / { show = 0 }
    show { print }
  ' "$1"
}

run_node_suite() {  # run_node_suite NAME FILE...
  local name=$1 out rc passed failed cancelled t0=$SECONDS
  shift
  out="$RESULTS/node-$name.log"
  say "node $name ($# file(s))"
  if ! command -v node >/dev/null 2>&1; then
    echo "run.sh: node not found (scripts/install-deps.sh --test installs it)"
    record "node $name" 0 1
    return
  fi
  if (( ! STACK_OK )); then
    echo "run.sh: the stack is not running: tests/$name not run"
    record "node $name (not run: no stack)" 0 1
    return
  fi
  npm_install
  run_child timeout -k 10 "$NODE_SUITE_TIMEOUT" node --test --test-reporter=tap "$@" > "$out" 2>&1
  rc=$?
  passed=$(last_match '^# pass ([0-9]+)$' "$out")
  failed=$(last_match '^# fail ([0-9]+)$' "$out")
  cancelled=$(last_match '^# cancelled ([0-9]+)$' "$out")
  failed=$(( failed + cancelled ))
  if ! grep -qE '^# pass [0-9]+$' "$out"; then
    echo "run.sh: node --test printed no summary (status $rc): counted as a failure"
    cat "$out"
    failed=$(( failed + 1 ))
  elif (( rc != 0 && failed == 0 )); then
    echo "run.sh: node --test exited with status $rc without a failing test: counted as a failure"
    tail -n 60 "$out"
    failed=1
  elif (( failed > 0 )); then
    tap_failures "$out"
    echo "(full output: $out)"
  fi
  (( rc == 124 || rc == 137 )) && echo "run.sh: tests/$name timed out after ${NODE_SUITE_TIMEOUT}s"
  grep -E '^# (tests|pass|fail|cancelled|skipped|todo|duration_ms) ' "$out" | tail -n 7
  record "node $name" "$passed" "$failed" $(( SECONDS - t0 ))
  SUITE_TESTS=$(( SUITE_TESTS + passed + failed ))
}

# outage/ stops, kills and restores MariaDB under the running stack: it
# comes last, alone, one file at a time.
for suite in http browser outage; do
  files=(tests/"$suite"/*.test.mjs)
  (( ${#files[@]} )) || continue
  if [[ "$suite" == outage ]]; then
    for f in "${files[@]}"; do run_node_suite "outage-$(basename "$f" .test.mjs)" "$f"; done
  else
    run_node_suite "$suite" "${files[@]}"
  fi
done

# ------------------------------------------------------ sanitizer reports
say "stopping the stack"
stop_stack

if [[ -d "$VAR/log" ]]; then
  say "sanitizer reports in $VAR/log"
  hits=$(grep -rn -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$VAR/log" 2>/dev/null | head -n 200)
  if [[ -n "$hits" ]]; then
    echo "$hits"
    record "sanitizers (logs)" 0 1
  else
    echo "none"
    record "sanitizers (logs)" 1 0
  fi
fi

# ----------------------------------------------------------------- summary
say "summary"
for line in "${SUMMARY[@]}"; do echo "$line"; done
(( SUITE_TESTS == 0 )) && echo "run.sh: no test suite ran (no unit test binary, template or Node suite found)"
echo
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
if (( TOTAL_FAIL > 0 || SUITE_TESTS == 0 )); then
  exit 1
fi
exit 0
