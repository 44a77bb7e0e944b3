#!/usr/bin/env bash
# Sets up (idempotently) and runs every test: type-check, lesson validation, unit tests,
# integration tests against a real Docker engine and real databases, and end-to-end tests in
# a real browser. Ends with one line "N passed, N failed".
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
results_dir="$(mktemp -d)"
trap 'rm -rf "$results_dir"' EXIT

bash scripts/setup.sh || fail "set-up failed (see above); no test was run"
ensure_apt_packages chromium postgresql
bash scripts/ensure-postgres.sh
say "Applying database migrations (for the doctor)"
npx tsx server/db/migrate-cli.ts

engine_ids() { docker ps -aq --no-trunc --filter label=org.dockerworkbench.managed=true --filter label=org.dockerworkbench.role=engine | sort; }
engines_before="$(engine_ids)" # anything already running (another workbench) is not this run's to judge

passed=0
failed=0
failures=()
# Runs one suite; its runner writes "<passed> <failed>" to $results_dir/<name>.
run_suite() {
  local name="$1"; shift
  say "$name"
  local start=$SECONDS
  if "$@"; then status=ok; else status=FAILED; failures+=("$name"); fi
  local counts="0 0"
  [ -s "$results_dir/$name" ] && counts="$(cat "$results_dir/$name")"
  [ "$status" = FAILED ] && [ "$counts" = "0 0" ] && counts="0 1"
  passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* }))
  note "$name: $status in $((SECONDS - start)) s (${counts% *} passed, ${counts#* } failed)"
}

vitest_suite() { # name project
  local name="$1" project="$2"
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="$results_dir/$name.json"
  local code=$?
  node -e 'const r=require(process.argv[1]);console.log(`${r.numPassedTests} ${r.numFailedTests}`)' "$results_dir/$name.json" >"$results_dir/$name" 2>/dev/null
  return $code
}
typecheck() { npx tsc --noEmit && echo "1 0" >"$results_dir/typecheck"; }
lint() { npm run --silent lint && echo "1 0" >"$results_dir/lint"; } # the grading core's imports, cycles, hooks
lessons() { npx tsx server/lessons/validate-cli.ts && echo "1 0" >"$results_dir/lessons"; }
e2e() { E2E_RESULTS="$results_dir/e2e" npx tsx e2e/run.ts; }
fresh_clone() { FRESH_CLONE_RESULTS="$results_dir/fresh-clone" npx tsx e2e/fresh-clone.ts; }
doctor() { npx tsx server/doctor/doctor-cli.ts && echo "1 0" >"$results_dir/doctor"; }

run_suite typecheck typecheck
run_suite lint lint
run_suite lessons lessons
run_suite unit vitest_suite unit unit
run_suite doctor doctor
run_suite host vitest_suite host host
run_suite integration vitest_suite integration integration
run_suite e2e e2e
run_suite fresh-clone fresh_clone

say "Leftover check"
left="$(comm -13 <(echo "$engines_before") <(engine_ids) | grep -c . || true)"
if [ "$left" -ne 0 ]; then
  note "FAILED: $left learner engine container(s) left behind"; failed=$((failed + 1)); failures+=("leftovers")
else
  note "no learner engine left behind"; passed=$((passed + 1))
fi

echo
[ ${#failures[@]} -eq 0 ] || echo "failed suites: ${failures[*]}"
echo "$passed passed, $failed failed"
[ ${#failures[@]} -eq 0 ] || exit 1 # (not a bare test: the ERR trap would print after the count)
