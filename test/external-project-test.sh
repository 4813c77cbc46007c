#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the commands of doc/aset.rst as they are written there: the
# ".. code-block:: sh" blocks of "The installed package" (cmake --install,
# then examples/external-project built and run with CMake's find_package(aset)
# and with pkg-config) and of "Writing your own policy" (a policy in a file
# outside the module, built as a library with pkg-config and run from
# aset-run and aset-sweep). In between, it checks what was installed and what
# aset.pc says, and after them the policy's rows.
#
# The places of the docs are replaced by this test's: $HOME/aset by a
# temporary prefix, /tmp by a temporary folder, build by <aset-build-dir>,
# examples/ by <aset-source-dir>/examples/, g++ by <c++-compiler>; my-policy.cc
# (ns3::MyPolicy) is examples/custom-policy/nearby-first-policy.cc
# (ns3::NearbyFirstPolicy); aset-run and aset-sweep get --duration=1 to stay fast.
#
#   external-project-test.sh <aset-build-dir> <aset-source-dir> <c++-compiler>
#
# CXXFLAGS and LDFLAGS from the environment reach the CMake builds (CMake reads
# them at configure time) and LDFLAGS the g++ lines; a build with ASET_SANITIZE
# passes the sanitizer flags that way, since a program linking an instrumented
# libaset.so needs their runtimes.
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
cxx=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/aset-external.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "external-project-test: $*" >&2; exit 1; }

# extract <section> <name>: the section's sh blocks, unindented, as
# $work/<name>-1.sh, $work/<name>-2.sh, ...; prints how many.
extract() {
  awk -v want="$1" -v out="$work/$2" '
    /^=+$/ && previous != "" { section = previous }
    { previous = $0 }
    inside && /^[^ ]/ { inside = 0 }
    inside { sub(/^  /, ""); print > (out "-" n ".sh"); next }
    section == want && $0 == ".. code-block:: sh" { inside = 1; ++n }
    END { print n + 0 }' "$source/doc/aset.rst"
}
# run <file> <what>: one block, its places replaced, from the work folder.
run() {
  sed -i -e "s|/tmp/|$work/|g" -e "s|\$HOME/aset|$prefix|g" \
         -e "s|cmake --install build |cmake --install $build |" -e "s|\./build/|$build/|g" \
         -e "s| examples/| $source/examples/|g" -e "s|^g++ |$cxx ${LDFLAGS:-}${LDFLAGS:+ }|" \
         -e "s| my-policy\.cc | $source/examples/custom-policy/nearby-first-policy.cc |" \
         -e "s|ns3::MyPolicy|ns3::NearbyFirstPolicy|g" \
         -e "s|/bin/aset-run |/bin/aset-run --duration=1 --plots=false --progress=false |" \
         -e "s|/bin/aset-sweep |/bin/aset-sweep --duration=1 --progress=false |" "$1"
  echo "== $2:"
  sed 's/^/   /' "$1"
  (cd "$work" && CXX=$cxx bash -euo pipefail "$1") || fail "$2: the commands of doc/aset.rst failed"
}

[[ $(extract "The installed package" package) == 2 ]] ||
  fail "doc/aset.rst, 'The installed package': two sh blocks expected (CMake, pkg-config)"
[[ $(extract "Writing your own policy" policy) == 1 ]] ||
  fail "doc/aset.rst, 'Writing your own policy': one sh block expected"

run "$work/package-1.sh" "find_package(aset)"
for f in include/ns3/aset-module.h share/aset/model-catalogue.csv share/aset/hardware-power.csv lib/libaset.so \
         lib/cmake/aset/asetConfig.cmake lib/pkgconfig/aset.pc; do
  [[ -e $prefix/$f ]] || fail "cmake --install did not install $f"
done
for internal in aset-csv-reader.h aset-header-reader.h aset-ns3-compat.h aset-byte-codec.h; do
  [[ ! -e $prefix/include/ns3/$internal ]] || fail "internal header $internal was installed"
done

# aset.pc stands alone (no ns-3 .pc file is needed) and its flags are clean words.
flags=$(PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig pkg-config --cflags --libs aset) ||
  fail "pkg-config --cflags --libs aset failed with aset.pc alone"
[[ $flags != *';'* && $flags != *'\'* && $flags != *'"'* ]] ||
  fail "pkg-config --cflags --libs aset: stray characters in '$flags'"
datadir=$(PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig pkg-config --variable=datadir aset)
[[ -f $datadir/model-catalogue.csv ]] || fail "pkg-config --variable=datadir aset: no catalogue in '$datadir'"

run "$work/package-2.sh" "pkg-config"

if [[ ! -x $build/bin/aset-run ]]; then
  echo "external-project-test: no $build/bin/aset-run (examples not built): the policy block is not run"
  exit 0
fi
run "$work/policy-1.sh" "a policy of your own"
python3 - "$work" <<'EOF' || fail "the policy's rows"
import csv, json, sys
work = sys.argv[1]
outcomes = ["succeeded", "failed_deadline", "failed_accuracy", "rejected", "dropped", "lost", "in_flight"]
rows = {p["type_id"]: p for p in json.load(open(f"{work}/results/summary.json"))["policies"]}
row = rows.get("ns3::NearbyFirstPolicy")
assert row and row["policy"] == "nearby-first", f"aset-run: no nearby-first row in {list(rows)}"
assert row["sent"] > 0 and sum(row[o] for o in outcomes) == row["sent"], f"aset-run: {row}"
points = [r for r in csv.DictReader(open(f"{work}/sweep/aggregate.csv")) if r["policy"] == "ns3::NearbyFirstPolicy"]
assert len(points) == 2 and all(p["runs"] == "3" and p["failed"] == "0" for p in points), \
    f"aset-sweep: expected 2 loads of 3 runs each for ns3::NearbyFirstPolicy, got {points}"
print(f"aset-run: nearby-first sent {row['sent']}, outcomes add up; aset-sweep: 2 loads x 3 seeds aggregated")
EOF
echo "external-project-test: the commands of doc/aset.rst work with CMake, pkg-config and a policy library"
