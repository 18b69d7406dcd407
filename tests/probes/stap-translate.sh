#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs SystemTap's translation pass (-p3) on a script against the kernel that
# Debian 12 users run (linux-headers-amd64), which resolves every probe point
# and every struct field the script uses, without loading anything.
#
#   stap-translate.sh SCRIPT CACHE_DIR [SCRIPT_ARGUMENT...]
#
# The script is translated without arguments (as a user runs it by hand) and,
# when arguments are given, once more with them (as memtap-probe runs it).
#
# What -p3 needs and stock Debian lacks is prepared here: the headers
# (linux-headers-amd64 is installed when missing) and a real System.map (the
# headers package has none, and Debian 12's linux-image packages ship a
# one-line placeholder: the real one is taken from the matching
# linux-image package if it has it, else from linux-image-<release>-dbg;
# fetched with apt-get download, unpacked with dpkg -x / dpkg-deb into
# CACHE_DIR, and copied into the headers' build directory). Without a symbol
# table, stap quietly resolves the syscall probes to slow fallbacks.
#
# Exit status: stap's; 77 (CTest: skipped) when a prerequisite is missing and
# cannot be installed outside CI; 1 for the same in CI (CI=true).
set -euo pipefail
export LC_ALL=C

if [[ $# -lt 2 ]]; then
    echo "usage: $0 SCRIPT CACHE_DIR [SCRIPT_ARGUMENT...]" >&2
    exit 2
fi
script=$1
cache=$2
shift 2

missing() {
    if [[ "${CI:-}" == "true" ]]; then
        echo "stap-translate: missing prerequisite in CI: $*" >&2
        exit 1
    fi
    echo "stap-translate: skipped, needs $*" >&2
    exit 77
}

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

command -v stap >/dev/null || missing "SystemTap (apt-get install systemtap)"

package_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

if ! package_installed linux-headers-amd64; then
    echo "stap-translate: installing linux-headers-amd64"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        linux-headers-amd64 ||
        missing "the Debian kernel headers (apt-get install linux-headers-amd64, as root)"
fi

# The release the metapackage points at, e.g. 6.1.0-56-amd64.
release=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 |
    grep -o 'linux-headers-[^ ,]*' | head -n1 | sed 's/^linux-headers-//')
if [[ -z "$release" ]]; then
    echo "stap-translate: cannot tell which kernel linux-headers-amd64 is for" >&2
    exit 1
fi
build="/lib/modules/$release/build"
if [[ ! -f "$build/Makefile" ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "linux-headers-$release" ||
        missing "linux-headers-$release (as root)"
fi

# A real System.map has tens of thousands of lines; the placeholder has one.
real_system_map() {
    [[ -f "$1" ]] && [[ $(head -c 4096 "$1" | grep -c ' [TtDdBbRr] ') -gt 10 ]]
}

# Downloads a package into $download, updating the package lists once if the
# mirror no longer has the version they name.
download_package() {
    local package=$1 attempt
    for attempt in cached update; do
        if [[ $attempt == update ]]; then
            as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        fi
        if (cd "$download" && apt-get download -qq "$package" 2>/dev/null); then
            return 0
        fi
    done
    return 1
}

if ! real_system_map "$build/System.map"; then
    mkdir -p "$cache"
    cached="$cache/System.map-$release"
    download="$cache/download"
    if ! real_system_map "$cached"; then
        rm -rf "$download"
        mkdir -p "$download"
        echo "stap-translate: fetching System.map from linux-image-$release"
        for package in "linux-image-$release-unsigned" "linux-image-$release"; do
            if download_package "$package"; then
                dpkg -x "$download/$package"_*.deb "$download/root"
                if real_system_map "$download/root/boot/System.map-$release"; then
                    cp "$download/root/boot/System.map-$release" "$cached"
                fi
                break
            fi
        done
    fi
    if ! real_system_map "$cached"; then
        # Debian 12's image packages ship a one-line placeholder that points
        # at the -dbg package; only its System.map is taken out of it (the
        # package unpacks to gigabytes).
        rm -rf "$download"
        mkdir -p "$download"
        echo "stap-translate: fetching System.map from linux-image-$release-dbg"
        download_package "linux-image-$release-dbg" ||
            missing "the package linux-image-$release-dbg (for its System.map; access to Debian's mirrors)"
        member="./usr/lib/debug/boot/System.map-$release"
        # tar stops after the member; dpkg-deb then complains about the closed pipe.
        dpkg-deb --fsys-tarfile "$download/linux-image-$release-dbg"_*.deb 2>/dev/null |
            tar -x -C "$download" --occurrence=1 "$member" || true
        if ! real_system_map "$download/$member"; then
            echo "stap-translate: linux-image-$release-dbg holds no System.map" >&2
            exit 1
        fi
        cp "$download/$member" "$cached"
    fi
    rm -rf "$download"
    as_root cp "$cached" "$build/System.map" ||
        missing "write access to $build (run as root) to install System.map"
fi

# translate LOG [ARGUMENT...]: runs pass 3, checks what stap resolved.
translate() {
    local log=$1 status=0
    shift
    echo "stap-translate: stap -p3 -r $release $script $*"
    stap -p3 -r "$release" "$script" "$@" >"$log.c" 2>"$log" || status=$?
    cat "$log" >&2
    if [[ $status -ne 0 ]]; then
        exit "$status"
    fi
    if grep -q 'symbol table missing' "$log"; then
        echo "stap-translate: stap found no kernel symbol table for $release" >&2
        exit 1
    fi
    # The syscall tapset falls back to the sys_enter/sys_exit tracepoints,
    # which run for every system call of the machine, when it cannot find the
    # syscall functions: the script must get the kprobes.
    if grep -q 'kernel.trace(\\"sys_enter\\")\|kernel.trace(\\"sys_exit\\")' "$log.c"; then
        echo "stap-translate: syscall probes resolved to the raw sys_enter/sys_exit fallback" >&2
        exit 1
    fi
}

mkdir -p "$cache"
log="$cache/stap-p3-$(basename "$script")"
translate "$log.plain.log"
if [[ $# -gt 0 ]]; then
    translate "$log.arguments.log" "$@"
fi
echo "stap-translate: translation passed"
