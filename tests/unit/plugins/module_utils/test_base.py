# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the module base class: result, diff, check mode, failures."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule, hide_volatile
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxAPIError, TelnyxError

SENTINEL = "KEYsentinel-base-1234"


class Sample(TelnyxModule):
    """A module for the tests: behaviour chosen by the `mode` option."""

    @classmethod
    def define_module(cls):
        return cls.build_module({"mode": {"type": "str", "required": True}, "tags": {"type": "list", "elements": "str"}}, wait=True)

    def validate(self):
        if self.params["mode"] == "bad-input":
            self.fail("mode must not be bad-input")

    def run(self):
        mode = self.params["mode"]
        if mode == "api-error":
            raise TelnyxAPIError("PATCH /sim_cards/x failed: HTTP 422 Unprocessable Entity.", 422, code="10015", title="Bad Request",
                                 detail="bad tags", method="PATCH", path="/sim_cards/x")
        if mode == "change":
            before = {"id": "x", "tags": ["a"], "updated_at": "2026-01-01T00:00:00Z", "current_billing_period_consumed_data": {"amount": "1"}}
            after = dict(before, tags=["a", "b"], updated_at="2026-02-02T00:00:00Z")
            self.changed = True
            self.set_diff(before, after, header="SIM card x")
            self.result["sim_card"] = after
            self.result["read_only"] = self.client.read_only
            self.result["tags_set"] = self.is_set("tags")
        if mode == "timeout":
            self.wait_for(lambda: {"status": "enabling"}, lambda v: False, "SIM card x to be enabled", lambda v: "status %s" % v["status"])


def run_module(args, capsys):
    args = dict({"api_key": SENTINEL, "api_url": "http://127.0.0.1:9/v2"}, **args)
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            Sample.main()
    output = json.loads(capsys.readouterr().out)
    return info.value.code, output


def test_result_and_diff_hide_volatile_fields(capsys):
    code, out = run_module({"mode": "change", "_ansible_diff": True, "tags": ["x"]}, capsys)
    assert code == 0
    assert out["changed"] is True
    assert out["diff"]["before"] == {"id": "x", "tags": ["a"]}
    assert out["diff"]["after"] == {"id": "x", "tags": ["a", "b"]}
    assert out["diff"]["before_header"] == "SIM card x (before)"
    assert out["read_only"] is False and out["tags_set"] is True


def test_no_diff_without_diff_mode_and_read_only_in_check_mode(capsys):
    code, out = run_module({"mode": "change", "_ansible_check_mode": True}, capsys)
    assert code == 0
    assert "diff" not in out
    assert out["read_only"] is True and out["tags_set"] is False


def test_api_error_fails_with_sentence_and_structured_failure(capsys):
    code, out = run_module({"mode": "api-error"}, capsys)
    assert code == 1
    assert out["failed"] is True
    assert out["msg"] == "PATCH /sim_cards/x failed: HTTP 422 Unprocessable Entity."
    assert out["failure"] == {"source": "api", "reason": "api_error", "status": 422, "code": "10015", "title": "Bad Request", "detail": "bad tags"}


def test_validate_fails_before_anything(capsys):
    code, out = run_module({"mode": "bad-input"}, capsys)
    assert code == 1
    assert out["msg"] == "mode must not be bad-input"
    assert out["failure"]["detail"] == "mode must not be bad-input"
    assert out["failure"]["source"] == "collection" and out["failure"]["reason"] == "invalid_input" and out["failure"]["status"] is None


def test_wait_timeout_names_the_last_status(capsys):
    code, out = run_module({"mode": "timeout", "wait_timeout": 0.2, "wait_sleep": 0.05}, capsys)
    assert code == 1
    assert out["msg"].startswith("Timed out after 0.2 s waiting for SIM card x to be enabled; last seen: status enabling.")
    assert out["failure"]["title"] == "Timeout"
    assert out["failure"]["source"] == "collection" and out["failure"]["reason"] == "timeout" and out["failure"]["status"] is None


def test_the_key_is_not_in_the_result(capsys):
    dummy, out = run_module({"mode": "change", "_ansible_diff": True}, capsys)
    assert SENTINEL not in json.dumps(out)


def test_hide_volatile():
    assert hide_volatile({"id": 1, "created_at": "t", "ipv4": "1.2.3.4"}) == {"id": 1}
    assert hide_volatile(None) is None
    assert isinstance(TelnyxError("x"), Exception)
