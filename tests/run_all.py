"""Runs every test of the bench: the app's Frappe integration tests, then the bench-level suites in tests/
(API, end-to-end) against a live server of the test site. Prints `N passed, N failed` last and exits
non-zero on any failure, or when no test ran at all.

Called by scripts/test (the README's test command) after the test site is set up.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

BENCH_ROOT = Path(__file__).resolve().parents[1]
RESULTS = BENCH_ROOT / "tests" / ".results"
SERVER_PORT = int(os.environ.get("PHARMACY_TEST_PORT", "8011"))


def junit_counts(path: Path) -> tuple[int, int, int]:
	"""(passed, failed, skipped) from a JUnit XML file; failures and errors both count as failed."""
	if not path.exists():
		return 0, 0, 0
	try:
		root = ET.parse(path).getroot()
	except ET.ParseError:
		return 0, 1, 0
	suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
	total = failed = skipped = 0
	for suite in suites:
		for case in suite.iter("testcase"):
			total += 1
			if case.find("failure") is not None or case.find("error") is not None:
				failed += 1
			elif case.find("skipped") is not None:
				skipped += 1
	return total - failed - skipped, failed, skipped


def start_server(bench: str, site: str) -> subprocess.Popen:
	log = open(BENCH_ROOT / "logs" / "test-server.log", "w")
	proc = subprocess.Popen(
		[bench, "--site", site, "serve", "--port", str(SERVER_PORT), "--noreload"],
		cwd=BENCH_ROOT,
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	url = f"http://127.0.0.1:{SERVER_PORT}/api/method/ping"
	for _ in range(120):
		try:
			with urllib.request.urlopen(url, timeout=2):
				return proc
		except OSError:
			time.sleep(0.5)
	stop_server(proc)
	sys.exit("the test server did not start; see logs/test-server.log")


def stop_server(proc: subprocess.Popen):
	try:
		os.killpg(proc.pid, signal.SIGTERM)
		proc.wait(timeout=15)
	except (ProcessLookupError, subprocess.TimeoutExpired):
		os.killpg(proc.pid, signal.SIGKILL)


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--bench", required=True)
	parser.add_argument("pytest_args", nargs="*", help="extra arguments for the bench-level pytest run")
	args = parser.parse_args()

	RESULTS.mkdir(parents=True, exist_ok=True)
	for old in RESULTS.glob("*.xml"):
		old.unlink()
	env = {
		**os.environ,
		"PHARMACY_TEST_SITE": args.site,
		"PHARMACY_TEST_URL": f"http://127.0.0.1:{SERVER_PORT}",
		"PHARMACY_BENCH": args.bench,
	}
	server = start_server(args.bench, args.site)
	try:
		app_xml = RESULTS / "app.xml"
		subprocess.run(
			[
				args.bench,
				"--site",
				args.site,
				"run-tests",
				"--app",
				"pharmacy_ext",
				"--junit-xml-output",
				str(app_xml),
			],
			cwd=BENCH_ROOT,
			env=env,
			check=False,
		)
		bench_xml = RESULTS / "bench.xml"
		subprocess.run(
			[
				str(BENCH_ROOT / "env" / "bin" / "python"),
				"-m",
				"pytest",
				str(BENCH_ROOT / "tests"),
				"-p",
				"no:cacheprovider",
				"--ignore",
				str(BENCH_ROOT / "tests" / "benchmarks"),
				f"--junitxml={bench_xml}",
				"-q",
				*args.pytest_args,
			],
			cwd=BENCH_ROOT,
			env=env,
			check=False,
		)
	finally:
		stop_server(server)

	counts = [junit_counts(app_xml), junit_counts(bench_xml)]
	passed = sum(c[0] for c in counts)
	failed = sum(c[1] for c in counts)
	skipped = sum(c[2] for c in counts)
	print(
		f"app tests: {counts[0][0]} passed, {counts[0][1]} failed; "
		f"bench tests: {counts[1][0]} passed, {counts[1][1]} failed"
	)
	if not app_xml.exists() or not bench_xml.exists():
		print("a test run produced no report; counted as a failure")
		failed += 1
	print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
	sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
	main()
