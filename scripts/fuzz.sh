#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan + UBSan, in build-fuzz/) and runs each for
# SECONDS (default 10) on a scratch copy of its checked-in corpus. Prints one line per target,
# "NAME execs=N crashes=K"; crash reproducers go to fuzz/crashes/NAME/. Exits 1 on any crash.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     FUZZ_JOBS=N sets the build parallelism (default 2)
# Without TARGETs it runs every target in fuzz/corpus/ except the opt-in ones below.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-10}
shift || true
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${FUZZ_JOBS:-2}

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DTIANMU_FUZZ=ON \
    -DTIANMU_BUILD_TESTS=OFF -DTIANMU_WERROR=OFF -DCMAKE_BUILD_TYPE=Fuzz \
    -DCMAKE_CXX_FLAGS_FUZZ="-O1 -g" >&2
fi
cmake --build "$BUILD_DIR" --target fuzzers -j "$JOBS" >&2

# Targets that run only when named: what they find is in a third-party library Tianmu cannot
# fix (docs/security.md, "Fuzzing"). hdf5_episode finds heap overflows inside libhdf5 1.10 when
# it reads forged variable-length strings (H5HG_read).
OPT_IN_TARGETS=" hdf5_episode "
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for dir in fuzz/corpus/*/; do
    name=$(basename "$dir")
    case "$OPT_IN_TARGETS" in *" $name "*) continue ;; esac
    targets+=("$name")
  done
fi

export TIANMU_ASSETS=$ROOT/assets
# Reports name source lines; ASan's leak checker is off (the parsers' static caches are not
# leaks, and a leak is not what these targets look for).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tianmu-fuzz-run-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

failed=0
for name in "${targets[@]}"; do
  binary=$BUILD_DIR/fuzz/${name}_fuzzer
  if [ ! -x "$binary" ]; then
    echo "fuzz.sh: no fuzzer for target '$name' ($binary)" >&2
    exit 2
  fi
  corpus=$scratch/$name/corpus
  artifacts=$scratch/$name/artifacts
  mkdir -p "$corpus" "$artifacts"
  cp -r "fuzz/corpus/$name/." "$corpus/"
  log=$scratch/$name/log.txt
  # Inputs up to 64 KiB, or as large as the largest seed (an HDF5 episode is larger).
  max_len=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -n 1)
  max_len=$(( ${max_len:-0} > 65536 ? max_len : 65536 ))
  # libFuzzer stops at the first crash and leaves its input in the artifact directory.
  set +e
  "$binary" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
    -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" -artifact_prefix="$artifacts/" \
    >"$log" 2>&1
  status=$?
  set -e
  crashes=$(find "$artifacts" -type f | wc -l)
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi  # died without an artifact
  execs=$(awk '/stat::number_of_executed_units:/ {n = $2} END {print n + 0}' "$log")
  echo "$name execs=$execs crashes=$crashes"
  if [ "$crashes" -gt 0 ]; then
    failed=1
    mkdir -p "fuzz/crashes/$name"
    cp "$artifacts"/* "fuzz/crashes/$name/" 2>/dev/null || true
    cp "$log" "fuzz/crashes/$name/log.txt"
    echo "fuzz.sh: $name crashed; reproducers and the log are in fuzz/crashes/$name/" >&2
  fi
done
exit "$failed"
