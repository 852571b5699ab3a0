"""A pharmacist logs in with a real browser and works in Russian, limited to their branch."""

import os

import pytest
from conftest import bench, logged_in
from playwright.sync_api import expect

PHARMACIST = "t01.pharmacist@pharmacy.test"


@pytest.fixture(scope="module")
def page(browser, base_url, test_staff):
	context, page = logged_in(browser, base_url, PHARMACIST)
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


@pytest.fixture(scope="module")
def finder_items(site):
	result = bench("--site", site, "execute", "pharmacy_ext.catalogue.test_search.ensure_finder_items")
	assert result.returncode == 0, result.stderr[-2000:]


def test_item_finder_by_name_typo_and_analogues(page, base_url, finder_items):
	page.goto(f"{base_url}/app/item-finder")
	query = page.locator('.frappe-control[data-fieldname="query"] input')
	query.fill("Нозофрин")
	spray = page.locator(".finder-results tr[data-item='_Test Finder Spray']")
	expect(spray).to_be_visible()
	# Price and stock here: 5 packs in the pharmacist's own pharmacy.
	expect(spray.locator("td").nth(3)).to_have_text("5")
	expect(page.locator(".finder-results tr[data-item='_Test Finder Disabled']")).to_have_count(0)

	query.fill("Нозафрин")  # misspelt
	expect(page.locator(".finder-results", has_text="Похожие названия")).to_be_visible()
	expect(spray).to_be_visible()

	spray.click()
	details = page.locator(".finder-details")
	expect(details).to_contain_text("Тестоксилин")
	expect(details).to_contain_text("Синонимы")
	expect(details.locator("tr[data-item='_Test Finder Drops']")).to_be_visible()
	page.screenshot(path="tests/.results/item-finder.png", full_page=True)


def test_invoice_form_picks_the_covering_prescription(page, base_url, site):
	result = bench(
		"--site", site, "execute", "pharmacy_ext.prescriptions.test_picker.ensure_browser_prescription"
	)
	assert result.returncode == 0, result.stderr[-2000:]
	prescription = result.stdout.strip().splitlines()[-1].strip('"')
	page.goto(f"{base_url}/app/sales-invoice/new")
	try:
		page.wait_for_function("() => window.cur_frm && cur_frm.doc.doctype === 'Sales Invoice'")
	except Exception:
		page.screenshot(path="tests/.results/invoice-form-timeout.png")
		raise
	# Set the buyer and a prescription-only line the way the form's own controls do (events included).
	page.evaluate("() => cur_frm.set_value('customer', '_Test Picker Buyer')")
	page.wait_for_function("() => cur_frm.doc.customer === '_Test Picker Buyer'")
	page.evaluate(
		"""() => {
			const row = cur_frm.doc.items[0] || cur_frm.add_child('items');
			return frappe.model.set_value(row.doctype, row.name, 'item_code', '_Test Picker Rx');
		}"""
	)
	page.wait_for_function(
		"(name) => cur_frm.doc.items[0].pharm_prescription === name", arg=prescription, timeout=30_000
	)
	expect(page.locator(".alert-message, .desk-alert").filter(has_text="рецепт").first).to_be_visible()
