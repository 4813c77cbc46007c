#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs aset to a temporary prefix, then builds and runs
# examples/external-project against it, twice: with CMake's find_package(aset)
# and with pkg-config's aset.pc (link and preprocess only, to stay fast).
#
#   external-project-test.sh <aset-build-dir> <aset-source-dir> <c++-compiler>
set -euo pipefail
build=$1
source=$2
cxx=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/aset-external.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "external-project-test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
for f in include/ns3/aset-module.h share/aset/model-catalogue.csv; do
  [[ -f $prefix/$f ]] || fail "cmake --install did not install $f"
done
for internal in aset-csv-reader.h aset-header-reader.h aset-ns3-compat.h aset-byte-codec.h; do
  [[ ! -e $prefix/include/ns3/$internal ]] || fail "internal header $internal was installed"
done
libdir=$(dirname "$(find "$prefix" -name 'libaset.so' | head -n 1)")
[[ -f $libdir/libaset.so ]] || fail "libaset.so was not installed"
[[ -f $libdir/cmake/aset/asetConfig.cmake ]] || fail "no $libdir/cmake/aset/asetConfig.cmake"

echo "== find_package(aset) from $prefix"
cmake -S "$source/examples/external-project" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_CXX_COMPILER="$cxx" >"$work/configure.log" || { cat "$work/configure.log"; fail "configure failed"; }
cmake --build "$work/build" || fail "build failed"
(cd "$work" && "$work/build/my-simulation") || fail "my-simulation (CMake build) failed"

echo "== pkg-config aset"
export PKG_CONFIG_PATH=$libdir/pkgconfig
pkg-config --exists aset || fail "pkg-config does not find aset.pc"
read -r -a cflags <<<"$(pkg-config --cflags aset)"
read -r -a libs <<<"$(pkg-config --libs aset)"
"$cxx" -std=c++17 -E "${cflags[@]}" -DASET_CATALOGUE=\"x\" \
       "$source/examples/external-project/main.cc" -o /dev/null || fail "headers not found with pkg-config --cflags aset"
object=$(find "$work/build" -name 'main.cc.o' | head -n 1)
"$cxx" -o "$work/my-simulation-pc" "$object" "${libs[@]}" || fail "link failed with pkg-config --libs aset"
(cd "$work" && "$work/my-simulation-pc" >/dev/null) || fail "my-simulation (pkg-config link) failed"
echo "external-project-test: installed package works with CMake and pkg-config"
