# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What does exporting an account as a fleet description cost, next to the same reads from plain Python?

Run:  .venv/bin/python benchmarks/export.py [--rounds 3] [--sims 10000] [--notified 500]

Against the emulator on 127.0.0.1 with 50 ms of latency on every API request: an account of --sims SIM cards in 12
groups (tags, three statuses), a private wireless gateway, a wireless blocklist and --notified SIM cards with a data
usage notification. In interleaved rounds (the order reversed every other round):
- empty: an empty playbook (Ansible's own start-up);
- export: `ansible-playbook playbooks/export.yml -e fleet_file=...` (default options: no public IPs);
- floor: the same list reads from plain Python `requests` in a child process (the pages of each list, 50 threads).
Medians of wall time, CPU seconds (the whole process tree), peak memory; the requests from the emulator's log; the ratio
export / (floor + empty) paired within a round; the load beside each figure. Every round's file must be the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

# benchmarks/fleet.py, beside this file: the emulator, the environment and the measuring it uses
from fleet import API_KEY, LATENCY_MS, PAGE, ROOT, VENV_BIN, Emulator, ansible_env, api_log, counts, measure, playbook, provenance

FLOOR_THREADS = 50
LISTS = ("/sim_cards", "/sim_card_groups", "/private_wireless_gateways", "/wireless_blocklists", "/sim_card_data_usage_notifications")


def floor_child(url):
    """Every page of the lists the export reads, from one requests.Session on 50 threads."""
    import requests  # pylint: disable=import-outside-toplevel
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=FLOOR_THREADS))
    session.headers["Authorization"] = "Bearer " + os.environ["TELNYX_API_KEY"]
    pool = ThreadPoolExecutor(max_workers=FLOOR_THREADS)

    def page(path, number):
        return session.get(url + path, params={"page[number]": number, "page[size]": PAGE}, timeout=60).json()

    def read_all(path):
        first = page(path, 1)
        items = list(first["data"])
        for body in pool.map(lambda number: page(path, number), range(2, first["meta"]["total_pages"] + 1)):
            items.extend(body["data"])
        return items

    total = sum(len(items) for items in pool.map(read_all, LISTS))
    pool.shutdown()
    return total


def seed(emu, sims, notified):
    emu.reset()
    seeded = emu.seed(sim_cards=sims, groups=["fleet-%02d" % n for n in range(12)], tags=["eu", "gen2"], statuses=["enabled", "disabled", "standby"])
    import requests  # pylint: disable=import-outside-toplevel
    headers = {"Authorization": "Bearer " + API_KEY}
    requests.post(emu.url + "/private_wireless_gateways", json={"name": "bench-gw", "network_id": "6a09cdc3-8948-47f0-aa62-74ac943d6c58",
                                                                "region_code": "ashburn-va"}, headers=headers, timeout=60).raise_for_status()
    requests.post(emu.url + "/wireless_blocklists", json={"name": "bench-bl", "type": "country", "values": ["CA", "MX"]},
                  headers=headers, timeout=60).raise_for_status()
    for sim in seeded["sim_cards"][:notified]:
        requests.post(emu.url + "/sim_card_data_usage_notifications", json={"sim_card_id": sim["id"], "threshold": {"amount": "1", "unit": "GB"}},
                      headers=headers, timeout=60).raise_for_status()
    emu.latency(LATENCY_MS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sims", type=int, default=10000)
    parser.add_argument("--notified", type=int, default=500)
    parser.add_argument("--floor-child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_child:
        floor_child(args.floor_child)
        return 0
    failures = []
    results = {}
    with tempfile.TemporaryDirectory(prefix="telnyx-export-bench-") as tmp, Emulator(api_key=API_KEY) as emu:
        env = ansible_env(emu.url, tmp)
        print("telnyx.wireless export benchmark: emulator latency %d ms per request, %d SIM cards (%d with a notification), 12 groups, "
              "a gateway, a blocklist, %d CPUs, %d rounds" % (LATENCY_MS, args.sims, args.notified, os.cpu_count(), args.rounds), flush=True)
        seed(emu, args.sims, args.notified)
        digests = set()

        def record(case, run, log):
            results.setdefault(case, []).append((run, len(log)))
            used = counts(log) if log else "no API request"
            print("  %-7s %7.2f s wall %6.2f CPU-s %5.0f MiB  %s  load %.1f" % (case, run.wall, run.cpu, run.rss, used, run.load), flush=True)
            if run.error:
                failures.append("%s: %s" % (case, run.error))

        def empty():
            record("empty", playbook(os.path.join(tmp, "empty.json"), [], env), [])

        def export():
            emu.clear_requests()
            path = os.path.join(tmp, "fleet.yml")
            run = measure([os.path.join(VENV_BIN, "ansible-playbook"), os.path.join(ROOT, "playbooks", "export.yml"), "-e", "fleet_file=" + path], env)
            log = api_log(emu)
            record("export", run, log)
            if os.path.exists(path):
                with open(path, "rb") as handle:
                    digests.add(hashlib.sha256(handle.read()).hexdigest())
            if [r for r in log if r["method"] != "GET"]:
                failures.append("export: it wrote to the account")

        def floor():
            emu.clear_requests()
            record("floor", measure([sys.executable, os.path.abspath(__file__), "--floor-child", emu.url], env), api_log(emu))

        cases = [empty, export, floor]
        for number in range(args.rounds):
            print("round %d" % (number + 1), flush=True)
            for case in (cases if number % 2 == 0 else cases[::-1]):
                case()
        if len(digests) != 1:
            failures.append("the export gave %d different files for the same account" % len(digests))

        print()
        print("Medians over %d rounds:" % args.rounds)
        for case, runs in results.items():
            print("  %-7s %7.2f s %7.2f CPU-s %5.0f MiB %6.0f requests  load %.1f" % (
                case, statistics.median(run.wall for run, dummy in runs), statistics.median(run.cpu for run, dummy in runs),
                statistics.median(run.rss for run, dummy in runs), statistics.median(count for dummy, count in runs),
                statistics.median(run.load for run, dummy in runs)))
        ratio = statistics.median(results["export"][i][0].wall / (results["floor"][i][0].wall + results["empty"][i][0].wall) for i in range(args.rounds))
        print("Export of %d SIM cards: %d requests, %.2fx the floor + empty playbook in wall time; the same file every round: %s" % (
            args.sims, max(count for dummy, count in results["export"]), ratio, "yes" if len(digests) == 1 else "NO"))
    print(provenance.line(__file__))
    for failure in failures:
        print("CHECK FAILED: %s" % failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
