# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sim_fleet_errors filter: a fleet description checked with the modules' own rules, before any request."""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._base import check_value_types
from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import check_entry

TEXT_OPTIONS = {
    "id": {"type": "str"}, "iccid": {"type": "str"}, "registration_code": {"type": "str"}, "sim_card_group": {"type": "str"},
    "tags": {"type": "list", "elements": "str"}, "authorized_imeis": {"type": "list", "elements": "str"},
    "voice_connection_id": {"type": "str"},
}


def entry_errors(entry):
    """The errors of one sim_fleet_sim_cards entry, as telnyx.wireless.sim_card_fleet (which applies it) reports them:
    the rules of sim_card, sim_card_public_ip and sim_card_notification (_fleet.check_entry), and registering needs a state."""
    if not isinstance(entry, dict):
        return ["must be a dictionary, got %r" % (entry,)]
    return check_value_types(TEXT_OPTIONS, entry) or check_entry(entry)


def sim_fleet_errors(entries):
    """Every error of a fleet description, one sentence per entry that has any (an empty list when all are fine)."""
    found = []
    for number, entry in enumerate(entries or []):
        errors = entry_errors(entry)
        if errors:
            name = (entry.get("iccid") or entry.get("id")) if isinstance(entry, dict) else None
            found.append("sim_fleet_sim_cards[%d]%s: %s." % (number, " (%s)" % name if name else "", "; ".join(errors)))
    return found


class FilterModule:
    """telnyx.wireless filters."""

    def filters(self):
        return {"sim_fleet_errors": sim_fleet_errors}
