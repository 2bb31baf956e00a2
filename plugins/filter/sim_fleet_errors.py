# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sim_fleet_errors filter: a fleet description checked with the modules' own rules, before any request."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from ansible_collections.telnyx.wireless.plugins.module_utils._base import check_value_types
from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import check_entry
from ansible_collections.telnyx.wireless.plugins.modules.sim_card_notification import SimCardNotification
from ansible_collections.telnyx.wireless.plugins.modules.sim_card_public_ip import SimCardPublicIP

# The options of an entry that are written as text, and how the argument_spec types them.
TEXT_OPTIONS = {
    "id": {"type": "str"}, "iccid": {"type": "str"}, "registration_code": {"type": "str"}, "sim_card_group": {"type": "str"},
    "tags": {"type": "list", "elements": "str"}, "authorized_imeis": {"type": "list", "elements": "str"},
}


def _module_errors(module_class, params):
    """What module_class.input_errors() says of `params` (options left out are None, as in a task)."""
    options = defaultdict(lambda: None, params)
    return module_class(SimpleNamespace(params=options, check_mode=True)).input_errors()


def entry_errors(entry):
    """The errors of one sim_fleet_sim_cards entry, as the three modules the role runs would report them."""
    if not isinstance(entry, dict):
        return ["must be a dictionary, got %r" % (entry,)]
    ref = {"id": entry.get("id"), "iccid": entry.get("iccid")}
    errors = check_value_types(TEXT_OPTIONS, entry)
    if errors:
        return errors
    # the SIM card part goes to telnyx.wireless.sim_card_fleet: its rules (those of sim_card, and registering needs a state)
    errors = check_entry(dict((key, value) for key, value in entry.items() if key not in ("public_ip", "notifications", "notifications_exclusive")))
    public_ip = entry.get("public_ip")
    if isinstance(public_ip, dict):
        errors += _module_errors(SimCardPublicIP, dict(ref, state=public_ip.get("state") or "present", region_code=public_ip.get("region_code")))
    if entry.get("notifications") is not None:
        errors += ["notifications: %s" % error for error in _module_errors(
            SimCardNotification, dict(ref, state="present", thresholds=entry["notifications"], exclusive=bool(entry.get("notifications_exclusive"))))]
    return errors


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
