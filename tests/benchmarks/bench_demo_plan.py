"""How long the demo generator takes and how much memory it needs, per scale (tracemalloc is on,
which slows the build about threefold). Run on demand:

env/bin/python tests/benchmarks/bench_demo_plan.py [scale ...]      (default: 1 10)
"""

import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "apps" / "pharmacy_ext"))

from pharmacy_ext.demo.plan import build_plan


def measure(scale: float):
	tracemalloc.start()
	started = time.perf_counter()
	plan = build_plan(seed=42, scale=scale, anchor=date(2026, 12, 1))
	elapsed = time.perf_counter() - started
	_current, peak = tracemalloc.get_traced_memory()
	tracemalloc.stop()
	summary = plan.summary()
	print(
		f"x{scale:<6g} build {elapsed:7.2f} s  peak {peak / 2**20:8.1f} MiB  "
		f"items {summary.get('items')}  customers {summary.get('customers')}  "
		f"invoices {summary.get('invoices')}  history lines {summary.get('history_lines')}"
	)


if __name__ == "__main__":
	for arg in sys.argv[1:] or ["1", "10"]:
		measure(float(arg))
