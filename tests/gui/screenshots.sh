#!/bin/sh
# Renders the desktop app's screenshots into docs/screenshots/ under Xvfb (issue 4):
#   tests/gui/screenshots.sh [BUILD_DIR]       (default: build)
# English into docs/screenshots/, German (LANG=de_DE.UTF-8: the app follows the system locale)
# into docs/screenshots/de/, to check that the longer German strings fit. The scripted scene
# (cordon-screenshots: the fake helper's plausible afternoon) renders everything; then the real
# scene (cordon-screenshots-real: the real helper, proxy and sandboxes running the demo agent and a
# shell; needs root for its loopback port 80, else another port shows) replaces the English
# main-window, timeline, grants and approval-popup pictures that the README shows.
# Look at the result: clipped text, overlapping widgets or a broken-looking empty state are bugs.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
cmake --build "$build" --target cordon-screenshots cordon-screenshots-real
out=$here/docs/screenshots
mkdir -p "$out" "$out/de"
render() {
    LANG=$1 LC_ALL= LC_MESSAGES= QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24 -dpi 96" \
        "$build/bin/cordon-screenshots" "$2"
}
render C.UTF-8 "$out"
render de_DE.UTF-8 "$out/de"
LANG=C.UTF-8 LC_ALL= LC_MESSAGES= QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24 -dpi 96" \
    "$build/bin/cordon-screenshots-real" "$build/bin" "$out"
