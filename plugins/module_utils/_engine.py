# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""The SIM card engine: runs the Plans of _fleet.py (one SIM card or 100,000) against the API.

Reading what the plans need (the SIM cards settled first, public IPs, notifications, the regions, the registration
codes' validity), then applying them: deletions and PATCHes, registrations in batches, status actions round by round,
notifications, public IP and voice actions (public IPs in Telnyx's default region in bulk), every wait through the
run's one Waiter with one read of the fleet per poll, and the outcome check of every action. All of it on the one
worker pool of the collection (_client.bounded_map) and the run's one client. A step that fails fails its SIM card
(Plan.fail), never the others.
"""

from __future__ import annotations

import threading

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._actions import BulkActions, SimCardActions, action_failed, busy
from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import amount_equal, api_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._client import (
    MAX_PAGE_SIZE,
    TelnyxError,
    TelnyxReadOnlyError,
    bounded_map,
    collection_failure,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import Plan, notes_change, registration_problems
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import keep_oldest_copies
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    TRANSITIONS,
    converging_to,
    invalid_registration_code,
    is_transitional,
    plan_status,
    registration_code_problem,
    registration_refused,
    sim_name,
    sim_status,
    with_status,
    woke_up,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._steps import REMOVE_PUBLIC_IP, SET_PUBLIC_IP, VOICE, settings_for
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import voice_enabled, with_voice

#: Registration codes per registration request.
REGISTER_BATCH = 100
#: SIM card ids per bulk_set_public_ips request (Telnyx documents no maximum; the same bound as registrations).
BULK_BATCH = 100


class Engine:
    """Runs the Plans of one run (`plans`, set once they are made) with one client, one Waiter and `workers` threads."""

    def __init__(self, client, waiter, workers, wait):
        self.client = client
        self.waiter = waiter
        self.workers = workers
        self.wait = wait
        self.sim_actions = SimCardActions(client, waiter)
        self.bulk_actions = BulkActions(client, waiter)
        self.plans = []
        self.total_pages = None  # the pages of the SIM card list, once the run has read it
        self.lock = threading.Lock()
        self.bulk_failures = {}  # SIM card id -> its SIM card action of a bulk action that did not complete

    # ------------------------------------------------------------------ reading

    def list_sims(self, filters=None):
        """The SIM card list, every page (the pages after the first `workers` at a time)."""
        sims = api.list_sim_cards(self.client, filters=filters, workers=self.workers)
        self.total_pages = max(1, -(-len(sims) // MAX_PAGE_SIZE))
        return sims

    def on_account(self, iccids):
        """The SIM cards with these ICCIDs that are on the account, in the fewest requests (_api.sim_cards_named)."""
        sims, dummy = api.sim_cards_named(self.client, (), list(iccids), self.workers)
        return [sim for sim in sims if sim.get("iccid") in iccids]

    def settle_first(self):
        """A SIM card in a transitional status or with an action in progress (an earlier run's wait=false action) is
        waited for (all together) before anything is read or planned: every step kind is planned on the settled SIM card."""
        settling = [plan for plan in self.plans if busy(plan.before) and not self.converging(plan)]
        if settling:
            self.wait_round(settling, settle_only=True)
            for plan in settling:
                plan.before = plan.current

    def converging(self, plan):
        """wait=false and a transition under way that ends in the declared status: the SIM card converges by itself and
        is left to it (planned on as it is: no status step). Any other transition, registering (its end is not shown)
        and disabling (it may be a deletion) must end before another action can start."""
        return not self.wait and is_transitional(sim_status(plan.before)) and converging_to(plan.before, plan.target)

    def wake_ups(self):
        """A SIM card declared standby and found enabled: did Telnyx enable it because it used data (its newest status
        action is enable_standby_sim_card)? One read each, only for those (Plan.woke_up)."""
        def read(plan):
            plan.woke_up = woke_up(api.recent_sim_card_actions(self.client, plan.before["id"]))
        self.concurrently(read, [plan for plan in self.plans if plan.error is None and plan.before is not None
                                 and plan.entry.get("state") == "standby" and sim_status(plan.before) == "enabled"])
        return [plan for plan in self.plans if plan.woke_up]

    def read_extras(self):
        """The public IPs (one GET per SIM card whose entry names public_ip: the API has no list of them) and the
        notifications (the account's list, or one read per SIM card, whichever is fewer requests) the entries name."""
        present = [plan for plan in self.plans if plan.before is not None and plan.entry.get("state") != "absent"]
        ip_plans = [plan for plan in present if plan.entry.get("public_ip") is not None]
        self.concurrently(self.read_public_ip, ip_plans)
        note_plans = [plan for plan in present if plan.entry.get("notifications") is not None]
        if note_plans:
            found = api.notifications_of(self.client, [plan.before["id"] for plan in note_plans], self.workers)
            for plan in note_plans:
                plan.notifications = found[plan.before["id"]]

    def read_public_ip(self, plan):
        plan.public_ip = api.get_public_ip(self.client, plan.before["id"])

    def check_regions(self):
        """Before any write: a region_code to set a public IP in that is not a public IP region fails its SIM cards
        (one read of the regions, only when such a public IP is to be set)."""
        asked = set(plan.ip_region for plan in self.plans if SET_PUBLIC_IP in plan.extra and plan.ip_region)
        if not asked:
            return
        codes = set(region.get("code") for region in api.public_ip_regions(self.client) if region.get("code"))
        for plan in self.plans:
            if SET_PUBLIC_IP in plan.extra and plan.ip_region and plan.ip_region not in codes:
                plan.extra = []
                plan.planned = False
                plan.fail(TelnyxError("public_ip.region_code %r of %s is not a region that offers public IPs; use one of: %s." % (
                    plan.ip_region, plan.key, ", ".join(sorted(codes)) or "(none listed)"),
                    collection_failure("unknown_region", "region_code %s" % plan.ip_region, "Unknown region")))

    def validate_codes(self, plans):
        """Every registration code checked with Telnyx in one request (it changes nothing), before any write.

        A code Telnyx does not accept (wrong, used) fails its SIM card, in check mode exactly as in the real run. A
        read-only client that does not let this one POST through (check mode) leaves the check to the real run.
        """
        if not plans:
            return
        codes = [plan.entry["registration_code"].strip() for plan in plans]
        try:
            verdicts = api.validate_registration_codes(self.client, codes)
        except TelnyxReadOnlyError:
            return
        for plan, code in zip(plans, codes):
            problem = registration_code_problem(verdicts, code)
            if problem:
                plan.fail(invalid_registration_code(plan.key, problem))

    # ------------------------------------------------------------------ applying

    def apply(self):
        """Status and settings first (apply_status), then notifications, then public IP and voice actions."""
        self.apply_status()
        self.concurrently(self.apply_notifications, [plan for plan in self.plans if plan.error is None and notes_change(plan.notes)])
        self.apply_extras()

    def apply_status(self):
        """Deletions and PATCHes concurrently, registrations in batches, then status actions round by round."""
        self.concurrently(self.delete_one, [plan for plan in self.plans if plan.delete and plan.error is None])
        self.concurrently(self.patch_one, [plan for plan in self.plans if plan.patch and plan.error is None])
        self.register_all([plan for plan in self.plans if plan.register and plan.error is None])
        # a SIM card the PATCH answers busy (another run's transition) is waited for before its status actions, and with wait
        waiting = [plan for plan in self.plans if plan.error is None and (plan.register or plan.delete or plan.patch and busy(plan.current)
                                                                          and (plan.steps or self.wait))]
        while True:
            started = set(id(plan) for plan in waiting)
            ready = [plan for plan in self.plans if plan.error is None and plan.steps and id(plan) not in started]
            self.concurrently(self.start_next, ready)
            waiting += [plan for plan in ready if plan.error is None]
            if not waiting:
                return
            if not self.wait and not any(plan.steps or plan.later_patch for plan in waiting):
                return
            self.wait_round(waiting)
            self.concurrently(self.patch_registered, [plan for plan in waiting if plan.later_patch and plan.error is None])
            waiting = []

    def delete_one(self, plan):
        sim = plan.before
        # False (404) is gone already: a re-sent DELETE whose first attempt went through
        api.delete_sim_card(self.client, sim["id"], report_lost=bool(plan.entry.get("report_lost")))
        plan.wrote = True
        plan.current = with_status(sim, "disabling")

    def patch_one(self, plan):
        answer = api.update_sim_card(self.client, plan.before["id"], plan.patch)
        plan.wrote = True
        plan.current = answer or dict(plan.before, **plan.patch)  # its status actions are planned again from it (start_next)

    def start_next(self, plan):
        """The next status action, planned again on the SIM card as it is now (settled; another run may have moved it)."""
        target = TRANSITIONS[plan.steps[-1]]["to"]
        name, started, plan.current, plan.steps = self.sim_actions.start_first(plan.current, plan_status(plan.current, target), target)
        if name is None:
            return  # the SIM card is where it is declared (another run got it there)
        plan.wrote = True
        plan.actions.append(started)
        plan.current = with_status(plan.current, TRANSITIONS[name]["during"])
        plan.expect = (TRANSITIONS[name]["to"], started)

    def register_all(self, plans):
        """Register the SIM cards (their codes validated before) in one request per (group, status, tags)."""
        if not plans:
            return
        batches = {}
        for plan in plans:
            step = plan.planned_steps[0].detail  # the register step: status, group, tags
            batches.setdefault((step["status"], step["sim_card_group_id"], tuple(step["tags"]) if step["tags"] is not None else None),
                               []).append((plan, plan.entry["registration_code"].strip()))
        for (status, group_id, tags), members in batches.items():
            for start in range(0, len(members), REGISTER_BATCH):
                self.register_batch(status, group_id, tags, members[start:start + REGISTER_BATCH])

    def register_batch(self, status, group_id, tags, members):
        body = {"registration_codes": [code for dummy, code in members], "status": status}
        if group_id:
            body["sim_card_group_id"] = group_id
        if tags is not None:
            body["tags"] = list(tags)
        wanted = dict((plan.entry["iccid"], plan) for plan, dummy in members)

        def registered():
            # a lost answer: the cards already on the account show it went through; a code is used only once, so
            # re-sending the batch cannot register a SIM card twice (a used code comes back as an error)
            found = self.on_account(wanted)
            return {"data": found, "errors": []} if len(found) == len(wanted) else None

        try:
            answer = api.register_sim_card_batch(self.client, body, registered)
        except TelnyxError as exc:
            for plan, dummy in members:
                plan.fail(exc)
            return
        cards = dict((card.get("iccid"), card) for card in answer.get("data") or [])
        problems = registration_problems(answer)
        missing = [(number, plan) for number, (plan, dummy) in enumerate(members) if plan.entry["iccid"] not in cards]
        if missing and any(number not in problems for number, dummy in missing):
            # an answer that does not say what became of a code (or a re-sent batch): read those SIM cards once
            on_account = dict((sim.get("iccid"), sim) for sim in self.on_account(wanted))
            cards.update(on_account)
        for number, (plan, code) in enumerate(members):
            card = cards.get(plan.entry["iccid"])
            if card is not None:
                plan.wrote = True
                plan.current = card
                plan.expect = (plan.registration_status, None)
                continue
            plan.fail(registration_refused(plan.key, problems.get(number) or {}, code))

    def patch_registered(self, plan):
        """The settings a registration does not carry (data limit, IMEIs), once it has completed."""
        plan.later_patch = False
        patch = settings_for(plan.current, dict(plan.entry, tags=None, sim_card_group=None), None)
        if patch:
            plan.current = api.update_sim_card(self.client, plan.current["id"], patch) or dict(plan.current, **patch)

    def apply_notifications(self, plan):
        """The SIM card's notifications as its entry declares (no SIM card action: nothing to wait for)."""
        notes, sim_id = plan.notes, plan.current["id"]
        for notification in notes["removed"]:
            api.delete_notification(self.client, notification["id"])
            plan.wrote = True
        made = []
        for threshold in notes["creates"]:
            made.append(api.create_notification(self.client, sim_id, api_amount(threshold), lambda found, wanted=threshold: amount_equal(
                found.get("threshold"), api_amount(wanted))))
            plan.wrote = True
        removed = set(notification["id"] for notification in notes["removed"])
        plan.notifications_after = [n for n in plan.notifications if n.get("id") not in removed] + [n for n in made if n]
        if notes["creates"]:
            # another run may have created the same threshold at the same moment: both keep the oldest copy (one GET more)
            plan.notifications_after, dummy = keep_oldest_copies(self.client, sim_id, notes["creates"])

    def apply_extras(self):
        """Public IP and voice actions, round by round: each round starts the next action of every SIM card that has one
        (public IPs set in Telnyx's default region go in bulk_set_public_ips requests), then waits for all of them."""
        acting = [plan for plan in self.plans if plan.error is None and plan.extra]
        if not acting:
            return
        settling = [plan for plan in acting if busy(plan.current)]
        if settling:  # a SIM card takes one action at a time: a registration or transition under way is waited for
            self.wait_round(settling, settle_only=True)
        while True:
            ready = [plan for plan in acting if plan.error is None and plan.extra]
            if not ready:
                return
            bulk = [plan for plan in ready if plan.extra[0] == SET_PUBLIC_IP and not plan.ip_region]
            self.concurrently(self.start_extra, [plan for plan in ready if plan not in bulk])
            bulks = [self.bulk_set_public_ips(bulk[start:start + BULK_BATCH]) for start in range(0, len(bulk), BULK_BATCH)]
            started = [plan for plan in ready if plan.error is None]
            if not self.wait and not any(plan.extra for plan in started):
                self.concurrently(self.note_unwaited, started)
                return
            # a bulk action starts its SIM card actions asynchronously: it is done once its summary counts them and none is
            # in progress (a SIM card that shows no action yet is not settled); then the SIM cards are waited for together
            self.concurrently(self.finish_bulk, [found for found in bulks if found])
            self.wait_round(started, settle_only=True)
            self.concurrently(self.check_extra, [plan for plan in started if plan.error is None])

    def start_extra(self, plan):
        step = plan.extra.pop(0)
        sim_id = plan.current["id"]
        if step == VOICE:
            action = self.sim_actions.start_voice(plan.current, plan.voice_step)
        elif step == REMOVE_PUBLIC_IP:
            action = self.sim_actions.remove_public_ip(sim_id)
        else:
            action = self.sim_actions.set_public_ip(sim_id, plan.ip_region)
        plan.wrote = True
        plan.actions.append(action or {"action_type": step})
        plan.last_extra = (step, action or {})

    def bulk_set_public_ips(self, plans):
        """One bulk_set_public_ips request for these SIM cards (never sent twice: see _api.bulk_set_public_ips)."""
        try:
            bulk = api.bulk_set_public_ips(self.client, [plan.current["id"] for plan in plans])
        except TelnyxError as exc:
            for plan in plans:
                plan.extra = []
                plan.fail(exc)
            return
        for plan in plans:
            plan.extra.pop(0)
            plan.wrote = True
            plan.actions.append({"id": bulk.get("id"), "action_type": "bulk_set_public_ips"})
            plan.last_extra = (SET_PUBLIC_IP, {"bulk_sim_card_action_id": bulk.get("id")})
        return bulk

    def finish_bulk(self, bulk):
        """Wait until a bulk action has no SIM card action in progress; keep the SIM card actions that did not complete
        (their reasons explain the SIM cards that did not get a public IP)."""
        try:
            dummy, failed = self.bulk_actions.finish(bulk, "%d SIM cards" % len((bulk.get("settings") or {}).get("sim_card_ids") or []))
        except TelnyxError as exc:  # wait_timeout: its SIM cards fail, the others keep their outcome
            for plan in self.plans:
                if plan.last_extra and plan.last_extra[1].get("bulk_sim_card_action_id") == bulk.get("id"):
                    plan.extra = []
                    plan.fail(exc)
            return
        with self.lock:
            for action in failed:
                self.bulk_failures[str(action.get("sim_card_id") or "").lower()] = action

    def note_unwaited(self, plan):
        """wait=false: the last action is accepted, not waited for; the result shows where it leads."""
        step, dummy = plan.last_extra
        if step == VOICE:
            plan.current = with_voice(plan.current, plan.entry["voice"])
        else:
            plan.public_ip_after = api.get_public_ip(self.client, plan.current["id"])

    def check_extra(self, plan):
        """Once the SIM card has settled: did its last action do what it was for? If not, it fails with Telnyx's reason."""
        step, action = plan.last_extra
        label = sim_name(plan.current or plan.before)
        if plan.current is None:
            plan.extra = []
            plan.fail(action_failed(step, label, "it is now off the account", action))
            return
        if step == VOICE:
            if voice_enabled(plan.current) == plan.entry["voice"]:
                return
            outcome = "voice_enabled is %s" % str(voice_enabled(plan.current)).lower()
        else:
            public_ip = api.get_public_ip(self.client, plan.current["id"])
            if step == REMOVE_PUBLIC_IP and public_ip is None or step == SET_PUBLIC_IP and public_ip is not None:
                plan.public_ip_after = public_ip
                if public_ip is not None and not public_ip.get("ip") and self.wait:
                    plan.public_ip_after = self.sim_actions.public_ip_assigned(None, plan.current["id"], label)
                return
            outcome = "it has no public IP" if public_ip is None else "it still has public IP %s" % public_ip.get("ip")
        plan.extra = []
        plan.fail(action_failed(action.get("action_type") or step, label, outcome, self.action_of(plan, step, action)))

    def action_of(self, plan, step, action):
        """The SIM card action behind a step that did not do what it was for (for Telnyx's reason), as the API shows it now."""
        if action.get("id"):
            return api.get_sim_card_action(self.client, action["id"]) or action
        if action.get("bulk_sim_card_action_id"):
            return self.bulk_failures.get(plan.current["id"].lower(), action)
        return action

    # ------------------------------------------------------------------ waiting: one read of the fleet per round

    def poll(self, plans):
        """The SIM cards of `plans` as they are now: one GET each when that is fewer requests than the list."""
        ids = [plan.sim_id for plan in plans]
        if self.total_pages is None or len(ids) < self.total_pages:  # None: the run read no list (a fleet of one)
            return dict(self.concurrently(lambda sim_id: (sim_id, api.get_sim_card(self.client, sim_id)), ids))
        wanted = set(ids)
        listed = dict((sim["id"], sim) for sim in self.list_sims() if sim["id"] in wanted)
        return dict((sim_id, listed.get(sim_id)) for sim_id in ids)

    def wait_round(self, plans, settle_only=False):
        """Wait with the run's one Waiter until no SIM card of `plans` is busy: one read of the fleet per poll.

        Each poll reads only the SIM cards still busy; one that settles elsewhere than its last action leads fails
        (check_outcome); on wait_timeout the SIM cards still busy fail, the others keep their outcome.
        """
        for plan in plans:
            plan.sim_id = plan.current["id"]
        pending = {"busy": list(plans)}

        def fetch():
            now = self.poll(pending["busy"])
            still = []
            for plan in pending["busy"]:
                plan.current = now.get(plan.sim_id)
                if busy(plan.current):
                    still.append(plan)
                elif not settle_only:
                    self.check_outcome(plan)
            pending["busy"] = still
            return still

        try:
            self.waiter.until(fetch, lambda still: not still, "%d SIM cards to finish their changes" % len(plans),
                              lambda still: ", ".join("%s %s" % (sim_name(plan.current), sim_status(plan.current)) for plan in still[:20]),
                              seen=list(plans))
        except TelnyxError as exc:
            for plan in pending["busy"]:
                action = (plan.expect or (None, None))[1] or {}
                plan.fail(TelnyxError("%s is still status %s%s: %s" % (sim_name(plan.current), sim_status(plan.current),
                                                                       " (action %s)" % action["id"] if action.get("id") else "", exc), exc.failure))

    def check_outcome(self, plan):
        """A settled SIM card that is not where its last action leads fails, naming the action and Telnyx's reason."""
        expect = plan.expect
        if plan.delete or expect is None:
            return
        destination, action = expect
        if plan.current is not None and sim_status(plan.current) in (destination, plan.target):
            return  # where its action leads, or where it is declared (another run's action got it there)
        found = api.get_sim_card_action(self.client, action["id"]) if action and action.get("id") else None
        now = "it is now status %s" % sim_status(plan.current) if plan.current else "it is now off the account"
        plan.steps = []
        plan.fail(action_failed((action or {}).get("action_type") or "registration", sim_name(plan.current or plan.before),
                                "%s, not %s" % (now, destination), found or action))

    # ------------------------------------------------------------------ concurrency

    def concurrently(self, work, items, flatten=False):
        """work(item) for every item on `workers` threads (one client, one connection pool, one 429 pause).

        A TelnyxError fails the Plan it was working on (items that are Plans) and is raised for anything else.
        """
        items = list(items)
        if not items:
            return []

        def guarded(item):
            try:
                return work(item)
            except TelnyxError as exc:
                if isinstance(item, Plan):
                    item.steps = []
                    item.later_patch = False
                    item.fail(exc)
                    return None
                raise

        results = bounded_map(guarded, items, self.workers)
        if flatten:
            return [value for result in results for value in result]
        return results
