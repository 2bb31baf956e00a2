# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Drift: what a check-mode run of the sim_fleet role would change, as a report (pure; playbooks/drift.yml).

A check-mode run of the role against the fleet description kept in git changes what differs on the account and
nothing else, so what it would change is the drift: per policy object (the diff of its module), per SIM card (in the
words of the fleet summary: `_fleet.change_words`). The `telnyx.wireless.fleet_drift` filter calls `drift_report()`.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import _show, change_words

#: The policy results of the role, by the kind each holds, in the order the role applies them.
POLICY_KINDS = (("gateways", "private_wireless_gateway"), ("blocklists", "wireless_blocklist"), ("groups", "sim_card_group"))
#: Diff fields that say nothing about drift (the object's identity, read-only counters).
IGNORED_FIELDS = frozenset(("id", "name", "record_type", "default"))


def _value(value):
    return _show(sorted(value) if isinstance(value, list) else value)


def policy_changes(result):
    """What a policy module's check-mode result would change: "field before -> after" per differing field of its diff,
    or what it says without a diff (created, deleted, failed)."""
    if result.get("failed"):
        return ["FAILS - %s" % result.get("msg")]
    diff = result.get("diff") or {}
    if isinstance(diff, list):
        diff = diff[0] if diff else {}
    before, after = diff.get("before") or {}, diff.get("after") or {}
    if not before and after:
        return ["create"]
    if before and not after:
        return ["delete"]
    fields = set(before) | set(after)
    # an object a diff shows by id and by name (a group's gateway, blocklist): by its name
    shown = [field for field in sorted(fields) if field not in IGNORED_FIELDS and not (field.endswith("_id") and field[:-3] + "_name" in fields)]
    words = ["%s %s -> %s" % (field, _value(before.get(field)), _value(after.get(field))) for field in shown if before.get(field) != after.get(field)]
    return words or ["changes"]


def drift_report(gateways=None, blocklists=None, groups=None, fleet=None, fleet_file=None):
    """{drift, count, objects: [{kind, name, changes: [str]}], sim_cards, fleet_file} from the registered results of a
    check-mode run of the role: the loop results of its gateway, blocklist and group tasks and the result of its
    sim_card_fleet task (any may be missing: the role skips what the description does not hold)."""
    results = {"gateways": gateways, "blocklists": blocklists, "groups": groups}
    objects = []
    for key, kind in POLICY_KINDS:
        for result in results[key] or []:
            if not (result.get("changed") or result.get("failed")):
                continue
            item = result.get("item") or {}
            objects.append({"kind": kind, "name": item.get("name") or item.get("id"), "changes": policy_changes(result)})
    checked = 0
    if fleet:
        summary = fleet.get("summary") or {}
        checked = summary.get("sim_cards", len(fleet.get("sim_cards") or []))
        for result in fleet.get("sim_cards") or []:
            if result.get("changed") or result.get("failed"):
                objects.append({"kind": "sim_card", "name": result.get("iccid") or result.get("id"), "changes": change_words(result)})
    return {"drift": bool(objects), "count": len(objects), "objects": objects, "sim_cards_checked": checked, "fleet_file": fleet_file}
