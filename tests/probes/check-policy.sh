#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks the generated polkit action file: one action org.memtap.capture
# whose exec.path is the helper the build installs, admin authentication
# kept, GUI allowed; valid against polkit's DTD where xmllint is installed.
#
#   check-policy.sh POLICY_FILE EXPECTED_HELPER_PATH
set -euo pipefail
export LC_ALL=C
policy=$1
helper=$2

dtd=/usr/share/polkit-1/policyconfig-1.dtd
if command -v xmllint >/dev/null && [[ -f $dtd ]]; then
    # --nonet: the DOCTYPE names the DTD by URL; polkit's local copy is what
    # counts (xmllint still mentions the URL it did not load).
    if ! messages=$(xmllint --noout --nonet --dtdvalid "$dtd" "$policy" 2>&1); then
        echo "$messages" >&2
        echo "check-policy: $policy is not valid against $dtd" >&2
        exit 1
    fi
else
    echo "check-policy: no DTD validation (needs xmllint from libxml2-utils and polkitd)"
fi

python3 - "$policy" "$helper" <<'PYTHON'
import sys
import xml.etree.ElementTree as tree

policy, helper = sys.argv[1], sys.argv[2]
root = tree.parse(policy).getroot()
problems = []
actions = root.findall("action")
if root.tag != "policyconfig" or len(actions) != 1:
    problems.append(f"expected one action in <policyconfig>, found {len(actions)}")
else:
    action = actions[0]
    annotations = {a.get("key"): (a.text or "") for a in action.findall("annotate")}
    expected = {
        "id": (action.get("id"), "org.memtap.capture"),
        "exec.path": (annotations.get("org.freedesktop.policykit.exec.path"), helper),
        "exec.allow_gui": (annotations.get("org.freedesktop.policykit.exec.allow_gui"), "true"),
        "allow_active": (action.findtext("defaults/allow_active"), "auth_admin_keep"),
    }
    for name, (found, wanted) in expected.items():
        if found != wanted:
            problems.append(f"{name} is {found!r}, expected {wanted!r}")
    if not action.findtext("description") or not action.findtext("message"):
        problems.append("the action needs a description and a message")
for problem in problems:
    print(f"check-policy: {policy}: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-policy: {policy} is fine; exec.path {helper}")
PYTHON
