# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The telnyx.wireless.sim_cards inventory plugin, run as users and AWX run it: `ansible-inventory` against the emulator.

Golden files: tests/integration/golden/inventory/<case>.sim_cards.yml is the configuration, <case>.json the expected
`ansible-inventory --list` output. The emulator's ids are random UUIDs and its timestamps are the time of seeding, so
both are replaced before comparing (ids by the ICCID or group name they belong to, timestamps by a placeholder).
To regenerate after an intended change: UPDATE_GOLDEN=1 pytest tests/integration/test_inventory.py, then review the diff.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess

import pytest

import ansible

from conftest import API_KEY, HERE, VENV_BIN, plain

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

GOLDEN = os.path.join(HERE, "golden", "inventory")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$")
PAGE = 250
ANSIBLE_CORE = tuple(int(part) for part in ansible.__version__.split(".")[:2])
FLUSH_CACHE_IN_INVENTORY = ANSIBLE_CORE >= (2, 19)


def one_line(text):
    """Output with its line breaks undone: ansible-core before 2.19 wraps warnings at the terminal's width."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------- helpers

def inventory(ansible_env, source, *args, env=None, graph=False):
    """Run ansible-inventory on `source`; returns (completed process, parsed JSON or None)."""
    command = [os.path.join(VENV_BIN, "ansible-inventory"), "-i", str(source)]
    command += ["--graph"] if graph else ["--list"]
    command += list(args)
    run_env = dict(ansible_env)
    run_env.update(env or {})
    proc = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=300, check=False)
    assert API_KEY not in proc.stdout and API_KEY not in proc.stderr, "the API key leaked into ansible-inventory output"
    data = None
    if not graph and proc.returncode == 0:
        data = json.loads(proc.stdout)
    return proc, data


def inventory_plain(ansible_env, source, *args, **kwargs):
    """inventory(), with the unsafe markers removed from the JSON."""
    proc, data = inventory(ansible_env, source, *args, **kwargs)
    return proc, plain(data)


def write_config(tmp_path, text, name="test.sim_cards.yml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def api_requests(emu):
    """The API requests in the emulator's log (control requests left out)."""
    return [r for r in emu.requests() if not r["path"].startswith("/_emulator")]


def list_requests(sent, resource):
    """The GET requests of a list endpoint ("sim_cards" or "sim_card_groups") among `sent` (or the emulator's log)."""
    if not isinstance(sent, list):
        sent = api_requests(sent)
    return [r for r in sent if r["method"] == "GET" and r["path"].rstrip("/").endswith("/" + resource)]


def id_names(emu):
    """Every SIM card and group id the emulator has -> a stable label (sim:<ICCID>, group:<name>)."""
    names = {}
    for resource, label in (("/sim_cards", "sim:%s"), ("/sim_card_groups", "group:%s")):
        number = 1
        while True:
            body = emu.api("GET", resource, params={"page[number]": number, "page[size]": PAGE}).json()
            for item in body["data"]:
                names[item["id"]] = label % (item.get("iccid") or item.get("name"))
            if number >= body["meta"]["total_pages"]:
                break
            number += 1
    return names


def normalise(value, names):
    """The output with ids replaced by their labels and timestamps by a placeholder."""
    if isinstance(value, dict):
        return dict((normalise(k, names), normalise(v, names)) for k, v in value.items())
    if isinstance(value, list):
        return [normalise(v, names) for v in value]
    if isinstance(value, str):
        if TIMESTAMP_RE.match(value):
            return "<timestamp>"
        return UUID_RE.sub(lambda m: names.get(m.group(0), "<unknown id>"), value)
    return value


def version_neutral(data):
    """ansible-inventory's JSON without what ansible-core versions render differently for the same inventory.

    2.19 and later mark untrusted strings ({"__ansible_unsafe": "x"}) and add `_meta.profile`; 2.16 to 2.18 do neither.
    Which strings are marked is tested on its own (test_inventory_trust.py), not through the golden files.
    """
    data = plain(data)
    if isinstance(data, dict) and isinstance(data.get("_meta"), dict):
        data["_meta"] = dict((key, value) for key, value in data["_meta"].items() if key != "profile")
    return data


def assert_golden(case, data, names):
    """Compare with golden/inventory/<case>.json (or write it with UPDATE_GOLDEN=1), version-neutral."""
    got = normalise(version_neutral(data), names)
    path = os.path.join(GOLDEN, case + ".json")
    if UPDATE:
        with open(path, "w") as handle:
            json.dump(got, handle, indent=2, sort_keys=True)
            handle.write("\n")
    with open(path) as handle:
        expected = json.load(handle)
    assert got == expected, "ansible-inventory output differs from %s (UPDATE_GOLDEN=1 regenerates it)" % path


def golden_config(case):
    return os.path.join(GOLDEN, case + ".sim_cards.yml")


def set_tags(emu, sim_id, tags):
    response = emu.api("PATCH", "/sim_cards/%s" % sim_id, json={"tags": tags})
    assert response.status_code == 200, response.text


def no_warnings(proc):
    assert "[WARNING]" not in proc.stderr and "Invalid characters" not in proc.stderr, proc.stderr


def host_groups(data):
    """host -> sorted list of the groups (other than all/ungrouped) that list it directly."""
    found = {}
    for group, body in data.items():
        if group in ("_meta", "all"):
            continue
        for host in body.get("hosts", []):
            found.setdefault(host, []).append(group)
    return dict((host, sorted(groups)) for host, groups in found.items())


# ---------------------------------------------------------------------------------------------- golden files

def seed_fleet(emu):
    """9 physical SIM cards and 3 eSIMs, alternating between groups meters and trackers, with tags and three statuses.

    The emulator seeds deterministically (but for ids and timestamps): SIM card i is in group i % 2, has status i % 3,
    tag "lost" when bit 0 of i is set and tag "field-test" when bit 1 is, and is an eSIM from i = 9 on.
    """
    return emu.seed(sim_cards=9, esims=3, groups=["meters", "trackers"], tags=["lost", "field-test"],
                    statuses=["enabled", "disabled", "standby"])


def test_default_groups_and_host_variables(emu, ansible_env):
    seed_fleet(emu)
    emu.clear_requests()
    proc, data = inventory(ansible_env, golden_config("default"))
    sent = api_requests(emu)
    assert proc.returncode == 0, proc.stderr
    no_warnings(proc)
    assert_golden("default", data, id_names(emu))
    data = plain(data)
    # what a user relies on, spelled out: one host per SIM card, named by ICCID, in its default groups
    seeded = emu.api("GET", "/sim_cards", params={"page[size]": PAGE}).json()["data"]
    assert sorted(data["_meta"]["hostvars"]) == sorted(sim["iccid"] for sim in seeded)
    first = seeded[1]  # SIM card 1 of the seed: tag "lost", group "trackers", status "disabled", physical
    assert host_groups(data)[first["iccid"]] == ["sim_card_group_trackers", "status_disabled", "tag_lost", "telnyx_sim_cards", "type_physical"]
    hostvars = data["_meta"]["hostvars"][first["iccid"]]
    assert hostvars["ansible_connection"] == "local"
    assert hostvars["telnyx_id"] == first["id"] and hostvars["telnyx_sim_card_group_name"] == "trackers"
    assert hostvars["telnyx_status"]["value"] == "disabled"
    # one request per list, at the largest page size
    assert [r["query"].get("page[size]") for r in list_requests(sent, "sim_cards")] == [[str(PAGE)]]
    assert [r["query"].get("page[size]") for r in list_requests(sent, "sim_card_groups")] == [[str(PAGE)]]
    assert len(sent) == 2


def test_hostnames_preferences_fall_back(emu, ansible_env):
    sims = seed_fleet(emu)["sim_cards"]
    set_tags(emu, sims[0]["id"], ["name:meter-0001", "lost"])
    set_tags(emu, sims[1]["id"], ["site:berlin", "name:meter-0002"])
    set_tags(emu, sims[2]["id"], ["name:meter-0001"])  # same name as SIM card 0: falls back, with one warning
    set_tags(emu, sims[3]["id"], ["name:"])              # the prefix alone is no name
    proc, data = inventory(ansible_env, golden_config("hostnames"))
    assert proc.returncode == 0, proc.stderr
    assert_golden("hostnames", data, id_names(emu))
    data = plain(data)
    hosts = sorted(data["_meta"]["hostvars"])
    esims = [sim for sim in emu.api("GET", "/sim_cards", params={"page[size]": PAGE}).json()["data"] if sim["type"] == "esim"]
    # by tag, by template (eSIMs have an EID, physical SIM cards none), then by ICCID
    assert "meter-0001" in hosts and "meter-0002" in hosts
    assert sorted(sim["eid"] for sim in esims) == sorted(h for h in hosts if h.startswith("8904"))
    assert sims[2]["iccid"] in hosts and sims[3]["iccid"] in hosts
    assert len(hosts) == 12
    assert proc.stderr.count("[WARNING]") == 1 and "already given to another SIM card" in one_line(proc.stderr), proc.stderr


def test_constructed_groups_compose_and_prefixes(emu, ansible_env):
    seed_fleet(emu)
    proc, data = inventory(ansible_env, golden_config("constructed"))
    assert proc.returncode == 0, proc.stderr
    no_warnings(proc)
    assert_golden("constructed", data, id_names(emu))
    data = plain(data)
    hostvars = data["_meta"]["hostvars"]
    some = next(iter(hostvars.values()))
    assert "ansible_connection" not in some and "sim_iccid" in some and "telnyx_iccid" not in some
    assert all(v["short_iccid"] == v["sim_iccid"][-6:] for v in hostvars.values())
    assert sorted(data["usable"]["hosts"]) == sorted(h for h, v in hostvars.items() if v["sim_status"]["value"] == "enabled")


def test_api_filters_and_local_filters(emu, ansible_env):
    seed_fleet(emu)
    emu.clear_requests()
    proc, data = inventory(ansible_env, golden_config("filters"))
    sent = api_requests(emu)
    assert proc.returncode == 0, proc.stderr
    no_warnings(proc)
    assert_golden("filters", data, id_names(emu))
    data = plain(data)
    groups = dict((g["name"], g["id"]) for g in emu.api("GET", "/sim_card_groups").json()["data"])
    # the group named in the file was resolved from the one group list, and the filters went to the API
    (sims_request,) = list_requests(sent, "sim_cards")
    query = dict((k, v[0]) for k, v in sims_request["query"].items())
    assert query["filter[sim_card_group_id]"] == groups["meters"]
    assert query["filter[status]"] == "enabled,standby"
    assert query["filter[iccid]"] == "8988303"
    assert len(sent) == 2
    # exclude wins over include
    for hostvars in data["_meta"]["hostvars"].values():
        assert hostvars["telnyx_sim_card_group_name"] == "meters"
        assert "field-test" not in hostvars["telnyx_tags"]


def test_tags_with_characters_invalid_in_group_names(emu, ansible_env):
    sims = seed_fleet(emu)["sim_cards"]
    group = emu.api("POST", "/sim_card_groups", json={"name": "Fleet / EU"}).json()["data"]
    assert emu.api("PATCH", "/sim_cards/%s" % sims[2]["id"], json={"sim_card_group_id": group["id"]}).status_code == 200
    set_tags(emu, sims[0]["id"], ["site:berlin-1", "Zone A/B", "2024.batch"])
    set_tags(emu, sims[1]["id"], ["site:berlin-1", "ops@night", "{{ lookup('env', 'HOME') }}"])
    proc, data = inventory(ansible_env, golden_config("invalid_chars"))
    assert proc.returncode == 0, proc.stderr
    no_warnings(proc)
    assert_golden("invalid_chars", data, id_names(emu))
    data = plain(data)
    # a tag that looks like a template stays data (test_inventory_trust.py shows that nothing ever renders it)
    assert "{{ lookup('env', 'HOME') }}" in data["_meta"]["hostvars"][sims[1]["iccid"]]["telnyx_tags"]
    assert sorted(data["site_berlin_1"]["hosts"]) == sorted([sims[0]["iccid"], sims[1]["iccid"]])
    assert "_024_batch" in data and "Zone_A_B" in data and "ops_night" in data and "field_test" in data
    assert data["sim_card_group_Fleet___EU"]["hosts"] == [sims[2]["iccid"]]
    proc, dummy = inventory(ansible_env, golden_config("invalid_chars"), graph=True)
    assert proc.returncode == 0 and "@site_berlin_1:" in proc.stdout, proc.stdout


# ---------------------------------------------------------------------------------------------- requests and cache

def test_request_count_is_one_per_page_and_cache_hit_sends_none(emu, ansible_env, tmp_path):
    sims, groups = 2 * PAGE + 1, ["g%03d" % n for n in range(PAGE + 2)]
    emu.seed(sim_cards=sims, groups=groups, tags=["lost"])
    cache_dir = tmp_path / "cache"
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\ncache: true\ncache_plugin: ansible.builtin.jsonfile\n"
                                    "cache_connection: %s\nfetch_workers: 4\n" % cache_dir)
    emu.clear_requests()
    proc, first = inventory(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    assert len(first["_meta"]["hostvars"]) == sims
    total_groups = len(groups) + 1  # and the account's default group
    sim_pages = sorted(int(r["query"]["page[number]"][0]) for r in list_requests(emu, "sim_cards"))
    assert sim_pages == list(range(1, math.ceil(sims / PAGE) + 1))
    assert len(list_requests(emu, "sim_card_groups")) == math.ceil(total_groups / PAGE)
    assert len(api_requests(emu)) == math.ceil(sims / PAGE) + math.ceil(total_groups / PAGE)

    # a cache hit: zero requests, the same inventory
    emu.clear_requests()
    proc, second = inventory(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    assert api_requests(emu) == []
    assert second == first
    cached = list(cache_dir.iterdir())
    assert len(cached) == 1
    text = cached[0].read_text()
    assert "sim_card_groups" in text and first["_meta"]["hostvars"] and list(first["_meta"]["hostvars"])[0] in text
    assert API_KEY not in text and API_KEY not in cached[0].name

    # the cache keeps the API's answer, not the result: a change of grouping needs no request
    config.write_text(config.read_text() + "tag_group_prefix: label_\n")
    emu.clear_requests()
    proc, regrouped = inventory_plain(ansible_env, config)
    assert api_requests(emu) == [] and "label_lost" in regrouped and "tag_lost" not in regrouped

    # an option that changes the API's answer is part of the key: a miss, then a hit
    config.write_text(config.read_text() + "tags: [lost]\n")
    emu.clear_requests()
    proc, filtered = inventory_plain(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    assert len(filtered["_meta"]["hostvars"]) == sum(1 for i in range(sims) if i & 1)
    assert [r["query"]["filter[tags]"] for r in list_requests(emu, "sim_cards")] == [["lost"]]
    emu.clear_requests()
    inventory(ansible_env, config)
    assert api_requests(emu) == []
    assert len(list(cache_dir.iterdir())) == 2

    # --flush-cache fetches again. ansible-inventory has the option from ansible-core 2.19 on; before that, users flush
    # the inventory cache with ansible-playbook's --flush-cache (which both have).
    if FLUSH_CACHE_IN_INVENTORY:
        proc, dummy = inventory(ansible_env, config, "--flush-cache")
    else:
        playbook = tmp_path / "nothing.yml"
        playbook.write_text("- hosts: all\n  gather_facts: false\n  tasks: []\n")
        proc = subprocess.run([os.path.join(VENV_BIN, "ansible-playbook"), "-i", str(config), "--flush-cache", str(playbook)],
                              env=ansible_env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0 and list_requests(emu, "sim_cards"), proc.stderr


def test_rate_limits_are_waited_out_and_nothing_is_lost(emu, ansible_env, tmp_path):
    emu.seed(sim_cards=6 * PAGE)
    emu.faults(rate=0.4, kinds=["429"], retry_after=0.2, seed=7, path_regex="/sim_cards$")
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\nfetch_workers: 4\n")
    proc, data = inventory_plain(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    assert len(data["_meta"]["hostvars"]) == 6 * PAGE
    throttled = [r for r in list_requests(emu, "sim_cards") if r["status"] == 429]
    assert throttled, "the fault was not injected"


# ---------------------------------------------------------------------------------------------- AWX, templating, errors

def test_awx_export_templated_options_and_short_name(emu, ansible_env, tmp_path):
    seed_fleet(emu)
    env = {"TELNYX_API_KEY": "", "TELNYX_API_URL": "", "ANSIBLE_INVENTORY_ENABLED": "telnyx.wireless.sim_cards"}
    config = write_config(tmp_path, "\n".join((
        "plugin: sim_cards",
        "api_key: '{{ vault_key }}'",
        "api_url: '{{ telnyx_url }}'",
        "http_timeout: '{{ timeout }}'",
        "validate_certs: '{{ strict_tls }}'",
        "sim_card_group: '{{ fleet }}'",
        "tags: '{{ wanted_tags }}'",
        "status: ['{{ first_status }}', disabled, standby]",
        "",
    )))
    extra = json.dumps({"vault_key": API_KEY, "telnyx_url": emu.url, "timeout": 7, "strict_tls": False, "fleet": "trackers",
                        "wanted_tags": ["lost"], "first_status": "enabled"})
    proc, data = inventory_plain(ansible_env, config, "--export", "-e", extra, env=env)
    sent = list_requests(emu, "sim_cards")
    assert proc.returncode == 0, proc.stderr
    assert sent[0]["query"]["filter[status]"] == ["enabled,disabled,standby"]
    assert sent[0]["query"]["filter[tags]"] == ["lost"]
    assert len(data["_meta"]["hostvars"]) == 6
    assert sorted(data["sim_card_group_trackers"]["hosts"]) == sorted(data["_meta"]["hostvars"])


def test_bad_options_fail_before_any_request_with_a_clear_message(emu, ansible_env, tmp_path):
    seed_fleet(emu)
    emu.clear_requests()
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\nhostnames: [serial_number]\n")
    proc, dummy = inventory(ansible_env, config, env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    assert proc.returncode != 0
    assert "hostnames entry 'serial_number' is not one of iccid, id, msisdn, imsi, eid" in one_line(proc.stderr)
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\nstatus: [enabled, lost]\n")
    proc, dummy = inventory(ansible_env, config, env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    assert proc.returncode != 0 and "status may hold enabled, disabled, standby, data_limit_exceeded, unauthorized_imei, not 'lost'" in one_line(proc.stderr)
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\nhttp_retries: many\n")
    proc, dummy = inventory(ansible_env, config, env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    assert proc.returncode != 0 and "http_retries" in one_line(proc.stderr) and "whole number" in one_line(proc.stderr)
    assert api_requests(emu) == []

    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\nsim_card_group: nosuchgroup\n")
    proc, dummy = inventory(ansible_env, config, env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    assert proc.returncode != 0 and "No SIM card group named or with id 'nosuchgroup'" in one_line(proc.stderr)
    assert list_requests(emu, "sim_cards") == []


def test_a_rejected_key_says_so_and_is_never_shown(emu, ansible_env, tmp_path):
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n")
    wrong = "KEYwrong-1111-not-the-one"
    proc, dummy = inventory(ansible_env, config, env={"TELNYX_API_KEY": wrong, "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    assert proc.returncode != 0
    assert "rejected the API key" in one_line(proc.stderr) and "TELNYX_API_KEY" in proc.stderr
    assert wrong not in proc.stderr and wrong not in proc.stdout


def test_a_file_without_the_documented_suffix_is_not_taken(emu, ansible_env, tmp_path):
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n", name="fleet.yml")
    proc, dummy = inventory(ansible_env, config, "-vvv", graph=True)
    assert "did not pass its verify_file" in proc.stdout + proc.stderr
    assert api_requests(emu) == []
