"""A shift swap in a real browser, in Russian: the colleague accepts, the pharmacy's head approves."""

import json
import os

import pytest
from conftest import bench, logged_in
from playwright.sync_api import expect

COLLEAGUE = "sh.boris@pharmacy.test"
HEAD = "sh.head@pharmacy.test"


@pytest.fixture(scope="module")
def swap_request(site) -> str:
	result = bench("--site", site, "execute", "pharmacy_ext.shifts.testing.make_e2e_swap")
	assert result.returncode == 0, result.stderr[-2000:]
	return result.stdout.strip().splitlines()[-1].strip('"')


def test_colleague_accepts_and_head_approves(browser, base_url, site, swap_request):
	context, page = logged_in(browser, base_url, COLLEAGUE)
	page.goto(f"{base_url}/app/shift-swap-request/{swap_request}")
	expect(page.locator(".indicator-pill", has_text="Предложено").first).to_be_visible()
	# The checks are listed with their Russian names before anyone decides.
	expect(page.get_by_text("Квалификация").first).to_be_visible()
	page.get_by_role("button", name="Принять").click()
	expect(page.locator(".indicator-pill", has_text="Принято").first).to_be_visible()
	context.close()

	context, page = logged_in(browser, base_url, HEAD)
	page.goto(f"{base_url}/app/shift-swap-request/{swap_request}")
	page.get_by_role("button", name="Утвердить").click()
	dialog = page.locator(".modal.show")
	dialog.locator("textarea").fill("Согласовано")
	dialog.locator(".btn-primary").click()
	expect(page.locator(".indicator-pill", has_text="Утверждено").first).to_be_visible()
	os.makedirs("tests/.results", exist_ok=True)
	page.screenshot(path="tests/.results/shift-swap-approved.png", full_page=True)
	context.close()

	result = bench(
		"--site",
		site,
		"execute",
		"frappe.db.get_value",
		"--args",
		json.dumps(["Shift Swap Request", swap_request, ["status", "new_requester_shift"]]),
	)
	status, new_shift = json.loads(result.stdout.strip().splitlines()[-1])
	assert status == "Approved" and new_shift
