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
# (BPFTRACE_PERF_RB_PAGES, the script given comm's offset as memtap-probe does)
# and one for the whole path through memtap-probe (which sizes the rings by the
# number of CPUs: 4096 pages on 2 CPUs). "made/s" is the rate the client reached; below "asked/s" the
# machine ran out of CPU. Run it under `chrt -f 10` on a busy machine.
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
# Where comm sits in task_struct, as memtap-probe passes it to memtap.bt.
comm_offset=$(python3 - <<'PYTHON'
import struct
data = open("/sys/kernel/btf/vmlinux", "rb").read()
_, _, _, header, type_off, type_len, str_off, str_len = struct.unpack_from("<HBBIIIII", data)
types = data[header + type_off:header + type_off + type_len]
strings = data[header + str_off:header + str_off + str_len]
name = lambda at: strings[at:strings.index(b"\0", at)]
sizes = {1: lambda n: 4, 3: lambda n: 12, 4: lambda n: 12 * n, 5: lambda n: 12 * n,
         6: lambda n: 8 * n, 13: lambda n: 8 * n, 14: lambda n: 4, 15: lambda n: 12 * n,
         17: lambda n: 4, 19: lambda n: 12 * n}
at = 0
while at < len(types):
    name_at, info, _ = struct.unpack_from("<III", types, at)
    kind, count = (info >> 24) & 0x1f, info & 0xffff
    if kind == 4 and name(name_at) == b"task_struct":
        for i in range(count):
            member_name, _, offset = struct.unpack_from("<III", types, at + 12 + 12 * i)
            if name(member_name) == b"comm":
                print((offset & 0xffffff if info >> 31 else offset) // 8)
    at += 12 + sizes.get(kind, lambda n: 0)(count)
PYTHON
)
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

# Waits until the client's exit record is in the stream (its last record),
# plus half a second for other CPUs' buffers: bpftrace discards what it has
# not printed at SIGINT. Gives up after 30 s (the record may have been lost).
wait_for_exit_of() {
    for _ in $(seq 300); do
        grep -qP "^\d+\t$2\t\d+\t\d+\t\d+\texit\t" "$1" && break
        sleep 0.1
    done
    sleep 0.5
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
        BPFTRACE_PERF_RB_PAGES=$pages bpftrace "$script" 0 0 "${comm_offset:-0}" \
            >"$work/stream" 2>/dev/null &
        tracer=$!
        wait_for "$work/stream" '^#memtap'
        read -r pid made < <(run_client "$rate")
        wait_for_exit_of "$work/stream" "$pid"
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
    printf '%-28s %10d %10d %10d %10d\n' "memtap-probe" "$rate" "$made" "$seen" "$lost"
done
