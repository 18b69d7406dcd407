#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Measures how many memory calls per second the bpftrace backend delivers
# without loss: memtap-testclient makes mmap/munmap pairs at a fixed rate
# while the tracer runs, and the stream is searched for the client's records
# and for drop reports. Not a CTest test; run it as root on an idle machine.
#
#   measure-tracer-rate.sh BUILD_DIR [RATE...]
#
# For each rate (calls/s, default 20000 40000 60000 80000 100000 150000) it
# prints one line for bpftrace run directly with several perf ring sizes
# (BPFTRACE_PERF_RB_PAGES) and one for the whole path through memtap-probe
# (whose ring size is fixed at 1024 pages).
set -euo pipefail
export LC_ALL=C

build=${1:?usage: $0 BUILD_DIR [RATE...]}
shift
rates=("$@")
((${#rates[@]})) || rates=(20000 40000 60000 80000 100000 150000)
client="$build/bin/memtap-testclient"
helper="$build/bin/memtap-probe-buildtree"
script="$(cd "$(dirname "$0")/../.." && pwd)/probes/memtap.bt"
seconds=3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }

# run_client RATE: prints the client's pid and the rate it reached.
run_client() {
    local rate=$1
    "$client" loop $((rate * seconds / 2)) "$rate" >"$work/client"
    read -r _ pid pairs secs <"$work/client"
    echo "$pid $(awk -v p="$pairs" -v s="$secs" 'BEGIN { printf "%d", 2 * p / s }')"
}

# count STREAM PID: records of pid, and dropped events reported.
count() {
    local seen lost
    seen=$(grep -cP "^\d+\t$2\t" "$1" || true)
    lost=$(awk -F'\t' '/^Lost [0-9]+ events/ { split($0, w, " "); n += w[2] }
                       /^#lost\t/ { n += $2 } END { print n + 0 }' "$1")
    echo "$seen $lost"
}

wait_for() {
    local file=$1 pattern=$2
    for _ in $(seq 600); do
        grep -q "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "timed out waiting for $pattern" >&2
    return 1
}

printf '%-28s %10s %10s %10s %10s\n' "path" "asked/s" "made/s" "seen" "lost"
for rate in "${rates[@]}"; do
    for pages in 64 256 1024 4096; do
        BPFTRACE_PERF_RB_PAGES=$pages bpftrace "$script" >"$work/stream" 2>/dev/null &
        tracer=$!
        wait_for "$work/stream" '^#memtap'
        read -r pid made < <(run_client "$rate")
        sleep 1
        kill -INT "$tracer"
        wait "$tracer" || true
        read -r seen lost < <(count "$work/stream" "$pid")
        printf '%-28s %10d %10d %10d %10d\n' "bpftrace, $pages pages" "$rate" "$made" "$seen" "$lost"
    done
    mkfifo "$work/control"
    "$helper" bpftrace <"$work/control" >"$work/stream" 2>"$work/errors" &
    helper_pid=$!
    exec 9>"$work/control"
    wait_for "$work/stream" '^#meta.baseline_end'
    read -r pid made < <(run_client "$rate")
    sleep 1
    echo quit >&9
    exec 9>&-
    wait "$helper_pid" || true
    rm -f "$work/control"
    read -r seen lost < <(count "$work/stream" "$pid")
    printf '%-28s %10d %10d %10d %10d\n' "memtap-probe (1024 pages)" "$rate" "$made" "$seen" "$lost"
done
