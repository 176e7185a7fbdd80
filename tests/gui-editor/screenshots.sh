#!/bin/sh
# Renders the profile editor's pages into docs/screenshots/profile-editor-*.png under Xvfb.
#     tests/gui-editor/screenshots.sh BUILD_DIR
# Look at the result: clipped text or overlapping widgets are bugs.
set -eu
build=${1:?usage: screenshots.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../docs/screenshots"
tool=$(find "$build" -type f -name cordon-editor-screenshots | head -n 1)
[ -n "$tool" ] || { echo "cordon-editor-screenshots not built in $build" >&2; exit 1; }
LANG=C.UTF-8 QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x1024x24" "$tool" "$out"
