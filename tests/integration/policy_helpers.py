# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared by the tests of the policy modules (sim_card_group, private_wireless_gateway, wireless_blocklist).

One module task per case, each case on its own inventory host, all in one ansible-playbook run (or one module process
per case in the module runner, conftest.py), so that a whole matrix of starting states costs one run per phase (check,
real, rerun).
"""

from __future__ import annotations

import time

FAST = {"wait_sleep": 0.2, "wait_timeout": 60}
NETWORK = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
OTHER_NETWORK = "0b5f7d3c-2a71-4c11-9a0e-2f4b1c9d8e77"


def outcome(entry):
    result = dict(entry["result"])
    result["failed"] = entry["outcome"] == "failed"
    return result


def run_cases(run_playbook, module, options, cases, check=False, diff=True, wait_options=True):
    """One `module` task per case ({host: {option: value}}), all hosts in parallel. Returns {host: result}.

    run_playbook: that fixture (one ansible-playbook run, one inventory host per case, the case's options templated from
    extra vars), or run_tasks (the module runner: one module process per case, 30 at once).
    """
    payload = dict((host, dict(FAST, **case) if wait_options else dict(case)) for host, case in cases.items())
    if hasattr(run_playbook, "hosts"):
        return run_playbook.hosts(module, dict((host, dict((option, value) for option, value in case.items() if option in options))
                                               for host, case in payload.items()), forks=30, check=check, diff=diff)
    args = dict((option, "{{ cases[inventory_hostname].get('%s', omit) }}" % option) for option in options)
    name = "case"
    play = {"name": "cases", "hosts": "all:!localhost", "gather_facts": False, "tasks": [{"name": name, "telnyx.wireless." + module: args}]}
    run = run_playbook(plays=[play], check=check, diff=diff, extra_vars={"cases": payload},
                       args=("-i", ",".join(sorted(cases)) + ",", "-f", str(min(len(cases), 30))))
    results = dict((entry["host"], outcome(entry)) for entry in run.results if entry["task"] == name)
    assert sorted(results) == sorted(cases), repr(run)
    return results


def failure_of(result):
    """What a playbook tests of a failed task: (failure.source, failure.reason, failure.status, failure.code)."""
    failure = result.get("failure") or {}
    return failure.get("source"), failure.get("reason"), failure.get("status"), failure.get("code")


def refused(reason):
    """failure_of a decision of the collection's own: no HTTP status, no Telnyx code."""
    return "collection", reason, None, None


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def writes_of(requests):
    return [r for r in requests if r["method"] != "GET"]


def accepted(requests):
    return [r for r in requests if r.get("status") and 200 <= r["status"] < 300]


def steps(requests):
    """Write requests as short names: POST <collection>, PATCH, DELETE, or the group action's name."""
    found = []
    for request in writes_of(requests):
        if request["method"] == "POST" and "/actions/" in request["path"]:
            found.append(request["path"].rsplit("/", 1)[-1])
        else:
            found.append("%s %s" % (request["method"], request["path"].split("/")[2]))
    return found


def about(requests, *needles):
    """The requests whose path, filter values or body mention any of `needles` (ids or names)."""
    found = []
    for request in requests:
        text = request["path"] + " " + repr(sorted((request.get("query") or {}).items())) + " " + repr(request.get("body"))
        if any(needle and needle in text for needle in needles):
            found.append(request)
    return found


def data(response):
    assert response.status_code < 300, response.text
    return response.json().get("data") if response.content else None


def wait_until(check, timeout=15, what="a condition"):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.time() < deadline, "timed out waiting for %s" % what
        time.sleep(0.1)


def make_gateway(emu, name, network=NETWORK, provisioned=True):
    gateway = data(emu.api("POST", "/private_wireless_gateways", json={"name": name, "network_id": network, "region_code": "ashburn-va"}))
    if provisioned:
        wait_until(lambda: data(emu.api("GET", "/private_wireless_gateways/%s" % gateway["id"]))["status"]["value"] == "provisioned",
                   what="gateway %s to be provisioned" % name)
    return data(emu.api("GET", "/private_wireless_gateways/%s" % gateway["id"]))


def make_blocklist(emu, name, values=("CA", "MX"), blocklist_type="country"):
    return data(emu.api("POST", "/wireless_blocklists", json={"name": name, "type": blocklist_type, "values": list(values)}))


def make_group(emu, name, data_limit=None):
    body = {"name": name}
    if data_limit:
        body["data_limit"] = data_limit
    return data(emu.api("POST", "/sim_card_groups", json=body))


def group(emu, group_id):
    response = emu.api("GET", "/sim_card_groups/%s" % group_id)
    return response.json()["data"] if response.status_code == 200 else None


def group_action(emu, group_id, action_type, wait=True, **body):
    action = data(emu.api("POST", "/sim_card_groups/%s/actions/%s" % (group_id, action_type), json=body or None))
    if wait:
        wait_until(lambda: data(emu.api("GET", "/sim_card_group_actions/%s" % action["id"]))["status"] != "in-progress",
                   what="group action %s" % action_type)
    return action


def all_of(emu, path):
    items, number = [], 1
    while True:
        body = emu.api("GET", path, params={"page[number]": number, "page[size]": 250}).json()
        items += body["data"]
        if number >= (body.get("meta") or {}).get("total_pages", 1):
            return items
        number += 1


def role_policy():
    """The policy part of a sim_fleet role description the role tests build from an empty account: a gateway, a
    blocklist, and two groups that use them (a new copy each call)."""
    return {
        "sim_fleet_gateways": [{"name": "meters-gw", "network_id": NETWORK, "region_code": "ashburn-va"}],
        "sim_fleet_blocklists": [{"name": "no-roaming", "type": "country", "values": ["CA", "MX"]}],
        "sim_fleet_groups": [
            {"name": "meters", "data_limit": {"amount": 50, "unit": "GB"}, "private_wireless_gateway": "meters-gw",
             "wireless_blocklist": "no-roaming"},
            {"name": "trackers", "wireless_blocklist": "no-roaming"},
        ],
    }
