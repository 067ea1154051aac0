"""The benchmarks: commands that time the workbench at size and print figures
(`manage.py bench_load`, `bench_search`, …; their figures are in BENCHMARKS.md).

A development-only app: installed when DJANGO_DEBUG is on, never shipped in
the package (pyproject lists only `procurement` and `requirements_app`)."""
