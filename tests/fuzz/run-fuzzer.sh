#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the EventParser fuzzer (ASan + UBSan) for SECONDS and exits non-zero on
# any finding: a crash, a sanitizer report, a broken invariant, a timeout or
# running out of memory. Builds nothing; build the fuzz preset first:
#
#   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_eventparser
#   tests/fuzz/run-fuzzer.sh 60
#
# MEMTAP_FUZZ_BUILD_DIR picks another build directory (default build/fuzz).
# Inputs that fail are kept in <build dir>/fuzz-artifacts/.
set -euo pipefail

if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 -eq 0 ]]; then
    echo "usage: $0 SECONDS" >&2
    exit 2
fi
seconds=$1
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build_dir=${MEMTAP_FUZZ_BUILD_DIR:-$source_dir/build/fuzz}
fuzzer=$build_dir/bin/fuzz_eventparser

if [[ ! -x $fuzzer ]]; then
    echo "run-fuzzer.sh: $fuzzer does not exist; build it with:" >&2
    echo "  cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_eventparser" >&2
    exit 2
fi

# The seed corpus stays as committed; the fuzzer grows a copy.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cp "$here"/corpus/* "$work/corpus/"
artifacts=$build_dir/fuzz-artifacts
mkdir -p "$artifacts"

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LC_ALL=C

echo "run-fuzzer.sh: fuzzing EventParser for ${seconds}s ($fuzzer)"
status=0
"$fuzzer" \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=4096 \
    -max_len=16384 \
    -dict="$here/eventparser.dict" \
    -artifact_prefix="$artifacts/" \
    -print_final_stats=1 \
    "$work/corpus" || status=$?

if ((status != 0)); then
    echo "run-fuzzer.sh: the fuzzer found a problem (exit status $status); the input is in $artifacts/" >&2
    exit 1
fi
echo "run-fuzzer.sh: no findings in ${seconds}s"
