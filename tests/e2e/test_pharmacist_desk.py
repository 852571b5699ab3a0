"""A pharmacist logs in with a real browser and works in Russian, limited to their branch."""

import os
import shutil
import tempfile

import pytest
from playwright.sync_api import expect, sync_playwright

PHARMACIST = "t01.pharmacist@pharmacy.test"
PASSWORD = "Test-Pharmacy-2026"
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


@pytest.fixture(scope="module")
def page(base_url, test_staff):
	with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
		context = p.chromium.launch_persistent_context(
			profile,
			executable_path=CHROMIUM,
			headless=True,
			args=CHROMIUM_ARGS,
			locale="ru-RU",
		)
		page = context.new_page()
		page.set_default_timeout(60_000)
		page.goto(f"{base_url}/login")
		page.fill("#login_email", PHARMACIST)
		page.fill("#login_password", PASSWORD)
		page.click(".btn-login")
		page.wait_for_url("**/app/**")
		yield page
		context.close()


def test_pharmacy_workspace_in_russian(page, base_url):
	page.goto(f"{base_url}/app/pharmacy")
	# Workspace title and labels come from the app's Russian translations.
	expect(page.locator(".sidebar-item-label", has_text="Аптека").first).to_be_visible()
	expect(page.locator(".ce-header", has_text="Аптека").first).to_be_visible()
	expect(page.get_by_role("link", name="Остатки на складах").first).to_be_visible()
	# The till is one click away (needs the Retail domain and the pharmacist's POS rights).
	expect(page.locator(".shortcut-widget-box", has_text="Касса").first).to_be_visible()
	os.makedirs("tests/.results", exist_ok=True)
	page.screenshot(path="tests/.results/pharmacist-workspace.png", full_page=True)


def test_warehouse_list_shows_only_own_branch(page, base_url):
	page.goto(f"{base_url}/app/warehouse?is_group=0")
	rows = page.locator(".list-row-container .list-subject a.ellipsis")
	expect(rows.first).to_be_visible()
	titles = [t.strip() for t in rows.all_inner_texts()]
	assert titles, "no warehouse rows rendered"
	assert all("T01" in t for t in titles), titles
