# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data sessions placed in time and the files of WDR reports (usage.py)."""

import csv
import datetime
import io

import requests

from emulator.harness import EmulatorError, wait_for


def ago(days):
    return (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def complete(api, body):
    report = api.post("/wireless/detail_records_reports", json=body).json()["data"]

    def done():
        found = api.get("/wireless/detail_records_reports/" + report["id"]).json()["data"]
        return found if found["status"] == "complete" else None
    return wait_for(done, timeout=30, message="the report")


def test_report_file_holds_the_sessions_of_its_period(emu, api):
    seeded = emu.seed(sim_cards=2, groups=["meters"], tags=["eu"])
    one, two = seeded["sim_cards"]
    emu.data_session(one["id"], 12, ago(5))
    emu.data_session(two["id"], 4, ago(3))
    emu.data_session(one["id"], 40, ago(8))   # before the period
    emu.consume(two["id"], 8)                  # now: after the period
    assert emu.sim(one["id"])["_emulator"]["consumed_mb"] == 52.0  # sessions count in the billing period as consume does
    report = complete(api, {"start_time": ago(6), "end_time": ago(1)})
    assert report["report_url"].startswith(emu.base + "/_emulator/wdr_files/%s.csv?signature=" % report["id"])
    answer = requests.get(report["report_url"], timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["sim_card_id"], r["uplink_data"], r["downlink_data"], r["data_unit"], r["data_cost"]) for r in rows] == [
        (one["id"], "3", "9", "MB", "0.12"), (two["id"], "1", "3", "MB", "0.04")]
    group = seeded["groups"][0]
    assert {(r["sim_group_id"], r["sim_group_name"], r["record_type"]) for r in rows} == {(group["id"], "meters", "sim_card_usage")}
    assert [r["sim_card_tags"] for r in rows] == [",".join(one["tags"]), ",".join(two["tags"])]
    assert emu.wdr_downloads() == [{"report_id": report["id"], "authorization_sent": False}]


def test_report_file_is_refused_before_completion_after_delete_and_with_a_wrong_signature(emu, api):
    emu.config(transition_seconds=30)
    pending = api.post("/wireless/detail_records_reports", json={"start_time": ago(2), "end_time": ago(1)}).json()["data"]
    assert requests.get(pending["report_url"], timeout=10).status_code == 404
    emu.advance(31)
    assert requests.get(pending["report_url"].split("signature=")[0] + "signature=forged", timeout=10).status_code == 403
    assert requests.get(pending["report_url"], timeout=10).status_code == 200
    api.delete("/wireless/detail_records_reports/" + pending["id"])
    assert requests.get(pending["report_url"], timeout=10).status_code == 404


def test_sessions_cannot_be_placed_in_the_future(emu):
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    future = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for at in (future, "yesterday"):
        try:
            emu.data_session(sim["id"], 1, at)
        except EmulatorError as exc:
            assert "400" in str(exc)
        else:
            raise AssertionError("a session at %s was accepted" % at)
    assert emu.sim(sim["id"])["_emulator"]["consumed_mb"] == 0.0
