#!/usr/bin/env bash
# Installs what Cordon needs to build and test on Debian 12 (bookworm). Idempotent: packages
# already installed are left alone and `apt-get update` runs only when something is missing.
# Non-interactive (no prompts, works with no stdin, as CI runs it). Uses sudo when not root.
#
#   installer/bootstrap.sh            install what is missing
#   installer/bootstrap.sh --check    only report what is missing (exit 1 if anything is)
#
# The cgroup delegation a rootless user needs on a v1-only machine is set up after the build,
# by `cordonctl doctor --fix --user NAME` (installer/dev.sh calls it).
set -euo pipefail

# Build: compiler, CMake, Ninja, Qt 6.4 (Core, Test, Linguist tools), libseccomp, SQLite.
# libgl-dev: Qt6Gui's CMake package config looks for OpenGL headers even for GUI-less targets.
required=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
    libseccomp-dev libsqlite3-dev libgl-dev
    # run and test: the comparison sandboxes, a headless X server for GUI tests, ip(8),
    # unshare/setpriv (util-linux), python3 for the benchmark, ps/pgrep (procps), curl (egress
    # tests run it inside sandboxes); qt6-svg-dev: the desktop app's SVG icons; dbus-daemon: the keyring
    # tests run a private bus
    bubblewrap firejail xvfb iproute2 util-linux python3 procps curl dbus-daemon
)
# Nice to have: installed when the archive has them, never a reason to fail.
# hyperfine cross-checks the benchmark's own timing; ripgrep and socat are what Anthropic's
# sandbox-runtime (srt) needs on Linux when the benchmark compares against it.
optional=(hyperfine ripgrep socat)

log() { printf 'bootstrap: %s\n' "$*"; }

checkOnly=0
case "${1:-}" in
    --check) checkOnly=1 ;;
    "") ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) log "unknown option '$1' (try --help)"; exit 2 ;;
esac

if [[ ! -r /etc/debian_version ]] || ! command -v dpkg-query >/dev/null; then
    log "this installer is for Debian 12; install the equivalent of: ${required[*]}"
    exit 1
fi

# "ii" in dpkg's status abbreviation: wanted=install, status=installed.
isInstalled() {
    [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == "ii"* ]]
}

missingRequired=()
for p in "${required[@]}"; do
    isInstalled "$p" || missingRequired+=("$p")
done
missingOptional=()
for p in "${optional[@]}"; do
    isInstalled "$p" || missingOptional+=("$p")
done

if ((${#missingRequired[@]} == 0 && ${#missingOptional[@]} == 0)); then
    log "all packages present; nothing to do"
    exit 0
fi
if ((checkOnly)); then
    ((${#missingRequired[@]})) && log "missing: ${missingRequired[*]}"
    ((${#missingOptional[@]})) && log "missing (optional): ${missingOptional[*]}"
    if ((${#missingRequired[@]})); then exit 1; fi
    exit 0
fi

asRoot=()
if ((EUID != 0)); then
    if command -v sudo >/dev/null; then
        # -n: never prompt when there is no terminal to answer on (CI, no stdin); a person at a
        # terminal gets sudo's normal password prompt.
        if [[ -t 0 ]]; then asRoot=(sudo); else asRoot=(sudo -n); fi
    else
        log "not root and sudo is not installed: as root, run"
        log "  apt-get install ${missingRequired[*]} ${missingOptional[*]}"
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
aptInstall=(apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef
            -o Dpkg::Options::=--force-confold)

log "updating the package lists (missing: ${missingRequired[*]} ${missingOptional[*]})"
if ! "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null; then
    if ((${#missingRequired[@]})); then
        log "apt-get update failed; cannot install: ${missingRequired[*]}"
        exit 1
    fi
    # Only nice-to-haves are missing: not worth failing a build or a CI run over.
    log "apt-get update failed; skipping the optional packages (${missingOptional[*]})"
    exit 0
fi

if ((${#missingRequired[@]})); then
    log "installing: ${missingRequired[*]}"
    "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive "${aptInstall[@]}" "${missingRequired[@]}" </dev/null
fi
for p in "${missingOptional[@]}"; do
    # `apt-cache policy` prints "Candidate: (none)" (or nothing) when the archive lacks it.
    candidate=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
        log "optional package $p is not in the archive; skipped (the benchmark times itself)"
        continue
    fi
    log "installing optional: $p"
    if ! "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive "${aptInstall[@]}" "$p" </dev/null; then
        log "optional package $p did not install; going on without it"
    fi
done

stillMissing=()
for p in "${required[@]}"; do
    isInstalled "$p" || stillMissing+=("$p")
done
if ((${#stillMissing[@]})); then
    log "still missing after install: ${stillMissing[*]}"
    exit 1
fi
log "done"
