# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Data usage notifications of SIM cards: naming their thresholds, ordering them, and the plan (pure: state in,
steps out). Shared by the sim_card_notification and sim_card_notification_info modules and the fleet.

Two runs at once (two AWX jobs on one SIM card) can both read "no notification at 2 GB" and both create one. Every
run that creates re-reads afterwards and keeps the oldest copy at each threshold it created (created_at, then id:
a rule both runs agree on), removing the others (keep_oldest_copies), so the SIM card ends with one whatever the
interleaving: the run whose create came last sees every copy made before its own.

The requests are in _api.py (the create is protected there against a lost answer).
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import amount_equal, amount_sort_key, amount_text, api_amount, check_amount, parse_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure


def list_notifications(client, sim_id=None):
    """The notifications of one SIM card (one request up to 250 of them), or of the whole account."""
    return api.list_notifications(client, sim_id)


def get_notification(client, notification_id):
    """One notification by its id, or None."""
    return api.get_notification(client, notification_id)


def has_threshold(notification, threshold):
    """Whether a notification's threshold is `threshold` ({amount, unit}): amounts compare as numbers, units must match."""
    return amount_equal(notification.get("threshold"), threshold)


def threshold_text(threshold):
    """A threshold as a person reads it: {"amount": "2048.0", "unit": "MB"} -> "2048 MB"."""
    return amount_text(threshold)


def sort_notifications(notifications):
    """Notifications in a stable, readable order: MB before GB, then by amount."""
    return sorted(notifications, key=lambda n: amount_sort_key(n.get("threshold")) + (n.get("id") or "",))


def thresholds_view(notifications):
    """The diff view of a SIM card's notifications: {"notifications": ["500 MB", "1 GB"]}.

    Thresholds only, not ids, so that a check run's diff is the real run's diff.
    """
    return {"notifications": [threshold_text(n.get("threshold")) for n in sort_notifications(notifications)]}


def check_thresholds(named):
    """Messages for the thresholds a task names: each a valid amount, more than 0, named once. Sends nothing.
    named: (option name, {amount, unit}) pairs, in the order given."""
    errors = []
    for option, threshold in named:
        errors += check_amount(threshold, option)
    if errors:
        return errors
    seen = []
    for option, threshold in named:
        if parse_amount(threshold["amount"], option + ".amount") == 0:
            errors.append("%s.amount must be more than 0" % option)
        elif any(amount_equal(api_amount(threshold), other) for other in seen):
            errors.append("%s (%s) is given twice: list each threshold once" % (option, threshold_text(api_amount(threshold))))
        else:
            seen.append(threshold)
    return errors


def plan_notifications(label, notifications, wanted, state="present", exclusive=False, notification_id=None):
    """What makes a SIM card's notifications what the task declares. Sends nothing.

    label: how messages name the SIM card. notifications: the SIM card's notifications now. wanted: the thresholds
    the task names ({amount, unit}), in order. Returns {"kept": [...], "creates": [threshold...], "update":
    notification or None (its threshold becomes wanted[0]), "removed": [...]}. Raises TelnyxError for a
    notification_id the SIM card lacks (state=present) and for an update that would leave two notifications of
    one threshold.
    """
    kept, creates, update = [], [], None
    if state == "absent":
        if notification_id:
            target = _find_target(label, notifications, notification_id, required=False)
            removed = [target] if target else []
        else:
            removed = [n for n in notifications if any(has_threshold(n, t) for t in wanted)]
        return {"kept": kept, "creates": creates, "update": update, "removed": removed}
    if notification_id:
        target = _find_target(label, notifications, notification_id, required=True)
        kept = [target]
        if not has_threshold(target, wanted[0]):
            update = target
    else:
        # Each wanted threshold keeps the first notification it already has, or gets a new one.
        for threshold in wanted:
            match = next((n for n in sort_notifications(notifications) if has_threshold(n, threshold) and n not in kept), None)
            if match is None:
                creates.append(threshold)
            else:
                kept.append(match)
    removed = [n for n in notifications if n not in kept] if exclusive else []
    if update is not None:
        _refuse_duplicate(label, notifications, update, wanted[0], removed)
    return {"kept": kept, "creates": creates, "update": update, "removed": removed}


def duplicate_warnings(label, notifications, removed):
    """Warnings for the thresholds a SIM card keeps more than once after `removed` are gone (from any cause: an
    earlier duplicate, another tool): each alert would come more than once. Pure."""
    removed_ids = set(n.get("id") for n in removed)
    staying = sort_notifications([n for n in notifications if n.get("id") not in removed_ids])
    warnings = []
    for number, notification in enumerate(staying):
        earlier = [n for n in staying[:number] if has_threshold(n, notification.get("threshold"))]
        if len(earlier) == 1:
            same = [n.get("id") for n in staying if has_threshold(n, notification.get("threshold"))]
            warnings.append("%s holds %d data usage notifications at %s (ids %s): its alerts come more than once. Declare its "
                            "thresholds with exclusive=true to remove the extra ones." % (
                                label, len(same), threshold_text(notification.get("threshold")), ", ".join(same)))
    return warnings


def _find_target(label, notifications, notification_id, required):
    target = next((n for n in notifications if n.get("id") == notification_id), None)
    if target is None and required:
        raise TelnyxError("%s has no data usage notification with id %s: check notification_id, or leave it out to "
                          "create one." % (label, notification_id),
                          collection_failure("notification_not_found", "notification %s" % notification_id, "Notification not found"))
    return target


def _refuse_duplicate(label, notifications, target, threshold, removed):
    """Moving `target` to a threshold another notification already has would make two: refuse, unless exclusive removes it."""
    removed_ids = set(n["id"] for n in removed)
    for other in notifications:
        if other is not target and other["id"] not in removed_ids and has_threshold(other, threshold):
            raise TelnyxError(
                "%s already has a notification at %s (id %s): changing notification %s to that threshold would make two. "
                "Remove one of them, or set exclusive=true." % (label, threshold_text(other["threshold"]), other["id"], target["id"]),
                collection_failure("duplicate_threshold", "notification %s" % other["id"], "Duplicate threshold"))


def copy_order(notification):
    """The order in which copies of one threshold are kept, the first kept: the oldest (created_at, then id)."""
    return (str(notification.get("created_at") or ""), str(notification.get("id") or ""))


def surplus_copies(notifications, thresholds):
    """The notifications to remove so that each of `thresholds` ({amount, unit}) is held once: at each, every
    notification but the first in copy_order. Pure; the same answer for every run that reads the same list."""
    surplus = []
    for threshold in thresholds:
        same = sorted((n for n in notifications if has_threshold(n, threshold)), key=copy_order)
        surplus += [n for n in same[1:] if n not in surplus]
    return surplus


def keep_oldest_copies(client, sim_id, thresholds):
    """After creating `thresholds` on SIM card `sim_id`: one GET of its notifications, then one DELETE per copy
    another run made of one of them at the same moment (surplus_copies). Returns (its notifications now, removed).

    Call it once after the creates of a SIM card, with the thresholds created (nothing created: do not call it).
    """
    notifications = list_notifications(client, sim_id)
    surplus = surplus_copies(notifications, thresholds)
    for notification in surplus:
        delete_notification(client, notification)
    gone = set(n.get("id") for n in surplus)
    return [n for n in notifications if n.get("id") not in gone], surplus


def predicted_notification(sim_id, threshold):
    """A notification as creating `threshold` would make it (for check mode: no id yet)."""
    return {"id": None, "record_type": "sim_card_data_usage_notification", "sim_card_id": sim_id,
            "threshold": api_amount(threshold), "created_at": None, "updated_at": None}


def create_notification(client, sim_id, threshold):
    """Create the notification `threshold` on SIM card `sim_id`, exactly once (see _api.create_notification); return it."""
    return api.create_notification(client, sim_id, api_amount(threshold), lambda notification: has_threshold(notification, threshold))


def update_threshold(client, notification, threshold):
    """Change a notification's threshold in place (PATCH); return it."""
    return api.update_notification(client, notification["id"], api_amount(threshold))


def delete_notification(client, notification):
    """Delete a notification. A 404 means it is gone already (a re-sent DELETE whose first attempt went through)."""
    api.delete_notification(client, notification["id"])
