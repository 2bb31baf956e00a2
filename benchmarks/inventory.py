# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How fast is the telnyx.wireless.sim_cards inventory plugin, next to what Ansible itself costs?

Run:  .venv/bin/python benchmarks/inventory.py [--sims 10000] [--big 100000] [--full] [--rounds 3]

Everything runs here, against the emulator on 127.0.0.1 with 50 ms of latency on every API request. In one run:

1. `ansible-inventory --list` with the plugin (default options) for --sims SIM cards.
2. The floor: the same hosts, groups and variables handed to Ansible as ready JSON by a script inventory (the plugin's
   own output, printed by `cat`): what Ansible itself costs to add and print them. The plugin's target is at most
   1.2 times the floor.
3. A naive client: a script inventory that fetches the same SIM cards one page after the other at the API's default
   page size of 20, then prints the same inventory.
4. Fetching alone (no Ansible), with 1, 2, 4, 8 and 16 concurrent page fetches: how the default of fetch_workers was
   chosen.
5. The plugin for --big SIM cards (with --full also the floor and sequential fetching at that size, a few minutes more).

The cases of a size run once per round, in interleaved rounds (the order reversed every other round, the plugin first in
the first round, whose output the floor then prints); each figure is the median over the rounds, each ratio the median
of the ratios paired within a round. Wall time, CPU seconds (user + system of the whole process tree, /usr/bin/time)
and peak memory of each command, and the machine's 1-minute load average beside each figure. A command that fails or
an inventory that differs is printed and makes the exit status 1; the run goes on.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)
API_KEY = "KEYbench-0000-telnyx-wireless-inventory-5e1d"
LATENCY_MS = 50
PAGE = 250
NAIVE_PAGE = 20
POOL_SIZES = (1, 2, 4, 8, 16)
DEFAULT_WORKERS = 8  # the plugin's fetch_workers default
TIME_BIN = "/usr/bin/time"

# tests/ and tests/integration/ first on sys.path, ahead of this directory (whose emulator.py is not the package):
# the emulator harness is imported as everywhere else, and plain() as the integration tests import it.
sys.path[:0] = [os.path.join(ROOT, "tests"), os.path.join(ROOT, "tests", "integration")]
# benchmarks/provenance.py, beside this file: the line that ends every run
import provenance  # noqa: E402 pylint: disable=wrong-import-position

from conftest import plain  # noqa: E402 pylint: disable=wrong-import-position
from emulator.harness import Emulator  # noqa: E402 pylint: disable=wrong-import-position


def collections_root(tmp):
    """A collections path holding this checkout as telnyx.wireless."""
    link_dir = os.path.join(tmp, "collections", "ansible_collections", "telnyx")
    os.makedirs(link_dir, exist_ok=True)
    link = os.path.join(link_dir, "wireless")
    if not os.path.exists(link):
        os.symlink(ROOT, link)
    return os.path.join(tmp, "collections")


def ansible_env(url, tmp):
    env = dict(os.environ)
    env.update({
        "TELNYX_API_KEY": API_KEY,
        "TELNYX_API_URL": url,
        "ANSIBLE_COLLECTIONS_PATH": collections_root(tmp),
        "ANSIBLE_HOME": os.path.join(tmp, "ansible-home"),
        "ANSIBLE_LOCAL_TEMP": os.path.join(tmp, "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
        "PATH": VENV_BIN + os.pathsep + env.get("PATH", ""),
    })
    env.pop("ANSIBLE_CONFIG", None)
    return env


class Measured:
    """One command: wall seconds, CPU seconds (children included), peak RSS in MiB, the load after it, and an error."""

    def __init__(self, wall, cpu, rss, error=None):
        self.wall, self.cpu, self.rss, self.error = wall, cpu, rss, error
        self.load = os.getloadavg()[0]


def measure(command, env):
    """Run command under /usr/bin/time; never raises on a failure (the error is kept and printed)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        started = time.perf_counter()
        proc = subprocess.run([TIME_BIN, "-f", "%M %U %S", "-o", stats.name] + command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        error = None
        if proc.returncode != 0:
            error = "command failed: %s\n%s%s" % (" ".join(command), proc.stdout[-1500:], proc.stderr[-1500:])
        if API_KEY in proc.stdout or API_KEY in proc.stderr:
            error = "the API key leaked into the output of %s" % command[0]
        rss_kb, user, system = stats.read().strip().splitlines()[-1].split()[-3:]
    return Measured(wall, float(user) + float(system), int(rss_kb) / 1024.0, error)


def ansible_inventory(source, output, env):
    command = [os.path.join(VENV_BIN, "ansible-inventory"), "-i", source, "--list", "--output", output]
    return measure(command, env)


def load(path):
    with open(path) as handle:
        return json.load(handle)


def write_script(path, body):
    with open(path, "w") as handle:
        handle.write(body)
    os.chmod(path, 0o755)
    return path


def seed(emu, count):
    """count SIM cards (a tenth of them eSIMs) over 12 groups, with 5 tags and 3 statuses."""
    emu.reset()
    esims = count // 10
    emu.seed(sim_cards=count - esims, esims=esims, groups=["fleet-%02d" % n for n in range(12)],
             tags=["lost", "field-test", "site:berlin-1", "gen2", "priority"], statuses=["enabled", "disabled", "standby"])
    emu.clear_requests()


def api_request_count(emu):
    return len([r for r in emu.requests() if not r["path"].startswith("/_emulator")])


# ------------------------------------------------------------------------------------------------- naive client

def naive_inventory(argv):
    """A script inventory as a naive client writes one: every page at the default size, one after the other."""
    import requests  # pylint: disable=import-outside-toplevel

    from ansible.inventory.group import to_safe_group_name  # pylint: disable=import-outside-toplevel

    if "--host" in argv:
        print("{}")
        return
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + os.environ["TELNYX_API_KEY"]
    url = os.environ["TELNYX_API_URL"]

    def every(path):
        number, items = 1, []
        while True:
            body = session.get(url + path, params={"page[number]": number, "page[size]": NAIVE_PAGE}, timeout=60).json()
            items.extend(body["data"])
            if number >= body["meta"]["total_pages"]:
                return items
            number += 1

    names = dict((group["id"], group["name"]) for group in every("/sim_card_groups"))
    hostvars, groups = {}, {}
    for sim in every("/sim_cards"):
        host = sim["iccid"]
        variables = dict(("telnyx_" + key, value) for key, value in sim.items() if key != "record_type")
        variables["telnyx_sim_card_group_name"] = names.get(sim["sim_card_group_id"])
        variables["ansible_connection"] = "local"
        hostvars[host] = variables
        member_of = ["telnyx_sim_cards"] + ["tag_" + tag for tag in sim["tags"]]
        member_of += ["sim_card_group_" + names[sim["sim_card_group_id"]], "status_" + sim["status"]["value"], "type_" + sim["type"]]
        for group in member_of:
            groups.setdefault(to_safe_group_name(group, force=True, silent=True), []).append(host)
    result = dict((name, {"hosts": hosts}) for name, hosts in groups.items())
    result["_meta"] = {"hostvars": hostvars}
    json.dump(result, sys.stdout)


# ------------------------------------------------------------------------------------------------- measurements

def fetch_only(url, tmp, workers, size=PAGE):
    """Seconds to fetch every SIM card with the collection's client (no Ansible), and how many came."""
    sys.path.insert(0, collections_root(tmp))
    from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxClient  # pylint: disable=import-outside-toplevel
    client = TelnyxClient(api_key=API_KEY, api_url=url, pool_size=max(workers, 1), read_only=True)
    started = time.perf_counter()
    items = client.list_all("/sim_cards", size=size, workers=workers)
    elapsed = time.perf_counter() - started
    client.close()
    return elapsed, len(items)


def differences(plugin, other):
    """What a comparison must hold and does not: [] when `other` has the plugin's hosts, the same members in every group
    both have, and the same value for every variable both give a host.

    A variable or group only one side has (the plugin gains host variables over time; the naive script is not kept in
    step) is named, not fatal: the figures stay comparable, and a data-shape change never aborts the benchmark. The
    naive script's strings come back unmarked (a script inventory's output is trusted, so its SIM card tags could be
    rendered as templates: one more reason not to write one); the markers are ignored here.
    """
    plugin, other = plain(plugin), plain(other)
    found = []
    hosts, other_hosts = plugin["_meta"]["hostvars"], other["_meta"]["hostvars"]
    if sorted(hosts) != sorted(other_hosts):
        found.append("hosts differ (%d against %d)" % (len(hosts), len(other_hosts)))
    groups = dict((name, body) for name, body in plugin.items() if name not in ("_meta", "all"))
    other_groups = dict((name, body) for name, body in other.items() if name not in ("_meta", "all"))
    if [name for name in groups if name in other_groups and sorted(groups[name].get("hosts", [])) != sorted(other_groups[name].get("hosts", []))]:
        found.append("group members differ")
    only = sorted(set(groups) ^ set(other_groups))
    if only:
        found.append("groups of one side only: %s" % ", ".join(only[:5]))
    values, names = 0, set()
    for host in set(hosts) & set(other_hosts):
        one, two = hosts[host], other_hosts[host]
        values += len([key for key in set(one) & set(two) if one[key] != two[key]])
        names |= set(one) ^ set(two)
    if values:
        found.append("%d variable values differ" % values)
    if names:
        found.append("variables of one side only (not compared): %s" % ", ".join(sorted(names)))
    return found


def run_size(emu, tmp, env, count, floor_too, naive_too, rounds, failures):
    """The cases of one size in interleaved rounds; (lines, the plugin's median wall time)."""
    seed(emu, count)
    config = os.path.join(tmp, "bench.sim_cards.yml")
    with open(config, "w") as handle:
        handle.write("plugin: telnyx.wireless.sim_cards\n")
    outputs = dict((case, os.path.join(tmp, "%s-%d.json" % (case, count))) for case in ("plugin", "floor", "naive"))
    floor_script = write_script(os.path.join(tmp, "floor_inventory.sh"), "#!/bin/sh\nexec cat %s\n" % os.path.join(tmp, "first-%d.json" % count))
    naive_script = write_script(os.path.join(tmp, "naive_inventory.sh"), "#!/bin/sh\nexec %s %s naive-inventory \"$@\"\n" % (
        sys.executable, os.path.abspath(__file__)))
    sources = {"plugin": config, "floor": floor_script, "naive": naive_script}
    cases = ["plugin"] + (["floor"] if floor_too else []) + (["naive"] if naive_too else [])
    results = dict((case, []) for case in cases)
    lines = ["%d SIM cards, %d ms latency, %d interleaved rounds:" % (count, LATENCY_MS, rounds)]
    for number in range(rounds):
        lines.append("  round %d" % (number + 1))
        for case in (cases if number % 2 == 0 else list(reversed(cases))):
            emu.clear_requests()
            run = ansible_inventory(sources[case], outputs[case], env)
            run.requests = api_request_count(emu)
            results[case].append(run)
            if number == 0 and case == "plugin" and not run.error:
                with open(outputs["plugin"]) as source, open(os.path.join(tmp, "first-%d.json" % count), "w") as target:
                    target.write(source.read())
            lines.append("    %-8s %7.2f s wall %6.2f CPU-s %5.0f MiB %6d requests  load %.1f%s" % (
                case, run.wall, run.cpu, run.rss, run.requests, run.load, "  FAILED" if run.error else ""))
            if run.error:
                failures.append("%s, %d SIM cards: %s" % (case, count, run.error))
    plugin_data = load(outputs["plugin"]) if not results["plugin"][-1].error else None
    if plugin_data is not None:
        hosts = len(plugin_data["_meta"]["hostvars"])
        variables = len(next(iter(plugin_data["_meta"]["hostvars"].values()))) if hosts else 0
        groups = len([name for name in plugin_data if name not in ("_meta", "all")])
        lines.append("  the plugin: %d hosts, %d groups, %d variables per host, %d requests (ceil(%d/%d) SIM card pages + group pages)" % (
            hosts, groups, variables, max(run.requests for run in results["plugin"]), count, PAGE))
        for case in cases[1:]:
            if not results[case][-1].error:
                lines += ["    note: the %s's inventory: %s" % (case, text) for text in differences(plugin_data, load(outputs[case]))]
    lines.append("  medians over %d rounds (wall s / CPU-s / MiB / requests / load):" % rounds)
    for case in cases:
        runs = results[case]
        lines.append("    %-8s %7.2f s %6.2f CPU-s %5.0f MiB %6d requests  load %.1f" % (
            case, median(runs, "wall"), median(runs, "cpu"), median(runs, "rss"), median(runs, "requests"), median(runs, "load")))
    if floor_too:
        ratio = statistics.median(plugin.wall / floor.wall for plugin, floor in zip(results["plugin"], results["floor"]))
        cpu = statistics.median(plugin.cpu / floor.cpu for plugin, floor in zip(results["plugin"], results["floor"]))
        lines.append("  plugin vs floor: %.2fx wall, %.2fx CPU (target: at most 1.2x wall: %s)" % (ratio, cpu, "met" if ratio <= 1.2 else "NOT MET"))
    if naive_too:
        ratio = statistics.median(naive.wall / plugin.wall for plugin, naive in zip(results["plugin"], results["naive"]))
        lines.append("  naive client vs plugin: %.1fx wall" % ratio)
    return lines, median(results["plugin"], "wall")


def median(runs, field):
    return statistics.median(getattr(run, field) for run in runs)


def pool_table(emu, tmp, count, sizes, repeats, plugin_wall):
    """Fetch-only times per pool size (the emulator holds `count` SIM cards already)."""
    title = "fetching %d SIM cards alone (the collection's client, pages of %d, %d ms latency), median of %d:" % (
        count, PAGE, LATENCY_MS, repeats)
    lines = [title, "  %-14s %10s %14s" % ("fetch_workers", "seconds", "SIM cards/s")]
    medians = {}
    for workers in sizes:
        runs = []
        for dummy in range(repeats):
            seconds, got = fetch_only(emu.url, tmp, workers)
            if got != count:
                lines.append("  fetch_workers %d fetched %d SIM cards, expected %d" % (workers, got, count))
            runs.append(seconds)
        median = statistics.median(runs)
        lines.append("  %-14d %10.2f %14.0f  load %.1f" % (workers, median, count / median, os.getloadavg()[0]))
        medians[workers] = median
    best = min(medians, key=medians.get)
    if DEFAULT_WORKERS in medians and best != DEFAULT_WORKERS:
        lost = medians[DEFAULT_WORKERS] - medians[best]
        lines.append("  the default (%d) is %.2f s slower than %d, %.1f%% of the plugin's %.1f s ansible-inventory run at this size"
                     % (DEFAULT_WORKERS, lost, best, 100.0 * lost / plugin_wall, plugin_wall))
    return lines


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "naive-inventory":
        naive_inventory(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--sims", type=int, default=10000, help="SIM cards of the main comparison (default 10000)")
    parser.add_argument("--big", type=int, default=100000, help="SIM cards of the large run (default 100000; 0 skips it)")
    parser.add_argument("--full", action="store_true", help="at --big size also run the floor and sequential fetching (minutes more)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of each size (default 3)")
    args = parser.parse_args()

    started = time.perf_counter()
    failures = []

    def emit(lines):
        print("\n".join(lines), flush=True)

    with tempfile.TemporaryDirectory(prefix="telnyx-inventory-bench-") as tmp, \
            Emulator(api_key=API_KEY, transition_seconds=1, latency_ms=LATENCY_MS) as emu:
        env = ansible_env(emu.url, tmp)
        lines, wall = run_size(emu, tmp, env, args.sims, True, True, args.rounds, failures)
        emit(lines + [""])
        emit(pool_table(emu, tmp, args.sims, POOL_SIZES, 3, wall) + [""])
        if args.big:
            lines, wall = run_size(emu, tmp, env, args.big, args.full, False, args.rounds, failures)
            emit(lines + [""])
            emit(pool_table(emu, tmp, args.big, POOL_SIZES if args.full else (4, 8, 16), 1, wall) + [""])
    emit(["FAILED: %s" % failure for failure in failures])
    emit(["benchmark time: %.0f s" % (time.perf_counter() - started), provenance.line(__file__)])
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
