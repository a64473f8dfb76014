"""nbval per chapter notebook against its floor (figure 1 of `make bench`).

The nbval time of a notebook is the wall time of
``.venv/bin/python -m pytest --nbval <nb> -q`` (pyproject.toml adds
--nbval-current-env and the sanitizer). Its floor is the wall time of a fresh Python
that starts the kernel exactly as nbval does (nbval.kernel.RunningKernel with nbval's
current-env kernel, in the notebook's folder), runs ``import d2l_utils,
d2l_utils.<framework>, <framework>`` and shuts the kernel down. Notebook and floor runs
are interleaved, round by round.
"""
import subprocess
import sys
import time

from tools import ROOT
from tools.bench.figures import Figure, Target, median, not_measured

PY = ROOT / ".venv" / "bin" / "python"
FRAMEWORKS = ("mxnet", "tensorflow")
TOTAL_TARGET = Target("<=", 2.0, "x", "total <= 2x summed floor")
NBVAL_TIMEOUT = 1800


def notebooks():
    return sorted(p for p in (ROOT / "chapters").glob("**/*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def framework_of(nb):
    parts = nb.relative_to(ROOT / "chapters").parts
    return parts[0] if parts[0] in FRAMEWORKS else None


def floor_code(framework):
    return f"import d2l_utils, d2l_utils.{framework}, {framework}"


def order(round_, index):
    """Which goes first in a round for the notebook at ``index``: nbval ("nb") or its floor."""
    return ("nb", "floor") if (round_ + index) % 2 == 0 else ("floor", "nb")


def time_command(cmd, timeout):
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - started, done


def nbval_run(nb):
    seconds, done = time_command(
        [str(PY), "-m", "pytest", "--nbval", str(nb.relative_to(ROOT)), "-q"],
        NBVAL_TIMEOUT)
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    return seconds, done.returncode, tail


def floor_run(nb, framework):
    seconds, done = time_command(
        [str(PY), "-m", "tools.bench.notebooks", "--floor", framework, str(nb.parent)], 600)
    if done.returncode != 0:
        raise RuntimeError(f"floor kernel failed for {framework}: {done.stderr.strip()[-500:]}")
    return seconds


def measure(runs):
    nbs = notebooks()
    if not nbs:
        return [not_measured("nbval_total", "nbval total (all notebooks)",
                             "no chapters/**/*.ipynb yet", TOTAL_TARGET)]
    unknown = [nb for nb in nbs if framework_of(nb) is None]
    nbs = [nb for nb in nbs if framework_of(nb)]
    nb_times = {nb: [] for nb in nbs}
    floor_times = {nb: [] for nb in nbs}
    status = {}
    for round_ in range(runs):
        # Alternate which goes first, so neither always meets a warm or a cold disk cache.
        for nb in nbs:
            for what in order(round_, nbs.index(nb)):
                if what == "nb":
                    seconds, code, tail = nbval_run(nb)
                    nb_times[nb].append(seconds)
                    status[nb] = (code, tail)
                else:
                    floor_times[nb].append(floor_run(nb, framework_of(nb)))
            print(f"   round {round_ + 1}/{runs} {nb.relative_to(ROOT)}: "
                  f"nbval {nb_times[nb][-1]:.1f} s, floor {floor_times[nb][-1]:.1f} s "
                  f"({status[nb][1]})", flush=True)
    return nbval_figures(nbs, nb_times, floor_times, status, unknown, runs)


def nbval_figures(nbs, nb_times, floor_times, status, unknown, runs):
    """The rows of the table from the measured seconds: one per notebook, then the total
    against the summed floor. ``status`` maps a notebook to nbval's (exit code, last line)."""
    figures = []
    total = total_floor = 0.0
    for nb in nbs:
        t, f = median(nb_times[nb]), median(floor_times[nb])
        total += t
        total_floor += f
        code, tail = status[nb]
        rel = str(nb.relative_to(ROOT))
        figures.append(Figure(
            f"nbval:{rel}", f"nbval {rel}", value=t, unit="s",
            shown=f"{t:.1f} s (floor {f:.1f} s, {t / f:.2f}x)",
            note="" if code == 0 else f"nbval exit {code}: {tail}",
            details={"seconds_runs": [round(x, 2) for x in nb_times[nb]],
                     "floor_runs": [round(x, 2) for x in floor_times[nb]],
                     "floor_median": round(f, 2), "ratio": round(t / f, 3),
                     "exit_code": code, "summary": tail}))
    ratio = total / total_floor
    failed = [str(nb.relative_to(ROOT)) for nb in nbs if status[nb][0] != 0]
    figures.append(Figure(
        "nbval_total", f"nbval total ({len(nbs)} notebooks) / summed floor", value=ratio,
        unit="x", target=TOTAL_TARGET,
        shown=f"{total:.1f} s / {total_floor:.1f} s = {ratio:.2f}x",
        note="; ".join(filter(None, [
            f"nbval failed on {', '.join(failed)}" if failed else "",
            f"{len(nbs)} notebooks found (8 planned)" if len(nbs) != 8 else "",
            f"ignored (no framework folder): {', '.join(map(str, unknown))}" if unknown else ""])),
        details={"nbval_seconds": round(total, 2), "floor_seconds": round(total_floor, 2),
                 "notebooks": len(nbs), "runs": runs}))
    return figures


def _floor_main(framework, cwd):
    """Start nbval's kernel in ``cwd``, import the framework and d2l_utils, stop it."""
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
    kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd=cwd, startup_timeout=120)
    try:
        msg_id = kernel.execute_cell_input(floor_code(framework), allow_stdin=False)
        reply = kernel.get_message(stream="shell", timeout=600)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kernel.get_message(stream="shell", timeout=600)
        kernel.await_idle(msg_id, 600)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"import failed: {reply['content'].get('evalue')}")
    finally:
        kernel.stop()


if __name__ == "__main__" and sys.argv[1:2] == ["--floor"]:
    _floor_main(sys.argv[2], sys.argv[3])
