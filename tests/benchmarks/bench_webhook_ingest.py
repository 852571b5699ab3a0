"""Telegram webhook ingestion against Frappe's own /api/method/ping on the same server: throughput under
concurrency, latency at a steady 50 requests/s, and zero loss (every update id stored exactly once, with
5 % of the updates delivered twice as Telegram does on retries). Starts its own server of the site.

Run on demand as the bench user (targets: webhook >= half the ping throughput, p99 < 200 ms at 50 rps):

runuser -u frappe -- env/bin/python tests/benchmarks/bench_webhook_ingest.py --site SITE [--port 8034]
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

BENCH_ROOT = Path(__file__).resolve().parents[2]
WEBHOOK = "/api/method/pharmacy_ext.omnichannel.webhooks.telegram_webhook"
PING = "/api/method/ping"
SECRET = "bench-webhook-secret"
_local = threading.local()


def session() -> requests.Session:
	if not hasattr(_local, "session"):
		_local.session = requests.Session()
	return _local.session


def start_server(site: str, port: int) -> subprocess.Popen:
	server = subprocess.Popen(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			site,
			"serve",
			"--port",
			str(port),
			"--noreload",
		],
		cwd=BENCH_ROOT / "sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)
	for _ in range(120):
		try:
			if requests.get(f"http://127.0.0.1:{port}{PING}", timeout=2).ok:
				return server
		except requests.RequestException:
			pass
		time.sleep(0.5)
	os.killpg(server.pid, signal.SIGTERM)
	raise SystemExit("the server did not start")


def connect(site: str):
	import frappe

	os.chdir(BENCH_ROOT / "sites")  # frappe finds logs/ and config relative to the sites folder
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	return frappe


def configure(frappe):
	settings = frappe.get_single("Telegram Settings")
	settings.webhook_secret = SECRET
	settings.save(ignore_permissions=True)
	frappe.db.commit()


def update(update_id: int) -> dict:
	user = 900000000 + update_id % 1000
	return {
		"update_id": update_id,
		"message": {
			"message_id": update_id,
			"from": {"id": user, "is_bot": False, "first_name": "Bench"},
			"chat": {"id": user, "type": "private"},
			"date": int(time.time()),
			"text": "Есть ли в наличии?",
		},
	}


def call(url: str, body: dict | None) -> tuple[float, int]:
	started = time.perf_counter()
	if body is None:
		response = session().get(url, timeout=30)
	else:
		response = session().post(
			url,
			json=body,
			headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
			timeout=30,
		)
	return time.perf_counter() - started, response.status_code


def throughput(url: str, bodies: list, concurrency: int) -> tuple[float, list]:
	started = time.perf_counter()
	with ThreadPoolExecutor(concurrency) as pool:
		results = list(pool.map(lambda body: call(url, body), bodies))
	return len(bodies) / (time.perf_counter() - started), results


def steady_rate(url: str, bodies: list, rps: float) -> list:
	"""Open loop: one request every 1/rps seconds whatever the answers, so slow answers cannot hide."""
	futures = []
	with ThreadPoolExecutor(64) as pool:
		start = time.perf_counter()
		for n, body in enumerate(bodies):
			delay = start + n / rps - time.perf_counter()
			if delay > 0:
				time.sleep(delay)
			futures.append(pool.submit(call, url, body))
	return [f.result() for f in futures]


def p(values: list[float], q: float) -> float:
	return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--port", type=int, default=8034)
	parser.add_argument("--requests", type=int, default=1000)
	parser.add_argument("--concurrency", type=int, default=16)
	parser.add_argument("--rate", type=float, default=50)
	parser.add_argument("--seconds", type=float, default=20)
	args = parser.parse_args()

	frappe = connect(args.site)
	configure(frappe)
	server = start_server(args.site, args.port)
	base = f"http://127.0.0.1:{args.port}"
	first_id = random.randint(10**11, 9 * 10**11)  # this run's update ids
	ids = list(range(first_id, first_id + args.requests))
	steady_ids = list(
		range(
			first_id + args.requests,
			first_id + args.requests + int(args.rate * args.seconds),
		)
	)
	try:
		for _ in range(50):  # warm both paths
			call(base + PING, None)
		ping_rps, ping_results = throughput(base + PING, [None] * args.requests, args.concurrency)
		bodies = [update(i) for i in ids]
		bodies += [update(i) for i in random.Random(1).sample(ids, len(ids) // 20)]  # Telegram's retries
		hook_rps, hook_results = throughput(base + WEBHOOK, bodies, args.concurrency)
		ping_steady = steady_rate(base + PING, [None] * len(steady_ids), args.rate)
		hook_steady = steady_rate(base + WEBHOOK, [update(i) for i in steady_ids], args.rate)
	finally:
		os.killpg(server.pid, signal.SIGTERM)

	frappe.db.commit()
	sent = [f"Telegram:{i}" for i in ids + steady_ids]
	log = frappe.qb.DocType("Omnichannel Inbound Log")
	stored = (frappe.qb.from_(log).select(log.dedupe_key).where(log.dedupe_key.isin(sent))).run(pluck=True)
	errors = sum(1 for _t, code in hook_results + hook_steady if code != 200)
	print(
		f"concurrency {args.concurrency}, {args.requests} requests each (+{len(ids) // 20} repeated updates)"
	)
	print(f"  ping     {ping_rps:7.1f} req/s   p50 {p([r[0] for r in ping_results], 50):6.1f} ms")
	print(f"  webhook  {hook_rps:7.1f} req/s   p50 {p([r[0] for r in hook_results], 50):6.1f} ms")
	print(f"  webhook / ping throughput: {hook_rps / ping_rps:.2f} (target >= 0.50)")
	print(f"steady {args.rate:g} req/s for {args.seconds:g} s")
	for name, results in (("ping", ping_steady), ("webhook", hook_steady)):
		latencies = [r[0] for r in results]
		print(
			f"  {name:8} p50 {p(latencies, 50):6.1f} ms   p99 {p(latencies, 99):6.1f} ms   max {max(latencies) * 1000:6.1f} ms"
		)
	print(
		f"loss: {len(sent)} distinct updates sent, {len(stored)} stored, {len(set(stored))} distinct, "
		f"{errors} non-200 answers -> {'ZERO LOSS' if len(set(stored)) == len(stored) == len(sent) and not errors else 'LOSS'}"
	)
	# The benchmark's fake updates must not reach the inbox.
	frappe.db.delete("Omnichannel Inbound Log", {"dedupe_key": ["in", sent]})
	frappe.db.commit()
	frappe.destroy()


if __name__ == "__main__":
	main()
