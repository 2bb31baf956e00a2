# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""A Telnyx account as a fleet description: the variables roles/sim_fleet and playbooks/change_run.yml take.

Pure (no I/O): `describe()` turns what sim_card_fleet_info read into the description and the list of what it cannot
declare as it is (with the reason); `render()` writes it as YAML made for git and review - the same bytes for the same
account, keys in a fixed order, one line per object where it fits. docs/export.md states the rules.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import parse_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import sort_notifications
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import DECOMMISSIONING, FAILED, gateway_status
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_transitional, sim_status
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import voice_enabled

#: The status a SIM card shows -> the `state` that declares it.
STATES = {"enabled": "present", "disabled": "disabled", "standby": "standby"}
#: The variables of a fleet description, in the order a file holds them (the role applies the policy first too).
SECTIONS = ("sim_fleet_gateways", "sim_fleet_blocklists", "sim_fleet_groups", "sim_fleet_sim_cards")
#: A line longer than this is written as a block mapping instead of one flow line.
LINE_WIDTH = 200

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_YAML_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null"))


def amount_value(limit):
    """{amount, unit} as a description writes it (a number, the unit in capitals), or None for no limit."""
    if not limit or limit.get("amount") in (None, ""):
        return None
    try:
        amount = parse_amount(limit["amount"], "amount")
    except ValueError:
        return None
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "unit": (limit.get("unit") or "MB").upper()}


def _unique_names(items):
    """{name: item} for the names exactly one item has; the others are ambiguous."""
    counts = {}
    for item in items:
        counts[item.get("name")] = counts.get(item.get("name"), 0) + 1
    return dict((item.get("name"), item) for item in items if item.get("name") and counts[item.get("name")] == 1)


def _status_reason(status):
    if is_transitional(status):
        return "%s: in a transition; export again once it has settled" % status
    if status == "data_limit_exceeded":
        return ("data_limit_exceeded: Telnyx took it off the network at its data limit, and no state declares that; "
                "declare it (present or disabled) once its limit is raised or removed")
    if status == "unauthorized_imei":
        return "unauthorized_imei: its device is not among its authorized IMEIs; declare it once that is settled"
    return "%s: not a status a fleet description declares" % status


class _Names(object):
    """How a description names the objects of one kind: by name when no other has it, else by id."""

    def __init__(self, items):
        self.unique = _unique_names(items)
        self.by_id = dict((item["id"], item) for item in items)

    def owns(self, item):
        return self.unique.get(item.get("name")) is item

    def ref(self, object_id):
        """The reference to the object with this id: its name, its id, or the id alone when it was not read."""
        item = self.by_id.get(object_id)
        if item is None:
            return object_id or ""
        return item["name"] if self.owns(item) else item["id"]


def _sorted(items, key="name"):
    return sorted(items, key=lambda item: (item.get(key) or "", item.get("id") or ""))


def _sim_entry(sim, groups, notifications, public_ips):
    """The entry that declares a SIM card as it is (with its state when it has one a description declares)."""
    entry = {"iccid": sim.get("iccid")} if sim.get("iccid") else {"id": sim["id"]}
    if sim_status(sim) in STATES:
        entry["state"] = STATES[sim_status(sim)]
    if sim.get("sim_card_group_id"):
        # in no group (never assigned): no sim_card_group, which leaves it so (an empty name is no group a role can set)
        entry["sim_card_group"] = groups.ref(sim["sim_card_group_id"])
    entry["tags"] = sorted(sim.get("tags") or [])
    entry["data_limit"] = amount_value(sim.get("data_limit")) or {}
    entry["authorized_imeis"] = sorted(sim.get("authorized_imeis") or [])
    if notifications is not None and notifications.get(sim["id"]):
        thresholds = [amount_value(item.get("threshold")) for item in sort_notifications(notifications[sim["id"]])]
        # two notifications at one threshold (two runs at once) are declared once: a description lists each once
        entry["notifications"] = [value for number, value in enumerate(thresholds) if value and value not in thresholds[:number]]
        entry["notifications_exclusive"] = True
    if voice_enabled(sim):
        entry["voice"] = True
    if public_ips is not None and public_ips.get(sim["id"]):
        public_ip = public_ips[sim["id"]]
        entry["public_ip"] = {"state": "present", "region_code": public_ip["region_code"]} if public_ip.get("region_code") else {"state": "present"}
    return entry


def _group_entry(group, names):
    entry = {"name": group.get("name")} if names["groups"].owns(group) else {"id": group["id"], "name": group.get("name")}
    entry["data_limit"] = amount_value(group.get("data_limit")) or {}
    entry["private_wireless_gateway"] = names["gateways"].ref(group.get("private_wireless_gateway_id"))
    entry["wireless_blocklist"] = names["blocklists"].ref(group.get("wireless_blocklist_id"))
    return entry


def _gateway_entry(gateway, names):
    """(entry, reason it cannot be declared or None)."""
    entry = {"name": gateway.get("name"), "network_id": gateway.get("network_id"), "region_code": gateway.get("region_code")}
    if gateway.get("address_mode"):
        entry["address_mode"] = gateway["address_mode"]
    if not names["gateways"].owns(gateway):
        return entry, "another private wireless gateway has the name %r; a description names each once" % gateway.get("name")
    if gateway_status(gateway) == FAILED:
        return entry, "failed provisioning; declare it with replace: true to provision it again"
    return entry, None


def _blocklist_entry(blocklist, names):
    """(entry, reason it cannot be declared or None)."""
    entry = {"name": blocklist.get("name"), "type": blocklist.get("type"), "values": sorted(blocklist.get("values") or [])}
    if not names["blocklists"].owns(blocklist):
        return entry, "another wireless blocklist has the name %r; a description names each once" % blocklist.get("name")
    return entry, None


def describe(sims, groups, gateways, blocklists, notifications=None, public_ips=None, selected=False):
    """(description, not_declared) of what was read.

    sims, groups, gateways, blocklists: the API objects. notifications: {sim id: [notification]} (None: not read);
    public_ips: {sim id: public IP object or None} (None: not read - entries leave public IPs alone). selected: the SIM
    cards are a selection, so only the groups they use (and the gateways and blocklists of those) are described.
    not_declared: [{"kind", "name", "reason", "entry"}], entry being what the description would hold (for a SIM card,
    without its state) so that it can be written, commented out, beside the reason.
    """
    live_gateways = [gateway for gateway in gateways if gateway_status(gateway) != DECOMMISSIONING]
    names = {"gateways": _Names(live_gateways), "blocklists": _Names(blocklists), "groups": _Names(groups)}
    description = dict((section, []) for section in SECTIONS)
    not_declared = []

    used = {"groups": set(), "gateways": set(), "blocklists": set()}
    for sim in _sorted(sims, key="iccid"):
        entry = _sim_entry(sim, names["groups"], notifications, public_ips)
        if sim_status(sim) not in STATES:
            not_declared.append({"kind": "sim_card", "name": sim.get("iccid") or sim["id"], "reason": _status_reason(sim_status(sim)), "entry": entry})
            continue
        used["groups"].add(sim.get("sim_card_group_id"))
        description["sim_fleet_sim_cards"].append(entry)

    for group in _sorted(groups):
        if not selected or group["id"] in used["groups"]:
            description["sim_fleet_groups"].append(_group_entry(group, names))
            used["gateways"].add(group.get("private_wireless_gateway_id"))
            used["blocklists"].add(group.get("wireless_blocklist_id"))

    for kind, section, items, entry_of in (
            ("private_wireless_gateway", "sim_fleet_gateways", live_gateways, _gateway_entry),
            ("wireless_blocklist", "sim_fleet_blocklists", blocklists, _blocklist_entry)):
        for item in _sorted(items):
            if selected and item["id"] not in used[section[len("sim_fleet_"):]]:
                continue
            entry, reason = entry_of(item, names)
            if reason:
                unique = names[section[len("sim_fleet_"):]].owns(item)
                not_declared.append({"kind": kind, "name": item.get("name") if unique else item["id"], "entry": entry, "reason": reason})
            else:
                description[section].append(entry)
    return description, not_declared


# ------------------------------------------------------------------------------------------------ YAML

def scalar(value):
    """One YAML scalar, plain when it cannot be read as anything but that string, else double-quoted (JSON's escapes
    are YAML's)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")  # 0.5, never 5e-01 (which YAML 1.1 reads as a string)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value):
    """A value as YAML flow style, keys in the order the value holds them."""
    if isinstance(value, dict):
        return "{%s}" % ", ".join("%s: %s" % (key, flow(item)) for key, item in value.items())
    if isinstance(value, list):
        return "[%s]" % ", ".join(flow(item) for item in value)
    return scalar(value)


def _item(value, indent):
    """A list item: one flow line where it fits, else a block mapping of flow values."""
    line = "%s- %s" % (indent, flow(value))
    if len(line) <= LINE_WIDTH or not isinstance(value, dict):
        return [line]
    lines = []
    for number, (key, item) in enumerate(value.items()):
        lines.append("%s%s%s: %s" % (indent, "- " if number == 0 else "  ", key, flow(item)))
    return lines


def render(description, not_declared, header):
    """The fleet description file: `header` (lines) as comments, the four variables, then what is not declared, as
    commented-out entries with their reasons. Ends with one newline."""
    lines = ["---"] + [("# " + line).rstrip() for line in header]
    for section in SECTIONS:
        items = description[section]
        if not items:
            lines.append("%s: []" % section)
            continue
        lines.append("%s:" % section)
        for item in items:
            lines.extend(_item(item, "  "))
    if not_declared:
        lines.append("# Not declared as they are on the account (the entry each would have, then why):")
        for item in not_declared:
            lines.append("#   %s %s: %s" % (item["kind"], item["name"], item["reason"]))
            lines.append("#   - %s" % flow(item["entry"]))
    return "\n".join(lines) + "\n"
