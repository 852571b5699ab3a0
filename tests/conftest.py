"""Bench-level suites drive a running test site over HTTP (and a real browser).

scripts/test (via tests/run_all.py) starts the server and sets PHARMACY_TEST_URL / PHARMACY_TEST_SITE /
PHARMACY_BENCH; records the suites need are made with `bench execute` of the app's own fixtures.
"""

import os
import subprocess
from pathlib import Path

import pytest
import requests

BENCH_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def site() -> str:
	return os.environ["PHARMACY_TEST_SITE"]


@pytest.fixture(scope="session")
def base_url() -> str:
	url = os.environ["PHARMACY_TEST_URL"]
	requests.get(f"{url}/api/method/ping", timeout=10).raise_for_status()
	return url


def bench(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
	return subprocess.run(
		[os.environ["PHARMACY_BENCH"], *args],
		cwd=BENCH_ROOT,
		capture_output=True,
		text=True,
		timeout=timeout,
	)


@pytest.fixture(scope="session")
def test_staff(site) -> None:
	result = bench("--site", site, "execute", "pharmacy_ext.tests.fixtures.ensure_test_staff")
	assert result.returncode == 0, result.stderr[-2000:]
