# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How fast is the emulator? Prints numbers; asserts nothing.

    python benchmarks/emulator.py [--sizes 10000 100000] [--repeat 30]

Starts the emulator (tests/emulator/harness.py), seeds 10,000 then 100,000 SIM cards, and reports the
seed time and the median / p95 time to serve one 250-item page of GET /v2/sim_cards (first, middle and
last page; without and with a tag filter; with the filter cache warm and cold), plus a full walk over all
pages. Inventory benchmarks can subtract these to show that they measure the plugin, not the emulator.
"""

import argparse
import os
import statistics
import sys
import time

# tests/ first on sys.path, ahead of this directory (whose emulator.py is not the package): the harness's one import.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
from emulator.harness import Emulator  # noqa: E402 pylint: disable=wrong-import-position

PAGE = 250
TAGS = ["site-a", "site-b", "site-c"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(session, url, params):
    started = time.perf_counter()
    response = session.get(url, params=params, timeout=60)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed, response.json()


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def measure(session, url, params, repeat, invalidate=None):
    samples = []
    for _index in range(repeat):
        if invalidate is not None:
            invalidate()
        elapsed, body = timed(session, url, params)
        samples.append(elapsed)
    return samples, body


def report(label, samples, items):
    print("  %-46s median %7.2f ms   p95 %7.2f ms   (%d items)" % (
        label, statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000, items))


def run(sizes, repeat):
    with Emulator(api_key="bench-key", transition_seconds=1.0) as emu:
        session = emu.session()
        url = emu.url + "/sim_cards"
        baseline, _body = measure(session, emu.url + "/sim_card_groups", {}, repeat)
        print("emulator at %s (pid %d)" % (emu.base, emu.process.pid))
        report("baseline: GET /sim_card_groups", baseline, 1)
        for size in sizes:
            emu.reset()
            started = time.perf_counter()
            seeded = emu.seed(sim_cards=size, tags=TAGS, groups=["bench-1", "bench-2"])
            seed_seconds = time.perf_counter() - started
            victim = seeded["sim_cards"][0]  # SIM 0 carries no tags (seed rule: tag j when bit j of i is set)
            del seeded
            print("\n%d SIM cards: seeded in %.2f s (control call incl. its JSON answer); emulator RSS %.0f MB" % (
                size, seed_seconds, rss_mb(emu.process.pid)))
            for filtered in (False, True):
                base = {"page[size]": PAGE}
                if filtered:
                    base["filter[tags]"] = ",".join(TAGS[:2])
                _elapsed, first = timed(session, url, base)
                pages = first["meta"]["total_pages"]
                kind = "filter[tags]=%s" % base["filter[tags]"] if filtered else "no filter"
                for name, number in (("first", 1), ("middle", max(1, pages // 2)), ("last", pages)):
                    samples, body = measure(session, url, dict(base, **{"page[number]": number}), repeat)
                    report("%s, %s page (%d/%d)" % (kind, name, number, pages), samples, len(body["data"]))

                def invalidate(victim=victim):
                    # Any write invalidates the emulator's cache of filtered results; this one changes nothing else.
                    session.patch(emu.url + "/sim_cards/" + victim["id"], json={"tags": victim["tags"]}, timeout=60).raise_for_status()
                samples, body = measure(session, url, dict(base, **{"page[number]": max(1, pages // 2)}), max(5, repeat // 3), invalidate)
                report("%s, middle page, cold cache (after a write)" % kind, samples, len(body["data"]))
                started = time.perf_counter()
                total = 0
                for number in range(1, pages + 1):
                    total += len(timed(session, url, dict(base, **{"page[number]": number}))[1]["data"])
                walk = time.perf_counter() - started
                print("  %-46s %7.2f s for %d pages, %.2f ms per page (%d items)" % (
                    "%s, full walk" % kind, walk, pages, walk * 1000 / max(pages, 1), total))
        session.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print("Python %s" % sys.version.split()[0])
    run(args.sizes, args.repeat)


if __name__ == "__main__":
    main()
