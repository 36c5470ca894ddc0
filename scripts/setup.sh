#!/usr/bin/env bash
# Installs every Debian package Tianmu needs to build, test and run. Idempotent.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libmujoco-dev libqhull-dev libeigen3-dev libyaml-cpp-dev nlohmann-json3-dev
  libzstd-dev liblz4-dev libtinyxml2-dev
  libsqlite3-dev libhdf5-dev python3-h5py libboost-dev chromium
  libgtest-dev libgmock-dev
  clang-format clang-tidy
  zsh  # tests/cli: the generated zsh completion script, checked and run in zsh
  clang libclang-rt-14-dev llvm  # scripts/fuzz.sh: libFuzzer, ASan/UBSan runtimes, symbolizer
  # src/tianmu/perception: headless rendering (surfaceless Mesa EGL, llvmpipe) and MP4 video
  libegl-dev libegl-mesa0 libgl1-mesa-dri libgl-dev libopengl-dev
  libavcodec-dev libavformat-dev libswscale-dev libavutil-dev libpng-dev
  libapriltag-dev  # src/tianmu/perception: AprilTag detection (tag36h11) for object poses
  mosquitto libmosquitto-dev  # src/tianmu/fleet: MQTT client; tests/fleet start their own broker
  # python/: the pybind11 bindings, numpy arrays, and the pytest suites in tests/python
  pybind11-dev python3-dev python3-numpy python3-pytest
)
# Node.js with npm (used by tests): this machine image may ship its own nodejs build, which
# bundles npm and conflicts with Debian's npm package; install Debian's only when absent.
if ! command -v node >/dev/null 2>&1; then PACKAGES+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed" >&2
else
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

# npm packages: tests/node (independent MCAP reader), tests/service/node (the Foxglove
# WebSocket client) and web/ (the dashboard: vite, three, playwright-core), each from its lock.
for dir in tests/node tests/service/node web; do
  if [ -f "$dir/package.json" ] && [ ! -d "$dir/node_modules" ]; then
    echo "setup: installing npm packages in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --silent 2>&1 | tail -n 5 >&2) || \
      (cd "$dir" && npm install --no-audit --no-fund --silent >&2)
  fi
done
# The dashboard `tianmu serve` serves (web/dist, not committed): rebuilt when a source is newer.
if [ -d web/node_modules ] && { [ ! -f web/dist/index.html ] || \
    [ -n "$(find web/src web/index.html web/package-lock.json -newer web/dist/index.html 2>/dev/null)" ]; }; then
  echo "setup: building the dashboard (web/dist)" >&2
  (cd web && npm run build --silent >&2)
fi
