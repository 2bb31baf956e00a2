# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Data usage notifications of SIM cards: listing them, naming their thresholds, creating one exactly once.

Shared by the sim_card_notification and sim_card_notification_info modules.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxNotFoundError
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    DATA_UNITS,
    amount_equal,
    api_amount,
    format_amount,
    parse_amount,
)

NOTIFICATIONS_PATH = "/sim_card_data_usage_notifications"


def list_notifications(client, sim_id=None):
    """The notifications of one SIM card (one request up to 250 of them), or of the whole account."""
    return client.list_all(NOTIFICATIONS_PATH, filters={"sim_card_id": sim_id} if sim_id else None)


def get_notification(client, notification_id):
    """One notification by its id, or None."""
    return client.get_or_none("%s/%s" % (NOTIFICATIONS_PATH, notification_id))


def has_threshold(notification, threshold):
    """Whether a notification's threshold is `threshold` ({amount, unit}): amounts compare as numbers, units must match."""
    return amount_equal(notification.get("threshold"), threshold)


def threshold_text(threshold):
    """A threshold as a person reads it: {"amount": "2048.0", "unit": "MB"} -> "2048 MB"."""
    threshold = threshold or {}
    try:
        amount = format_amount(parse_amount(threshold.get("amount"), "amount"))
    except ValueError:
        amount = str(threshold.get("amount"))
    if amount.endswith(".0"):
        amount = amount[:-2]
    return "%s %s" % (amount, threshold.get("unit") or "MB")


def _sort_key(notification):
    threshold = notification.get("threshold") or {}
    unit = threshold.get("unit") or "MB"
    try:
        amount = parse_amount(threshold.get("amount"), "amount")
    except ValueError:
        amount = 0
    return (DATA_UNITS.index(unit) if unit in DATA_UNITS else len(DATA_UNITS), amount, notification.get("id") or "")


def sort_notifications(notifications):
    """Notifications in a stable, readable order: MB before GB, then by amount."""
    return sorted(notifications, key=_sort_key)


def thresholds_view(notifications):
    """The diff view of a SIM card's notifications: {"notifications": ["500 MB", "1 GB"]}.

    Thresholds only, not ids, so that a check run's diff is the real run's diff.
    """
    return {"notifications": [threshold_text(n.get("threshold")) for n in sort_notifications(notifications)]}


def create_notification(client, sim_id, threshold):
    """Create the notification `threshold` on SIM card `sim_id`, exactly once; return it.

    The create is the one request here that is not safe to repeat. When an attempt gets no answer
    (dropped connection, timeout, gateway error), the client re-reads the SIM card's notifications
    before sending again, and adopts one with this threshold if the lost attempt made it, so a
    dropped connection never leaves two. The caller creates only a threshold the SIM card lacks,
    so any match found by the re-read is the one this call made.
    """
    def made_by_an_earlier_attempt():
        for notification in list_notifications(client, sim_id):
            if has_threshold(notification, threshold):
                return {"data": notification}
        return None

    body = client.post(NOTIFICATIONS_PATH, json={"sim_card_id": sim_id, "threshold": api_amount(threshold)},
                       recheck=made_by_an_earlier_attempt)
    return body["data"]


def update_threshold(client, notification, threshold):
    """Change a notification's threshold in place (PATCH); return it."""
    body = client.patch("%s/%s" % (NOTIFICATIONS_PATH, notification["id"]), {"threshold": api_amount(threshold)})
    return body["data"]


def delete_notification(client, notification):
    """Delete a notification. A 404 means it is gone already (a re-sent DELETE whose first attempt went through)."""
    try:
        client.delete("%s/%s" % (NOTIFICATIONS_PATH, notification["id"]))
    except TelnyxNotFoundError:
        pass
