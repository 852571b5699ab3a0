"""A contact-centre operator answers a customer from the Operator Inbox in a real browser, in Russian."""

import os
import time

import pytest
from conftest import bench, logged_in
from playwright.sync_api import expect

QUESTION = f"Есть ли в наличии детский Нурофен? {int(time.time())}"


@pytest.fixture(scope="module")
def operator(site):
	result = bench(
		"--site",
		site,
		"execute",
		"pharmacy_ext.omnichannel.testing.e2e_conversation",
		"--args",
		f"['{QUESTION}']",
	)
	assert result.returncode == 0, result.stderr[-2000:]
	return result.stdout.strip().splitlines()[-1].strip('"')


def test_operator_answers_from_the_inbox(browser, base_url, operator):
	context, page = logged_in(browser, base_url, operator)
	try:
		page.goto(f"{base_url}/app/operator-inbox")
		expect(page.locator(".page-title", has_text="Входящие оператора").first).to_be_visible()
		row = page.locator(".omni-row", has_text=QUESTION)
		expect(row).to_be_visible()
		expect(row).to_contain_text("ждёт")
		row.click()
		page.locator(".omni-reply").fill("Да, есть в двух аптеках")
		page.locator(".omni-send").click()
		expect(page.locator(".omni-messages", has_text="Да, есть в двух аптеках")).to_be_visible()
		# No worker runs in the test set-up: the reply waits in the queue for the sender job.
		expect(page.locator(".omni-messages", has_text="В очереди")).to_be_visible()
		os.makedirs("tests/.results", exist_ok=True)
		page.screenshot(path="tests/.results/operator-inbox.png", full_page=True)
	finally:
		context.close()
