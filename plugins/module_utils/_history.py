# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""The history a change review reads (actions, connectivity logs, OTA updates): filters and "the newest N".

Pure functions; the requests are in module_utils/_api.py. Telnyx lists actions, connectivity logs and OTA updates
newest first (as its portal shows them; the spec does not say), so "the newest N" reads pages only until it has N,
and sorts what it read by creation time, newest first, so that the order holds whatever the API's.
"""

from __future__ import annotations

import itertools

#: The statuses the action lists filter on (SIM card actions: also "interrupted", which the spec lists).
ACTION_STATUSES = ("in-progress", "completed", "failed", "interrupted")
#: The action types by kind (the spec's enums; SDK >= 4.174 adds the voice actions).
ACTION_TYPES = {
    "sim_card": ("enable", "enable_standby_sim_card", "disable", "set_standby", "remove_public_ip", "set_public_ip",
                 "enable_voice", "disable_voice"),
    "bulk": ("bulk_disable_voice", "bulk_enable_voice", "bulk_set_public_ips"),
    "group": ("set_private_wireless_gateway", "remove_private_wireless_gateway", "set_wireless_blocklist", "remove_wireless_blocklist"),
}
#: The filters each kind of action list has (option name -> the API's filter name).
#: (iccid and sim_card_group name what the caller turns into sim_card_id and sim_card_group_id first.)
ACTION_FILTERS = {
    "sim_card": {"sim_card_id": "sim_card_id", "iccid": "sim_card_id", "action_type": "action_type", "status": "status",
                 "bulk_action_id": "bulk_sim_card_action_id"},
    "bulk": {"action_type": "action_type"},
    "group": {"sim_card_group": "sim_card_group_id", "action_type": "type", "status": "status"},
}


def check_action_filters(kind, given):
    """Messages for filters a kind of action does not have, or values it does not know (empty list when fine).

    given: option name -> value, for the options the user set.
    """
    errors = []
    known = ACTION_FILTERS[kind]
    for name in sorted(given):
        if name not in known:
            errors.append("%s does not apply with kind=%s (it filters on: %s)" % (name, kind, ", ".join(sorted(known))))
    if given.get("action_type") is not None and given["action_type"] not in ACTION_TYPES[kind]:
        errors.append("action_type with kind=%s must be one of %s, got %r" % (kind, ", ".join(ACTION_TYPES[kind]), given["action_type"]))
    if given.get("status") is not None and given["status"] not in ACTION_STATUSES:
        errors.append("status must be one of %s, got %r" % (", ".join(ACTION_STATUSES), given["status"]))
    return errors


def action_filters(kind, given):
    """The API filters of a kind of action list from the options set (option name -> value)."""
    return dict((ACTION_FILTERS[kind][name], value) for name, value in given.items() if value is not None and name in ACTION_FILTERS[kind])


def newest(items, limit=None):
    """The newest `limit` items (all without a limit) of an iterable the API lists newest first, newest first.

    Takes from `items` only as many as needed, so that a lazy page iterator stops early. Ties keep the API's order.
    """
    taken = list(itertools.islice(items, limit)) if limit is not None else list(items)
    return sorted(taken, key=lambda item: str(item.get("created_at") or item.get("start_time") or ""), reverse=True)
