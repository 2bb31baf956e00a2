# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""The history a change review reads (actions, connectivity logs, OTA updates): filters and "the newest N".

Pure functions; the requests are in module_utils/_api.py. Telnyx documents no order for its lists of actions,
connectivity logs and OTA updates (tests/emulator/history.py says where that was looked up), so "the newest N" tells the
API's order from its first page: pages stop early only when that reads newest first; any other order is read whole.
Either way the result is sorted by creation time, newest first.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._client import MAX_PAGE_SIZE

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


def created(item):
    """When a history item happened: created_at (actions, OTA updates), start_time (connectivity logs); ISO 8601 text."""
    return str(item.get("created_at") or item.get("start_time") or "")


def newest(items, limit=None, page_size=MAX_PAGE_SIZE):
    """The newest `limit` items (all without a limit) of a history list, newest first, whatever order the API lists
    them in.

    `items` is read lazily (a page iterator) and only as far as needed: at least one whole page (`page_size` items,
    the size the client asks for) and one item past the `limit`th. Reading stops there only if everything read is
    newest first (no item newer than the one before it, and one strictly older, so that the direction is known); a
    list oldest first, or in no order, shows itself within that first page and is read whole. What was read is then
    sorted newest first (ties keep the API's order).
    """
    if limit is None:
        taken = list(items)
    else:
        taken, newest_first, direction_seen = [], True, False
        enough = max(limit + 1, page_size)
        for item in items:
            if taken:
                newest_first = newest_first and created(item) <= created(taken[-1])
                direction_seen = direction_seen or created(item) < created(taken[-1])
            taken.append(item)
            if newest_first and direction_seen and len(taken) >= enough:
                break
    return sorted(taken, key=created, reverse=True)[:limit]
