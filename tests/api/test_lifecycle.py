"""The app migrates cleanly, twice in a row, and a second migrate changes nothing it owns."""

import json

from conftest import bench


def owned_counts(site: str) -> dict:
	result = bench("--site", site, "execute", "pharmacy_ext.setup.checks.owned_record_counts")
	assert result.returncode == 0, result.stderr[-2000:]
	return json.loads(result.stdout.strip().splitlines()[-1])


def test_migrate_twice_is_clean_and_stable(site):
	before = owned_counts(site)
	for _ in range(2):
		result = bench("--site", site, "migrate", timeout=1200)
		assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
		assert "Traceback" not in result.stdout + result.stderr
	assert owned_counts(site) == before
	assert before["custom_fields"] > 40
	assert before["roles"] == 8
