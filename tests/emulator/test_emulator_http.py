# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer: process lifecycle, authentication, faults, the request log, rate-limit headers,
keep-alive, latency and concurrent clients."""

import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests

from emulator.clients import API_KEY, ValidatingSession
from emulator.harness import SERVER, Emulator, wait_for


def _note(api, sim_id):
    return api.post("/sim_card_data_usage_notifications", json={"sim_card_id": sim_id, "threshold": {"amount": "1", "unit": "GB"}})


def _notes(emu, contract):
    with ValidatingSession(emu, contract) as session:
        return session.get("/sim_card_data_usage_notifications").json()["meta"]["total_results"]


# ---------------------------------------------------------------------------------------------- process

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_listening_line_free_port_and_clean_exit(signum):
    process = subprocess.Popen([sys.executable, SERVER, "--port", "0", "--transition-seconds", "0.1"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True)
    try:
        line = process.stdout.readline()
        match = re.match(r"^EMULATOR LISTENING http://127\.0\.0\.1:(\d+)\n$", line)
        assert match, line
        port = int(match.group(1))
        assert port > 0
        assert requests.get("http://127.0.0.1:%d/_emulator/health" % port, timeout=10).json() == {"status": "ok"}
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
        assert process.stdout.read() == ""  # exactly one line
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()


def test_without_api_key_any_bearer_token_is_accepted_and_seed_sims(contract):
    with Emulator(api_key=None, seed_sims=5) as emu:
        session = ValidatingSession(emu, contract, api_key=None)
        assert session.get("/sim_cards", headers={"Authorization": "Bearer anything"}).json()["meta"]["total_results"] == 5
        for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "anything"}):
            response = session.get("/sim_cards", headers=headers)
            assert response.status_code == 401 and response.json()["errors"][0]["code"] == "10009", headers


def test_api_key_is_enforced(emu, contract):
    good = ValidatingSession(emu, contract)
    assert good.get("/sim_cards").status_code == 200
    for key in ("wrong", API_KEY + "x", API_KEY.upper()):
        response = ValidatingSession(emu, contract, api_key=key).get("/sim_cards")
        assert response.status_code == 401 and response.json()["errors"][0]["code"] == "10009"
        assert key not in response.text
    assert ValidatingSession(emu, contract, api_key=None).get("/sim_card_groups").status_code == 401
    assert requests.get(emu.base + "/_emulator/health", timeout=10).status_code == 200  # control API: no auth


# ---------------------------------------------------------------------------------------------- faults

def test_fault_429_has_retry_after_and_does_not_act(emu, api, contract):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.faults(rate=1.0, kinds=["429"], seed=3, retry_after=4)
    response = _note(api, sim_id)
    assert response.status_code == 429 and response.headers["Retry-After"] == "4"
    assert response.json()["errors"][0]["code"] == "10011" and response.headers["x-ratelimit-remaining"] == "0"
    emu.clear_faults()
    assert _notes(emu, contract) == 0
    assert [(e["status"], e["fault"]) for e in emu.requests()] == [(429, "429"), (200, None)]


@pytest.mark.parametrize("kind", ["500", "503"])
def test_fault_5xx_does_not_act(emu, api, kind, contract):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.faults(rate=1.0, kinds=[kind])
    response = _note(api, sim_id)
    assert response.status_code == int(kind) and response.json()["errors"][0]["code"] == "10007"
    emu.clear_faults()
    assert _notes(emu, contract) == 0


def test_fault_reset_drops_the_connection_before_acting(emu, contract):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.faults(rate=1.0, kinds=["reset"], methods=["POST"])
    with emu.session() as session:
        with pytest.raises(requests.ConnectionError):
            session.post(emu.url + "/sim_card_data_usage_notifications", json={"sim_card_id": sim_id, "threshold": {"amount": "1", "unit": "MB"}},
                         timeout=10)
    assert _notes(emu, contract) == 0
    entry = emu.requests()[0]
    assert (entry["method"], entry["status"], entry["fault"]) == ("POST", None, "reset")


def test_fault_reset_after_acts_then_drops_the_connection(emu, contract):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.faults(rate=1.0, kinds=["reset_after"], methods=["POST"], path_regex=r"^/v2/sim_card_data_usage_notifications$")
    with emu.session() as session:
        with pytest.raises(requests.ConnectionError):
            session.post(emu.url + "/sim_card_data_usage_notifications", json={"sim_card_id": sim_id, "threshold": {"amount": "1", "unit": "MB"}},
                         timeout=10)
        assert _notes(emu, contract) == 1  # the notification was created although the client saw no answer
    entry = emu.requests()[0]
    assert (entry["status"], entry["fault"]) == (None, "reset_after")


def test_fault_slow_answers_late(emu, api):
    emu.faults(rate=1.0, kinds=["slow"], slow_seconds=0.5, methods=["GET"])
    started = time.time()
    assert api.get("/sim_card_groups").status_code == 200
    assert time.time() - started >= 0.5
    with pytest.raises(requests.ReadTimeout):
        api.get("/sim_card_groups", timeout=0.2)


def test_fault_filters_and_deterministic_sequence(emu, api):
    emu.faults(rate=1.0, kinds=["500"], methods=["POST"], path_regex="sim_card_groups")
    assert api.get("/sim_card_groups").status_code == 200
    assert api.post("/sim_card_orders", json={"address_id": "1", "quantity": 1}).status_code == 200
    assert api.post("/sim_card_groups", json={"name": "x"}).status_code == 500

    def sequence():
        emu.faults(rate=0.5, kinds=["500", "503", "429"], seed=7)
        return [api.get("/sim_card_groups").status_code for _index in range(24)]
    first, second = sequence(), sequence()
    assert first == second and 200 in first and len(set(first)) >= 3
    emu.faults(rate=0)
    assert all(api.get("/sim_card_groups").status_code == 200 for _index in range(5))


# ---------------------------------------------------------------------------------------------- request log

def test_request_log(emu, api):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.clear_requests()
    api.get("/sim_cards", params=[("filter[tags]", "a,b"), ("page[size]", "250"), ("filter[status]", "enabled"),
                                  ("filter[status]", "disabled"), ("filter[iccid]", "89 88")])
    _note(api, sim_id)
    api.get("/sim_cards/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12)
    emu.health()
    log = emu.requests()
    assert [(e["method"], e["path"], e["status"], e["fault"]) for e in log] == [
        ("GET", "/v2/sim_cards", 200, None),
        ("POST", "/v2/sim_card_data_usage_notifications", 201, None),
        ("GET", "/v2/sim_cards/00000000-0000-0000-0000-000000000000", 404, None),
    ]
    assert log[0]["query"] == {"filter[tags]": ["a,b"], "page[size]": ["250"], "filter[status]": ["enabled", "disabled"],
                               "filter[iccid]": ["89 88"]}
    assert log[0]["body"] is None and log[1]["body"] == {"sim_card_id": sim_id, "threshold": {"amount": "1", "unit": "GB"}}
    assert log[0]["time"] <= log[1]["time"] <= log[2]["time"]
    dump = json.dumps(log)
    assert API_KEY not in dump and "Authorization" not in dump and "Bearer" not in dump
    emu.clear_requests()
    assert emu.requests() == []


# ---------------------------------------------------------------------------------------------- HTTP details

def test_keep_alive_content_length_and_rate_limit_headers(emu, contract):
    host, port = emu.base.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        sockets = []
        for path in ("/v2/sim_card_groups", "/v2/sim_cards/nope", "/v2/wireless/regions?product=public_ips"):
            connection.request("GET", path, headers={"Authorization": "Bearer " + API_KEY})
            response = connection.getresponse()
            body = response.read()
            contract.validate("GET", emu.base + path, None, None, response.status, dict(response.getheaders()), body)
            assert response.version == 11 and int(response.getheader("Content-Length")) == len(body)
            assert response.getheader("Content-Type") == "application/json"
            for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
                assert int(response.getheader(header)) >= 0
            sockets.append(connection.sock)
        assert sockets[0] is not None and sockets.count(sockets[0]) == 3  # one connection for all three
    finally:
        connection.close()


def test_configured_rate_limit(emu, api):
    emu.config(rate_limit=3)
    remaining = [api.get("/sim_card_groups").headers["x-ratelimit-remaining"] for _index in range(3)]
    assert remaining == ["2", "1", "0"]
    response = api.get("/sim_card_groups")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1
    emu.config(rate_limit=None)
    assert api.get("/sim_card_groups").status_code == 200


def test_configured_rate_window(emu, api):
    assert emu.config(rate_limit=2, rate_window_seconds=0.5)["rate_window_seconds"] == 0.5
    answers = [api.get("/sim_card_groups") for _index in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["x-ratelimit-reset"] == "1" and answers[2].headers["Retry-After"] == "1"  # whole seconds
    time.sleep(0.6)
    assert api.get("/sim_card_groups").headers["x-ratelimit-remaining"] == "1"  # a new window
    assert emu.config(rate_limit=None, rate_window_seconds=None)["rate_window_seconds"] == 60


def test_latency_is_served_concurrently(emu, contract):
    emu.latency(500)
    started = time.time()
    with ValidatingSession(emu, contract) as session:
        session.get("/sim_card_groups")
    assert time.time() - started >= 0.5
    results = []

    def call():
        with ValidatingSession(emu, contract) as session:
            results.append(session.get("/sim_card_groups").status_code)
    emu.latency(2000)
    emu.clear_requests()
    threads = [threading.Thread(target=call) for _index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8
    # served concurrently: every request arrived while the first was still held (2 s); served one by one, the
    # arrivals would be 2 s apart (an order of events from the emulator's log, not a bound on this machine's speed)
    arrivals = sorted(entry["time"] for entry in emu.requests() if entry["path"] == "/v2/sim_card_groups")
    assert len(arrivals) == 8 and arrivals[-1] - arrivals[0] < 2.0, arrivals
    assert emu.config(latency_ms=0)["latency_ms"] == 0


def test_concurrent_clients_see_consistent_counts(emu, contract):
    sim_ids = [s["id"] for s in emu.seed(sim_cards=4)["sim_cards"]]
    failures = []

    def worker(index):
        session = ValidatingSession(emu, contract)
        try:
            for n in range(10):
                response = _note(session, sim_ids[(index + n) % 4])
                if response.status_code != 201:
                    failures.append(response.text)
                listed = session.get("/sim_card_data_usage_notifications", params={"page[size]": 250}).json()
                if len(listed["data"]) != listed["meta"]["total_results"]:
                    failures.append("inconsistent page")
                session.post("/sim_cards/%s/actions/set_standby" % sim_ids[index % 4])
        except Exception as exc:  # pylint: disable=broad-except
            failures.append(repr(exc))
        finally:
            session.close()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert _notes(emu, contract) == 80
    per_sim = [ValidatingSession(emu, contract).get("/sim_card_data_usage_notifications", params={"filter[sim_card_id]": s}).json()
               ["meta"]["total_results"] for s in sim_ids]
    assert per_sim == [20, 20, 20, 20]
    assert emu.state()["notifications"] == 80
    wait_for(lambda: emu.state()["pending_events"] == 0)
    log = emu.requests()
    assert len(log) >= 8 * 21 and all(e["status"] is not None for e in log)
