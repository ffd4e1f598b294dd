#!/usr/bin/env bash
# Runs the end-to-end benchmark suite (JMH) and writes docs/benchmarks.md's end-to-end sections and charts.
#
#   build/run-benchmarks.sh                 # build benchmarks.jar, run the suite (~8 min on 2 cores), write the doc
#   build/run-benchmarks.sh --only 'sdk'    # re-run some steps (regex over step ids; --list shows them);
#                                           # their results replace the old ones, the others stay
#   build/run-benchmarks.sh --report-only   # regenerate the doc and charts from the last results
#
# Steps: 1 fork each, 3 x 1 s warm-up (6 x 1 s for the 4 KiB sequential runs), 3 x 1 s measurement,
# -prof gc and process CPU time per request (org.vmbussim.bench.e2e.BenchmarkSuite). JMH's JSON lands in
# benchmarks/target/jmh/e2e-results.json, a copy without the raw SampleTime histograms in
# docs/benchmarks/e2e-results.json (+ .meta.json: nproc and the load average around each step);
# build/benchmarks_report.py turns it into tables and SVG charts. When another JMH session holds JMH's lock
# (/tmp/jmh.lock: the machine is shared), each step waits for it rather than running alongside.
# The Azure SDK step also runs against Azurite when <repo>/.azurite has it (build/install-azurite.sh).
# Settings can be changed with BENCH_WARMUP, BENCH_ITERATIONS, BENCH_SECONDS (per iteration).
# The ring benchmarks are separate: java -jar benchmarks/target/benchmarks.jar 'Ring.*' (see docs/benchmarks.md).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly results_dir="${repo_root}/docs/benchmarks"
readonly results="${results_dir}/e2e-results.json"
readonly raw_results="${repo_root}/benchmarks/target/jmh/e2e-results.json"
readonly doc="${repo_root}/docs/benchmarks.md"
readonly jar="${repo_root}/benchmarks/target/benchmarks.jar"
readonly azurite_bin="${repo_root}/.azurite/node_modules/.bin/azurite-blob"

report_only=false
only_given=false
suite_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --report-only) report_only=true; shift ;;
    --only) suite_args+=(--only "$2"); only_given=true; shift 2 ;;
    --list) suite_args+=(--list); shift ;;
    *) echo "run-benchmarks: unknown option $1 (expected: --only REGEX, --list, --report-only)" >&2; exit 2 ;;
  esac
done

command_line="build/run-benchmarks.sh"
for arg in "${suite_args[@]}"; do
  command_line+=" $(printf '%q' "${arg}")"
done

if [[ "${report_only}" == false ]]; then
  echo "run-benchmarks: building ${jar}" >&2
  (cd "${repo_root}" && mvn -B -q -pl benchmarks -am package -DskipTests -Dcheckstyle.skip -Djacoco.skip=true) >&2
  # A copy, so a rebuild while the suite runs cannot change the classes its forks load.
  run_jar="$(mktemp -d)/benchmarks.jar"
  cp "${jar}" "${run_jar}"
  trap 'rm -rf "$(dirname "${run_jar}")"' EXIT
  if [[ -x "${azurite_bin}" ]] && command -v node >/dev/null 2>&1; then
    suite_args+=(--azurite "${azurite_bin}")
  else
    echo "run-benchmarks: Azurite not installed (build/install-azurite.sh); the SDK step skips it" >&2
  fi
  mkdir -p "${results_dir}"
  echo "run-benchmarks: nproc=$(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  start=$(date +%s)
  java -cp "${run_jar}" org.vmbussim.bench.e2e.BenchmarkSuite --out "${raw_results}" \
    --warmup "${BENCH_WARMUP:-3}" --iterations "${BENCH_ITERATIONS:-3}" --seconds "${BENCH_SECONDS:-1}" \
    "${suite_args[@]}"
  echo "run-benchmarks: suite took $(( $(date +%s) - start )) s; load now: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for arg in "${suite_args[@]}"; do
    if [[ "${arg}" == --list ]]; then
      exit 0
    fi
  done
  # The committed copy drops SampleTime's raw histograms (megabytes); scores, errors and percentiles stay.
  # With --only, the new results replace their counterparts in the committed copy and the rest stay.
  python3 - "${raw_results}" "${results}" "${only_given}" "${command_line}" <<'PY'
import json, os, sys
raw, committed, merge, command = sys.argv[1], sys.argv[2], sys.argv[3] == "true", sys.argv[4]

def key(run):
    return (run["benchmark"], run["mode"], run["threads"], tuple(sorted(run["params"].items())))

runs = json.load(open(raw, encoding="utf-8"))
for run in runs:
    run["primaryMetric"].pop("rawDataHistogram", None)
meta = json.load(open(raw[:-5] + ".meta.json", encoding="utf-8"))
meta["commands"] = [command]
if merge and os.path.exists(committed):
    fresh = {key(r) for r in runs}
    runs = [r for r in json.load(open(committed, encoding="utf-8")) if key(r) not in fresh] + runs
    old_meta = json.load(open(committed[:-5] + ".meta.json", encoding="utf-8"))
    ids = {s["id"] for s in meta["steps"]}
    meta["steps"] = [s for s in old_meta["steps"] if s["id"] not in ids] + meta["steps"]
    meta["started"] = old_meta.get("started", meta.get("started")) + ", re-run " + meta.get("started", "?")
    meta["commands"] = old_meta.get("commands", []) + [command]
with open(committed, "w", encoding="utf-8") as f:
    json.dump(runs, f, indent=1)
    f.write("\n")
with open(committed[:-5] + ".meta.json", "w", encoding="utf-8") as f:
    json.dump(meta, f, indent=2)
    f.write("\n")
PY
fi

python3 "${repo_root}/build/benchmarks_report.py" "${results}" "${doc}" "${results_dir}" "${command_line}"
