#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs what aset needs from Debian 12's archive (only what is missing),
# then configures and builds the module in ./build. Safe to run again: each
# step is skipped when it has nothing to do.
#
#   scripts/setup.sh            install, configure, build
#   ASET_BUILD_TYPE=Debug scripts/setup.sh    (default: Release)
#   ASET_JOBS=4 scripts/setup.sh              (default: all cores)
#   ASET_SETUP_ONLY_PACKAGES=1 scripts/setup.sh   (install only)
#   ASET_EXTRA_PACKAGES="clang" scripts/setup.sh  (more packages: scripts/fuzz.sh)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${ASET_BUILD_DIR:-$root/build}
build_type=${ASET_BUILD_TYPE:-Release}
jobs=${ASET_JOBS:-$(nproc)}

# pybind11-dev, python3-torch, python3-pytest: the Python package (python/,
# CMake option ASET_PYTHON) and its tests.
# ns3: its binary package provides the raw-sock-creator program that Debian's
# ns3Targets.cmake references. gsl/xml2/sqlite3 -dev: the exported ns-3
# targets name their .so files.
packages=(
  build-essential cmake
  ns3 libns3-dev
  libtorch-dev
  libboost-dev
  libgtest-dev libbenchmark-dev
  libgsl-dev libxml2-dev libsqlite3-dev
  python3 python3-matplotlib python3-sphinx
  pkg-config
  pybind11-dev python3-torch python3-pytest
)
read -r -a extra <<<"${ASET_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "setup: run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi
[[ -z ${ASET_SETUP_ONLY_PACKAGES:-} ]] || exit 0

if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type"
fi
cmake --build "$build_dir" -j "$jobs"
echo "setup: built in $build_dir"
