# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How fast is telnyx.wireless.sim_card_fleet, next to a loop of sim_card tasks and to plain Python?

Run:  .venv/bin/python benchmarks/fleet.py [--changes 1000] [--loop 100] [--unchanged 10000] [--workers 8]

Everything runs here, against the emulator on 127.0.0.1 with 50 ms of latency on every API request and 1 s status
transitions. Side by side, in one run:

1. The fleet task: --changes SIM cards (enabled, untagged) made disabled and tagged, in one sim_card_fleet task.
2. The loop: the same change as a loop of telnyx.wireless.sim_card tasks over --loop SIM cards, scaled per SIM card.
3. The floor: the same requests from plain Python `requests` on one connection pool - list reads, the PATCHes and
   the disable actions with the same concurrency, polling the fleet with the list - plus Ansible's own start-up (an
   empty playbook).
4. --unchanged SIM cards that need no change, checked in one fleet task (requests counted), next to
   `ansible-inventory --list` of the same fleet with the telnyx.wireless.sim_cards inventory plugin.

Targets (issue 13): the fleet task at least 50x faster per SIM card than the loop and within 2x of the floor plus the
empty playbook; the unchanged fleet of 10,000 checked with at most 41 requests, faster than ansible-inventory --list.
Wall time, peak memory (maximum resident set size) and CPU seconds (user + system, children included) come from
/usr/bin/time; the requests from the emulator's request log, which also shows where the time goes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)
API_KEY = "KEYbench-0000-telnyx-wireless-fleet-81c4"
LATENCY_MS = 50
TRANSITION_SECONDS = 1.0
TIME_BIN = "/usr/bin/time"
PAGE = 250


# tests/ first on sys.path, ahead of this directory (whose emulator.py is not the package): the emulator harness is
# imported as everywhere else.
sys.path[:0] = [os.path.join(ROOT, "tests")]
# benchmarks/provenance.py, beside this file: the line that ends every run
import provenance  # noqa: E402 pylint: disable=wrong-import-position

from emulator.harness import Emulator  # noqa: E402 pylint: disable=wrong-import-position


def collections_root(tmp):
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
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "PATH": VENV_BIN + os.pathsep + env.get("PATH", ""),
    })
    env.pop("ANSIBLE_CONFIG", None)
    return env


class Measured:
    """One command's wall time, peak RSS (MiB) and CPU seconds (user + system)."""

    def __init__(self, wall, rss, cpu, started, ended, stdout=""):
        self.wall, self.rss, self.cpu, self.started, self.ended, self.stdout = wall, rss, cpu, started, ended, stdout


def measure(command, env):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        prefix = [TIME_BIN, "-f", "%M %U %S", "-o", stats.name]
        started = time.time()
        begin = time.perf_counter()
        proc = subprocess.run(prefix + command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - begin
        ended = time.time()
        if proc.returncode != 0:
            raise SystemExit("command failed: %s\n%s%s" % (" ".join(command[:3]), proc.stdout[-4000:], proc.stderr[-4000:]))
        if API_KEY in proc.stdout or API_KEY in proc.stderr:
            raise SystemExit("the API key leaked into the output of %s" % command[0])
        rss_kb, user, system = stats.read().strip().splitlines()[-1].split()
    return Measured(wall, int(rss_kb) / 1024.0, float(user) + float(system), started, ended, proc.stdout)


def playbook(path, tasks, tmp, env, extra=()):
    play = [{"name": "bench", "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}]
    with open(path, "w") as handle:
        json.dump(play, handle)
    return measure([os.path.join(VENV_BIN, "ansible-playbook"), "-i", "localhost,", path] + list(extra), env)


def api_log(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def where_time_goes(run, log):
    """Phases of a run from the request log: start-up before the first request, reading, writing, waiting, the end."""
    if not log:
        return "no request"
    first = log[0]["time"]
    writes = [r["time"] for r in log if r["method"] != "GET"]
    last = log[-1]["time"]
    if not writes:
        return "start-up %.1f s, reads %.1f s, after the last request %.1f s" % (first - run.started, last - first, run.ended - last)
    return "start-up %.1f s, reads %.1f s, writes %.1f s (incl. waits between rounds), last wait %.1f s, after the last request %.1f s" % (
        first - run.started, writes[0] - first, writes[-1] - writes[0], last - writes[-1], run.ended - last)


def counts(log):
    gets = sum(1 for r in log if r["method"] == "GET")
    return "%d requests (%d reads, %d writes)" % (len(log), gets, len(log) - gets)


def seed_enabled(emu, count):
    emu.reset()
    emu.config(transition_seconds=TRANSITION_SECONDS)
    emu.latency(LATENCY_MS)
    sims = emu.seed(sim_cards=count, groups=["fleet"])["sim_cards"]
    emu.clear_requests()
    return sims


# ------------------------------------------------------------------------------------------------- the floor

def floor(url, sims, workers):
    """Plain Python: one requests.Session, list reads, PATCH + disable with `workers` threads, polling the list."""
    import requests  # pylint: disable=import-outside-toplevel
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=workers)
    session.mount("http://", adapter)
    session.headers["Authorization"] = "Bearer " + API_KEY
    pool = ThreadPoolExecutor(max_workers=workers)
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()

    def page(number):
        return session.get(url + "/sim_cards", params={"page[number]": number, "page[size]": PAGE}, timeout=60).json()

    def read_all():
        first = page(1)
        items = list(first["data"])
        for body in pool.map(page, range(2, first["meta"]["total_pages"] + 1)):
            items.extend(body["data"])
        return items

    wanted = set(sim["id"] for sim in sims)
    current = [sim for sim in read_all() if sim["id"] in wanted]

    def change(sim):
        session.patch(url + "/sim_cards/%s" % sim["id"], json={"tags": ["bench"]}, timeout=60).raise_for_status()
        session.post(url + "/sim_cards/%s/actions/disable" % sim["id"], timeout=60).raise_for_status()

    list(pool.map(change, current))
    delay = 0.1
    while True:
        time.sleep(delay)
        delay = min(delay * 2, 2)
        if all(sim["status"]["value"] == "disabled" for sim in read_all() if sim["id"] in wanted):
            break
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    pool.shutdown()
    session.close()
    return wall, (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)


# ------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--loop", type=int, default=100)
    parser.add_argument("--unchanged", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="telnyx-fleet-bench-") as tmp, \
            Emulator(api_key=API_KEY, transition_seconds=TRANSITION_SECONDS) as emu:
        env = ansible_env(emu.url, tmp)
        say("telnyx.wireless fleet benchmark: emulator latency %d ms per request, transitions %.0f s, workers %d, %d CPUs" % (
            LATENCY_MS, TRANSITION_SECONDS, args.workers, os.cpu_count()))
        say()

        empty = playbook(os.path.join(tmp, "empty.json"), [], tmp, env)
        say("Empty playbook (Ansible start-up): %.2f s, %.0f MiB, %.2f CPU-s" % (empty.wall, empty.rss, empty.cpu))

        # 1. the fleet task
        sims = seed_enabled(emu, args.changes)
        entries = [{"iccid": sim["iccid"], "state": "disabled", "tags": ["bench"]} for sim in sims]
        fleet_file = os.path.join(tmp, "fleet_vars.json")
        with open(fleet_file, "w") as handle:
            json.dump({"fleet": entries}, handle)
        task = {"name": "fleet", "telnyx.wireless.sim_card_fleet": {"sim_cards": "{{ fleet }}", "workers": args.workers}}
        fleet = playbook(os.path.join(tmp, "fleet.json"), [task], tmp, env, ["-e", "@" + fleet_file])
        log = api_log(emu)
        done = sum(1 for sim in sims if emu.sim(sim["id"])["status"]["value"] == "disabled")
        assert done == args.changes, "the fleet task left %d SIM cards not disabled" % (args.changes - done)
        say("1. Fleet task, %d SIM cards -> disabled + tagged: %.1f s (%.4f s per SIM card), %.0f MiB, %.1f CPU-s, %s" % (
            args.changes, fleet.wall, fleet.wall / args.changes, fleet.rss, fleet.cpu, counts(log)))
        say("   where the time goes: %s" % where_time_goes(fleet, log))

        # 2. the loop of sim_card tasks
        sims = seed_enabled(emu, args.loop)
        loop_task = {"name": "loop", "telnyx.wireless.sim_card": {"iccid": "{{ item }}", "state": "disabled", "tags": ["bench"]},
                     "loop": [sim["iccid"] for sim in sims]}
        loop = playbook(os.path.join(tmp, "loop.json"), [loop_task], tmp, env)
        log = api_log(emu)
        per_loop = (loop.wall - empty.wall) / args.loop
        say("2. Loop of sim_card, %d SIM cards: %.1f s (%.3f s per SIM card after start-up; x%d = %.0f s for %d), %.0f MiB, %.1f CPU-s "
            "(%.2f per SIM card), %s" % (args.loop, loop.wall, per_loop, args.changes // args.loop, per_loop * args.changes + empty.wall,
                                         args.changes, loop.rss, loop.cpu, loop.cpu / args.loop, counts(log)))
        say("   where the time goes: %s" % where_time_goes(loop, log))

        # 3. the floor
        sims = seed_enabled(emu, args.changes)
        floor_wall, floor_cpu = floor(emu.url, sims, args.workers)
        log = api_log(emu)
        say("3. Floor, plain Python requests, %d SIM cards: %.1f s (%.4f s per SIM card), %.1f CPU-s, %s" % (
            args.changes, floor_wall, floor_wall / args.changes, floor_cpu, counts(log)))
        say()
        per_fleet = fleet.wall / args.changes
        say("   fleet vs loop, per SIM card: %.0fx faster (target >= 50x)" % (per_loop / per_fleet))
        say("   fleet vs floor + empty playbook (%.1f s): %.2fx (target <= 2x)" % (floor_wall + empty.wall, fleet.wall / (floor_wall + empty.wall)))
        say()

        # 4. 10,000 SIM cards that need no change, and ansible-inventory --list of the same fleet
        emu.reset()
        emu.latency(LATENCY_MS)
        sims = emu.seed(sim_cards=args.unchanged, groups=["fleet-%02d" % n for n in range(12)], tags=["eu", "gen2"],
                        statuses=["enabled", "disabled", "standby"])["sim_cards"]
        import requests  # pylint: disable=import-outside-toplevel
        answer = requests.get(emu.url + "/sim_card_groups", headers={"Authorization": "Bearer " + API_KEY}, timeout=60).json()
        names = dict((group["id"], group["name"]) for group in answer["data"])
        state = {"enabled": "present", "disabled": "disabled", "standby": "standby"}
        entries = [{"iccid": sim["iccid"], "state": state[sim["status"]], "tags": sim["tags"], "sim_card_group": names[sim["sim_card_group_id"]]}
                   for sim in sims]
        with open(fleet_file, "w") as handle:
            json.dump({"fleet": entries}, handle)
        emu.clear_requests()
        unchanged = playbook(os.path.join(tmp, "unchanged.json"), [dict(task, register="out")], tmp, env, ["-e", "@" + fleet_file])
        log = api_log(emu)
        assert not [r for r in log if r["method"] != "GET"], "the unchanged fleet was written"
        say("4. Fleet task, %d SIM cards already as declared: %.1f s, %.0f MiB, %.1f CPU-s, %s (target <= %d)" % (
            args.unchanged, unchanged.wall, unchanged.rss, unchanged.cpu, counts(log), math.ceil(args.unchanged / PAGE) + 1))
        say("   where the time goes: %s" % where_time_goes(unchanged, log))
        source = os.path.join(tmp, "telnyx.sim_cards.yml")
        with open(source, "w") as handle:
            handle.write("plugin: telnyx.wireless.sim_cards\n")
        emu.clear_requests()
        inventory = measure([os.path.join(VENV_BIN, "ansible-inventory"), "-i", source, "--list", "--output", os.path.join(tmp, "inv.json")], env)
        log = api_log(emu)
        say("   ansible-inventory --list, same fleet: %.1f s, %.0f MiB, %.1f CPU-s, %s -> the fleet task is %.2fx its time" % (
            inventory.wall, inventory.rss, inventory.cpu, counts(log), unchanged.wall / inventory.wall))

    say(provenance.line(__file__))
    out = os.environ.get("FLEET_BENCH_OUT")
    if out:
        with open(out, "w") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
