"""Real HTTP against the test site: the URL of a running server, started here if none runs yet.

scripts/test starts one and sets PHARMACY_TEST_URL; a developer running `bench run-tests` alone gets
one started on demand (and stopped at exit).
"""

import atexit
import os
import signal
import subprocess
import sys
import time

import frappe
import requests

_server: subprocess.Popen | None = None


def base_url() -> str:
	url = os.environ.get("PHARMACY_TEST_URL")
	if url and _is_up(url):
		return url
	return _start_own_server()


def _is_up(url: str) -> bool:
	try:
		return requests.get(f"{url}/api/method/ping", timeout=3).ok
	except requests.RequestException:
		return False


def _start_own_server() -> str:
	global _server
	port = int(os.environ.get("PHARMACY_TEST_OWN_PORT", "8012"))
	url = f"http://127.0.0.1:{port}"
	if _server is None:
		_server = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				frappe.local.site,
				"serve",
				"--port",
				str(port),
				"--noreload",
			],
			cwd=frappe.utils.get_bench_path() + "/sites",
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		atexit.register(lambda: os.killpg(_server.pid, signal.SIGTERM))
	for _ in range(120):
		if _is_up(url):
			return url
		time.sleep(0.5)
	raise RuntimeError(f"could not start a server for {frappe.local.site} on port {port}")


def api_session(user: str) -> requests.Session:
	"""A requests session authenticated with the user's API key (token auth, as integrations use)."""
	api_key, api_secret = ensure_api_keys(user)
	session = requests.Session()
	session.headers["Authorization"] = f"token {api_key}:{api_secret}"
	session.headers["Host"] = frappe.local.site
	return session


def ensure_api_keys(user: str) -> tuple[str, str]:
	doc = frappe.get_doc("User", user)
	if not doc.api_key:
		doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return doc.api_key, secret
