# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inputs wrong on their face: each fails with a sentence naming the option, and sends no request.

Every module runs in-process against a recording HTTP server on 127.0.0.1 (which would answer anything), and the
inventory plugin parses a file pointed at the same server. The role's inputs are in tests/integration/test_role.py.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.module_utils.testing import patch_module_args
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.telnyx.wireless.plugins.modules import (
    sim_card,
    sim_card_info,
    sim_card_notification,
    sim_card_notification_info,
    sim_card_public_ip,
    sim_card_public_ip_info,
)

KEY = "KEYsentinel-bad-input-5d1e"
SIM_ID = "6b14e151-8493-4fa1-8664-1cc4e6d14158"
ICCID = "89883030000000000015"
MB = {"amount": 100, "unit": "MB"}


class Recorder:
    """An HTTP server that records every request and answers each with an empty success."""

    def __init__(self):
        self.received = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                pass

            def _handle(self):
                recorder.received.append((self.command, self.path))
                body = b'{"data": [], "meta": {"total_pages": 0}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/v2" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def recorder():
    server = Recorder()
    yield server
    server.close()


SIM = {"iccid": ICCID}
NOTE = {"iccid": ICCID, "threshold": MB}
IP = {"iccid": ICCID}

# (module, arguments, the option the message must name, a phrase of the message)
MODULE_CASES = [
    # connection options, in every module (item 8)
    (sim_card, dict(SIM, api_url="api.telnyx.com/v2"), "api_url", "http:// or https:// URL"),
    (sim_card, dict(SIM, api_url="ftp://127.0.0.1/v2"), "api_url", "http:// or https:// URL"),
    (sim_card, dict(SIM, api_url="http://"), "api_url", "http:// or https:// URL"),
    (sim_card_info, {"api_url": "127.0.0.1:8080"}, "api_url", "http:// or https:// URL"),
    (sim_card, dict(SIM, http_timeout=0), "http_timeout", "above 0"),
    (sim_card, dict(SIM, http_timeout=-1), "http_timeout", "above 0"),
    (sim_card_notification, dict(NOTE, http_timeout=0), "http_timeout", "above 0"),
    (sim_card_public_ip, dict(IP, http_timeout=-5), "http_timeout", "above 0"),
    (sim_card_info, {"http_timeout": 0}, "http_timeout", "above 0"),
    (sim_card, dict(SIM, http_retries=-3), "http_retries", "0 or more"),
    (sim_card_notification_info, {"http_retries": -1}, "http_retries", "0 or more"),
    (sim_card, dict(SIM, http_retry_max_time=0), "http_retry_max_time", "above 0"),
    (sim_card_public_ip_info, dict(IP, http_retry_max_time=-1), "http_retry_max_time", "above 0"),
    # waiting (item 9)
    (sim_card, dict(SIM, state="disabled", wait_timeout=-1), "wait_timeout", "0 or more"),
    (sim_card_public_ip, dict(IP, wait_timeout=-10), "wait_timeout", "0 or more"),
    (sim_card, dict(SIM, wait_sleep=0), "wait_sleep", "above 0"),
    (sim_card_public_ip, dict(IP, wait_sleep=-1), "wait_sleep", "above 0"),
    # naming a SIM card
    (sim_card, {"iccid": "8988303"}, "iccid", "19 or 20 digits"),
    (sim_card, {"iccid": "8988303000000000001X"}, "iccid", "19 or 20 digits"),
    (sim_card, {"id": "not-a-uuid"}, "id", "SIM card UUID"),
    (sim_card, {"id": SIM_ID, "iccid": ICCID}, "id", "mutually exclusive"),
    (sim_card, {}, "id", "one of the following is required"),
    (sim_card_info, {"iccid": "123"}, "iccid", "19 or 20 digits"),
    (sim_card_info, {"id": "x"}, "id", "SIM card UUID"),
    (sim_card_notification, {"iccid": "1", "threshold": MB}, "iccid", "19 or 20 digits"),
    (sim_card_notification_info, {"id": "nope"}, "id", "SIM card UUID"),
    (sim_card_public_ip, {"iccid": "abc"}, "iccid", "19 or 20 digits"),
    (sim_card_public_ip_info, {"id": "1234"}, "id", "SIM card UUID"),
    # values that would be written as something nobody meant (item 9)
    (sim_card, dict(SIM, tags=["ok", None]), "tags[2]", "must be a string, got null"),
    (sim_card, dict(SIM, tags=[{"a": 1}]), "tags[1]", "must be a string"),
    (sim_card, dict(SIM, tags=[["nested"]]), "tags[1]", "must be a string"),
    (sim_card, dict(SIM, tags=[True]), "tags[1]", "must be a string"),
    (sim_card, dict(SIM, sim_card_group={"name": "meters"}), "sim_card_group", "must be a string, got a dictionary"),
    (sim_card, dict(SIM, sim_card_group=["meters"]), "sim_card_group", "must be a string, got a list"),
    (sim_card, dict(SIM, sim_card_group="  "), "sim_card_group", "not empty"),
    (sim_card, dict(SIM, authorized_imeis=[None]), "authorized_imeis[1]", "must be a string"),
    (sim_card, dict(SIM, authorized_imeis=["12345"]), "authorized_imeis", "IMEI of 15 digits"),
    (sim_card, dict(SIM, authorized_imeis=["8645240300000%02d" % n for n in range(6)]), "authorized_imeis", "at most 5"),
    (sim_card, dict(SIM, data_limit={"amount": 1e30, "unit": "MB"}), "data_limit.amount", "at most 1048576 GB"),
    (sim_card, dict(SIM, data_limit={"amount": "2000000", "unit": "GB"}), "data_limit.amount", "at most 1048576 GB"),
    (sim_card, dict(SIM, data_limit={"amount": -1, "unit": "MB"}), "data_limit.amount", "zero or more"),
    (sim_card, dict(SIM, data_limit={"amount": "lots", "unit": "MB"}), "data_limit.amount", "must be a number"),
    (sim_card, dict(SIM, data_limit={"amount": "nan", "unit": "MB"}), "data_limit.amount", "zero or more"),
    (sim_card, dict(SIM, data_limit={"amount": True, "unit": "MB"}), "data_limit.amount", "must be a number"),
    (sim_card, dict(SIM, data_limit={"amount": 1, "unit": "TB"}), "unit", "one of: MB, GB"),
    (sim_card, dict(SIM, registration_code="12345"), "registration_code", "10 digits"),
    (sim_card, dict(SIM, registration_code="01234567890"), "registration_code", "10 digits"),
    (sim_card, dict(SIM, registration_code="abcdefghij"), "registration_code", "10 digits"),
    (sim_card, {"id": SIM_ID, "registration_code": "0123456789"}, "registration_code", "needs iccid"),
    (sim_card, dict(SIM, report_lost=True), "report_lost", "only with state absent"),
    (sim_card, dict(SIM, state="enabled"), "state", "one of: present, disabled, standby, absent"),
    # notifications
    (sim_card_notification, {"iccid": ICCID, "threshold": {"amount": 0, "unit": "MB"}}, "threshold.amount", "more than 0"),
    (sim_card_notification, {"iccid": ICCID, "threshold": {"amount": 1e30, "unit": "GB"}}, "threshold.amount", "at most"),
    (sim_card_notification, {"iccid": ICCID, "threshold": {"amount": "x", "unit": "GB"}}, "threshold.amount", "must be a number"),
    (sim_card_notification, {"iccid": ICCID, "thresholds": [MB, {"amount": "100.0", "unit": "MB"}]}, "thresholds[2]", "given twice"),
    (sim_card_notification, {"iccid": ICCID, "thresholds": [MB, {"amount": 0, "unit": "GB"}]}, "thresholds[2].amount", "more than 0"),
    (sim_card_notification, {"iccid": ICCID, "threshold": MB, "thresholds": [MB]}, "threshold", "mutually exclusive"),
    (sim_card_notification, {"iccid": ICCID}, "threshold", "state is present"),
    (sim_card_notification, {"notification_id": "nope", "state": "absent"}, "notification_id", "notification UUID"),
    (sim_card_notification, {"iccid": ICCID, "threshold": MB, "state": "absent", "exclusive": True}, "exclusive", "only to state=present"),
    # public IPs
    (sim_card_public_ip, dict(IP, region_code="DC 2"), "region_code", "region code such as dc2"),
    (sim_card_public_ip, dict(IP, region_code=""), "region_code", "region code such as dc2"),
    (sim_card_public_ip, dict(IP, state="enabled"), "state", "one of"),
    # listing
    (sim_card_info, {"iccid_prefix": "89x"}, "iccid_prefix", "1 to 20 digits"),
    (sim_card_info, {"status": ["enabld"]}, "status", "one or more of"),
    (sim_card_info, {"tags": [None]}, "tags[1]", "must be a string"),
    (sim_card_info, {"sim_card_group": ""}, "sim_card_group", "not empty"),
]


def run_module(module, args, url):
    args = dict({"api_key": KEY, "api_url": url}, **args)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()


def case_id(case):
    return "%s-%s" % (case[0].__name__.rsplit(".", 1)[-1], case[2])


@pytest.mark.parametrize("module, args, option, phrase", MODULE_CASES, ids=[case_id(c) for c in MODULE_CASES])
def test_a_module_refuses_input_wrong_on_its_face(recorder, capsys, module, args, option, phrase):  # pylint: disable=redefined-outer-name
    before = len(recorder.received)
    run_module(module, args, args.get("api_url") or recorder.url)
    result = json.loads(capsys.readouterr().out)
    assert result.get("failed") is True, result
    assert option.split("[")[0].split(".")[0] in result["msg"] and phrase in result["msg"], result["msg"]
    assert result.get("changed") is not True
    assert KEY not in json.dumps(result)
    assert recorder.received[before:] == [], "sent %r for input %r" % (recorder.received[before:], args)


INVENTORY_CASES = [
    ("statuss: [disabled]", "'statuss' (did you mean status?)"),
    ("tag: [lost]", "'tag' (did you mean tags?)"),
    ("sim_card_groups: meters", "'sim_card_groups' (did you mean sim_card_group?)"),
    ("iccids: '8988'", "'iccids' (did you mean iccid_prefix?)"),
    ("filters: {status: disabled}", "'filters'"),
    ("api_url: api.telnyx.com/v2", "api_url must be an http:// or https:// URL"),
    ("api_url: ftp://127.0.0.1/v2", "api_url must be an http:// or https:// URL"),
    ("http_timeout: 0", "http_timeout must be a number of seconds above 0"),
    ("http_timeout: -2", "http_timeout must be a number of seconds above 0"),
    ("http_retries: -3", "http_retries must be a whole number of 0 or more"),
    ("http_retry_max_time: 0", "http_retry_max_time must be a number of seconds above 0"),
    ("status: [enabld]", "status may hold enabled"),
    ("hostnames: [serial]", "hostnames entry 'serial'"),
    ("fetch_workers: 0", "fetch_workers must be 1 or more"),
]


@pytest.mark.parametrize("body, phrase", INVENTORY_CASES)
def test_the_inventory_refuses_input_wrong_on_its_face(recorder, tmp_path, body, phrase):  # pylint: disable=redefined-outer-name
    before = len(recorder.received)
    path = tmp_path / "fleet.sim_cards.yml"
    url_given = body.startswith("api_url")
    path.write_text("plugin: telnyx.wireless.sim_cards\napi_key: %s\n%s%s\n" % (KEY, "" if url_given else "api_url: %s\n" % recorder.url, body))
    plugin = inventory_loader.get("telnyx.wireless.sim_cards")
    with pytest.raises(AnsibleParserError) as info:
        plugin.parse(InventoryData(), DataLoader(), str(path), cache=False)
    assert phrase in str(info.value)
    assert KEY not in str(info.value)
    assert recorder.received[before:] == []


def test_there_are_at_least_60_bad_inputs():
    assert len(MODULE_CASES) + len(INVENTORY_CASES) >= 60


def test_an_option_given_by_its_documented_alias_is_not_unknown(recorder, tmp_path):  # pylint: disable=redefined-outer-name
    """iccid is the deprecated alias of iccid_prefix: the unknown-key check must accept it (and the load goes on)."""
    path = tmp_path / "fleet.sim_cards.yml"
    path.write_text("plugin: telnyx.wireless.sim_cards\napi_key: %s\napi_url: %s\niccid: '8988'\n" % (KEY, recorder.url))
    plugin = inventory_loader.get("telnyx.wireless.sim_cards")
    try:
        plugin.parse(InventoryData(), DataLoader(), str(path), cache=False)
    except AnsibleParserError as exc:
        assert "unknown option" not in str(exc), str(exc)
    assert plugin.get_option("iccid_prefix") == "8988"
