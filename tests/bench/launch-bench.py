#!/usr/bin/env python3
"""Cordon launch and runtime-overhead benchmark (a benchmark, not a timed test).

Part 1, launch: `cordonctl run -- /bin/true` through a cordon-helper (the path people use: the
benchmark starts its own rootless helper), the same with `--direct` (cordonctl builds the sandbox
itself), against bubblewrap with the same namespaces and binds, firejail, Anthropic's
sandbox-runtime (`srt`) when installed, and bare /bin/true as the floor. Every candidate is spawned from this one process, runs are interleaved (run i of every
candidate before run i+1 of any) so that drift on a shared machine hits all alike, and one
warm-up run precedes the timed ones. Target: cordonctl's median within 1.5x of bwrap's.

Part 2, runtime overhead: a syscall-heavy job (walk /usr/share with stat, then create, write
and remove small files in the workspace) unconfined, inside cordonctl and inside bwrap. The job
times itself, so launch cost does not count; its two phases are timed apart because the second
depends on the disk, which on a shared machine varies by far more than 3%. Target: under 3%.

Part 3, exec events: a job of --execs short processes (a shell loop running /bin/true) inside
cordonctl through the helper (every execve reported to the helper's journal through the seccomp
notifier) against the same job with `--direct` (no exec events) and unconfined. Target: exec
events slow such a job by under 10%.

Python 3 standard library only. Example:
    python3 tests/bench/launch-bench.py --runs 30 --markdown /tmp/bench.md
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PEER_PREFIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".npm")
PYTHON = "/usr/bin/python3"  # the system's, visible inside every sandbox (not a pyenv shim)
TEMP_DIRS = []  # removed at exit
TEMP_FILES = []
CWD = [None]    # every candidate starts in the workspace (srt, for one, looks at its cwd)
LAUNCH_TARGET = 1.5
OVERHEAD_TARGET = 3.0

JOB = r"""
import os, sys, time
root, work, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
n = 0
for d, dirs, files in os.walk(root):
    for f in files:
        try:
            os.lstat(os.path.join(d, f)); n += 1
        except OSError:
            pass
t1 = time.perf_counter()
scratch = os.path.join(work, ".bench-%d" % os.getpid())
os.mkdir(scratch)
for i in range(count):
    p = os.path.join(scratch, "f%05d" % i)
    with open(p, "w") as fh:
        fh.write("x" * 64)
    os.stat(p)
for i in range(count):
    os.unlink(os.path.join(scratch, "f%05d" % i))
os.rmdir(scratch)
print("%.6f %.6f %d" % (t1 - t0, time.perf_counter() - t1, n))
"""


class Candidate:
    def __init__(self, name, argv, note=""):
        self.name = name
        self.argv = argv
        self.note = note          # why it is n/a, or how it ran
        self.samples = []         # seconds
        self.available = argv is not None


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def first_line(text):
    text = (text or "").strip()
    return text.splitlines()[-1][:160] if text else ""


def check_runs(argv, timeout=60):
    """Runs argv once; returns None when it exits 0, else a short reason."""
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, text=True, cwd=CWD[0])
    except FileNotFoundError as e:
        return "not installed (%s)" % e.filename
    except subprocess.TimeoutExpired:
        return "did not finish within %d s" % timeout
    if r.returncode != 0:
        return "exit %d: %s" % (r.returncode, first_line(r.stderr) or first_line(r.stdout))
    return None


def time_once(argv):
    t0 = time.perf_counter_ns()
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=CWD[0])
    elapsed = (time.perf_counter_ns() - t0) / 1e9
    if r.returncode != 0:
        raise RuntimeError("%s failed during timing: exit %d: %s" % (argv[0], r.returncode,
                                                                   first_line(r.stderr.decode(errors="replace"))))
    return elapsed


def bwrap_argv(workspace, inner):
    """bubblewrap in the shape of a Cordon sandbox: every namespace, tmpfs root made read-only,
    the system read-only, /bin /lib ... as on the host, fresh /dev /proc /tmp and home."""
    home = "/home/cordon"
    argv = ["bwrap", "--unshare-user", "--unshare-all", "--die-with-parent", "--new-session",
            "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", home,
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    if os.path.isdir("/opt"):
        argv += ["--ro-bind", "/opt", "/opt"]
    for top in ("/bin", "/lib", "/lib32", "/lib64", "/libx32", "/sbin"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
    argv += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", home,
             "--bind", workspace, workspace, "--chdir", workspace, "--remount-ro", "/", "--"]
    return argv + inner


def find_srt():
    for path in (os.path.join(PEER_PREFIX, "node_modules", ".bin", "srt"),
                 os.path.join(REPO, "node_modules", ".bin", "srt")):
        if os.access(path, os.X_OK):
            return [path]
    if shutil.which("srt"):
        return ["srt"]
    if shutil.which("npx") and check_runs(["npx", "--no-install", "srt", "--version"], timeout=30) is None:
        return ["npx", "--no-install", "srt"]
    return None


def install_peers():
    if not shutil.which("npm"):
        print("--install-peers: npm is not installed; srt stays n/a", file=sys.stderr)
        return
    print("installing @anthropic-ai/sandbox-runtime into %s ..." % PEER_PREFIX, file=sys.stderr)
    r = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", PEER_PREFIX,
                        "@anthropic-ai/sandbox-runtime"], stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        print("npm install failed (exit %d); srt stays n/a" % r.returncode, file=sys.stderr)


HELPER = [None]  # the benchmark's own cordon-helper process


def start_helper(cordonctl):
    """Starts a rootless cordon-helper on a private socket for the `cordonctl` candidate, so the
    benchmark measures the helper path without touching a helper the person may be running."""
    helper = os.path.join(os.path.dirname(cordonctl), "cordon-helper")
    if not os.access(helper, os.X_OK):
        return "cordon-helper not built: %s" % helper
    state = tempfile.mkdtemp(prefix="cordon-bench-helper-")
    TEMP_DIRS.append(state)
    os.chmod(state, 0o700)
    sock = os.path.join(state, "run", "helper.sock")
    os.makedirs(os.path.dirname(sock), mode=0o700)
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(state, "state"), XDG_RUNTIME_DIR=os.path.join(state, "run"),
               CORDON_HELPER_SOCKET=sock)
    HELPER[0] = subprocess.Popen([helper, "--rootless", "--socket", sock], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 10
    while not os.path.exists(sock):
        if HELPER[0].poll() is not None or time.monotonic() > deadline:
            return "cordon-helper did not start: %s" % first_line(HELPER[0].stderr.read().decode(errors="replace")
                                                                 if HELPER[0].poll() is not None else "timeout")
        time.sleep(0.02)
    # Every cordonctl the benchmark starts talks to this helper (and --direct ignores it).
    os.environ["CORDON_HELPER_SOCKET"] = sock
    os.environ.pop("CORDON_NO_HELPER", None)
    return None


def stop_helper():
    if HELPER[0] and HELPER[0].poll() is None:
        HELPER[0].terminate()
        try:
            HELPER[0].wait(timeout=20)
        except subprocess.TimeoutExpired:
            HELPER[0].kill()


def launch_candidates(args, workspace):
    true = ["/bin/true"]
    cands = []
    if os.access(args.cordonctl, os.X_OK):
        problem = start_helper(args.cordonctl)
        cands.append(Candidate("cordonctl", None if problem else
                               [args.cordonctl, "run", "--workspace", workspace, "--"] + true,
                               problem or "through cordon-helper (rootless); default profile (shell), no limits"))
        cands.append(Candidate("cordonctl --direct", [args.cordonctl, "run", "--direct", "--workspace", workspace, "--"]
                               + true, "no helper: cordonctl starts cordon-sandbox itself"))
        if args.breakdown:
            # Where cordonctl's time goes: process start-up (Qt, profile loading), then also
            # compiling the launch spec; the rest of `run` is cordon-sandbox building the sandbox.
            cands.append(Candidate("cordonctl version", [args.cordonctl, "version"],
                                   "breakdown: start-up only, no sandbox"))
            cands.append(Candidate("cordonctl profile spec",
                                   [args.cordonctl, "profile", "spec", "--workspace", workspace, "--"] + true,
                                   "breakdown: start-up + policy + spec compile, no sandbox"))
    else:
        cands.append(Candidate("cordonctl", None, "not built: %s" % args.cordonctl))
    cands.append(Candidate("bwrap", bwrap_argv(workspace, true) if shutil.which("bwrap") else None,
                           "same namespaces and binds" if shutil.which("bwrap") else "bwrap not installed"))
    if shutil.which("firejail"):
        private = tempfile.mkdtemp(prefix="cordon-bench-fj-")
        TEMP_DIRS.append(private)
        cands.append(Candidate("firejail", ["firejail", "--quiet", "--noprofile", "--net=none",
                                            "--private=" + private] + true, "--noprofile --net=none --private"))
    else:
        cands.append(Candidate("firejail", None, "firejail not installed"))
    srt = find_srt()
    if srt:
        cands.append(Candidate("srt", srt + true, "sandbox-runtime, default settings"))
    else:
        cands.append(Candidate("srt", None, "not installed (--install-peers installs it with npm)"))
    cands.append(Candidate("bare", true, "/bin/true, no sandbox: the floor"))
    for c in cands:
        if c.name in args.skip:
            c.available, c.note = False, "skipped (--skip)"
        if c.available:
            reason = check_runs(c.argv)
            if reason:
                c.available, c.note = False, reason
    return cands


def measure_launch(cands, runs):
    live = [c for c in cands if c.available]
    for c in live:  # warm-up: page cache, dynamic loader, firejail's and npm's first-run work
        time_once(c.argv)
    for i in range(runs):
        # Rotate the order every round, so no candidate always follows the same neighbour.
        k = i % len(live) if live else 0
        for c in live[k:] + live[:k]:
            if not c.available:
                continue
            try:
                c.samples.append(time_once(c.argv))
            except RuntimeError as e:
                c.available, c.note = False, str(e)
                live = [x for x in live if x.available]


def hyperfine_medians(cands, runs):
    """Independent cross-check of the launch medians with hyperfine (-N: no shell in between)."""
    if not shutil.which("hyperfine"):
        return "hyperfine cross-check: n/a: hyperfine is not installed (installer/bootstrap.sh installs it)"
    import json  # only needed here
    import shlex
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    out.close()
    TEMP_FILES.append(out.name)
    live = [c for c in cands if c.available and c.name in ("cordonctl", "cordonctl --direct", "bwrap", "bare")]
    argv = ["hyperfine", "-N", "--style", "none", "--warmup", "1", "--runs", str(runs), "--export-json", out.name]
    argv += [shlex.join(c.argv) for c in live]
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       cwd=CWD[0])
    if r.returncode != 0:
        return "hyperfine cross-check: n/a: exit %d: %s" % (r.returncode, first_line(r.stderr))
    with open(out.name) as f:
        results = json.load(f)["results"]
    return "hyperfine cross-check (medians): " + ", ".join(
        "%s %.2f ms" % (c.name, res["median"] * 1e3) for c, res in zip(live, results))


def launch_table(cands):
    ref = next((c for c in cands if c.name == "bwrap" and c.available), None)
    ref_median = statistics.median(ref.samples) if ref else None
    rows = []
    for c in cands:
        if not c.available:
            rows.append([c.name, "n/a", "n/a", "n/a", "n/a", "n/a: " + c.note])
            continue
        med = statistics.median(c.samples)
        ratio = "%.2fx" % (med / ref_median) if ref_median else "n/a"
        rows.append([c.name, "%.2f" % (med * 1e3), "%.2f" % (percentile(c.samples, 90) * 1e3),
                     "%.2f" % (min(c.samples) * 1e3), ratio, c.note])
    return ["candidate", "median ms", "p90 ms", "min ms", "vs bwrap", "notes"], rows


def launch_verdict(cands):
    by = {c.name: c for c in cands}
    if not (by["cordonctl"].available and by["bwrap"].available):
        return "target (cordonctl within %.1fx of bwrap): not measured, cordonctl or bwrap did not run" % LAUNCH_TARGET
    ratio = statistics.median(by["cordonctl"].samples) / statistics.median(by["bwrap"].samples)
    return "target: cordonctl median within %.1fx of bwrap's: %.2fx, %s" % (
        LAUNCH_TARGET, ratio, "MET" if ratio <= LAUNCH_TARGET else "NOT MET")


def measure_overhead(args, workspace, cordon_ok, bwrap_ok):
    job = [PYTHON, "-c", JOB, args.walk_root, workspace, str(args.files)]
    modes = [("unconfined", job)]
    if cordon_ok:
        modes.append(("cordonctl", [args.cordonctl, "run", "--workspace", workspace, "--"] + job))
    if bwrap_ok:
        modes.append(("bwrap", bwrap_argv(workspace, job)))
    phases = ("walk", "files", "total")
    samples = {name: {ph: [] for ph in phases} for name, _ in modes}
    notes = {}
    for i in range(args.overhead_runs + 1):  # run 0 is the warm-up
        k = i % len(modes)  # rotate the order every round (the disk's journal favours no one)
        for name, argv in modes[k:] + modes[:k]:
            if name in notes:
                continue
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=workspace)
            try:
                walk, files = (float(x) for x in r.stdout.split()[:2])
            except ValueError:
                notes[name] = "exit %d: %s" % (r.returncode, first_line(r.stderr))
                continue
            if i > 0:
                for ph, v in zip(phases, (walk, files, walk + files)):
                    samples[name][ph].append(v)
    base = samples["unconfined"]
    rows = []
    for name, _ in modes:
        if name in notes or not samples[name]["total"]:
            rows.append([name] + ["n/a"] * 6 + ["n/a: " + notes.get(name, "no samples")])
            continue
        row = [name]
        for ph in phases:
            med = statistics.median(samples[name][ph])
            row.append("%.1f" % (med * 1e3))
            if name != "unconfined" and base[ph]:
                row[-1] += " (%+.1f%%)" % ((med / statistics.median(base[ph]) - 1) * 100)
        total = samples[name]["total"]
        row += ["%.1f" % (percentile(total, 90) * 1e3), "%.1f" % (min(total) * 1e3)]
        spread = (percentile(total, 90) - min(total)) / statistics.median(total) * 100
        row += ["%.1f%%" % spread, ""]
        rows.append(row)
    verdict = "target: confinement overhead under %.0f%%: " % OVERHEAD_TARGET
    if base["total"] and samples.get("cordonctl", {}).get("total"):
        parts = []
        for ph in ("walk", "total"):
            over = (statistics.median(samples["cordonctl"][ph]) / statistics.median(base[ph]) - 1) * 100
            parts.append("%s %+.1f%%" % (ph, over))
        walk_over = (statistics.median(samples["cordonctl"]["walk"]) / statistics.median(base["walk"]) - 1) * 100
        bw = base["walk"]
        walk_spread = (percentile(bw, 90) - min(bw)) / statistics.median(bw) * 100 if len(bw) > 1 else 0.0
        walk_over_min = (min(samples["cordonctl"]["walk"]) / min(bw) - 1) * 100
        if walk_spread > OVERHEAD_TARGET and abs(walk_over) < walk_spread:
            outcome = ("INCONCLUSIVE: the unconfined walk itself varies by %.1f%% from run to run here, more than "
                       "the %.0f%% to resolve (a busy machine)" % (walk_spread, OVERHEAD_TARGET))
        else:
            outcome = "MET" if walk_over < OVERHEAD_TARGET else "NOT MET"
        verdict += "%s on the medians, walk %+.1f%% on the fastest runs; %s (judged on the walk, which the disk " \
                   "does not disturb)" % (", ".join(parts), walk_over_min, outcome)
    else:
        verdict += "not measured (cordonctl did not run the job)"
    header = ["mode", "walk median ms", "files median ms", "total median ms", "total p90 ms", "total min ms",
              "spread (p90-min)/median", "notes"]
    return header, rows, verdict


def measure_exec_events(args, workspace, helper_ok, direct_ok):
    loop = "i=0; while [ $i -lt %d ]; do /bin/true; i=$((i+1)); done" % args.execs
    job = ["/bin/sh", "-c", loop]
    modes = [("unconfined", job)]
    if direct_ok:
        modes.append(("cordonctl --direct (no exec events)",
                      [args.cordonctl, "run", "--direct", "--workspace", workspace, "--"] + job))
    if helper_ok:
        modes.append(("cordonctl via helper (exec events)",
                      [args.cordonctl, "run", "--workspace", workspace, "--"] + job))
    samples = {name: [] for name, _ in modes}
    notes = {}
    for i in range(args.exec_runs + 1):  # run 0 is the warm-up
        k = i % len(modes)
        for name, argv in modes[k:] + modes[:k]:
            if name in notes:
                continue
            try:
                elapsed = time_once(argv)
            except RuntimeError as e:
                notes[name] = str(e)
                continue
            if i > 0:
                samples[name].append(elapsed)
    rows = []
    base = samples.get("cordonctl --direct (no exec events)")
    for name, _ in modes:
        if name in notes or not samples[name]:
            rows.append([name, "n/a", "n/a", "n/a", "n/a: " + notes.get(name, "no samples")])
            continue
        med = statistics.median(samples[name])
        vs = "%+.1f%%" % ((med / statistics.median(base) - 1) * 100) if base else "n/a"
        rows.append([name, "%.1f" % (med * 1e3), "%.1f" % (min(samples[name]) * 1e3), vs,
                     "%.1f us per exec" % (med / args.execs * 1e6)])
    verdict = "target: exec events slow an exec-heavy job by under 10%: "
    events = samples.get("cordonctl via helper (exec events)")
    if base and events:
        over = (statistics.median(events) / statistics.median(base) - 1) * 100
        verdict += "%+.1f%% on the medians, %s" % (over, "MET" if over < 10 else "NOT MET")
    else:
        verdict += "not measured"
    return ["mode", "median ms", "min ms", "vs --direct", "notes"], rows, verdict


def render_text(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def render_markdown(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |" for r in rows]
    return "\n".join(out)


def machine_description():
    cpu = platform.processor() or "unknown cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return "%d cores (%s), kernel %s, %s, as %s, load average %.2f at start" % (
        os.cpu_count() or 0, cpu, platform.release(), datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "root" if os.geteuid() == 0 else "an unprivileged user", os.getloadavg()[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=30, help="timed launches per candidate (default 30)")
    ap.add_argument("--cordonctl", default=os.path.join(REPO, "build", "bin", "cordonctl"))
    ap.add_argument("--workspace", help="directory to use as the workspace (default: a fresh temporary one)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the results as markdown tables")
    ap.add_argument("--install-peers", action="store_true",
                    help="npm install @anthropic-ai/sandbox-runtime into tests/bench/.npm first")
    ap.add_argument("--overhead-runs", type=int, default=7, help="timed runs of the syscall-heavy job (default 7)")
    ap.add_argument("--files", type=int, default=5000, help="small files the job creates and removes (default 5000)")
    ap.add_argument("--walk-root", default="/usr/share", help="tree the job walks with stat (default /usr/share)")
    ap.add_argument("--no-overhead", action="store_true", help="skip part 2")
    ap.add_argument("--no-exec", action="store_true", help="skip part 3")
    ap.add_argument("--execs", type=int, default=2000, help="short processes in the exec job (default 2000)")
    ap.add_argument("--exec-runs", type=int, default=5, help="timed runs of the exec job (default 5)")
    ap.add_argument("--skip", action="append", default=[], metavar="NAME",
                    help="leave a launch candidate out (cordonctl, bwrap, firejail, srt, bare); repeatable")
    ap.add_argument("--hyperfine", action="store_true",
                    help="cross-check the cordonctl, bwrap and bare medians with hyperfine, when installed")
    ap.add_argument("--breakdown", action="store_true",
                    help="also time `cordonctl version` and `cordonctl profile spec` (where cordonctl's time goes)")
    args = ap.parse_args()
    if args.runs < 1 or args.overhead_runs < 1:
        ap.error("--runs and --overhead-runs must be at least 1")

    if args.install_peers:
        install_peers()
    own_workspace = args.workspace is None
    workspace = os.path.realpath(args.workspace or tempfile.mkdtemp(prefix="cordon-bench-ws-"))
    if own_workspace:
        TEMP_DIRS.append(workspace)
    CWD[0] = workspace
    try:
        machine = machine_description()
        print("Cordon benchmark on %s" % machine)
        print("\nLaunch of /bin/true, %d runs each after one warm-up, interleaved:" % args.runs)
        cands = launch_candidates(args, workspace)
        measure_launch(cands, args.runs)
        lh, lrows = launch_table(cands)
        lverdict = launch_verdict(cands)
        print(render_text(lh, lrows))
        print(lverdict)
        load_after = "Load average after the launch runs: %.2f." % os.getloadavg()[0]
        print(load_after)
        if args.hyperfine:
            cross = hyperfine_medians(cands, args.runs)
            print(cross)
            load_after += " " + cross + "."

        md = ["Machine: %s." % machine, "",
              "Launch of `/bin/true`, %d runs each after one warm-up, interleaved:" % args.runs, "",
              render_markdown(lh, lrows), "", lverdict + ". " + load_after]
        if not args.no_overhead:
            by = {c.name: c for c in cands}
            print("\nRuntime overhead: stat every file under %s, then create/stat/remove %d files in the "
                  "workspace; %d runs after one warm-up, the job timing itself:" % (args.walk_root, args.files,
                                                                                  args.overhead_runs))
            oh, orows, overdict = measure_overhead(args, workspace, by["cordonctl"].available, by["bwrap"].available)
            print(render_text(oh, orows))
            print(overdict)
            md += ["", "Runtime overhead: stat every file under `%s`, then create, stat and remove %d small files "
                   "in the workspace; %d runs after one warm-up, timed by the job itself (launch excluded):"
                   % (args.walk_root, args.files, args.overhead_runs), "", render_markdown(oh, orows), "",
                   overdict + "."]
        if not args.no_exec:
            by = {c.name: c for c in cands}
            print("\nExec events: %d x /bin/true from a shell loop, %d runs after one warm-up:"
                  % (args.execs, args.exec_runs))
            eh, erows, everdict = measure_exec_events(args, workspace, by["cordonctl"].available,
                                                      by["cordonctl --direct"].available)
            print(render_text(eh, erows))
            print(everdict)
            md += ["", "Exec events: %d short processes (`/bin/true` from a shell loop), %d runs after one warm-up, "
                   "timed end to end:" % (args.execs, args.exec_runs), "", render_markdown(eh, erows), "",
                   everdict + "."]
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write("\n".join(md) + "\n")
            print("\nmarkdown written to %s" % args.markdown)
    finally:
        stop_helper()
        for d in TEMP_DIRS:
            shutil.rmtree(d, ignore_errors=True)
        for f in TEMP_FILES:
            try:
                os.unlink(f)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
