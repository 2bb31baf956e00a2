# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_usage_report against the emulator: data sessions placed in time through the control API,
a WDR report over a period, the sums per SIM card and per group, the report deleted or kept, a lost create answer,
check mode; and sim_card_info's sort by consumption (the top consumers)."""

from __future__ import annotations

import datetime

REPORTS = "/v2/wireless/detail_records_reports"


def ago(days, hours=0):
    moment = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days, hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def usage_task(name="usage", **options):
    return {"name": name, "telnyx.wireless.sim_card_usage_report": options}


def arrange(emu):
    """Two groups, one with a `|` in its name; sessions inside the period (10 to 2 days ago) and outside it."""
    meters = emu.seed(sim_cards=3, groups=["meters"])
    pipes = emu.seed(sim_cards=2, groups=["a|b"])
    m, p = meters["sim_cards"], pipes["sim_cards"]
    inside = [(m[0], 12, ago(9)), (m[0], 8, ago(3)), (m[1], 4, ago(5)), (p[0], 20, ago(4)), (p[1], 0.5, ago(6))]
    outside = [(m[0], 100, ago(12)), (m[2], 40, ago(1)), (p[0], 60, ago(0, 1))]
    for sim, mb, at in inside + outside:
        emu.data_session(sim["id"], mb, at)
    meters["inside"] = inside
    return meters, pipes


def test_usage_per_sim_card_and_group_match_what_was_consumed(emu, run_tasks, tmp_path):
    meters, pipes = arrange(emu)
    m, p = meters["sim_cards"], pipes["sim_cards"]
    emu.clear_requests()
    dest = tmp_path / "wdr.csv"
    start, end = ago(10), ago(2)
    run = run_tasks([usage_task(start_time=start, end_time=end, dest=str(dest))], expect_rc=0)
    result = run.task("usage")
    assert result["changed"] is False and result["report_deleted"] is True
    assert result["summary"] == {"records": 5, "sim_cards": 4, "sim_card_groups": 2, "data_mb": 44.5, "uplink_mb": 11.125,
                                 "downlink_mb": 33.375, "data_cost": 0.445, "currency": "USD"}
    by_sim = [(s["sim_card_id"], s["data_mb"], s["records"], s["sim_group_name"]) for s in result["sim_cards"]]
    assert by_sim == [(m[0]["id"], 20.0, 2, "meters"), (p[0]["id"], 20.0, 1, "a|b"), (m[1]["id"], 4.0, 1, "meters"),
                      (p[1]["id"], 0.5, 1, "a|b")] or by_sim == [(p[0]["id"], 20.0, 1, "a|b"), (m[0]["id"], 20.0, 2, "meters"),
                                                                 (m[1]["id"], 4.0, 1, "meters"), (p[1]["id"], 0.5, 1, "a|b")]
    assert by_sim[:2] == sorted(by_sim[:2], key=lambda row: row[0])  # a tie is ordered by id
    groups = [(g["sim_group_id"], g["sim_group_name"], g["data_mb"], g["sim_cards"], g["records"]) for g in result["sim_card_groups"]]
    assert groups == [(meters["groups"][0]["id"], "meters", 24.0, 2, 3), (pipes["groups"][0]["id"], "a|b", 20.5, 2, 2)]
    assert len(result["records"]) == 5 and {r["data_mb"] for r in result["records"]} == {12.0, 8.0, 4.0, 20.0, 0.5}
    assert dest.read_text().splitlines()[0].startswith("id,record_type,sim_card_id,")
    assert len(dest.read_text().splitlines()) == 6
    # The requests: the list (for the re-read), one create for the period, polls, one delete; the file without the API key.
    writes = emu.writes()
    assert [(w["method"], w["path"]) for w in writes] == [("POST", REPORTS), ("DELETE", "%s/%s" % (REPORTS, result["report"]["id"]))]
    assert writes[0]["body"] == {"start_time": start, "end_time": end}
    # NOTES: one GET of the report list, one POST, a GET per poll while pending, the download (outside the API), one DELETE
    report = "%s/%s" % (REPORTS, result["report"]["id"])
    sent = [(r["method"], r["path"]) for r in emu.requests() if r["path"].startswith("/v2/")]
    polls = len(sent) - 3
    assert polls >= 1 and sent == [("GET", REPORTS), ("POST", REPORTS)] + [("GET", report)] * polls + [("DELETE", report)]
    assert emu.state()["wdr_reports"] == 0
    assert emu.wdr_downloads() == [{"report_id": result["report"]["id"], "authorization_sent": False}]


def test_selection_by_group_name_and_sim_card(emu, run_tasks):
    meters, pipes = arrange(emu)
    emu.clear_requests()
    m = meters["sim_cards"]
    run = run_tasks([usage_task("groups", start_time=ago(10), end_time=ago(2), sim_card_groups=["a|b"], return_records=False),
                     usage_task("sims", start_time=ago(10), end_time=ago(2), sim_card_ids=[m[0]["id"]])], expect_rc=0)
    groups = run.task("groups")
    # NOTES: with sim_card_groups by name, one GET per name first (a filtered list page)
    sent = [(r["method"], r["path"], r["query"].get("filter[name]")) for r in emu.requests() if r["path"].startswith("/v2/")]
    assert sent[:3] == [("GET", "/v2/sim_card_groups", ["a|b"]), ("GET", REPORTS, None), ("POST", REPORTS, None)]
    assert [path for dummy, path, dummy in sent].count("/v2/sim_card_groups") == 1
    assert "records" not in groups
    assert groups["summary"]["data_mb"] == 20.5 and [g["sim_group_id"] for g in groups["sim_card_groups"]] == [pipes["groups"][0]["id"]]
    sims = run.task("sims")
    assert sims["summary"]["data_mb"] == 20.0 and sims["summary"]["records"] == 2
    # the records of m[0] in the period, oldest first, closed when the control API placed them
    assert [r["closed_at"][:19] for r in sims["records"]] == [at[:19] for sim, mb, at in meters["inside"] if sim is m[0]]


def test_lost_create_answer_makes_exactly_one_report(emu, run_tasks):
    arrange(emu)
    emu.faults(rate=1.0, kinds=["reset_after"], seed=3, methods=["POST"], path_regex="detail_records_reports")
    run = run_tasks([usage_task(start_time=ago(10), end_time=ago(2), keep_report=True)], expect_rc=0)
    result = run.task("usage")
    posts = [r for r in emu.requests() if r["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["fault"] == "reset_after"
    assert result["changed"] is True and result["report_deleted"] is False
    assert result["summary"]["data_mb"] == 44.5
    listed = emu.api("GET", "/wireless/detail_records_reports").json()["data"]
    assert [r["id"] for r in listed] == [result["report"]["id"]]


def test_kept_report_read_again_by_id_and_check_mode(emu, run_tasks):
    arrange(emu)
    run = run_tasks([usage_task("keep", start_time=ago(10), end_time=ago(2), keep_report=True)], expect_rc=0)
    kept = run.task("keep")
    assert kept["changed"] is True and kept["report_deleted"] is False and emu.state()["wdr_reports"] == 1
    emu.clear_requests()
    check = run_tasks([usage_task("again", report_id=kept["report"]["id"], return_records=False),
                       usage_task("dry", start_time=ago(10), end_time=ago(2))], check=True, expect_rc=0)
    again = check.task("again")
    assert again["changed"] is False and again["summary"] == kept["summary"] and again["report_deleted"] is False
    dry = check.task("dry")
    assert dry["changed"] is False and dry["report"] is None and dry["summary"]["records"] == 0
    assert emu.writes() == []
    assert emu.state()["wdr_reports"] == 1


def test_failures_name_their_reason(emu, run_tasks):
    run = run_tasks([dict(usage_task("missing", report_id="6a09cdc3-8948-47f0-aa62-74ac943d6c58"), ignore_errors=True),
                     dict(usage_task("backwards", start_time=ago(1), end_time=ago(2)), ignore_errors=True),
                     dict(usage_task("nogroup", start_time=ago(3), end_time=ago(2), sim_card_groups=["nope"]), ignore_errors=True)])
    assert run.task("missing")["failure"]["reason"] == "report_not_found"
    assert run.task("backwards")["failure"]["reason"] == "invalid_input"
    assert "must be before end_time" in run.task("backwards")["msg"]
    assert run.task("nogroup")["failure"]["reason"] == "group_not_found"
    assert emu.writes() == []


def test_sim_card_info_top_consumers(emu, run_tasks):
    sims = emu.seed(sim_cards=5, groups=["meters"])["sim_cards"]
    for sim, mb in zip(sims, [3, 30, 0, 12, 7]):
        if mb:
            emu.consume(sim["id"], mb)
    emu.clear_requests()
    run = run_tasks([{"name": "top", "telnyx.wireless.sim_card_info": {"sim_card_group": "meters", "limit": 3,
                                                                       "sort": "-current_billing_period_consumed_data.amount"}},
                     {"name": "least", "telnyx.wireless.sim_card_info": {"sim_card_group": "meters",
                                                                         "sort": "current_billing_period_consumed_data.amount"}}],
                    expect_rc=0)
    top = run.task("top")["sim_cards"]
    assert [s["id"] for s in top] == [sims[1]["id"], sims[3]["id"], sims[4]["id"]]
    least = run.task("least")["sim_cards"]
    assert [s["id"] for s in least][:2] == [sims[2]["id"], sims[0]["id"]] and len(least) == 5
    lists = [r for r in emu.requests() if r["path"] == "/v2/sim_cards"]
    assert [r["query"].get("sort") for r in lists] == [["-current_billing_period_consumed_data.amount"],
                                                       ["current_billing_period_consumed_data.amount"]]
