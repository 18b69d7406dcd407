#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installs the build into a scratch DESTDIR, as a package would, and checks
# the desktop integration there: the launcher with desktop-file-validate, the
# AppStream metadata with appstreamcli (offline), the trace MIME types as a
# file manager sees them, and that every icon the launcher and the metadata
# name is installed, at the size its folder says.
#
#   desktop-install-test.sh BUILD_DIR STAGE_DIR PREFIX ICON_SIZES...
set -euo pipefail
export LC_ALL=C

build_dir=$1
stage=$2
prefix=$3
shift 3
icon_sizes=("$@")
((${#icon_sizes[@]} > 0)) || { echo "FAIL: no icon sizes given" >&2; exit 1; }

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

rm -rf "$stage"
DESTDIR="$stage" cmake --install "$build_dir" >"$stage.log" 2>&1 ||
    { cat "$stage.log" >&2; fail "cmake --install failed (build everything first)"; }

root="$stage$prefix"
share="$root/share"
desktop="$share/applications/memtap.desktop"
metainfo="$share/metainfo/org.memtap.memtap.metainfo.xml"

[[ -f "$desktop" ]] || fail "memtap.desktop was not installed"
[[ -f "$metainfo" ]] || fail "the AppStream metainfo was not installed"
[[ -x "$root/bin/memtap" ]] || fail "the memtap executable was not installed"

echo "desktop-file-validate $desktop"
desktop-file-validate "$desktop" || fail "desktop-file-validate rejected memtap.desktop"
echo "appstreamcli validate --no-net $metainfo"
appstreamcli validate --no-net --pedantic "$metainfo" || fail "appstreamcli rejected the metainfo"
echo "appstreamcli validate-tree --no-net $root"
appstreamcli validate-tree --no-net "$root" || fail "appstreamcli rejected the installed tree"

# What the launcher starts and shows must be what was installed.
exec_line=$(grep -m1 '^Exec=' "$desktop" | cut -d= -f2 | cut -d' ' -f1)
icon_name=$(grep -m1 '^Icon=' "$desktop" | cut -d= -f2)
[[ -x "$root/bin/$exec_line" ]] || fail "Exec=$exec_line is not an installed program"
grep -q "<launchable type=\"desktop-id\">memtap.desktop</launchable>" "$metainfo" ||
    fail "the metainfo does not launch memtap.desktop"

# The trace MIME types: compiled by update-mime-database as the package's
# trigger would, recognised by name and by content, and every type the
# launcher claims is one that is defined.
mime_package="$share/mime/packages/memtap.xml"
[[ -f "$mime_package" ]] || fail "the MIME package memtap.xml was not installed"
xmllint --noout "$mime_package" || fail "memtap.xml is not well-formed XML"
update-mime-database "$share/mime" || fail "update-mime-database rejected memtap.xml"
grep -qx '50:application/x-memtap-trace:\*\.v1' "$share/mime/globs2" ||
    fail "*.v1 is not application/x-memtap-trace in the compiled globs"
grep -qx '50:application/x-memtap-trace-gzip:\*\.v1\.gz' "$share/mime/globs2" ||
    fail "*.v1.gz is not application/x-memtap-trace-gzip in the compiled globs"
grep -q '#memtap' "$share/mime/magic" || fail "the trace's #memtap header is not in the magic"
# What a file manager then sees (GIO reads the same database): by name, and
# by the header for a trace without the suffix.
probe="$stage.probe"
rm -rf "$probe" && mkdir -p "$probe"
printf '#memtap\t1\tbpftrace\n' >"$probe/trace.v1"
cp "$probe/trace.v1" "$probe/unnamed"
gzip -c "$probe/trace.v1" >"$probe/trace.v1.gz"
content_type() {
    XDG_DATA_DIRS="$share:/usr/share" gio info -a standard::content-type "$1" |
        sed -n 's/^ *standard::content-type: //p'
}
for file in trace.v1 unnamed trace.v1.gz; do
    want=application/x-memtap-trace
    [[ "$file" == *.gz ]] && want=application/x-memtap-trace-gzip
    got=$(content_type "$probe/$file")
    [[ "$got" == "$want" ]] || fail "$file is seen as ${got:-nothing}, not $want"
done
rm -rf "$probe"
mime_types=$(grep -m1 '^MimeType=' "$desktop" | cut -d= -f2)
[[ -n "$mime_types" ]] || fail "memtap.desktop claims no MIME type"
IFS=';' read -ra claimed <<<"$mime_types"
for type in "${claimed[@]}"; do
    [[ -f "$share/mime/$type.xml" ]] || fail "memtap.desktop claims $type, which nothing defines"
done
grep -q '^Exec=memtap %f$' "$desktop" || fail "the launcher does not pass the file to memtap"

svg="$share/icons/hicolor/scalable/apps/$icon_name.svg"
[[ -s "$svg" ]] || fail "the scalable icon $svg is missing"
grep -q '<svg' "$svg" || fail "$svg is not an SVG image"
for size in "${icon_sizes[@]}"; do
    png="$share/icons/hicolor/${size}x${size}/apps/$icon_name.png"
    [[ -s "$png" ]] || fail "the ${size}x${size} icon is missing"
    # The PNG signature, then the IHDR chunk with width and height (big-endian).
    signature=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
    [[ "$signature" == "89504e470d0a1a0a" ]] || fail "$png is not a PNG image"
    width=$(od -An -tu1 -j16 -N4 "$png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
    height=$(od -An -tu1 -j20 -N4 "$png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
    [[ "$width" == "$size" && "$height" == "$size" ]] ||
        fail "$png is ${width}x${height}, not ${size}x${size}"
done

echo "desktop integration: all checks passed"
