#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_notification
short_description: Manage the data usage notifications of a Telnyx SIM card
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Declares the data usage notifications of one SIM card. A notification fires when the SIM card's data use in the
    billing period reaches its O(threshold). Where the alert goes (e-mail, SMS, voice call, webhook) is declared with
    M(telnyx.wireless.notification_profile), M(telnyx.wireless.notification_channel) and
    M(telnyx.wireless.notification_setting) (or set in the Telnyx portal).
  - A SIM card may carry several notifications. One is identified by its threshold, or by O(notification_id) to change
    the threshold of an existing one in place. O(thresholds) names several at once, and with O(exclusive=true) the SIM
    card's other notifications are removed, so one task declares the whole set.
  - Thresholds compare as numbers in the same unit (V(2048), V("2048") and V("2048.0") MB are the same threshold;
    V(2) GB and V(2048) MB are two different ones).
  - A notification is never created twice. If the create request gets no answer (a dropped connection, a timeout, a
    gateway error), the module re-reads the SIM card's notifications before sending it again, and keeps the one the lost
    request made, if any.
  - Two runs at once (two AWX jobs on one SIM card) may both create the same threshold. After its creates, a run re-reads
    the SIM card's notifications and, at each threshold it created, keeps the oldest notification (by C(created_at), then
    C(id)) and removes the others, so the SIM card ends with one whichever run finishes first; the copies it removed are
    in RV(removed).
options:
  id:
    description:
      - The UUID of the SIM card. Give O(id) or O(iccid) (or only O(notification_id)).
    type: str
  iccid:
    description:
      - The ICCID of the SIM card (19 or 20 digits).
    type: str
  notification_id:
    description:
      - The id of an existing notification, to change its threshold in place (O(state=present)) or to remove exactly that
        one (O(state=absent)).
      - Without O(id) or O(iccid), the SIM card is the notification's own.
      - With O(state=present), an unknown id fails; to create a notification, leave O(notification_id) out.
    type: str
  threshold:
    description:
      - The data usage that triggers the notification. With O(state=present), give O(threshold) or O(thresholds).
      - With O(state=absent) and no O(notification_id), every notification of the SIM card at this threshold is removed.
      - Mutually exclusive with O(thresholds).
    type: dict
    suboptions:
      amount:
        description:
          - The amount, a number or a string holding one (V(2048), V("2048.5")); more than zero and at most 1,048,576 GB (1 PB).
        type: raw
        required: true
      unit:
        description:
          - The unit of O(threshold.amount).
        type: str
        required: true
        choices: [MB, GB]
  thresholds:
    description:
      - Several thresholds at once, each as in O(threshold); no threshold may appear twice.
      - With O(state=present), the SIM card gets a notification at each (those it has are kept); with O(exclusive=true)
        it ends with exactly these. With O(state=absent), every notification at any of them is removed.
      - Mutually exclusive with O(threshold) and O(notification_id).
    type: list
    elements: dict
    suboptions:
      amount:
        description:
          - The amount, a number or a string holding one; more than zero and at most 1,048,576 GB (1 PB).
        type: raw
        required: true
      unit:
        description:
          - The unit of the amount.
        type: str
        required: true
        choices: [MB, GB]
  state:
    description:
      - V(present) makes sure the SIM card has a notification at O(threshold) (or at each of O(thresholds)).
      - V(absent) removes the notification named by O(notification_id), or those at O(threshold).
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description:
      - With O(state=present), remove every other notification of the SIM card (including extra copies of the same
        threshold), so that the SIM card ends with exactly this one (or exactly O(thresholds)).
      - Not allowed with O(state=absent).
    type: bool
    default: false
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET of the SIM card (preceded by one of the notification when only O(notification_id) names it),
    one GET of its notifications, then one DELETE per notification removed, one PATCH or one POST per threshold
    created. After a POST, one more GET of its notifications, and one DELETE per copy another run made at the same
    moment. A run that changes nothing sends two GETs.
  - The module changes only the data usage notifications of the SIM card it names - never the SIM card itself, nor
    another SIM card's notifications (a O(notification_id) of another SIM card than O(id) or O(iccid) fails).
  - Notifications do not change the SIM card's status; to cut a SIM card off at a limit, set its data limit with
    M(telnyx.wireless.sim_card).
seealso:
  - module: telnyx.wireless.sim_card_notification_info
  - module: telnyx.wireless.sim_card
  - module: telnyx.wireless.notification_setting
"""

EXAMPLES = r"""
- name: Be told when a SIM card has used 2 GB this month
  telnyx.wireless.sim_card_notification:
    iccid: "89310410106543789301"
    threshold:
      amount: 2
      unit: GB

- name: Declare the whole set of notifications of a SIM card (others are removed)
  telnyx.wireless.sim_card_notification:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    thresholds:
      - {amount: 500, unit: MB}
      - {amount: 1, unit: GB}
    exclusive: true

- name: Only one notification on this SIM card
  telnyx.wireless.sim_card_notification:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    threshold:
      amount: 500
      unit: MB
    exclusive: true

- name: Several thresholds on every SIM card of the inventory (hosts from telnyx.wireless.sim_cards)
  telnyx.wireless.sim_card_notification:
    id: "{{ telnyx_id }}"
    thresholds:
      - {amount: 500, unit: MB}
      - {amount: 1, unit: GB}

- name: Move an existing notification to a new threshold, in place
  telnyx.wireless.sim_card_notification:
    notification_id: 79228acc-3f08-4e70-ac68-cb5aae8b537a
    threshold:
      amount: 4
      unit: GB

- name: Remove the 500 MB notification
  telnyx.wireless.sim_card_notification:
    iccid: "89310410106543789301"
    threshold:
      amount: 500
      unit: MB
    state: absent
"""

RETURN = r"""
notification:
  description:
    - The notification as it is after the task (in check mode, as it would be; a notification still to be created has
      C(id) null). Null with O(state=absent) and with O(thresholds) (see RV(notifications)).
  returned: always
  type: dict
  sample:
    id: 79228acc-3f08-4e70-ac68-cb5aae8b537a
    record_type: sim_card_data_usage_notification
    sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    threshold:
      amount: "2048.0"
      unit: MB
    created_at: "2026-02-02T22:25:27.521Z"
    updated_at: "2026-02-02T22:25:27.521Z"
  contains:
    id:
      description: The notification's id (null in check mode for one still to be created).
      type: str
    sim_card_id:
      description: The SIM card's id.
      type: str
    threshold:
      description: The threshold, C(amount) as a string and C(unit) V(MB) or V(GB).
      type: dict
    created_at:
      description: When it was created.
      type: str
    updated_at:
      description: When it last changed.
      type: str
notifications:
  description: Every notification of the SIM card after the task (in check mode, as they would be), MB before GB, by amount.
  returned: success
  type: list
  elements: dict
  sample:
    - id: 79228acc-3f08-4e70-ac68-cb5aae8b537a
      record_type: sim_card_data_usage_notification
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      threshold: {amount: "2048.0", unit: MB}
      created_at: "2026-02-02T22:25:27.521Z"
      updated_at: "2026-02-02T22:25:27.521Z"
removed:
  description:
    - The notifications the task removed (in check mode, would remove), including a copy of a threshold it created that
      another run made at the same moment (the oldest copy is kept).
  returned: success
  type: list
  elements: dict
  sample:
    - id: 0f3bd3d6-8cc4-4b7d-9a59-4e2a1c9b1f20
      record_type: sim_card_data_usage_notification
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      threshold: {amount: "500.0", unit: MB}
      created_at: "2026-01-10T08:00:00.000Z"
      updated_at: "2026-01-10T08:00:00.000Z"
diff:
  description:
    - With C(--diff), the SIM card's thresholds before and after, as a person reads them.
  returned: when diff mode is on
  type: dict
  sample:
    before: {notifications: ["500 MB", "2 GB"]}
    after: {notifications: ["2 GB"]}
    before_header: SIM card 89310410106543789301 data usage notifications (before)
    after_header: SIM card 89310410106543789301 data usage notifications (after)
applied:
  description:
    - When the task failed after the API accepted one or more of its writes, those writes in order, as C(METHOD /path);
      the task then reports C(changed=true) and its message names them too.
  returned: on a failure after a write was accepted
  type: list
  elements: str
  sample: ["PATCH /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158", "POST /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158/actions/disable"]
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import AMOUNT_OPTIONS, api_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import (
    check_thresholds,
    copy_order,
    create_notification,
    delete_notification,
    duplicate_warnings,
    get_notification,
    has_threshold,
    keep_oldest_copies,
    list_notifications,
    plan_notifications,
    predicted_notification,
    sort_notifications,
    thresholds_view,
    update_threshold,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    check_sim_ref,
    is_uuid,
    require_sim_card,
    sim_name,
)


class SimCardNotification(TelnyxModule):

    @classmethod
    def define_module(cls):
        spec = dict(SIM_REF_ARGUMENT_SPEC)
        spec.update(
            notification_id={"type": "str"},
            threshold={"type": "dict", "options": AMOUNT_OPTIONS},
            thresholds={"type": "list", "elements": "dict", "options": AMOUNT_OPTIONS},
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
            exclusive={"type": "bool", "default": False},
        )
        return cls.build_module(
            spec,
            mutually_exclusive=SIM_REF_MUTUALLY_EXCLUSIVE + [("threshold", "thresholds"), ("thresholds", "notification_id")],
            required_one_of=[("id", "iccid", "notification_id")],
            required_if=[("state", "present", ["threshold", "thresholds"], True),
                         ("state", "absent", ["threshold", "thresholds", "notification_id"], True)],
        )

    def input_errors(self):
        errors = check_sim_ref(self.params) + check_thresholds(self.named_thresholds())
        if self.is_set("notification_id") and not is_uuid(self.params["notification_id"]):
            errors.append("notification_id must be a notification UUID, got %r" % self.params["notification_id"])
        if self.params["exclusive"] and self.params["state"] == "absent":
            errors.append("exclusive applies only to state=present: remove it, or declare the notification to keep with state=present")
        return errors

    def named_thresholds(self):
        """(option name, threshold) for each threshold the task names, in the order given."""
        if self.params["thresholds"] is not None:
            return [("thresholds[%d]" % n, t) for n, t in enumerate(self.params["thresholds"], start=1)]
        return [("threshold", self.params["threshold"])] if self.params["threshold"] else []

    def run(self):
        sim, notifications = self.look_up()
        if sim is None:  # state=absent by notification_id, and no such notification exists
            self.result = {"notification": None, "notifications": [], "removed": []}
            return
        wanted = [threshold for dummy, threshold in self.named_thresholds()]
        plan = plan_notifications(sim_name(sim), notifications, wanted, self.params["state"], self.params["exclusive"],
                                  self.params["notification_id"])
        creates, update, removed = plan["creates"], plan["update"], plan["removed"]
        for warning in duplicate_warnings(sim_name(sim), notifications, removed):
            self.module.warn(warning)
        self.changed = bool(creates or update or removed)
        if self.check_mode or not self.changed:
            made = [predicted_notification(sim["id"], threshold) for threshold in creates]
            updated = dict(update, threshold=api_amount(wanted[0])) if update else None
        else:
            # Removals first, so that the SIM card never carries two notifications of one threshold.
            for notification in removed:
                delete_notification(self.client, notification)
            updated = update_threshold(self.client, update, wanted[0]) if update else None
            made = [create_notification(self.client, sim["id"], threshold) for threshold in creates]

        gone = set(n["id"] for n in removed + ([update] if update else []))
        final = sort_notifications([n for n in notifications if n["id"] not in gone] + ([updated] if updated else []) + made)
        if made and not self.check_mode:
            # Another run may have created the same threshold at the same moment: both keep the oldest copy.
            now, copies = keep_oldest_copies(self.client, sim["id"], creates)
            final, removed = sort_notifications(now), removed + copies
            made = [min((n for n in now if has_threshold(n, threshold)), key=copy_order) for threshold in creates]
        after = None
        if self.params["state"] == "present" and self.params["thresholds"] is None:
            after = updated or (made[0] if made else plan["kept"][0])
        self.set_diff(thresholds_view(notifications), thresholds_view(final),
                      "%s data usage notifications" % sim_name(sim))
        self.result = {"notification": after, "notifications": final, "removed": removed}

    def look_up(self):
        """The SIM card and its notifications; (None, []) for state=absent of a notification_id that does not exist."""
        if self.is_set("id") or self.is_set("iccid"):
            sim = require_sim_card(self.client, self.params["id"], self.params["iccid"])
        else:
            named = get_notification(self.client, self.params["notification_id"])
            if named is None:
                if self.params["state"] == "absent":
                    return None, []
                raise TelnyxError(
                    "No data usage notification with id %s is on this Telnyx account: check notification_id, or leave it out "
                    "and name the SIM card by id or iccid to create one." % self.params["notification_id"],
                    collection_failure("notification_not_found", "notification %s" % self.params["notification_id"], "Notification not found"))
            sim = require_sim_card(self.client, named["sim_card_id"])
        return sim, list_notifications(self.client, sim["id"])


def main():
    SimCardNotification.main()


if __name__ == "__main__":
    main()
