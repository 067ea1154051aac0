"""The benchmark commands run (at tiny sizes) and report their figures. They
assert no timings: the figures are for people to read (README)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_bench_export_prints_every_rendering():
    lines = run("bench_export", "--sizes", "10", "30", "--repeat", "1").splitlines()
    assert lines[0].split()[:4] == ["document", "size", "ours", "s"]
    assert [line.split()[:2] for line in lines[1:9]] == [
        [name, size] for size in ("10", "30") for name in ("public", "tagged", "internal", "archived")]


def test_bench_import_repeats_from_a_clean_database():
    lines = run("bench_import", "--rows", "30").splitlines()
    assert lines[0].split()[:3] == ["rows", "import", "s"] and lines[1].split()[0] == "30"


def test_bench_load_loses_no_writes():
    output = run("bench_load", "--clients", "3", "--seconds", "3", "--requirements", "40", "--think", "0.1")
    assert "errors: 0" in output
    assert "lost: 0 comments, 0 votes; duplicate votes: 0" in output


def test_bench_diff_prints_the_three_adversarial_inputs():
    lines = run("bench_diff", "--words", "200").splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["all", "alternating", "random"]


def test_bench_search_finds_what_it_looks_for():
    output = run("bench_search", "--requirements", "200", "--rounds", "2")
    assert "indexed 200 requirements" in output
    hits = dict(item.rsplit(" ", 1) for item in output.split("hits per query: ")[1].strip().split(", "))
    assert hits["zzz-inget"].endswith("/0") and hits["ebok"].endswith("/50")


def test_bench_coverage_prints_a_flat_query_count():
    lines = run("bench_coverage", "--sizes", "20,60").splitlines()
    sizes = [line.split() for line in lines if line.split() and line.split()[0].isdigit()]
    assert [row[0] for row in sizes] == ["20", "60"] and sizes[0][2] == sizes[1][2]
