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

# npm packages used only by tests (independent MCAP reader); installed into tests/node.
if [ -f tests/node/package.json ] && [ ! -d tests/node/node_modules ]; then
  echo "setup: installing npm test dependencies" >&2
  (cd tests/node && npm ci --no-audit --no-fund --silent 2>&1 | tail -n 5 >&2) || \
    (cd tests/node && npm install --no-audit --no-fund --silent >&2)
fi
