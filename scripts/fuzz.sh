#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fuzzes every reader of user input (test/fuzz/targets.txt) with libFuzzer,
# AddressSanitizer and UBSan: installs clang and its libFuzzer runtime from
# Debian (only what is missing), builds the targets with clang in their own
# build folder (ASET_FUZZ=ON), then runs each for the given time, one after
# another, starting from its seeds and regression inputs. Fails if any target
# finds an input that crashes, aborts, hangs or breaks its contract
# (test/fuzz/aset-fuzz.h); the input is left in <build>/findings/<target>/.
#
#   scripts/fuzz.sh                 60 seconds per target
#   scripts/fuzz.sh 600             600 seconds per target
#   scripts/fuzz.sh 60 topology-inet scenario-file    only these targets
#   ASET_FUZZ_RUNS=1000000 scripts/fuzz.sh 3600       each until a million inputs, at most an hour
#   ASET_FUZZ_BUILD_DIR=... ASET_JOBS=...             (default: build-fuzz, all cores)
#
# A finding, once fixed, goes to test/fuzz/regressions/<target>/, where CTest
# replays it in every normal build.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${ASET_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${ASET_JOBS:-$(nproc)}
seconds=${1:-60}
shift || true
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: expected seconds per target (a whole number above 0), got '$seconds'" >&2; exit 2; }
runs=${ASET_FUZZ_RUNS:--1}
[[ $runs =~ ^(-1|[1-9][0-9]*)$ ]] || { echo "fuzz: ASET_FUZZ_RUNS: expected a number of inputs (a whole number above 0), got '$runs'" >&2; exit 2; }

# clang-14 and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes), on
# top of what scripts/setup.sh installs for the module itself.
ASET_SETUP_ONLY_PACKAGES=1 ASET_EXTRA_PACKAGES="clang libclang-rt-14-dev" "$root/scripts/setup.sh"

# The targets and their seeds, from targets.txt.
declare -A seeds=()
all=()
while read -r target rest; do
  [[ -z $target || $target == \#* ]] && continue
  all+=("$target")
  seeds[$target]=$rest
done <"$root/test/fuzz/targets.txt"
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [[ -n ${seeds[$t]+set} ]] || { echo "fuzz: no target '$t' (known: ${all[*]})" >&2; exit 2; }
done

if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" \
    -DASET_FUZZ=ON -DASET_BUILD_TESTS=OFF -DASET_BUILD_EXAMPLES=OFF -DASET_BUILD_SCRATCH=OFF
fi
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]/#/fuzz-}"

# Each target grows its own corpus in <build>/corpus/<target>, from its
# seeds and regression inputs; libFuzzer reads the other folders but writes
# only to the first.
failed=()
for t in "${targets[@]}"; do
  corpus=$build_dir/corpus/$t
  findings=$build_dir/findings/$t
  mkdir -p "$corpus" "$findings"
  inputs=()
  for s in ${seeds[$t]}; do
    if [[ -d $root/$s ]]; then
      inputs+=("$root/$s")
    else
      cp "$root/$s" "$corpus/"
    fi
  done
  [[ -d $root/test/fuzz/regressions/$t ]] && inputs+=("$root/test/fuzz/regressions/$t")
  echo "fuzz: $t for ${seconds}s"
  # Leaks are not looked for: ns-3 keeps objects alive until the process ends.
  if ! ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
       "$build_dir/bin/fuzz-$t" -max_total_time="$seconds" -runs="$runs" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "${inputs[@]}" \
       >"$build_dir/fuzz-$t.log" 2>&1; then
    failed+=("$t")
    echo "fuzz: $t: FINDING, see $build_dir/fuzz-$t.log and $findings/" >&2
  fi
  grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec" "$build_dir/fuzz-$t.log" \
    | sed "s/^/fuzz: $t: /" || true
done

if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no finding in ${targets[*]} (${seconds}s each)"
