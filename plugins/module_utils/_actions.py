# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Asynchronous changes: the one waiter, the one table of "done" predicates, and the action lifecycle.

Telnyx answers an action (enable, set_public_ip...) at once and completes it later. Every such change goes:
start (through module_utils/_api.py, which adopts what a lost answer made instead of sending twice), wait
(Waiter.until, with a predicate from DONE), and, when it ends elsewhere than asked, one failure message
(action_failed). SimCardActions does this for SIM card actions; SIM card group actions (SimCardGroupActions) and
bulk SIM card actions (BulkActions) follow the same shape (an operation in _api.py, a predicate in DONE, the same
Waiter and action_failed).

No module sleeps or polls by itself: TelnyxModule.waiter hands out the Waiter configured by the wait options.
"""

from __future__ import annotations

import time

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxAPIError, TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    BUSY_CODE,
    TRANSITIONS,
    is_transitional,
    plan_status,
    sim_name,
    sim_status,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import voice_enabled

#: Seconds from an action to the first poll; each later pause doubles, up to wait_sleep.
FIRST_POLL = 0.1
_NOTHING = object()


def action_state(action):
    """A SIM card action's status.value: in-progress, completed or failed (None for none)."""
    status = (action or {}).get("status") or {}
    return status.get("value") if isinstance(status, dict) else status


def bulk_summary(bulk):
    """A bulk SIM card action's sim_card_actions_summary as {status: count} ({} while it shows none)."""
    counts = {}
    for item in (bulk or {}).get("sim_card_actions_summary") or ():
        if isinstance(item, dict) and item.get("count"):
            counts[item.get("status")] = counts.get(item.get("status"), 0) + int(item["count"])
    return counts


def bulk_done(bulk):
    """A bulk action is over when its summary shows SIM card actions and none of them is in progress. An empty summary
    is not "over": Telnyx may not have made the SIM card actions yet (the caller sends one only for a group with SIM
    cards to change)."""
    counts = bulk_summary(bulk)
    return bool(counts) and not counts.get("in-progress")


def busy(sim):
    """The one idea of "busy": a SIM card in a transitional status, or with an action in progress (public IP,
    status), takes no other action until that ends. A SIM card off the account (None) is not busy."""
    return sim is not None and (is_transitional(sim_status(sim)) or bool(sim.get("actions_in_progress")))


#: When a wait is over, by what is polled. One table, so that "done" means one thing per kind of object.
DONE = {
    "sim_card": lambda sim: not busy(sim),                    # settled (or off the account)
    "action": lambda action: action_state(action) != "in-progress",
    "public_ip_assigned": lambda public_ip: bool(public_ip and public_ip.get("ip")),
    "public_ip_released": lambda public_ip: public_ip is None,
    # SIM card group actions: status is a plain string (in-progress, completed, failed); action_state reads both forms.
    "group_action": lambda action: action_state(action) != "in-progress",
    # a private wireless gateway is done provisioning (provisioned or failed) or gone
    "gateway_settled": lambda gateway: gateway is None or (gateway.get("status") or {}).get("value") != "provisioning",
    "gone": lambda found: found is None,
    # a bulk SIM card action: its summary counts SIM card actions and none is in-progress (see bulk_done)
    "bulk_action": bulk_done,
    # a WDR report: Telnyx is done with it (complete, failed or deleted: the spec's statuses after pending), or it is gone
    "wdr_report": lambda report: report is None or report.get("status") in ("complete", "failed", "deleted"),
}


class Waiter:
    """Polls until a predicate holds or wait_timeout passes.

    The first poll comes FIRST_POLL seconds after the change (most actions finish quickly), and each pause
    doubles up to wait_sleep: with the defaults (wait_sleep 2) the polls come 0.1, 0.3, 0.7, 1.5, 3.1 s after the
    change, then every 2 s. A wait of T seconds costs about log2(wait_sleep / 0.1) + 1 polls for its first
    2 x wait_sleep seconds, then one per wait_sleep (5 + (T - 3.1) / 2 with the defaults).
    """

    def __init__(self, timeout, sleep, first=FIRST_POLL, clock=time.monotonic, pause=time.sleep):
        self.timeout = timeout
        self.sleep = sleep
        self.first = first
        self._clock = clock
        self._pause = pause

    def deadline(self):
        """The clock reading at which a wait that starts now times out."""
        return self._clock() + self.timeout

    def expired(self, deadline):
        """Whether one more pause of wait_sleep would go past `deadline`."""
        return self._clock() + self.sleep > deadline

    def after_a_pause(self, fetch):
        """fetch() after one pause of wait_sleep (for a refusal that says "busy, try again" without showing why)."""
        self._pause(self.sleep)
        return fetch()

    def delays(self):
        """The pauses before each poll: first (at most wait_sleep), doubling, capped at wait_sleep."""
        delay = min(self.first, self.sleep)
        while True:
            yield delay
            delay = min(delay * 2, self.sleep)

    def until(self, fetch, done, what, describe=repr, seen=_NOTHING):
        """Poll fetch() until done(value); return that value. `seen`: a value already in hand (it counts as the
        first poll, so the first request comes one short pause later). On timeout, a TelnyxError naming `what`
        and describe(the last value)."""
        deadline = self._clock() + self.timeout
        value = fetch() if seen is _NOTHING else seen
        for delay in self.delays():
            if done(value):
                return value
            if self._clock() + delay > deadline:
                detail = describe(value)
                raise TelnyxError(
                    "Timed out after %s s waiting for %s; last seen: %s. The change may still complete: raise wait_timeout, "
                    "or set wait=false to return without waiting." % (self.timeout, what, detail),
                    collection_failure("timeout", detail, "Timeout"))
            self._pause(delay)
            value = fetch()
        return value  # not reached: delays() never ends


def action_failed(action_type, subject, outcome=None, action=None):
    """The one failure message of an asynchronous change that did not end as asked.

    "Telnyx did not complete the enable action on SIM card 8931...: it is now status disabled, not enabled.
    Action 5f3b... ended failed: <Telnyx's reason>."
    """
    action = action or {}
    state = action.get("status") if isinstance(action.get("status"), dict) else {}
    reason = state.get("reason")
    sentence = ""
    if action.get("id"):
        sentence = " Action %s ended %s%s." % (action["id"], action_state(action) or "?", ": %s" % str(reason).rstrip(".") if reason else "")
    return TelnyxError(
        "Telnyx did not complete the %s action on %s%s.%s" % (action_type, subject, ": %s" % outcome if outcome else "", sentence),
        collection_failure("action_failed", reason or outcome or action_state(action), "Action did not complete"))


def bulk_action_failed(bulk, subject, failed, others):
    """The one failure of a bulk action that some SIM cards did not take: one action_failed sentence per SIM card.

    failed: [{"iccid", "sim_card_id", "action"}] (the SIM card action that did not complete); others: a sentence on
    the SIM cards that did converge. failure.sim_cards lists each one with Telnyx's reason.
    """
    sentences, listed = [], []
    for item in failed:
        action = item.get("action") or {}
        name = "SIM card %s" % (item.get("iccid") or item.get("sim_card_id") or "?")
        sentences.append(str(action_failed(action.get("action_type") or "voice", name, action=action)))
        state = action.get("status") if isinstance(action.get("status"), dict) else {}
        listed.append({"iccid": item.get("iccid"), "sim_card_id": item.get("sim_card_id"), "action_id": action.get("id"),
                       "status": action_state(action), "reason": state.get("reason")})
    message = "Bulk action %s (%s) on %s: %d SIM card(s) did not take it. %s %s" % (
        bulk.get("id"), bulk.get("action_type"), subject, len(failed), " ".join(sentences), others)
    detail = "; ".join("%s: %s" % (item["iccid"] or item["sim_card_id"], item["reason"] or item["status"]) for item in listed)
    return TelnyxError(message.strip(), collection_failure("action_failed", detail, "Action did not complete", sim_cards=listed))


class SimCardActions:
    """Start, adopt, wait for and explain the actions on one account's SIM cards."""

    def __init__(self, client, waiter):
        self.client = client
        self.waiter = waiter

    # ---------------------------------------------------------------- status actions

    def start_status(self, sim, action_type):
        """POST one status action (enable, disable, set_standby); the SIM card action the API created.

        After a lost answer the SIM card is re-read first: if it already shows the action's transitional or final
        status, the API did act, and that action is adopted instead of sending a second one.
        """
        shows = (TRANSITIONS[action_type]["during"], TRANSITIONS[action_type]["to"])
        return api.start_status_action(self.client, sim["id"], action_type, lambda current: sim_status(current) in shows)

    def settle(self, sim, destination=None, action=None):
        """Poll the SIM card until it is not busy; return it (None once it is off the account).

        `sim` is the SIM card as just read or just acted on: it counts as the first poll when busy. With
        `destination`, a SIM card that settles anywhere else fails the run, naming the action and Telnyx's reason.
        """
        action_id = (action or {}).get("id")
        goal = "to become %s" % destination if destination else "to finish %s" % sim_status(sim)
        what = "%s %s%s" % (sim_name(sim), goal, " (action %s)" % action_id if action_id else "")
        settled = self.waiter.until(lambda: api.get_sim_card(self.client, sim["id"]), DONE["sim_card"], what,
                                    lambda current: "status %s" % sim_status(current) if current else "not on the account",
                                    seen=sim if busy(sim) else _NOTHING)
        if destination and sim_status(settled) != destination:
            found = api.get_sim_card_action(self.client, action_id) if action_id else None
            now = "it is now status %s" % sim_status(settled) if settled else "it is now off the account"
            raise action_failed((action or {}).get("action_type") or "status", sim_name(sim), "%s, not %s" % (now, destination),
                                found or action)
        return settled

    def start_first(self, sim, steps, target):
        """Start steps[0] (from plan_status) on a settled SIM card; return (its name, the SIM card action started, the SIM
        card, the steps after it), or (None, None, the SIM card, []) when nothing is left to do.

        Two runs may act on one SIM card at once (two change windows, a retried job): Telnyx then answers 422 10036
        (resource busy) while the other run's action is under way; it is waited out, within wait_timeout, and the steps
        are planned again from the SIM card as it then is.
        """
        deadline = self.waiter.deadline()
        sim_id = sim["id"]
        while steps:
            try:
                return steps[0], self.start_status(sim, steps[0]), sim, steps[1:]
            except TelnyxAPIError as exc:
                if exc.code != BUSY_CODE or self.waiter.expired(deadline):
                    raise
                sim = self.settle(self.waiter.after_a_pause(lambda: api.get_sim_card(self.client, sim_id)) or sim)
                steps = plan_status(sim, target)
        return None, None, sim, []

    # ---------------------------------------------------------------- voice actions (Telnyx beta)

    def start_voice(self, sim, step):
        """POST the voice step of _voice.plan_voice (enable_voice with its body, or disable_voice); the SIM card action.
        After a lost answer the action under way, or a SIM card already showing the wanted voice_enabled, is adopted."""
        wanted = step["action"] == "enable_voice"
        return api.start_voice_action(self.client, sim["id"], step["action"], step["body"],
                                      lambda current: bool((current or {}).get("voice_enabled")) == wanted)

    # ---------------------------------------------------------------- public IP actions

    def wait_idle(self, sim, label):
        """A SIM card that is busy may not take another action: wait until it is not (whatever `wait` says)."""
        if busy(sim):
            self.waiter.until(lambda: api.get_sim_card(self.client, sim["id"]), DONE["sim_card"],
                              "%s to finish its actions in progress" % label, lambda current: "status %s" % sim_status(current), seen=sim)

    def set_public_ip(self, sim_id, region_code=None):
        return api.set_public_ip(self.client, sim_id, region_code)

    def remove_public_ip(self, sim_id):
        return api.remove_public_ip(self.client, sim_id)

    def finish(self, action, label):
        """Poll a SIM card action until it is no longer in progress; fail with Telnyx's reason if it did not complete."""
        if not action:
            return
        action_type = action.get("action_type") or "public IP"
        if action_state(action) == "in-progress":
            action.update(self.waiter.until(lambda: api.get_sim_card_action(self.client, action["id"]), DONE["action"],
                                            "the %s action on %s" % (action_type, label),
                                            lambda current: "action %s %s" % (action["id"], action_state(current)), seen=action))
        if action_state(action) != "completed":
            raise action_failed(action_type, label, action=action)

    def public_ip_released(self, action, sim_id, label):
        self.finish(action, label)
        self.waiter.until(lambda: api.get_public_ip(self.client, sim_id), DONE["public_ip_released"],
                          "the public IP of %s to be released" % label, lambda public_ip: "still %s" % public_ip.get("ip"))

    def public_ip_assigned(self, action, sim_id, label):
        self.finish(action, label)
        return self.waiter.until(lambda: api.get_public_ip(self.client, sim_id), DONE["public_ip_assigned"],
                                 "%s to get its public IP address" % label,
                                 lambda public_ip: "no address yet" if public_ip else "no public IP")


class SimCardGroupActions:
    """Start, adopt, wait for and explain the actions on SIM card groups (set or remove a private wireless gateway or a
    wireless blocklist). Same shape as SimCardActions: start through _api (a lost answer is re-read, never re-sent
    blindly), wait with the run's Waiter until DONE["group_action"], and fail with action_failed."""

    #: the group field each action changes
    FIELDS = {
        "set_private_wireless_gateway": "private_wireless_gateway_id",
        "remove_private_wireless_gateway": "private_wireless_gateway_id",
        "set_wireless_blocklist": "wireless_blocklist_id",
        "remove_wireless_blocklist": "wireless_blocklist_id",
    }

    def __init__(self, client, waiter):
        self.client = client
        self.waiter = waiter

    @classmethod
    def target(cls, action):
        """The id a set action assigns (None for a remove action)."""
        action = action or {}
        if (action.get("type") or "").startswith("remove_"):
            return None
        return (action.get("settings") or {}).get(cls.FIELDS.get(action.get("type"), ""))

    def under_way(self, group_id):
        """The group's actions in progress (one request)."""
        return [action for action in api.list_sim_card_group_actions(self.client, group_id, status="in-progress")
                if action_state(action) == "in-progress"]

    def start(self, group_id, action_type, target_id=None):
        """POST one group action; the action the API created.

        After a lost answer, before any re-send: an action of this type under way towards the same target is adopted,
        and so is a group that already shows the result; only otherwise is it sent again.
        """
        field = self.FIELDS[action_type]

        def adopt(actions, read_group):
            for action in actions:
                if action_state(action) == "in-progress" and self.target(action) == target_id:
                    return action
            if (read_group() or {}).get(field) == target_id:
                return actions[0] if actions else {"sim_card_group_id": group_id, "type": action_type, "status": "completed"}
            return None
        return api.start_sim_card_group_action(self.client, group_id, action_type, field, target_id, adopt)

    def finish(self, action, label, fail=True):
        """Poll a group action until it is no longer in progress; with `fail`, one that did not complete fails the run."""
        if action_state(action) == "in-progress" and action.get("id"):
            action = self.waiter.until(lambda: api.get_sim_card_group_action(self.client, action["id"]) or action, DONE["group_action"],
                                       "the %s action %s on %s" % (action.get("type"), action["id"], label),
                                       lambda current: "status %s" % action_state(current), seen=action)
        if fail and action_state(action) not in (None, "completed"):
            raise action_failed(action.get("type") or "group", label, action=action)
        return action


class BulkActions:
    """Start, adopt, wait for and explain bulk SIM card actions: voice for every SIM card of a group (Telnyx beta).

    Same shape as SimCardActions: start through _api (a lost answer is re-read, never re-sent blindly), wait with the
    run's Waiter until DONE["bulk_action"], then read the SIM card actions that did not complete (their reasons).
    """

    def __init__(self, client, waiter):
        self.client = client
        self.waiter = waiter

    def start_group_voice(self, group_id, plan):
        """POST the bulk voice action of _voice.plan_group_voice for the group; the bulk action (202).

        After a lost answer: the bulk action of that type the lost attempt made for this group is adopted, or, when
        every SIM card of the group already shows the wanted voice_enabled, the change is taken as done ({"id": None}).
        """
        wanted = plan["action"] == "bulk_enable_voice"
        return api.start_bulk_voice(self.client, group_id, plan["action"], plan["connection_id"],
                                    lambda sims: all(voice_enabled(sim) == wanted for sim in sims))

    def finish(self, bulk, label):
        """Poll a bulk action until none of its SIM card actions is in progress; return (the bulk action as it ended,
        its SIM card actions that did not complete). Those are read (one listing) only when the summary shows any."""
        if not bulk.get("id"):
            return bulk, []  # adopted after a lost answer from the SIM cards themselves: nothing left to wait for
        what = "the %s action %s on %s" % (bulk.get("action_type") or "bulk", bulk["id"], label)
        bulk = self.waiter.until(lambda: api.get_bulk_sim_card_action(self.client, bulk["id"]) or bulk, DONE["bulk_action"], what,
                                 lambda current: ", ".join("%d %s" % (count, status) for status, count in sorted(bulk_summary(current).items()))
                                 or "no SIM card actions yet", seen=bulk)
        if all(status == "completed" for status in bulk_summary(bulk)):
            return bulk, []
        return bulk, [item for item in api.list_bulk_sim_card_action_items(self.client, bulk["id"]) if action_state(item) != "completed"]
