"""Mutation testing with mutmut: how many small, deliberate bugs in a module
the tests catch.

    python bench/mutation.py viewer/model/load.py [--tests tests/test_a.py ...]
                             [--select "not slow_test"] [--jobs 2] [--show] [--json out.json]
                             [--sample N [--seed S]]

The repository's tracked files are copied into a temporary folder (the
working tree is never touched), mutmut mutates the module there and runs
the chosen tests (default: the whole suite) against each mutant, only those
tests that reach the mutated function. A mutant is caught when a test fails
or it runs past the time limit (a loop that no longer ends); the score is
the caught share of all mutants. Surviving mutants are listed by name, and
with --show as diffs, to be judged: equivalent to the original, or a test
to write. With --sample N only N mutants drawn at random (seeded) are
tested, for a module whose thousands of mutants take longer than one
sitting: the score is then that of the sample, with its 95 % interval.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}


def _copy_repository(dest: Path) -> None:
    try:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        names = [n for n in files.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(ROOT)) for d in ("viewer", "tests", "docs", "tools") for p in (ROOT / d).rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts] + ["pyproject.toml"]
    for name in names:
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def _configure(dest: Path, module: str, tests: list[str]) -> None:
    def toml_list(items):
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    with (dest / "pyproject.toml").open("a", encoding="utf-8") as f:
        f.write("\n[tool.mutmut]\n"
                f"source_paths = {toml_list([module])}\n"
                f"also_copy = {toml_list(['viewer', 'tests', 'docs', 'tools', 'pyproject.toml'])}\n"
                f"pytest_add_cli_args_test_selection = {toml_list(tests or ['tests'])}\n"
                # each mutant's tests run in a process forked from one that has
                # only collected them: forked from mutmut's own process, they
                # would inherit the caches its clean run filled (character
                # kinds, glyph advances) and never run the mutated code
                'process_isolation = "forkserver"\n'
                # a mutant whose tests take twice as long (plus 5 s) loops
                "timeout_multiplier = 2.0\n"
                "timeout_constant = 5.0\n")


def _results(work: Path, env: dict) -> dict[str, str]:
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=work, env=env,
                         capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        m = re.match(r"^\s*(\S+): (.+)$", line)
        if m and "__mutmut_" in m[1]:
            results[m[1]] = m[2].strip()
    return results


def wilson(caught: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % interval of a share seen as caught of n."""
    if not n:
        return (0.0, 1.0)
    p = caught / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def run(module: str, tests: list[str], jobs: int, show: bool, keep: Path | None = None,
        sample: int | None = None, seed: int = 1) -> dict:
    work = Path(tempfile.mkdtemp(prefix="herald-mutation-")) if keep is None else keep
    try:
        _copy_repository(work)
        _configure(work, module, tests)
        # HERALD_MUTATION: the tests' shared fixtures are made per test
        # (tests/conftest.py, shared), so that mutmut ties every test to
        # the functions it runs, not only the first test of a fixture
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HERALD_MUTATION="1")
        env.pop("PYTHONPATH", None)
        t0 = time.perf_counter()
        names: list[str] = []
        total = None
        if sample:
            # make the mutants and the test statistics, test none; then draw the sample
            subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), "no-such-mutant"],
                           cwd=work, env=env, stdout=sys.stderr, stderr=sys.stderr)
            every = sorted(_results(work, env))
            total = len(every)
            names = sorted(random.Random(seed).sample(every, min(sample, total)))
        subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *names], cwd=work,
                       env=env, stdout=sys.stderr, stderr=sys.stderr)
        seconds = time.perf_counter() - t0
        results = _results(work, env)
        if sample:
            results = {n: results.get(n, "not checked") for n in names}
        survivors = sorted(n for n, s in results.items() if s not in CAUGHT)
        caught = sum(1 for s in results.values() if s in CAUGHT)
        report = {
            "module": module, "tests": tests or ["tests"], "mutants": len(results), "caught": caught,
            "score": caught / len(results) if results else None, "seconds": round(seconds),
            "by_status": {s: sum(1 for v in results.values() if v == s) for s in sorted(set(results.values()))},
            "survivors": survivors,
        }
        if sample:
            report["sampled_from"] = total
            report["seed"] = seed
            report["interval_95"] = wilson(caught, len(results))
        if show:
            report["diffs"] = {n: subprocess.run([sys.executable, "-m", "mutmut", "show", n], cwd=work, env=env,
                                                 capture_output=True, text=True).stdout for n in survivors}
        return report
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("module", help="the module to mutate, e.g. viewer/model/load.py")
    ap.add_argument("--tests", nargs="*", default=[], help="test files or folders to run (default: the whole suite)")
    ap.add_argument("--select", metavar="EXPR", help="only the tests pytest -k EXPR chooses among them")
    ap.add_argument("--jobs", type=int, default=2, help="mutants tested side by side")
    ap.add_argument("--show", action="store_true", help="print each surviving mutant's diff")
    ap.add_argument("--json", metavar="FILE", help="write the report as JSON")
    ap.add_argument("--keep", metavar="DIR", type=Path, help="work in DIR and keep it (mutmut's own results stay there)")
    ap.add_argument("--sample", type=int, metavar="N", help="test only N mutants drawn at random")
    ap.add_argument("--seed", type=int, default=1, help="the seed of the draw (default 1)")
    args = ap.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    tests = (args.tests or ["tests"]) + (["-k", args.select] if args.select else [])
    r = run(args.module, tests, args.jobs, args.show, args.keep, args.sample, args.seed)
    score = f"{r['score'] * 100:.1f} %" if r["score"] is not None else "-"
    if args.sample:
        lo, hi = r["interval_95"]
        score += f", 95 % interval {lo * 100:.1f}–{hi * 100:.1f} %, a sample of {r['mutants']} of {r['sampled_from']}"
    print(f"{r['module']}: {r['caught']} of {r['mutants']} mutants caught ({score}) in {r['seconds']} s; "
          + ", ".join(f"{k} {v}" for k, v in r["by_status"].items()))
    for name in r["survivors"]:
        print(f"  survived: {name}")
        if args.show:
            print("    " + r["diffs"][name].strip().replace("\n", "\n    "))
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
