# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Fleet runs: many SIM cards planned with the same rules as one, and reported for an approver.

Pure functions only (no request is sent here): validating an entry, sharding, planning one SIM card with the
planning functions of module_utils/_sim_card.py (the rules of telnyx.wireless.sim_card), predicting where it
ends, and the summary diff. The module telnyx.wireless.sim_card_fleet does the requests.
"""

from __future__ import annotations

import hashlib

from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import check_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import check_thresholds, thresholds_view
from ansible_collections.telnyx.wireless.plugins.module_utils._public_ip import check_region_code
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    DATA_LIMIT_EXCEEDED,
    REGISTRATION_CODE_RE,
    TARGET_STATUSES,
    check_imeis,
    check_sim_ref,
    sim_name,
    sim_status,
    sim_view,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._steps import (
    ACTION_KINDS,
    CREATE_NOTIFICATION,
    DELETE,
    LATER_PATCH,
    PATCH,
    REGISTER,
    REMOVE_NOTIFICATION,
    SET_PUBLIC_IP,
    STATUS,
    VOICE,
    Model,
    plan_steps,
    predict,
    steps_view,
    wants_limit_removed,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import check_voice, voice_enabled

#: The settings an entry (or the selection's settings) may declare; None = leave untouched.
SETTING_KEYS = ("state", "tags", "purge_tags", "data_limit", "sim_card_group", "authorized_imeis", "public_ip", "notifications",
                "notifications_exclusive", "voice", "voice_connection_id")
#: The fields the summary counts, in the order it shows them.
SUMMARY_FIELDS = (("status", "status"), ("tags", "tags"), ("sim_card_group_id", "group"), ("data_limit", "data limit"),
                  ("authorized_imeis", "authorized IMEIs"), ("public_ip", "public IP"), ("notifications", "notifications"),
                  ("voice_enabled", "voice"))
#: The fields a registered SIM card's line shows whenever its entry names them (even empty: no notifications).
SUMMARY_FIELDS_OF_EXTRAS = ("public_ip", "notifications", "voice_enabled")
#: The stand-in id (a prefix to its name) of a SIM card group that an earlier task of a check-mode run would create.
PENDING_GROUP = "pending-sim-card-group:"


def check_entry(entry, where=None):
    """Messages for one malformed entry (or the selection's settings); sends nothing. `where` names it (a prefix)."""
    errors = _entry_errors(entry)
    return ["%s: %s" % (where, message) for message in errors] if where else errors


def _entry_errors(entry):
    """The rules of telnyx.wireless.sim_card for one entry, plus the fleet's: registering needs a state."""
    errors = list(check_sim_ref(entry))
    limit = entry.get("data_limit")
    if limit is not None and not wants_limit_removed(limit):
        if limit.get("amount") is None or limit.get("unit") is None:
            errors.append("data_limit needs both amount and unit (or {} to remove the SIM card's own limit)")
        else:
            errors += check_amount(limit, "data_limit")
    errors += check_imeis(entry.get("authorized_imeis"))
    code = entry.get("registration_code")
    if code is not None:
        if not REGISTRATION_CODE_RE.match(str(code).strip()):
            # the code itself is never repeated: it is a claim secret
            errors.append("registration_code must be the 10 digits printed on the SIM card's packaging")
        if not entry.get("iccid"):
            errors.append("registration_code needs iccid (the ICCID printed on that SIM card), so that a later run finds it")
        if entry.get("state") is None:
            errors.append("registering a SIM card needs state present, disabled or standby (an entry without state leaves the "
                          "status of a SIM card alone, and a SIM card that is not on the account has none)")
    if entry.get("report_lost") and entry.get("state") != "absent":
        errors.append("report_lost applies only with state absent")
    group = entry.get("sim_card_group")
    if group is not None and not str(group).strip():
        errors.append("sim_card_group must be a SIM card group UUID or name, not empty")
    public_ip, notifications = entry.get("public_ip"), entry.get("notifications")
    if public_ip is not None:
        errors += check_region_code(public_ip.get("region_code"), "public_ip.region_code")
        if public_ip.get("state") == "absent" and public_ip.get("region_code"):
            errors.append("public_ip.region_code applies only with public_ip.state present")
    if notifications is not None:
        errors += check_thresholds([("notifications[%d]" % number, threshold) for number, threshold in enumerate(notifications, start=1)])
    elif entry.get("notifications_exclusive"):
        errors.append("notifications_exclusive needs notifications (the thresholds to keep; [] removes them all)")
    if entry.get("state") == "absent" and (public_ip is not None or notifications is not None):
        errors.append("a SIM card with state absent is deleted: public_ip and notifications do not apply")
    errors += check_voice(entry)
    return errors


#: The criteria of the option selection (one at least).
SELECTION_KEYS = ("tags", "sim_card_group", "status", "iccids")


def fleet_input_errors(params):
    """Every problem of a sim_card_fleet task's options (each entry with the rules of sim_card, check_entry, and the
    fleet's own options); sends nothing."""
    errors = []
    if params["workers"] < 1:
        errors.append("workers must be 1 or more, got %d" % params["workers"])
    if params["max_deletions"] < 0:
        errors.append("max_deletions must be 0 or more, got %d" % params["max_deletions"])
    if params["shard_count"] < 1:
        errors.append("shard_count must be 1 or more, got %d" % params["shard_count"])
    elif not 0 <= params["shard_index"] < params["shard_count"]:
        errors.append("shard_index must be from 0 to shard_count - 1 (%d), got %d" % (params["shard_count"] - 1, params["shard_index"]))
    if params["diff_max_sim_cards"] < 0:
        errors.append("diff_max_sim_cards must be 0 or more")
    seen = {}
    for number, entry in enumerate(params["sim_cards"], start=1):
        name = entry.get("iccid") or entry.get("id")
        where = "sim_cards entry %d (%s)" % (number, name)
        errors += check_entry(entry, where)
        key = str(name).lower()
        if key in seen:
            errors.append("%s names the same SIM card as entry %d; name each SIM card once" % (where, seen[key]))
        seen.setdefault(key, number)
    if params["settings"] is not None:
        errors += check_entry(params["settings"], "settings")
    selection = params["selection"] or {}
    for iccid in selection.get("iccids") or []:
        errors += ["selection: %s" % message for message in check_entry({"iccid": iccid}, "iccids")]
    if params["selection"] is not None and not any(selection.get(key) for key in SELECTION_KEYS):
        errors.append("selection needs at least one criterion (tags, sim_card_group, status or iccids); "
                      "to act on every SIM card, name them in sim_cards")
    return errors


def make_plans(entries, sims, selected=(), settings=None, shard=(0, 1)):
    """One Plan per SIM card of the run: each entry with the SIM card it names among `sims` (None: not on the account),
    then the `selected` SIM cards no entry names, with `settings`; only those of shard (index, count)."""
    by_iccid = dict((sim.get("iccid"), sim) for sim in sims if sim.get("iccid"))
    by_id = dict((sim["id"].lower(), sim) for sim in sims if sim.get("id"))
    plans, named = [], set()
    for entry in entries:
        sim = by_id.get(entry["id"].lower()) if entry.get("id") else by_iccid.get(entry["iccid"])
        if sim is not None:
            named.add(sim["id"])
        plans.append(Plan((sim or {}).get("iccid") or entry.get("iccid") or entry.get("id"), entry, sim))
    plans += [Plan(sim.get("iccid") or sim["id"], settings, sim) for sim in selected if sim["id"] not in named]
    index, count = shard
    return [plan for plan in plans if count <= 1 or shard_of(plan.key, count) == index]


def shard_of(key, shard_count):
    """The shard (0 .. shard_count - 1) a SIM card belongs to, from its ICCID (its id when no ICCID is known).

    A stable hash (sha256, not Python's per-process hash()), so every controller and every AWX slice computes
    the same shard for the same SIM card. The ICCID is printed on the card and never changes, and a SIM card
    that is not registered yet has no id, so hashing the ICCID keeps a card in one shard before and after
    its registration.
    """
    digest = hashlib.sha256(str(key).lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shard_count


def registration_problems(answer):
    """{index of the code in the request: Telnyx's error} from a registration answer (errors point at /registration_codes/i)."""
    problems = {}
    for error in answer.get("errors") or []:
        pointer = str(((error or {}).get("source") or {}).get("pointer") or "")
        head, dummy, index = pointer.rpartition("/")
        if head == "/registration_codes" and index.isdigit():
            problems[int(index)] = error
    return problems


class Plan:
    """What the run does to one SIM card: register, delete, one PATCH, status actions; or why it cannot."""

    def __init__(self, key, entry, sim):
        self.key = key              # the ICCID (or the id) that names the SIM card
        self.entry = entry          # the declared settings
        self.before = sim           # the SIM card as read (None: not on the account)
        self.current = sim          # the SIM card as last seen during the run
        self.sim_id = (sim or {}).get("id")  # its id once known (a registered SIM card gets one)
        self.register = False
        self.delete = False
        self.patch = {}
        self.steps = []             # status actions still to send, in order
        self.later_patch = False    # settings to PATCH once a registration has settled
        self.error = None           # TelnyxError: why it does not converge
        self.actions = []           # the SIM card actions started
        self.registration_status = None
        self.predicted = None       # the SIM card as the run should leave it
        self.expect = None          # (status, action) the SIM card waited for should settle in
        self.planned = False        # whether the plan changes the SIM card (fixed once planned)
        self.public_ip = None       # its public IP as read (when the entry names public_ip; None: it has none)
        self.public_ip_after = None  # ... as the run leaves it
        self.ip_region = None       # the region a public IP is set in (None: Telnyx's default; bulk_set_public_ips)
        self.notifications = []     # its notifications as read (when the entry names notifications)
        self.notes = None           # plan_notifications(): kept, creates, update, removed
        self.notifications_after = []  # ... as the run leaves them
        self.voice_step = None      # plan_voice(): the voice action, or None
        self.planned_steps = ()     # the steps planned (_steps.plan_steps), immutable; the fields above are the engine's work
        self.extra = []             # SIM card actions after the status ones: remove_public_ip, set_public_ip, voice
        self.last_extra = None      # (step, action) of the last one started
        self.wrote = False          # whether a write on it went through (a run that fails halfway still changed it)
        self.woke_up = False        # declared standby, found enabled because it used data (Engine.wake_ups)

    @property
    def target(self):
        """The status its entry declares (None: no state, or absent)."""
        return TARGET_STATUSES.get(self.entry.get("state"))

    @property
    def changed(self):
        return self.wrote if self.error is not None else self.planned

    def fail(self, error):
        if self.error is None:
            self.error = error


def plan_sim(plan, group_id, default_group_id, wait, groups=None):
    """Plan one SIM card: its immutable steps (_steps.plan_steps), what they leave (_steps.predict: the check-mode
    result), and the engine's work taken from the steps. A step the API cannot take fails the Plan, and then nothing is
    planned for it. groups: {group id: group object} of the groups the run has read (their data limits predict the
    status a data_limit change leads to)."""
    before = plan.before
    group = (groups or {}).get(group_id or (before or {}).get("sim_card_group_id"))
    try:
        steps = plan_steps(before, plan.entry, group_id, default_group_id, group, plan.public_ip, plan.notifications, plan.key)
    except TelnyxError as exc:
        plan.fail(exc)
        steps = ()
    plan.planned_steps = steps
    if plan.error is None:
        plan.predicted, plan.public_ip_after, plan.notifications_after = predict(Model(before, plan.public_ip, list(plan.notifications)), steps,
                                                                                 wait, group)
    else:
        plan.predicted, plan.public_ip_after, plan.notifications_after = before, plan.public_ip, plan.notifications
    _queue(plan, steps)
    plan.planned = plan.error is None and bool(steps)
    return plan


def _queue(plan, steps):
    """The engine's work on the Plan, from its steps (the engine consumes these as it goes)."""
    kinds = [step.kind for step in steps]
    first = dict((step.kind, step.detail) for step in reversed(steps))
    plan.register, plan.delete, plan.later_patch = REGISTER in kinds, DELETE in kinds, LATER_PATCH in kinds
    plan.registration_status = first[REGISTER]["status"] if plan.register else None
    plan.patch = first.get(PATCH) or {}
    plan.steps = [step.detail for step in steps if step.kind == STATUS]
    plan.extra = [kind for kind in kinds if kind in ACTION_KINDS]
    plan.ip_region, plan.voice_step = first.get(SET_PUBLIC_IP), first.get(VOICE)
    plan.notes = None
    if plan.entry.get("notifications") is not None and plan.error is None:
        plan.notes = {"creates": [step.detail for step in steps if step.kind == CREATE_NOTIFICATION], "update": None,
                      "removed": [step.detail for step in steps if step.kind == REMOVE_NOTIFICATION]}


def limit_exceeded_note(plan):
    """The warning for a SIM card declared present that stays in data_limit_exceeded (no status step, no data_limit
    change), or None."""
    if plan.error is None and plan.before is not None and not plan.steps and plan.entry.get("state") == "present" \
            and sim_status(plan.before) == DATA_LIMIT_EXCEEDED and "data_limit" not in plan.patch:
        return ("%s is in status data_limit_exceeded: it is enabled by intent and returns to enabled by itself once its data_limit (or its "
                "group's) is raised above its usage or the billing cycle resets." % sim_name(plan.before))
    return None


def woke_up_note(plan):
    """The warning for a SIM card declared standby that Telnyx enabled because it used data (Engine.wake_ups)."""
    return ("%s woke up: it was on standby and Telnyx enabled it because it started using data; it is set back to standby as declared."
            % sim_name(plan.before))


def notes_change(notes):
    return bool(notes and (notes["creates"] or notes["update"] or notes["removed"]))


def public_ip_view(public_ip):
    """What a diff shows of a public IP: its region (None for none; "default region" for one not set yet in no named
    region). The address is in the result's public_ip, not in the diff: Telnyx picks it, so check mode cannot."""
    if not public_ip:
        return None
    return public_ip.get("region_code") or "default region"


def extras_view(plan, sim, after):
    """The public IP, notifications and voice part of a diff view, for what the entry names (so other diffs stay as they
    were). after: whether this is the view after the run."""
    view = {}
    entry = plan.entry
    if entry.get("public_ip") is not None:
        view["public_ip"] = public_ip_view(plan.public_ip_after if after else plan.public_ip)
    if entry.get("notifications") is not None:
        notifications = plan.notifications_after if after else plan.notifications
        view["notifications"] = thresholds_view(notifications or [])["notifications"]
    if entry.get("voice") is not None:
        view["voice_enabled"] = voice_enabled(sim)
    return view


def changes_of(before, after):
    """{field: (before, after)} over the fields a diff shows, between two SIM card views."""
    changes = {}
    for field, dummy in SUMMARY_FIELDS:
        old, new = (before or {}).get(field), (after or {}).get(field)
        if old != new or field == "sim_card_group_id" and (before or {}).get("sim_card_group_name") != (after or {}).get("sim_card_group_name"):
            changes[field] = (old, new)  # a group a check-mode run would create has no id yet: its name tells
    return changes


def sim_result(plan, group_names, after):
    """The per-SIM result returned for every SIM card of the run."""
    result = {
        "iccid": (plan.before or after or {}).get("iccid") or plan.entry.get("iccid"),
        "id": (plan.before or after or {}).get("id") or plan.entry.get("id"),
        "changed": plan.changed,
        "failed": plan.error is not None,
        "registered": plan.register and plan.error is None,
        "deleted": plan.delete and plan.error is None,
        "actions": [dict((k, action.get(k)) for k in ("id", "action_type")) for action in plan.actions],
        "status": sim_status(after) if after else None,
    }
    if plan.entry.get("public_ip") is not None and not plan.delete:
        result["public_ip"] = plan.public_ip_after
    if plan.entry.get("notifications") is not None and not plan.delete:
        result["notifications"] = plan.notifications_after
    if result["changed"] or result["failed"]:
        # before, after and the steps only where something changes (or fails): 10,000 unchanged SIM cards stay a short result
        result["steps"] = steps_view(plan.planned_steps)
        result["before"] = sim_view(plan.before, group_names.get((plan.before or {}).get("sim_card_group_id")))
        if plan.before:
            result["before"].update(extras_view(plan, plan.before, False))
        result["after"] = sim_view(after, group_names.get((after or {}).get("sim_card_group_id")))
        if after:
            result["after"].update(extras_view(plan, after, plan.error is None))
        if str(result["after"].get("sim_card_group_id")).startswith(PENDING_GROUP):
            result["after"]["sim_card_group_id"] = None  # a group this check-mode run would create: no id yet, its name shown
    if plan.error is not None:
        result["msg"] = str(plan.error)
        result["failure"] = plan.error.failure
    return result


def task_failure(failures):
    """The task's failure when SIM cards did not converge: a fleet of one fails as telnyx.wireless.sim_card would (that
    SIM card's failure); SIM cards that all fail for one reason of the collection's give that reason; any other mix is
    sim_cards_failed (each SIM card's own failure is in its result)."""
    if len(failures) == 1:
        return dict(failures[0])
    reasons = set((failure.get("source"), failure.get("reason")) for failure in failures)
    source, reason = next(iter(reasons))
    if len(reasons) == 1 and source == "collection" and reason:
        return collection_failure(reason, "%d SIM cards" % len(failures), "SIM cards did not converge")
    return collection_failure("sim_cards_failed", "%d SIM cards" % len(failures), "SIM cards did not converge")


def declared_changes(result):
    """{field: (before, after)} an approver sees change on one SIM card. A SIM card registered by the run (counted as
    registered, not by its status) shows the settings it is registered with: those that are not empty."""
    changes = changes_of(result["before"], result["after"])
    if result["registered"]:
        changes = dict((field, change) for field, change in changes.items() if field != "status" and change[1] not in (None, [], {}))
    return changes


def summarize(results):
    """Counts for an approver: how many SIM cards change each setting, how many stay as they are."""
    summary = {"sim_cards": len(results), "changed": 0, "unchanged": 0, "failed": 0, "registered": 0, "deleted": 0}
    for field, dummy in SUMMARY_FIELDS:
        summary[field] = 0
    moves = {}
    for result in results:
        if result["failed"]:
            summary["failed"] += 1
        if not result["changed"]:
            if not result["failed"]:
                summary["unchanged"] += 1
            continue
        summary["changed"] += 1
        summary["registered"] += int(result["registered"])
        summary["deleted"] += int(result["deleted"])
        if result["deleted"]:
            continue
        for field in declared_changes(result):
            summary[field] += 1
        old, new = result["before"].get("status"), result["after"].get("status")
        if old != new and not result["registered"]:
            moves["%s -> %s" % (old, new)] = moves.get("%s -> %s" % (old, new), 0) + 1
    summary["status_moves"] = dict(sorted(moves.items()))
    return summary


def _show(value):
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return "[%s]" % ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "%s %s" % (value.get("amount"), value.get("unit"))
    return "none" if value is None else str(value)


def one_line(result):
    """One SIM card's change, on one line."""
    return "%s: %s" % (result["iccid"] or result["id"], "; ".join(change_words(result)) or "changes")


def change_words(result):
    """One SIM card's change in the summary's words: one phrase per setting ("tags [a] -> [a, b]"), or one phrase for a
    failure, a registration or a deletion (one_line; the drift report of playbooks/drift.yml)."""
    if result["failed"]:
        return ["FAILS - %s" % result["msg"]]
    if result["registered"]:
        after = result["after"]
        # what the entry declares (a setting it leaves out is empty on a new SIM card): the group it goes in, always
        shown = declared_changes(result)
        extras = "".join(", %s %s" % (label, _show(after[field])) for field, label in SUMMARY_FIELDS
                         if field in shown and field not in ("status", "sim_card_group_id") or field in SUMMARY_FIELDS_OF_EXTRAS and field in after)
        return ["register as %s in group %s%s" % (after.get("status"), after.get("sim_card_group_name") or after.get("sim_card_group_id"), extras)]
    if result["deleted"]:
        return ["DELETE (was %s)" % result["before"].get("status")]
    parts = []
    for field, label in SUMMARY_FIELDS:
        change = changes_of(result["before"], result["after"]).get(field)
        if change and field == "sim_card_group_id":
            # a group by its name where the run knows it
            change = (result["before"].get("sim_card_group_name") or change[0], result["after"].get("sim_card_group_name") or change[1])
        if change:
            parts.append("%s %s -> %s" % (label, _show(change[0]), _show(change[1])))
    return parts


def summary_text(summary, results, limit, check_mode):
    """The diff an approver reads: the counts, then up to `limit` SIM cards' changes, one line each."""
    verb = "would" if check_mode else "did"
    lines = ["SIM card fleet: %d SIM cards; %d change, %d stay as they are, %d cannot converge." % (
        summary["sim_cards"], summary["changed"], summary["unchanged"], summary["failed"])]
    counts = ["%s %d" % (label, summary[field]) for field, label in SUMMARY_FIELDS]
    counts += ["registered %d" % summary["registered"], "deleted %d" % summary["deleted"]]
    lines.append("  SIM cards that %s change, by setting: %s" % (verb, ", ".join(counts)))
    for move, count in summary["status_moves"].items():
        lines.append("    status %s: %d" % (move, count))
    listed = [result for result in results if result["changed"] or result["failed"]]
    if listed:
        shown = listed[:limit]
        lines.append("Per SIM card (%d of %d%s):" % (len(shown), len(listed), "; the full list is in the result's sim_cards" if len(shown) < len(
            listed) else ""))
        lines += ["  " + one_line(result) for result in shown]
    return "\n".join(lines) + "\n"
