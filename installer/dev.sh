#!/usr/bin/env bash
# The two commands of the README, plus the benchmark:
#
#   installer/dev.sh run     install what is missing, build, open the Cordon desktop app (it starts
#                            a rootless cordon-helper; the demo agent is ready to launch); without
#                            a display, the terminal demo (cordonctl demo) instead
#   installer/dev.sh test    install what is missing, build with -Werror, run every test, then
#                            every test but the escape probes again under ASan + UBSan
#   installer/dev.sh bench   install what is missing, build, run the launch/overhead benchmark
#                            (extra arguments go to tests/bench/launch-bench.py)
#
# Build directory: build/ (Ninja, RelWithDebInfo). Safe to run again: each step only does
# what is not done yet. .ci/run calls `installer/dev.sh test` and nothing lighter.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
buildDir=build

log() { printf '\n==> %s\n' "$*"; }
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

verb=${1:-}
[[ $# -gt 0 ]] && shift
case "$verb" in
    run|test|bench) ;;
    -h|--help|help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

# sudo that never prompts when nobody can answer (CI has no stdin).
sudoCmd=()
if ((EUID != 0)) && command -v sudo >/dev/null; then
    if [[ -t 0 ]]; then sudoCmd=(sudo); else sudoCmd=(sudo -n); fi
fi

log "dependencies (installer/bootstrap.sh)"
installer/bootstrap.sh

log "configure ($buildDir/, Ninja, RelWithDebInfo)"
configureArgs=(-S . -B "$buildDir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [[ "$verb" == test ]]; then
    configureArgs+=(-DCORDON_WERROR=ON)
fi
# Re-configuring an existing Ninja tree is cheap and picks up new options; a tree made with
# another generator cannot be reused, so say so instead of failing obscurely.
if [[ -f "$buildDir/CMakeCache.txt" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$buildDir/CMakeCache.txt"; then
    echo "dev.sh: $buildDir/ was configured with another generator; remove it and run again" >&2
    exit 1
fi
cmake "${configureArgs[@]}"

# `test` builds everything (-Werror); `run` and `bench` need only the programs, which is much
# quicker on a fresh clone.
buildArgs=(--build "$buildDir" -j "$(nproc)")
if [[ "$verb" == run ]]; then
    buildArgs+=(--target cordon cordonctl cordon-sandbox cordon-helper cordon-proxy cordon-request)
elif [[ "$verb" == bench ]]; then
    buildArgs+=(--target cordonctl cordon-sandbox cordon-helper cordon-proxy)
fi
log "build (cmake ${buildArgs[*]})"
cmake "${buildArgs[@]}"

cordonctl="$repo/$buildDir/bin/cordonctl"

# On a machine with only cgroup v1 controllers the sandbox needs a directory per controller
# (memory, pids, cpu) under /sys/fs/cgroup/<ctrl>/cordon/<uid> that the user owns. Making it
# needs root; it does not survive a reboot, so this runs every time (it is idempotent).
delegateCgroups() {
    local user
    if ((EUID == 0)); then
        user=${SUDO_USER:-$(id -un)}
    else
        user=$(id -un)
    fi
    local cmd=("$cordonctl" doctor --fix --user "$user")
    if ((EUID != 0)); then
        # Ask for root only when something is missing (cgroup v2 machines need nothing).
        if "$cordonctl" doctor >/dev/null 2>&1; then
            log "cordonctl doctor: nothing to set up for $user"
            return 0
        fi
        if ((${#sudoCmd[@]} == 0)) || ! "${sudoCmd[@]}" true 2>/dev/null; then
            echo "dev.sh: cannot become root to delegate cgroups to $user; if 'cordonctl doctor'"
            echo "        reports missing cgroup delegation, run as root: ${cmd[*]}"
            return 0
        fi
        cmd=("${sudoCmd[@]}" "${cmd[@]}")
    fi
    log "cgroup delegation for $user: ${cmd[*]}"
    if ! "${cmd[@]}"; then
        echo "dev.sh: '${cmd[*]}' failed (see above); sandboxes that need cgroup limits will refuse to start" >&2
    fi
}
delegateCgroups

case "$verb" in
run)
    if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
        log "opening the desktop app: $repo/$buildDir/bin/cordon"
        exec "$repo/$buildDir/bin/cordon"
    fi
    log "no display (DISPLAY and WAYLAND_DISPLAY are unset): the terminal demo instead: $cordonctl demo"
    exec "$cordonctl" demo
    ;;
test)
    # Every test, no label excluded. CORDON_MUST_WORK=1 turns any skip into a failure.
    # The escape suite creates an unprivileged user for its probes, which needs root.
    ctestCmd=(env CORDON_MUST_WORK=1 ctest --test-dir "$buildDir" --output-on-failure --no-tests=error)
    if ((EUID != 0)); then
        if ((${#sudoCmd[@]})) && "${sudoCmd[@]}" true 2>/dev/null; then
            ctestCmd=("${sudoCmd[@]}" -E "${ctestCmd[@]}")
        else
            echo "dev.sh: the escape probes need root for their setup (they create an unprivileged" >&2
            echo "        user to run as). Run this command as root, or install sudo and run it again." >&2
            exit 1
        fi
    fi
    log "tests: ${ctestCmd[*]}"
    "${ctestCmd[@]}"

    # A second pass under AddressSanitizer and UndefinedBehaviorSanitizer (CONVENTIONS.md): every
    # test but the escape probes, which ran above against the release build (they judge the
    # sandbox's boundary, not memory errors). Its own build directory, Debug.
    asanDir=build-asan
    log "sanitizers: configure and build $asanDir/ (ASan + UBSan, Debug, -Werror)"
    cmake -S . -B "$asanDir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCORDON_ASAN=ON -DCORDON_UBSAN=ON -DCORDON_WERROR=ON
    cmake --build "$asanDir" -j "$(nproc)"
    asanCmd=(env CORDON_MUST_WORK=1 ctest --test-dir "$asanDir" --output-on-failure --no-tests=error -LE escape)
    if ((EUID != 0)); then
        asanCmd=("${sudoCmd[@]}" -E "${asanCmd[@]}")
    fi
    log "tests under the sanitizers: ${asanCmd[*]}"
    exec "${asanCmd[@]}"
    ;;
bench)
    # Default: the full picture (where cordonctl's time goes, and hyperfine's independent medians).
    (($#)) || set -- --breakdown --hyperfine
    log "benchmark: python3 tests/bench/launch-bench.py --cordonctl $cordonctl $*"
    exec python3 tests/bench/launch-bench.py --cordonctl "$cordonctl" "$@"
    ;;
esac
