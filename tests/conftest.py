"""Bench-level suites drive a running test site over HTTP (and a real browser).

scripts/test (via tests/run_all.py) starts the server and sets PHARMACY_TEST_URL / PHARMACY_TEST_SITE /
PHARMACY_BENCH; records the suites need are made with `bench execute` of the app's own fixtures.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

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


# ------------------------------------------------------------ browser (tests/e2e)

TEST_PASSWORD = "Test-Pharmacy-2026"  # pharmacy_ext.tests.fixtures.TEST_PASSWORD
# The system's Chromium where there is one, else the browser `playwright install` brought.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
# The machine's network is closed: keep Chromium from reaching out on its own.
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
		yield browser
		browser.close()


def logged_in(browser, base_url: str, user: str, password: str = TEST_PASSWORD):
	"""A fresh Russian-locale browser context logged in as `user`; returns (context, page)."""
	context = browser.new_context(locale="ru-RU")
	page = context.new_page()
	page.set_default_timeout(60_000)
	page.goto(f"{base_url}/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url("**/app/**")
	return context, page
