# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the telnyx.wireless.sim_cards inventory's own logic, and of the client behaviour it relies on.

The plugin end to end (ansible-inventory against the emulator) is tested in tests/integration/test_inventory.py.
"""

from __future__ import annotations

import threading
import time

import pytest

from ansible.errors import AnsibleParserError
from ansible.plugins.loader import inventory_loader

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxAuthError, TelnyxClient

KEY = "KEYsentinel-unit-inventory-31c4"
PATH = "/etc/ansible/fleet.sim_cards.yml"


class FakeResponse:
    def __init__(self, status, body=None, headers=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {}
        self.content = b"{}" if body is not None else b""

    def json(self):
        return self._body


def page_answer(number, total_pages, size=2):
    return FakeResponse(200, {"data": [{"id": "%d-%d" % (number, n)} for n in range(size)],
                              "meta": {"page_number": number, "total_pages": total_pages}})


@pytest.fixture
def plugin():
    found = inventory_loader.get("telnyx.wireless.sim_cards")
    assert found is not None, "the plugin is not on the collections path"
    found._settings = {  # pylint: disable=protected-access
        "connection": {"api_url": "https://api.telnyx.com/v2", "api_key": KEY},
        "filters": {},
        "strict": False,
        "use_extra_vars": False,
        "group": "telnyx_sim_cards",
        "default_groups": frozenset(("tags", "sim_card_group", "status", "type")),
        "prefixes": {"tags": "tag_", "sim_card_group": "sim_card_group_", "status": "status_", "type": "type_"},
    }
    return found


# ------------------------------------------------------------------------------------------------ cache key

def test_cache_key_holds_a_fingerprint_never_the_key(plugin):
    key = plugin._cache_key(PATH)  # pylint: disable=protected-access
    assert KEY not in key and key.startswith(plugin.get_cache_key(PATH) + "_")
    assert plugin._cache_key(PATH) == key  # pylint: disable=protected-access


@pytest.mark.parametrize("change", [
    {"connection": {"api_url": "https://api.telnyx.com/v2", "api_key": KEY + "x"}},
    {"connection": {"api_url": "http://127.0.0.1:8080/v2", "api_key": KEY}},
    {"filters": {"tags": ["lost"]}},
    {"filters": {"status": ["enabled"]}},
    {"filters": {"sim_card_group": "meters"}},
    {"filters": {"iccid": "8988303"}},
])
def test_cache_key_changes_with_what_shapes_the_answer(plugin, change):
    before = plugin._cache_key(PATH)  # pylint: disable=protected-access
    plugin._settings.update(change)  # pylint: disable=protected-access
    assert plugin._cache_key(PATH) != before  # pylint: disable=protected-access


# ------------------------------------------------------------------------------------------------ hostnames and groups

SIM = {"id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "iccid": "89883030000000000015", "msisdn": "+13100000001", "eid": None,
       "tags": ["site:berlin-1", "name:meter-7"], "status": {"value": "enabled"}, "type": "physical",
       "sim_card_group_id": "0f3f490e-c4d3-4cf5-838a-9970f10ee259"}


def test_hostname_preferences_fall_back_and_avoid_taken_names(plugin):
    plugin._hostnames = [("tag", "name:"), ("field", "eid"), ("field", "msisdn")]  # pylint: disable=protected-access
    invalid = []
    assert plugin._hostname(SIM, {}, set(), invalid) == ("meter-7", False)  # pylint: disable=protected-access
    assert plugin._hostname(SIM, {}, {"meter-7"}, invalid) == ("+13100000001", True)  # pylint: disable=protected-access
    assert plugin._hostname(SIM, {}, {"meter-7", "+13100000001"}, invalid) == (SIM["iccid"], True)  # pylint: disable=protected-access
    untagged = dict(SIM, tags=["name:"])
    assert plugin._hostname(untagged, {}, set(), invalid) == ("+13100000001", False)  # pylint: disable=protected-access
    assert invalid == []
    # a tag that cannot be a host name (a template) is skipped for the next preference, and the SIM card is noted
    templated = dict(SIM, tags=["name:{{ lookup('pipe', 'id') }}"])
    assert plugin._hostname(templated, {}, set(), invalid) == ("+13100000001", False)  # pylint: disable=protected-access
    assert invalid == [(SIM["iccid"], "tag:name:")]


def test_default_groups_of_a_sim_card(plugin):
    names = plugin._default_groups_of(SIM, "meters")  # pylint: disable=protected-access
    assert names == ["telnyx_sim_cards", "tag_site:berlin-1", "tag_name:meter-7", "sim_card_group_meters", "status_enabled", "type_physical"]
    assert [plugin._sanitize_group_name(name) for name in names][1:3] == ["tag_site_berlin_1", "tag_name_meter_7"]  # pylint: disable=protected-access
    # a group missing from the group list is named by its id rather than dropped
    assert "sim_card_group_0f3f490e-c4d3-4cf5-838a-9970f10ee259" in plugin._default_groups_of(SIM, None)  # pylint: disable=protected-access


def test_sim_card_group_filter_by_name_or_id(plugin):
    groups = [{"id": "0f3f490e-c4d3-4cf5-838a-9970f10ee259", "name": "meters"}]
    assert plugin._group_id(groups, "meters") == groups[0]["id"]  # pylint: disable=protected-access
    assert plugin._group_id(groups, groups[0]["id"]) == groups[0]["id"]  # pylint: disable=protected-access
    with pytest.raises(AnsibleParserError, match="No SIM card group named or with id .trackers."):
        plugin._group_id(groups, "trackers")  # pylint: disable=protected-access
    twins = groups + [{"id": "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9", "name": "meters"}]
    with pytest.raises(AnsibleParserError, match="names 2 SIM card groups .0f3f490e-c4d3-4cf5-838a-9970f10ee259, 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9"):
        plugin._group_id(twins, "meters")  # pylint: disable=protected-access


# ------------------------------------------------------------------------------------------------ the client's concurrency

def test_a_429_without_retry_after_pauses_every_thread(monkeypatch):
    client = TelnyxClient(api_key=KEY, api_url="http://127.0.0.1:9/v2", sleep=lambda seconds: None)
    answers = [FakeResponse(429, {"errors": [{"code": "10011", "title": "Too many requests"}]}), page_answer(1, 1)]
    monkeypatch.setattr(client.session, "request", lambda *args, **kwargs: answers.pop(0))
    assert client.list_all("/sim_cards") == [{"id": "1-0"}, {"id": "1-1"}]
    assert client._pause_until > 0  # pylint: disable=protected-access  # the pause is shared, not one thread's sleep


def test_concurrent_pages_in_order_and_a_failure_stops_the_rest(monkeypatch):
    client = TelnyxClient(api_key=KEY, api_url="http://127.0.0.1:9/v2", retries=0)
    asked = []
    lock = threading.Lock()
    state = {"failing": False}

    def answer(method, url, params=None, **kwargs):
        number = int(params["page[number]"])
        with lock:
            asked.append(number)
        time.sleep(0.01)
        if number == 3 and state["failing"]:
            return FakeResponse(401, {"errors": [{"code": "10009", "title": "Authentication failed"}]})
        return page_answer(number, 40)

    monkeypatch.setattr(client.session, "request", answer)
    items = client.list_all("/sim_cards", workers=4)
    assert [item["id"] for item in items] == ["%d-%d" % (n, i) for n in range(1, 41) for i in range(2)]
    asked[:] = []
    state["failing"] = True
    with pytest.raises(TelnyxAuthError):
        client.list_all("/sim_cards", workers=4)
    assert len(asked) < 20, "pages kept being fetched after a failure: %s" % sorted(asked)


def _is_trusted(value):
    """Whether ansible-core would template this string: trusted on 2.19+, not wrapped unsafe before."""
    try:
        from ansible.template import is_trusted_as_template  # pylint: disable=import-outside-toplevel
    except ImportError:  # before 2.19
        return not getattr(value, "__UNSAFE__", False)
    return is_trusted_as_template(value)


def test_host_values_validated_are_plain_and_user_data_never_templated():
    from ansible_collections.telnyx.wireless.plugins.inventory.sim_cards import host_value  # pylint: disable=import-outside-toplevel
    sim = {
        "id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "iccid": "89883030000000000015", "msisdn": "+13100000001",
        "type": "physical", "status": {"value": "enabled", "reason": "{{ lookup('pipe', 'id') }}"},
        "tags": ["{{ lookup('pipe', 'id') }}", "lost"], "created_at": "2026-11-30T10:00:00Z",
        "data_limit": {"amount": "100", "unit": "MB"}, "voice_enabled": False, "eid": None,
    }
    variables = dict((key, host_value(value, (key,))) for key, value in sim.items())
    for path in (("id",), ("iccid",), ("msisdn",), ("type",), ("status", "value"), ("created_at",), ("data_limit", "amount")):
        value = variables[path[0]] if len(path) == 1 else variables[path[0]][path[1]]
        assert _is_trusted(value) and value == (sim[path[0]] if len(path) == 1 else sim[path[0]][path[1]]), path
    assert not any(_is_trusted(tag) for tag in variables["tags"])
    assert not _is_trusted(variables["status"]["reason"]) and not _is_trusted(variables["data_limit"]["unit"])
    # a value in a validated field that does not pass its check stays untrusted
    assert not _is_trusted(host_value("enabled {{ x }}", ("status", "value")))
    assert not _is_trusted(host_value("not-a-uuid", ("id",)))
    assert variables["voice_enabled"] is False and variables["eid"] is None
