"""The book build, clean and after touching one notebook (figure 2 of `make bench`).

The command is the one `make html` runs, read from `make -n html`, so the bench follows
the Makefile. It runs in a scratch copy of the working tree (the files git sees, tracked
or not ignored, plus _build/vendor/), so the shared _build/html is never removed under
other people's feet and every clean build really is clean. Round by round: remove
_build/html, _build/.doctrees and _build/jupyter_execute, build (clean); set one
notebook's mtime to now, build again (touched). Sphinx's "updating environment" line of
the touched build says what it re-read and why.
"""
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tools import ROOT
from tools.bench_figures import Figure, Target, median

TOUCHED_TARGET = Target("<=", 0.3, "x", "touched <= 0.3x clean")
FALLBACK = ".venv/bin/jupyter-book build . --path-output . -W -n --keep-going"
CLEAN_DIRS = ("_build/html", "_build/.doctrees", "_build/jupyter_execute")


def html_command():
    """The jupyter-book line of `make html` (dry run), as an argument list."""
    done = subprocess.run(["make", "--no-print-directory", "-n", "html"], cwd=ROOT,
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if "jupyter-book" in line and " build" in line]
    return shlex.split(lines[-1] if lines else FALLBACK), bool(lines)


def make_copy(dest):
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    if (ROOT / "_build" / "vendor").is_dir():
        shutil.copytree(ROOT / "_build" / "vendor", dest / "_build" / "vendor")


def absolute(cmd):
    """Point the venv's executables at the real checkout (the copy has no .venv)."""
    return [str(ROOT / a) if a.startswith(".venv/") else a for a in cmd]


def build(cmd, cwd):
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=3600,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return time.perf_counter() - started, done


def plain(output):
    """Sphinx's output without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


def documents(output, phase):
    """Docnames Sphinx names in its 'reading sources' or 'writing output' progress lines."""
    return sorted(set(re.findall(rf"{phase}\.\.\. \[\s*\d+%\]\s+(\S+)", output)))


def environment_line(output):
    """Sphinx's 'updating environment: ...' line, e.g. '[config changed ...] 0 added, 1 changed'."""
    found = re.findall(r"updating environment: (.*)", output)
    return found[-1].strip() if found else ""


def measure(runs):
    nbs = sorted((ROOT / "chapters").glob("**/*.ipynb"))
    cmd, from_make = html_command()
    times = {"clean": [], "touched": [], "unchanged": []}
    seen = {"touched": [], "unchanged": []}
    codes = []
    with tempfile.TemporaryDirectory(prefix="d2l-bench-book-") as scratch:
        scratch = Path(scratch)
        make_copy(scratch)
        touched_nb = sorted(scratch.glob("chapters/**/*.ipynb"))
        touched_nb = touched_nb[0] if touched_nb else scratch / "intro.md"
        for round_ in range(runs):
            for d in CLEAN_DIRS:
                shutil.rmtree(scratch / d, ignore_errors=True)
            # clean, then one notebook touched, then (diagnosis) nothing changed at all
            for kind in ("clean", "touched", "unchanged"):
                if kind == "touched":
                    now = time.time()
                    os.utime(touched_nb, (now, now))
                seconds, done = build(absolute(cmd), scratch)
                times[kind].append(seconds)
                codes.append(done.returncode)
                out = plain(done.stdout + done.stderr)
                if done.returncode != 0 and round_ == 0:
                    print(f"   {kind} build failed:\n" + "\n".join(out.strip().splitlines()[-15:]),
                          flush=True)
                if kind != "clean":
                    seen[kind].append({"environment": environment_line(out),
                                       "read": documents(out, "reading sources"),
                                       "written": documents(out, "writing output")})
            print(f"   round {round_ + 1}/{runs}: " + ", ".join(
                f"{k} {v[-1]:.1f} s" for k, v in times.items())
                + f"; touched: {seen['touched'][-1]['environment']}, "
                f"{len(seen['touched'][-1]['written'])} page(s) written", flush=True)
    c, t, u = (median(times[k]) for k in ("clean", "touched", "unchanged"))
    ratio = t / c
    rel = touched_nb.relative_to(scratch)
    failed = sorted(set(code for code in codes if code))
    last = seen["touched"][-1]
    why = ""
    if ratio > TOUCHED_TARGET.limit:
        why = (f"why: the touched build read {len(last['read'])} and wrote {len(last['written'])} "
               f"page(s) (Sphinx: '{last['environment']}'), so it is not re-reading the book; "
               f"a build with nothing changed (Sphinx stops before writing anything) takes "
               f"{u:.1f} s = {u / c:.2f}x clean, so most of it is fixed start-up cost "
               f"(importing jupyter-book and Sphinx, loading the saved environment)")
    note = "; ".join(filter(None, [
        f"build exit code(s) {failed} (warnings are errors)" if failed else "",
        "" if from_make else "jupyter-book line not found in `make -n html`, used " + FALLBACK,
        f"{len(nbs)} notebooks in the book (8 planned)" if len(nbs) != 8 else "", why]))
    common = {"command": " ".join(cmd), "touched": str(rel), "runs": runs}

    def runs_of(kind):
        return [round(x, 2) for x in times[kind]]

    return [
        Figure("book_clean", "book build, clean", value=c, unit="s",
               details=dict(common, seconds_runs=runs_of("clean"))),
        Figure("book_touched", f"book build after touching {rel}", value=t, unit="s",
               details=dict(common, seconds_runs=runs_of("touched"), sphinx=seen["touched"])),
        Figure("book_unchanged", "book build with nothing changed (diagnosis)", value=u, unit="s",
               details=dict(common, seconds_runs=runs_of("unchanged"), sphinx=seen["unchanged"])),
        Figure("book_touched_ratio", "book build, touched / clean", value=ratio, unit="x",
               target=TOUCHED_TARGET, shown=f"{t:.1f} s / {c:.1f} s = {ratio:.2f}x", note=note),
    ]
