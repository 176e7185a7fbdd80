#!/bin/sh
# Renders the desktop app's screenshots into docs/screenshots/ under Xvfb (issue 4):
#   tests/gui/screenshots.sh [BUILD_DIR]       (default: build)
# English into docs/screenshots/, German (LANG=de_DE.UTF-8: the app follows the system locale)
# into docs/screenshots/de/, to check that the longer German strings fit.
# Look at the result: clipped text, overlapping widgets or a broken-looking empty state are bugs.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
cmake --build "$build" --target cordon-screenshots
out=$here/docs/screenshots
mkdir -p "$out" "$out/de"
render() {
    LANG=$1 LC_ALL= LC_MESSAGES= QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24 -dpi 96" \
        "$build/bin/cordon-screenshots" "$2"
}
render C.UTF-8 "$out"
render de_DE.UTF-8 "$out/de"
