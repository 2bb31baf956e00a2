# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How fast is telnyx.wireless.sim_card_fleet, next to the true floor, on an account with and without a rate limit?

Run:  .venv/bin/python benchmarks/fleet.py [--rounds 3] [--changes 1000] [--unchanged 10000] [--limit 100] [--loop 0]

Everything runs here, against the emulator on 127.0.0.1 with 50 ms of latency on every API request and 1 s status
transitions, with the module's default options. Every case runs once per round, in interleaved rounds (the order
reversed every other round, so that no case always runs first); each figure is the median over the rounds, and each
ratio is the median of the ratios paired within a round. Wall time, CPU seconds (user + system of the whole process
tree: /usr/bin/time counts the children) and peak memory (maximum resident set size) of each command; the requests from
the emulator's request log; the machine's 1-minute load average beside each figure.

Cases:
- empty: an empty playbook (Ansible's own start-up);
- fleet: one sim_card_fleet task makes --changes SIM cards (enabled, untagged) disabled and tagged;
- floor: the same requests from plain Python `requests` in a child process (one session, the list's pages, the PATCH
  and the disable action of each SIM card on 50 threads, then polling the list until all are disabled);
- limited: the fleet case with the emulator allowing --limit requests a second (x-ratelimit-* headers, 429 beyond),
  against that limit's own floor: the floor's request count at --limit a second, plus the empty playbook;
- unchanged: --unchanged SIM cards already as declared, checked in one task, next to
- inventory: `ansible-inventory --list` of the same fleet with the telnyx.wireless.sim_cards plugin;
- loop (with --loop N): a loop of N sim_card tasks making the same change, per SIM card.

Targets (issue 22): fleet within 1.5x of floor + empty; limited within 1.5x of its floor with at most 2% of its
requests answered 429; unchanged with at most ceil(N/250) + 1 requests and at most 0.7x the inventory's time. A target
not met is printed as such; a check that fails (a SIM card left unchanged, a write in the no-op) is printed and makes
the exit status 1, but the run goes on: the benchmark compares what it must and never aborts on a change of data shape.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
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
FLOOR_THREADS = 50


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
    """One command's wall time, peak RSS (MiB), CPU seconds (user + system, children included) and the load after it."""

    def __init__(self, wall, rss, cpu, started, ended, stdout="", error=None):
        self.wall, self.rss, self.cpu, self.started, self.ended, self.stdout, self.error = wall, rss, cpu, started, ended, stdout, error
        self.load = os.getloadavg()[0]


def measure(command, env):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        prefix = [TIME_BIN, "-f", "%M %U %S", "-o", stats.name]
        started = time.time()
        begin = time.perf_counter()
        proc = subprocess.run(prefix + command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - begin
        ended = time.time()
        error = None
        if proc.returncode != 0:
            error = "%s failed (rc %d): %s" % (os.path.basename(command[0]), proc.returncode, (proc.stdout[-1500:] + proc.stderr[-1500:]).strip())
        if API_KEY in proc.stdout or API_KEY in proc.stderr:
            error = "the API key leaked into the output of %s" % command[0]
        rss_kb, user, system = stats.read().strip().splitlines()[-1].split()[-3:]
    return Measured(wall, int(rss_kb) / 1024.0, float(user) + float(system), started, ended, proc.stdout, error)


def playbook(path, tasks, env, extra=()):
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
    refused = sum(1 for r in log if r["status"] == 429)
    return "%d requests (%d reads, %d writes, %d answered 429)" % (len(log), gets, len(log) - gets, refused)


def seed_enabled(emu, count):
    emu.reset()
    emu.config(transition_seconds=TRANSITION_SECONDS)
    emu.latency(LATENCY_MS)
    sims = emu.seed(sim_cards=count, groups=["fleet"])["sim_cards"]
    emu.clear_requests()
    return sims


# ------------------------------------------------------------------------------------------------- the floor

def floor_child(url, ids_file, threads):
    """Plain Python (run as a child process, measured like the others): one requests.Session, the list's pages, PATCH +
    disable of each SIM card on `threads` threads, then polling the list until all are disabled."""
    import requests  # pylint: disable=import-outside-toplevel
    with open(ids_file) as handle:
        wanted = set(json.load(handle))
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=threads)
    session.mount("http://", adapter)
    session.headers["Authorization"] = "Bearer " + os.environ["TELNYX_API_KEY"]
    pool = ThreadPoolExecutor(max_workers=threads)

    def page(number):
        return session.get(url + "/sim_cards", params={"page[number]": number, "page[size]": PAGE}, timeout=60).json()

    def read_all():
        first = page(1)
        items = list(first["data"])
        for body in pool.map(page, range(2, first["meta"]["total_pages"] + 1)):
            items.extend(body["data"])
        return [sim for sim in items if sim["id"] in wanted]

    def change(sim):
        session.patch(url + "/sim_cards/%s" % sim["id"], json={"tags": ["bench"]}, timeout=60).raise_for_status()
        session.post(url + "/sim_cards/%s/actions/disable" % sim["id"], timeout=60).raise_for_status()

    list(pool.map(change, read_all()))
    delay = 0.1
    while True:
        time.sleep(delay)
        delay = min(delay * 2, 2)
        if all(sim["status"]["value"] == "disabled" for sim in read_all()):
            break
    pool.shutdown()
    session.close()


# ------------------------------------------------------------------------------------------------- the cases

class Bench:
    """The emulator, the environment and the results of every round."""

    def __init__(self, emu, env, tmp, args, say):
        self.emu, self.env, self.tmp, self.args, self.say = emu, env, tmp, args, say
        self.results = {}  # case -> [(Measured, requests, refused)] per round
        self.failures = []

    def record(self, case, run, log, note=""):
        refused = sum(1 for r in log if r["status"] == 429)
        self.results.setdefault(case, []).append((run, len(log), refused))
        self.say("  %-9s %7.2f s wall %6.2f CPU-s %5.0f MiB  %s  load %.1f%s" % (
            case, run.wall, run.cpu, run.rss, counts(log) if log else "no API request", run.load, note))
        if run.error:
            self.check(False, "%s: %s" % (case, run.error))

    def check(self, ok, text):
        if not ok:
            self.failures.append(text)
            self.say("  CHECK FAILED: %s" % text)

    def fleet_file(self, entries):
        path = os.path.join(self.tmp, "fleet_vars.json")
        with open(path, "w") as handle:
            json.dump({"fleet": entries}, handle)
        return path

    def empty(self):
        run = playbook(os.path.join(self.tmp, "empty.json"), [], self.env)
        self.record("empty", run, [])

    def change_task(self, case, limit=None):
        sims = seed_enabled(self.emu, self.args.changes)
        if limit:
            self.emu.config(rate_limit=limit, rate_window_seconds=1)
        path = self.fleet_file([{"iccid": sim["iccid"], "state": "disabled", "tags": ["bench"]} for sim in sims])
        task = {"name": "fleet", "telnyx.wireless.sim_card_fleet": {"sim_cards": "{{ fleet }}"}}
        try:
            run = playbook(os.path.join(self.tmp, "fleet.json"), [task], self.env, ["-e", "@" + path])
            log = api_log(self.emu)
        finally:
            self.emu.config(rate_limit=None, rate_window_seconds=None)
        left = sum(1 for sim in sims if self.emu.sim(sim["id"])["status"]["value"] != "disabled")
        self.record(case, run, log, "; %s" % where_time_goes(run, log))
        self.check(left == 0, "%s: %d SIM cards not disabled" % (case, left))

    def fleet(self):
        self.change_task("fleet")

    def limited(self):
        self.change_task("limited", limit=self.args.limit)

    def floor(self):
        sims = seed_enabled(self.emu, self.args.changes)
        ids = os.path.join(self.tmp, "ids.json")
        with open(ids, "w") as handle:
            json.dump([sim["id"] for sim in sims], handle)
        run = measure([sys.executable, os.path.abspath(__file__), "--floor-child", self.emu.url, ids, str(FLOOR_THREADS)], self.env)
        log = api_log(self.emu)
        self.record("floor", run, log)

    def loop(self):
        sims = seed_enabled(self.emu, self.args.loop)
        task = {"name": "loop", "telnyx.wireless.sim_card": {"iccid": "{{ item }}", "state": "disabled", "tags": ["bench"]},
                "loop": [sim["iccid"] for sim in sims]}
        run = playbook(os.path.join(self.tmp, "loop.json"), [task], self.env)
        self.record("loop", run, api_log(self.emu))

    def seed_unchanged(self):
        """The same account for the no-op fleet task and the inventory of a round."""
        self.emu.reset()
        self.emu.latency(LATENCY_MS)
        sims = self.emu.seed(sim_cards=self.args.unchanged, groups=["fleet-%02d" % n for n in range(12)], tags=["eu", "gen2"],
                             statuses=["enabled", "disabled", "standby"])["sim_cards"]
        import requests  # pylint: disable=import-outside-toplevel
        answer = requests.get(self.emu.url + "/sim_card_groups", params={"page[size]": PAGE}, headers={"Authorization": "Bearer " + API_KEY},
                              timeout=60).json()
        names = dict((group["id"], group["name"]) for group in answer["data"])
        state = {"enabled": "present", "disabled": "disabled", "standby": "standby"}
        self.unchanged_file = self.fleet_file([
            {"iccid": sim["iccid"], "state": state[sim["status"]], "tags": sim["tags"], "sim_card_group": names[sim["sim_card_group_id"]]}
            for sim in sims])

    def unchanged(self):
        self.emu.clear_requests()
        task = {"name": "fleet", "telnyx.wireless.sim_card_fleet": {"sim_cards": "{{ fleet }}"}}
        run = playbook(os.path.join(self.tmp, "unchanged.json"), [task], self.env, ["-e", "@" + self.unchanged_file])
        log = api_log(self.emu)
        self.record("unchanged", run, log, "; %s" % where_time_goes(run, log))
        self.check(not [r for r in log if r["method"] != "GET"], "unchanged: the fleet was written")

    def inventory(self):
        source = os.path.join(self.tmp, "telnyx.sim_cards.yml")
        with open(source, "w") as handle:
            handle.write("plugin: telnyx.wireless.sim_cards\n")
        self.emu.clear_requests()
        run = measure([os.path.join(VENV_BIN, "ansible-inventory"), "-i", source, "--list", "--output", os.path.join(self.tmp, "inv.json")], self.env)
        self.record("inventory", run, api_log(self.emu))

    # ----------------------------------------------------------------------------------------------- the summary

    def median(self, case, field):
        return statistics.median(getattr(run, field) for run, dummy, dummy in self.results[case])

    def paired(self, ratio):
        """The median of a ratio computed within each round."""
        rounds = len(self.results["empty"])
        return statistics.median(ratio(index) for index in range(rounds))

    def summary(self):
        say, args, res = self.say, self.args, self.results
        say()
        say("Medians over %d rounds (wall s / CPU-s / MiB / requests / load):" % len(res["empty"]))
        for case in res:
            requests = statistics.median(count for dummy, count, dummy in res[case])
            say("  %-9s %7.2f s %7.2f CPU-s %5.0f MiB %7.0f requests  load %.1f" % (
                case, self.median(case, "wall"), self.median(case, "cpu"), self.median(case, "rss"), requests, self.median(case, "load")))
        say()

        def wall(case, index):
            return res[case][index][0].wall

        def cpu(case, index):
            return res[case][index][0].cpu

        fleet = self.paired(lambda i: wall("fleet", i) / (wall("floor", i) + wall("empty", i)))
        fleet_cpu = self.paired(lambda i: cpu("fleet", i) / (cpu("floor", i) + cpu("empty", i)))
        say("fleet vs floor + empty playbook: %.2fx wall (target <= 1.5x: %s), %.2fx CPU" % (fleet, met(fleet <= 1.5), fleet_cpu))
        floor_requests = statistics.median(count for dummy, count, dummy in res["floor"])
        limit_floor = self.paired(lambda i: res["floor"][i][1] / float(args.limit) + wall("empty", i))
        limited = self.paired(lambda i: wall("limited", i) / (res["floor"][i][1] / float(args.limit) + wall("empty", i)))
        share = self.paired(lambda i: res["limited"][i][2] / float(max(res["limited"][i][1], 1)))
        say("limited to %d requests/s vs its floor (%.0f requests / %d per s + empty playbook = %.1f s): %.2fx wall (target <= 1.5x: %s); "
            "%.1f%% of its requests answered 429 (target <= 2%%: %s)" % (
                args.limit, floor_requests, args.limit, limit_floor, limited, met(limited <= 1.5), share * 100, met(share <= 0.02)))
        target = math.ceil(args.unchanged / PAGE) + 1
        requests = max(count for dummy, count, dummy in res["unchanged"])
        ratio = self.paired(lambda i: wall("unchanged", i) / wall("inventory", i))
        say("Fleet task, %d SIM cards already as declared: %.1f s, %d requests (target <= %d: %s), %.2fx the time of ansible-inventory --list "
            "(target <= 0.7x: %s)" % (args.unchanged, self.median("unchanged", "wall"), requests, target, met(requests <= target), ratio, met(ratio <= 0.7)))
        if "loop" in res:
            per_loop = self.paired(lambda i: (wall("loop", i) - wall("empty", i)) / args.loop)
            per_fleet = self.paired(lambda i: wall("fleet", i) / args.changes)
            say("fleet vs loop of sim_card, per SIM card: %.0fx faster (%.3f s vs %.4f s)" % (per_loop / per_fleet, per_loop, per_fleet))


def met(ok):
    return "met" if ok else "NOT met"


# ------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--unchanged", type=int, default=10000)
    parser.add_argument("--limit", type=int, default=100, help="requests per second of the limited case")
    parser.add_argument("--loop", type=int, default=0, help="also a loop of N sim_card tasks (slow: about 1 s per SIM card)")
    parser.add_argument("--floor-child", nargs=3, metavar=("URL", "IDS", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_child:
        url, ids, threads = args.floor_child
        floor_child(url, ids, int(threads))
        return 0
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="telnyx-fleet-bench-") as tmp, \
            Emulator(api_key=API_KEY, transition_seconds=TRANSITION_SECONDS) as emu:
        env = ansible_env(emu.url, tmp)
        bench = Bench(emu, env, tmp, args, say)
        say("telnyx.wireless fleet benchmark: emulator latency %d ms per request, transitions %.0f s, default options, floor on %d threads, "
            "%d CPUs, %d rounds" % (LATENCY_MS, TRANSITION_SECONDS, FLOOR_THREADS, os.cpu_count(), args.rounds))
        cases = [bench.empty, bench.fleet, bench.floor, bench.limited] + ([bench.loop] if args.loop else [])
        for number in range(args.rounds):
            say("round %d" % (number + 1))
            for case in (cases if number % 2 == 0 else cases[::-1]):
                case()
            bench.seed_unchanged()
            for case in ([bench.unchanged, bench.inventory] if number % 2 == 0 else [bench.inventory, bench.unchanged]):
                case()
        bench.summary()

    say(provenance.line(__file__))
    out = os.environ.get("FLEET_BENCH_OUT")
    if out:
        with open(out, "w") as handle:
            handle.write("\n".join(lines) + "\n")
    for failure in bench.failures:
        print("CHECK FAILED: %s" % failure, file=sys.stderr)
    return 1 if bench.failures else 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
