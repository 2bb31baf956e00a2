# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How fast is the telnyx.wireless.sim_cards inventory plugin, next to what Ansible itself costs?

Run:  .venv/bin/python benchmarks/inventory.py [--sims 10000] [--big 100000] [--full]

Everything runs here, against the emulator on 127.0.0.1 with 50 ms of latency on every API request. In one run:

1. `ansible-inventory --list` with the plugin (default options) for --sims SIM cards: wall time and peak memory.
2. The floor: the same hosts, groups and variables handed to Ansible as ready JSON by a script inventory (the plugin's
   own output, printed by `cat`): what Ansible itself costs to add and print them. The plugin's target is at most
   1.2 times the floor.
3. A naive client: a script inventory that fetches the same SIM cards one page after the other at the API's default
   page size of 20, then prints the same inventory.
4. Fetching alone (no Ansible), with 1, 2, 4, 8 and 16 concurrent page fetches: how the default of fetch_workers was
   chosen.
5. The plugin for --big SIM cards (with --full also the floor and sequential fetching at that size, a few minutes more).

Peak memory comes from /usr/bin/time (maximum resident set size of the command).
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


def measure(command, env):
    """Run command; returns (wall seconds, peak RSS in MiB or None)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        prefix = [TIME_BIN, "-f", "%M", "-o", rss.name] if os.access(TIME_BIN, os.X_OK) else []
        started = time.perf_counter()
        proc = subprocess.run(prefix + command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit("command failed: %s\n%s%s" % (" ".join(command), proc.stdout[-3000:], proc.stderr[-3000:]))
        if API_KEY in proc.stdout or API_KEY in proc.stderr:
            raise SystemExit("the API key leaked into the output of %s" % command[0])
        text = rss.read().strip().splitlines()
    return wall, (int(text[-1]) / 1024.0 if prefix and text else None)


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


def row(label, wall, rss, floor=None):
    ratio = "" if floor is None else "%.2fx" % (wall / floor)
    return "  %-66s %8.1f s %9s %8s" % (label, wall, "%.0f MiB" % rss if rss else "n/a", ratio)


def run_size(emu, tmp, env, count, floor_too, naive_too):
    seed(emu, count)
    config = os.path.join(tmp, "bench.sim_cards.yml")
    with open(config, "w") as handle:
        handle.write("plugin: telnyx.wireless.sim_cards\n")
    plugin_out = os.path.join(tmp, "plugin-%d.json" % count)
    plugin = ansible_inventory(config, plugin_out, env)
    requests_sent = api_request_count(emu)
    plugin_data = load(plugin_out)
    hosts = len(plugin_data["_meta"]["hostvars"])
    variables = len(next(iter(plugin_data["_meta"]["hostvars"].values())))
    groups = len([name for name in plugin_data if name not in ("_meta", "all")])
    lines = ["%d SIM cards, %d ms latency: %d hosts, %d groups, %d variables per host; the plugin sent %d requests "
             "(ceil(%d/%d) SIM card pages + group pages)" % (count, LATENCY_MS, hosts, groups, variables, requests_sent, count, PAGE),
             "  %-66s %10s %9s %8s" % ("ansible-inventory --list", "wall", "peak RSS", "/floor")]
    floor = None
    if floor_too:
        script = write_script(os.path.join(tmp, "floor_inventory.sh"), "#!/bin/sh\nexec cat %s\n" % plugin_out)
        floor_out = os.path.join(tmp, "floor-%d.json" % count)
        floor = ansible_inventory(script, floor_out, env)
        lines.append(row("floor: the same inventory as ready JSON (script inventory)", floor[0], floor[1]))
        lines += ["    note: the floor's inventory: %s" % text for text in differences(plugin_data, load(floor_out))]
    lines.append(row("telnyx.wireless.sim_cards (defaults: pages of %d, fetch_workers 8)" % PAGE, plugin[0], plugin[1], floor and floor[0]))
    if naive_too:
        script = write_script(os.path.join(tmp, "naive_inventory.sh"), "#!/bin/sh\nexec %s %s naive-inventory \"$@\"\n" % (
            sys.executable, os.path.abspath(__file__)))
        naive_out = os.path.join(tmp, "naive-%d.json" % count)
        emu.clear_requests()
        naive = ansible_inventory(script, naive_out, env)
        naive_requests = api_request_count(emu)
        lines.append(row("naive: sequential pages of %d (%d requests)" % (NAIVE_PAGE, naive_requests), naive[0], naive[1], floor and floor[0]))
        lines += ["    note: the naive client's inventory: %s" % text for text in differences(plugin_data, load(naive_out))]
    if floor:
        target = "met" if plugin[0] <= 1.2 * floor[0] else "NOT MET"
        lines.append("  target (plugin at most 1.2x the floor's wall time): %s" % target)
    return lines, plugin[0]


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
                raise SystemExit("fetched %d SIM cards, expected %d" % (got, count))
            runs.append(seconds)
        median = statistics.median(runs)
        lines.append("  %-14d %10.2f %14.0f" % (workers, median, count / median))
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
    args = parser.parse_args()

    started = time.perf_counter()

    def emit(lines):
        print("\n".join(lines), flush=True)

    with tempfile.TemporaryDirectory(prefix="telnyx-inventory-bench-") as tmp, \
            Emulator(api_key=API_KEY, transition_seconds=1, latency_ms=LATENCY_MS) as emu:
        env = ansible_env(emu.url, tmp)
        lines, wall = run_size(emu, tmp, env, args.sims, floor_too=True, naive_too=True)
        emit(lines + [""])
        emit(pool_table(emu, tmp, args.sims, POOL_SIZES, 3, wall) + [""])
        if args.big:
            lines, wall = run_size(emu, tmp, env, args.big, floor_too=args.full, naive_too=False)
            emit(lines + [""])
            emit(pool_table(emu, tmp, args.big, POOL_SIZES if args.full else (4, 8, 16), 1, wall) + [""])
    emit(["benchmark time: %.0f s" % (time.perf_counter() - started), provenance.line(__file__)])


if __name__ == "__main__":
    main()
