# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domain model and state machine of the Telnyx wireless emulator.

Everything here runs with ``State.lock`` held by the caller (the HTTP layer takes it once per request).
Nothing here knows about HTTP except that refusals are raised as ``errors.ApiError``.

Time: asynchronous work (SIM card actions, registration, deletion, PWG provisioning, ...) is put on a
heap of timed events. ``State.process_due()`` runs every event whose time has come, at the start of
every request, using the event's due time as its timestamp; so a client always observes a state that
is consistent with "transition_seconds after the request, it was done", without a background thread.

Memory: SIM cards are ``__slots__`` objects holding only what can change; identifiers derived from a
serial number (IMSI, MSISDN, IMEI, PIN codes, addresses, ...) are computed when serialised, so 100,000
SIM cards cost a few tens of MB.
"""

import calendar
import gc
import heapq
import itertools
import threading
import time
import uuid

from . import catalog, errors, usage
from .errors import ApiError
from .history import DEFAULT_HISTORY_ORDER

# SIM card statuses (SIMCardStatus.value) and which of them a user can ask for.
USER_STATUSES = ("enabled", "disabled", "standby")
ALL_STATUSES = ("registering", "enabling", "enabled", "disabling", "disabled", "data_limit_exceeded", "setting_standby", "standby")

STATUS_REASONS = {
    "registering": "The SIM card is being registered.",
    "enabling": "The SIM card is being enabled.",
    "enabled": "The SIM card is active, ready to connect to networks and consume data.",
    "disabling": "The SIM card is being disabled.",
    "disabled": "The SIM card is disabled. It can't connect to networks or consume data.",
    "data_limit_exceeded": "The SIM card has exceeded its data limit and can't consume data.",
    "setting_standby": "The SIM card is being set to standby.",
    "standby": "The SIM card is in standby. It will be enabled as soon as it consumes data.",
}
DELETING_REASON = "The SIM card is being deleted."

# The three user-requested status transitions (GUIDES 1.2 / 9.1.3): action type -> (transitional status,
# final status, statuses it may start from, whether the SIM card must belong to a group).
TRANSITIONS = {
    "enable": ("enabling", "enabled", ("disabled", "standby"), True),
    "disable": ("disabling", "disabled", ("enabled",), False),
    "set_standby": ("setting_standby", "standby", ("enabled",), True),
}

# Statuses in which the SIM card has a session address (GUIDES 1.1: standby keeps the IP, disabled
# releases it). The spec types ipv4/ipv6 as plain strings; we answer null when there is no session (see
# contract.py for the matching in-memory spec patch).
STATUSES_WITH_IP = ("enabled", "standby", "setting_standby", "disabling", "data_limit_exceeded")
STATUSES_CONSUMING = ("enabled", "standby")

# 1 GB = 1024 MB: the spec's own examples use "2048.0" MB-style amounts; the real base is not documented.
MB_PER_UNIT = {"MB": 1.0, "GB": 1024.0}

DEFAULT_GROUP_ID = "0f3f490e-c4d3-4cf5-838a-9970f10ee259"
DEFAULT_GROUP_NAME = "Default"
DEFAULT_ESIM_INVENTORY = 10000
# The visited network SIM cards report (MCC, MNC): AT&T Mobility, as in the spec's examples.
SERVING_PLMN = ("310", "410")


def iso(ts):
    """ISO-8601 UTC with milliseconds and Z, e.g. 2018-02-02T22:25:27.521Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % (int(ts * 1000) % 1000)


def new_id():
    return str(uuid.uuid4())


def fmt_amount(value):
    """Amounts are strings on the wire; normalised to one decimal at least ("100" -> "100.0")."""
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return "%d.0" % int(value)
    return repr(value)


def luhn(digits):
    """The Luhn check digit to append to ``digits`` (ICCIDs and IMEIs end with one)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def to_mb(amount, unit):
    return float(amount) * MB_PER_UNIT[unit]


class Sim(object):
    """A registered SIM card. ``seq`` is the card's serial number, from which fixed identifiers derive."""

    __slots__ = ("id", "seq", "iccid", "type", "status", "intended", "group_id", "tags", "imeis", "limit",
                 "consumed", "busy", "deleting", "lost", "voice", "imei", "public_ip", "installed",
                 "created", "updated")

    def __init__(self, sim_id, seq, iccid, sim_type, status, intended, group_id, tags, limit, busy, created):
        self.id = sim_id
        self.seq = seq
        self.iccid = iccid
        self.type = sim_type
        self.status = status
        # GUIDES 1.3: the user-controlled status the SIM returns to when a system-imposed status
        # (data_limit_exceeded) clears. Kept apart from status.value.
        self.intended = intended
        self.group_id = group_id
        self.tags = tags
        self.imeis = None           # authorized_imeis: None or a list of strings
        self.limit = limit          # None or (amount as float, unit)
        self.consumed = 0.0         # MB in the current billing period
        self.busy = busy            # None, an in-progress action id, or "registering"/"deleting"/"forced"
        self.deleting = False
        self.lost = False
        self.voice = False
        self.imei = None            # None = derived from seq; a string once forced by a test
        self.public_ip = None
        self.installed = False      # eSIM profile downloaded to a device (activation code used)
        self.created = created
        self.updated = created

    # Identifiers derived from the serial number.
    @property
    def imsi(self):
        return "311210%09d" % (self.seq % 10 ** 9)

    @property
    def msisdn(self):
        return "+1310%07d" % (self.seq % 10 ** 7)

    @property
    def current_imei(self):
        if self.imei is not None:
            return self.imei
        tac = catalog.DEVICES[self.seq % len(catalog.DEVICES)][0]
        body = "%s%06d" % (tac, self.seq % 10 ** 6)
        return body + luhn(body)

    @property
    def eid(self):
        return ("89049032%024d" % self.seq) if self.type == "esim" else None

    @property
    def ipv4(self):
        if self.status not in STATUSES_WITH_IP:
            return None
        n = self.seq
        return "100.%d.%d.%d" % (64 + (n >> 16) % 64, (n >> 8) & 255, (n & 255) or 1)

    @property
    def ipv6(self):
        if self.status not in STATUSES_WITH_IP:
            return None
        return "2001:db8:0:0:0:0:%x:%x" % ((self.seq >> 16) & 0xFFFF, self.seq & 0xFFFF)


class PublicIp(object):
    __slots__ = ("ip", "region", "created", "updated")

    def __init__(self, ip, region, created):
        self.ip = ip
        self.region = region
        self.created = created
        self.updated = created


class Group(object):
    def __init__(self, group_id, name, default, limit, created):
        self.id = group_id
        self.name = name
        self.default = default
        self.limit = limit
        self.pwg_id = None
        self.blocklist_id = None
        self.members = {}          # sim id -> None (an insertion-ordered set)
        self.consumed = 0.0        # MB, sum over the member SIM cards
        self.busy = None           # in-progress group action id
        self.created = created
        self.updated = created


class Action(object):
    __slots__ = ("id", "sim_id", "action_type", "status", "reason", "settings", "bulk_id", "created", "updated", "fail", "prev")

    def __init__(self, sim_id, action_type, settings, created, bulk_id=None):
        self.fail = None            # the reason this action will fail with (set by /_emulator/failures), or None
        self.prev = None            # the SIM card's (status, intended status) before the action, restored on failure
        self.id = new_id()
        self.sim_id = sim_id
        self.action_type = action_type
        self.status = "in-progress"
        self.reason = None
        self.settings = settings
        self.bulk_id = bulk_id
        self.created = created
        self.updated = created


class Record(object):
    """A plain mutable record for the less-used resources (notifications, PWGs, orders, ...)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


class Card(object):
    """An unregistered SIM card, as on its packaging: ICCID plus its registration code."""

    __slots__ = ("seq", "iccid", "type", "code")

    def __init__(self, seq, iccid, sim_type, code):
        self.seq = seq
        self.iccid = iccid
        self.type = sim_type
        self.code = code


class State(object):
    def __init__(self, transition_seconds=1.0, latency_ms=0):
        self.lock = threading.RLock()
        self.startup = {"transition_seconds": float(transition_seconds), "latency_ms": float(latency_ms)}
        self.boot_time = time.time()
        self.config = {}
        self.reset()

    # ------------------------------------------------------------------ lifecycle

    def reset(self):
        self.config = {
            "transition_seconds": self.startup["transition_seconds"],
            "latency_ms": self.startup["latency_ms"],
            # GUIDES 2 / 9.1.10 CONFLICT: deleting a group that still has SIM cards. "reject" answers 70005
            # (the error page); "move_to_default" moves them to the default group (the guide).
            "group_delete_with_sims": "reject",
            # GUIDES 9.1.13: eSIMs left to sell; a purchase beyond it is partially fulfilled with a 70001 error.
            "esim_inventory": DEFAULT_ESIM_INVENTORY,
            # How long a PWG takes to provision (GUIDES 4: about 15 minutes on Telnyx) and a SIM card group action
            # takes to complete; None = transition_seconds.
            "pwg_provisioning_seconds": None,
            "group_action_seconds": None,
            # The order of every history list (history.py: Telnyx documents none).
            "history_order": DEFAULT_HISTORY_ORDER,
        }
        # Injected failures of asynchronous work (/_emulator/failures): each rule makes the next matching
        # SIM card action, SIM card group action or PWG provisioning end "failed" with its reason.
        self.failures = []
        self.version = 0            # bumped by any change to any SIM card (invalidates filtered lists)
        self.roster_version = 0     # bumped when SIM cards are added, removed or change group
        # Added to the wall clock by now(); /_emulator/advance moves it forward so that tests can complete
        # pending transitions without sleeping.
        self.clock_offset = 0.0
        self.serial = itertools.count(1)
        self.code_serial = itertools.count(1)
        self.ip_serial = itertools.count(1)
        self.log_serial = itertools.count(1)
        self.pwg_serial = itertools.count(1)
        self.event_serial = itertools.count()
        self.events = []
        self.sims = {}
        self.groups = {}
        self.actions = {}
        self.actions_by_sim = {}
        self.bulk_actions = {}
        self.group_actions = {}
        self.notifications = {}
        # Telnyx's Notifications API (delivery.py): profiles, channels, settings by id; deliveries made, oldest first
        self.notification_profiles, self.notification_channels, self.notification_settings, self.notification_deliveries = {}, {}, {}, []
        self.pwgs = {}
        self.blocklists = {}
        self.orders = {}
        self.ota_updates = {}
        self.wdr_reports = {}
        self.data_sessions, self.wdr_downloads = [], []   # usage.py: data sessions (WDRs), report file downloads
        self.logs = {}
        self.cards = {}             # iccid -> Card, unregistered cards
        self.codes = {}             # unused registration code -> iccid
        self.used_codes = set()
        self.list_cache = {}
        ts = self.boot_time
        default = Group(DEFAULT_GROUP_ID, DEFAULT_GROUP_NAME, True, None, iso(ts))
        self.groups[default.id] = default

    @property
    def transition(self):
        return self.config["transition_seconds"]

    def seconds(self, key):
        value = self.config.get(key)
        return self.transition if value is None else value

    def take_failure(self, kind, action_type, target_id):
        """The failure rule matching this new piece of asynchronous work, consumed; None when none matches."""
        for rule in self.failures:
            if rule["kind"] != kind or (rule.get("type") and rule["type"] != action_type) or (rule.get("id") and rule["id"] != target_id):
                continue
            rule["remaining"] -= 1
            if rule["remaining"] <= 0:
                self.failures.remove(rule)
            return rule
        return None

    def now(self):
        return time.time() + self.clock_offset

    def advance(self, seconds):
        """Jump the emulator's clock forward: everything due within ``seconds`` happens now."""
        self.clock_offset += seconds
        self.process_due()

    def schedule(self, due, handler, arg):
        heapq.heappush(self.events, (due, next(self.event_serial), handler, arg))

    def process_due(self, now=None):
        now = self.now() if now is None else now
        while self.events and self.events[0][0] <= now:
            due, _seq, handler, arg = heapq.heappop(self.events)
            handler(arg, due)

    def touch(self, sim, ts):
        sim.updated = iso(ts)
        self.version += 1

    def counts(self):
        return {
            "sims": len(self.sims), "groups": len(self.groups), "notifications": len(self.notifications),
            "actions": len(self.actions), "bulk_actions": len(self.bulk_actions), "group_actions": len(self.group_actions),
            "private_wireless_gateways": len(self.pwgs), "wireless_blocklists": len(self.blocklists),
            "orders": len(self.orders), "ota_updates": len(self.ota_updates), "wdr_reports": len(self.wdr_reports),
            "unregistered_cards": len(self.cards), "pending_events": len(self.events),
        }

    # ------------------------------------------------------------------ cards, codes, SIM creation

    def _new_iccid(self, seq, sim_type):
        body = ("8988303" if sim_type == "physical" else "8988304") + "%012d" % seq
        return body + luhn(body)

    def _new_code(self):
        # A bijection on 10-digit numbers (multiplier coprime with 10), so codes never repeat.
        return "%010d" % ((next(self.code_serial) * 2654435761 + 1234567) % 10 ** 10)

    def add_card(self, seq=None, sim_type="physical", iccid=None):
        seq = next(self.serial) if seq is None else seq
        iccid = iccid or self._new_iccid(seq, sim_type)
        card = Card(seq, iccid, sim_type, self._new_code())
        self.cards[iccid] = card
        self.codes[card.code] = iccid
        return card

    def _create_sim(self, seq, iccid, sim_type, status, intended, group, tags, limit, busy, ts_iso):
        sim = Sim(new_id(), seq, iccid, sim_type, status, intended, group.id if group else None, tags, limit, busy, ts_iso)
        self.sims[sim.id] = sim
        if group is not None:
            group.members[sim.id] = None
        self.version += 1
        self.roster_version += 1
        return sim

    # ------------------------------------------------------------------ lookups

    def get_sim(self, sim_id):
        sim = self.sims.get(sim_id)
        if sim is None:
            raise errors.not_found("SIM card", sim_id)
        return sim

    def get_group(self, group_id):
        group = self.groups.get(group_id)
        if group is None:
            raise errors.not_found("SIM card group", group_id)
        return group

    def get(self, table, kind, ident):
        item = getattr(self, table).get(ident)
        if item is None:
            raise errors.not_found(kind, ident)
        return item

    def group_or_422(self, group_id, pointer="/sim_card_group_id"):
        group = self.groups.get(group_id)
        if group is None:
            raise errors.invalid("SIM card group %s does not exist." % group_id, pointer=pointer)
        return group

    def default_group(self):
        return self.groups[DEFAULT_GROUP_ID]

    # ------------------------------------------------------------------ SIM card listing

    def list_sims(self, iccid=None, msisdn=None, statuses=None, tags=None, group_id=None, sort=None):
        """Filtered SIM cards in creation order. Results are cached until any SIM card changes, so paging
        through a large result set costs one scan."""
        key = (iccid, msisdn, statuses, tags, group_id, sort)
        # Without field filters the answer depends only on which SIM cards exist and their groups, so it
        # survives updates; with them, any SIM card change invalidates it.
        version = self.roster_version if not (iccid or msisdn or statuses or tags or sort) else self.version
        hit = self.list_cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        if group_id is not None:
            group = self.groups.get(group_id)
            source = [self.sims[s] for s in group.members] if group else []
        else:
            source = list(self.sims.values())
        result = source
        if iccid or msisdn or statuses or tags:
            tagset = frozenset(tags) if tags else None
            result = []
            for sim in source:
                if iccid and iccid not in sim.iccid:
                    continue
                # filter[msisdn] is "a search string to match": exact here (filter[iccid] says "partially").
                if msisdn and sim.msisdn != msisdn:
                    continue
                if statuses and sim.status not in statuses:
                    continue
                if tagset and not tagset.issubset(sim.tags):
                    continue
                result.append(sim)
        if sort:
            result = sorted(result, key=lambda s: s.consumed, reverse=sort.startswith("-"))
        if len(self.list_cache) > 32:
            self.list_cache = {}
        self.list_cache[key] = (version, result)
        return result

    # ------------------------------------------------------------------ data limits

    def _exceeded(self, sim):
        # GUIDES 2.1 leaves the precedence open: a SIM-level limit overrides its group's limit; the group's
        # limit is a pool shared by the group's SIM cards (the group's consumed_data against its limit).
        if sim.limit is not None:
            return sim.consumed >= to_mb(*sim.limit)
        group = self.groups.get(sim.group_id)
        if group is not None and group.limit is not None:
            return group.consumed >= to_mb(*group.limit)
        return False

    def apply_limit(self, sim, ts):
        """Move an enabled SIM over its limit to data_limit_exceeded, and back to its intended status once
        the limit is above its consumption again (GUIDES 1.3, 9.1.6). "Reached" counts as exceeded
        (error 70000: "the consumption has reached the data limit")."""
        if sim.deleting:
            return
        over = self._exceeded(sim)
        if sim.status == "enabled" and over:
            sim.status = "data_limit_exceeded"
            self.touch(sim, ts)
        elif sim.status == "data_limit_exceeded" and not over:
            sim.status = sim.intended
            self.touch(sim, ts)

    def apply_group_limit(self, group, ts):
        for sim_id in list(group.members):
            self.apply_limit(self.sims[sim_id], ts)

    def move_sim(self, sim, group, ts):
        old = self.groups.get(sim.group_id)
        if old is group:
            return
        if old is not None:
            old.members.pop(sim.id, None)
            old.consumed -= sim.consumed
        sim.group_id = group.id if group else None
        if group is not None:
            group.members[sim.id] = None
            group.consumed += sim.consumed
        self.roster_version += 1
        self.touch(sim, ts)
        if old is not None:
            self.apply_group_limit(old, ts)
        self.apply_limit(sim, ts)

    # ------------------------------------------------------------------ SIM card actions

    def _new_action(self, sim_id, action_type, settings, ts, bulk_id=None):
        action = Action(sim_id, action_type, settings, iso(ts), bulk_id)
        self.actions[action.id] = action
        self.actions_by_sim.setdefault(sim_id, []).append(action.id)
        return action

    def _completed_action(self, sim, action_type, settings, ts, bulk_id=None):
        # GUIDES 9.2: a repeated request (enable on enabled, ...) is a no-op that still answers 202 with an
        # action, which is completed at once.
        action = self._new_action(sim.id, action_type, settings, ts, bulk_id)
        action.status = "completed"
        return action

    def _start_action(self, sim, action_type, settings, ts, bulk_id=None, prev=None):
        action = self._new_action(sim.id, action_type, settings, ts, bulk_id)
        rule = self.take_failure("sim_card_action", action_type, sim.id)
        if rule is not None:
            action.fail = rule["reason"]
            action.prev = prev
        sim.busy = action.id
        self.touch(sim, ts)
        self.schedule(ts + self.transition, self._finish_action, action.id)
        return action

    def check_idle(self, sim):
        if sim.deleting:
            raise errors.busy("SIM card %s is being deleted." % sim.id)
        if sim.busy is not None:
            raise errors.busy("SIM card %s has an action in progress; wait for it to complete and retry." % sim.id)

    def status_action(self, sim, action_type, ts):
        """enable / disable / set_standby."""
        transitional, final, allowed_from, needs_group = TRANSITIONS[action_type]
        self.check_idle(sim)
        if needs_group and sim.group_id is None:
            raise ApiError(422, "70007", "SIM card %s doesn't have a SIM card group; assign one before %s." % (
                sim.id, "enabling it" if action_type == "enable" else "setting it to standby"))
        if sim.status == "data_limit_exceeded":
            # GUIDES 1.1: no user transition while a system-imposed status applies.
            raise errors.invalid("Action %s is not allowed from status data_limit_exceeded; raise the data limit first." % action_type)
        if sim.status == final:
            sim.intended = final
            return self._completed_action(sim, action_type, {}, ts)
        if sim.status not in allowed_from:
            # GUIDES 9.2: disabled->standby and standby->disabled are undocumented; refused.
            raise errors.invalid("Action %s is not allowed from status %s." % (action_type, sim.status))
        prev = (sim.status, sim.intended)
        sim.status = transitional
        sim.intended = final
        return self._start_action(sim, action_type, {}, ts, prev=prev)

    def set_public_ip(self, sim, region, ts, bulk_id=None):
        self.check_idle(sim)
        settings = {"region_code": region}
        if sim.public_ip is not None:
            if sim.public_ip.region == region:
                return self._completed_action(sim, "set_public_ip", settings, ts, bulk_id)
            # GUIDES 9.2 leaves set_public_ip on a SIM that already has one open: refused unless same region.
            raise errors.invalid("SIM card %s already has a public IP in region %s; remove it first." % (sim.id, sim.public_ip.region),
                                 pointer="/region_code", parameter="region_code")
        sim.public_ip = PublicIp(None, region, iso(ts))
        return self._start_action(sim, "set_public_ip", settings, ts, bulk_id)

    def remove_public_ip(self, sim, ts):
        self.check_idle(sim)
        if sim.public_ip is None:
            # Removing what is not there: a no-op answered like a repeated transition.
            return self._completed_action(sim, "remove_public_ip", {}, ts)
        return self._start_action(sim, "remove_public_ip", {"region_code": sim.public_ip.region}, ts)

    def voice_action(self, sim, enable, ts, settings=None, bulk_id=None):
        action_type = "enable_voice" if enable else "disable_voice"
        self.check_idle(sim)
        if sim.voice == enable:
            return self._completed_action(sim, action_type, settings or {}, ts, bulk_id)
        return self._start_action(sim, action_type, settings or {}, ts, bulk_id)

    def _finish_action(self, action_id, ts):
        action = self.actions.get(action_id)
        if action is None or action.status != "in-progress":
            return
        action.status = "completed" if action.fail is None else "failed"
        action.reason = action.fail
        action.updated = iso(ts)
        sim = self.sims.get(action.sim_id)
        if sim is None:
            return
        if sim.busy == action.id:
            sim.busy = None
        kind = action.action_type
        if action.fail is not None:
            # A failed action changes nothing: the SIM card is back where it was (GUIDES 9.2 leaves roll-back
            # open; a failure that left a half-done state would be unobservable through the spec's fields).
            if kind in TRANSITIONS and action.prev is not None:
                sim.status, sim.intended = action.prev
                self.apply_limit(sim, ts)
            elif kind == "set_public_ip":
                sim.public_ip = None
        elif kind in TRANSITIONS:
            sim.status = TRANSITIONS[kind][1]
            if kind == "enable":
                self.add_log(sim, "registration", "Attached", ts)
            self.apply_limit(sim, ts)
        elif kind == "set_public_ip" and sim.public_ip is not None:
            sim.public_ip.ip = self._new_public_ip()
            sim.public_ip.updated = iso(ts)
        elif kind == "remove_public_ip":
            sim.public_ip = None
        elif kind in ("enable_voice", "disable_voice"):
            sim.voice = kind == "enable_voice"
        self.touch(sim, ts)

    def _new_public_ip(self):
        # Addresses from 198.18.0.0/15 (reserved for benchmarking, never routed): plausible, harmless.
        n = next(self.ip_serial) % 131072
        return "198.%d.%d.%d" % (18 + (n >> 16), (n >> 8) & 255, (n & 255) or 1)

    # ------------------------------------------------------------------ bulk actions

    def _new_bulk(self, action_type, settings, ts):
        bulk = Record(id=new_id(), action_type=action_type, settings=settings, created=iso(ts), updated=iso(ts), action_ids=[])
        self.bulk_actions[bulk.id] = bulk
        return bulk

    def _failed_action(self, sim_id, action_type, settings, reason, ts, bulk_id):
        action = self._new_action(sim_id, action_type, settings, ts, bulk_id)
        action.status = "failed"
        action.reason = reason
        return action

    def bulk_set_public_ips(self, sim_ids, ts):
        """GUIDES 9.1.12: one SIM card action per SIM; a SIM that cannot take it gets a failed action and
        does not fail the batch. Bulk requests carry no region; the default public-IP region is used."""
        region = catalog.DEFAULT_PUBLIC_IP_REGION
        bulk = self._new_bulk("bulk_set_public_ips", {"sim_card_ids": list(sim_ids)}, ts)
        for sim_id in sim_ids:
            sim = self.sims.get(sim_id)
            settings = {"region_code": region}
            if sim is None:
                action = self._failed_action(sim_id, "set_public_ip", settings, "The SIM card was not found.", ts, bulk.id)
            else:
                try:
                    action = self.set_public_ip(sim, region, ts, bulk.id)
                except ApiError as exc:
                    action = self._failed_action(sim_id, "set_public_ip", settings, exc.items[0].get("detail"), ts, bulk.id)
            bulk.action_ids.append(action.id)
        return bulk

    def bulk_voice(self, group, enable, ts, connection_id=None):
        settings = {"sim_card_group_id": group.id}
        if connection_id:
            settings["connection_id"] = connection_id
        bulk = self._new_bulk("bulk_enable_voice" if enable else "bulk_disable_voice", settings, ts)
        action_type = "enable_voice" if enable else "disable_voice"
        per_sim = {"connection_id": connection_id} if connection_id else {}
        for sim_id in list(group.members):
            sim = self.sims[sim_id]
            try:
                action = self.voice_action(sim, enable, ts, dict(per_sim), bulk.id)
            except ApiError as exc:
                action = self._failed_action(sim_id, action_type, dict(per_sim), exc.items[0].get("detail"), ts, bulk.id)
            bulk.action_ids.append(action.id)
        return bulk

    def bulk_summary(self, bulk):
        counts = {}
        for action_id in bulk.action_ids:
            status = self.actions[action_id].status
            counts[status] = counts.get(status, 0) + 1
        return [{"count": counts[s], "status": s} for s in ("in-progress", "completed", "failed", "interrupted") if s in counts]

    # ------------------------------------------------------------------ registration, purchase, deletion

    def code_problem(self, code):
        """Why a registration code cannot be used, or None when it can."""
        if not isinstance(code, str) or len(code) != 10 or not code.isdigit():
            return "Registration code %s is not valid: registration codes have 10 digits." % code
        if code in self.used_codes:
            return "This code has already been used."
        if code not in self.codes:
            return "Registration code %s does not exist." % code
        return None

    def register(self, codes, group, status, tags, ts):
        """POST /actions/register/sim_cards. Each usable code registers its card (status registering, then
        the requested status after transition_seconds); the others are reported in ``errors`` with a pointer
        to the code. Choice: when no code is usable the answer is still 202 with empty ``data``, because the
        spec declares no other status for this operation."""
        sims, problems, seen = [], [], set()
        for index, code in enumerate(codes):
            detail = self.code_problem(code)
            if detail is None and code in seen:
                detail = "Registration code %s appears more than once in this request." % code
            if detail is not None:
                problems.append(errors.error_item("10015", detail, pointer="/registration_codes/%d" % index,
                                                  title="Invalid registration code"))
                continue
            seen.add(code)
            card = self.cards.pop(self.codes.pop(code))
            self.used_codes.add(code)
            sims.append(self._start_registration(card.seq, card.iccid, card.type, group, status, tags, ts))
        return sims, problems

    def _start_registration(self, seq, iccid, sim_type, group, status, tags, ts):
        sim = self._create_sim(seq, iccid, sim_type, "registering", status, group, tuple(tags), None, "registering", iso(ts))
        self.schedule(ts + self.transition, self._finish_registration, sim.id)
        return sim

    def _finish_registration(self, sim_id, ts):
        sim = self.sims.get(sim_id)
        if sim is None or sim.status != "registering":
            return
        sim.status = sim.intended
        if sim.busy == "registering":
            sim.busy = None
        self.add_log(sim, "registration", "Provisioned", ts)
        self.touch(sim, ts)
        self.apply_limit(sim, ts)

    def purchase_esims(self, amount, group, status, tags, ts):
        available = self.config["esim_inventory"]
        granted = amount if available is None else min(amount, available)
        if available is not None:
            self.config["esim_inventory"] = available - granted
        sims = []
        for _index in range(granted):
            seq = next(self.serial)
            sims.append(self._start_registration(seq, self._new_iccid(seq, "esim"), "esim", group, status, tags, ts))
        problems = []
        if granted < amount:
            problems.append(errors.error_item("70001", "Only %d of the %d eSIMs requested were available." % (granted, amount)))
        return sims, problems

    def delete_sim(self, sim, report_lost, ts):
        """DELETE /sim_cards/{id}: status disabling at once, gone after transition_seconds (REF:deletes-a-sim-card).
        A repeated DELETE while decommissioning answers the same SIM card again."""
        if sim.deleting:
            return sim
        self.check_idle(sim)
        if report_lost:
            # GUIDES 1.4 / 9.1.11: report_lost deletes *disabled eSIMs* that cannot be uninstalled.
            if sim.type != "esim":
                raise errors.invalid("report_lost applies only to eSIMs; SIM card %s is a physical SIM card." % sim.id, parameter="report_lost")
            if sim.status != "disabled":
                raise errors.invalid("report_lost applies only to disabled eSIMs; SIM card %s is %s." % (sim.id, sim.status),
                                     parameter="report_lost")
        sim.deleting = True
        sim.lost = bool(report_lost)
        sim.status = "disabling"
        sim.busy = "deleting"
        self.touch(sim, ts)
        self.schedule(ts + self.transition, self._finish_deletion, sim.id)
        return sim

    def _finish_deletion(self, sim_id, ts):
        sim = self.sims.pop(sim_id, None)
        if sim is None:
            return
        group = self.groups.get(sim.group_id)
        if group is not None:
            group.members.pop(sim.id, None)
            group.consumed -= sim.consumed
            if group.limit is not None:
                self.apply_group_limit(group, ts)
        for note_id in [n.id for n in self.notifications.values() if n.sim_id == sim_id]:
            del self.notifications[note_id]
        self.logs.pop(sim_id, None)
        self.version += 1
        self.roster_version += 1
        if sim.type == "physical":
            # The card goes back to the shelf of unregistered cards with a fresh registration code, so it can be
            # registered again (REF:deletes-a-sim-card "you will need to re-register it"). A deleted eSIM profile is
            # gone for good (GUIDES 1.4), so eSIMs never come back.
            self.add_card(seq=sim.seq, sim_type="physical", iccid=sim.iccid)

    # ------------------------------------------------------------------ SIM card update

    def update_sim(self, sim, changes, ts):
        """PATCH /sim_cards/{id} with already-validated changes. ``status`` is ignored (README quirk 5)."""
        if sim.deleting:
            raise errors.busy("SIM card %s is being deleted." % sim.id)
        if "tags" in changes:
            sim.tags = tuple(changes["tags"])
        if "authorized_imeis" in changes:
            sim.imeis = changes["authorized_imeis"]
        if "sim_card_group_id" in changes:
            self.move_sim(sim, changes["group"], ts)
        if "data_limit" in changes:
            sim.limit = changes["data_limit"]
        self.touch(sim, ts)
        self.apply_limit(sim, ts)
        return sim

    # ------------------------------------------------------------------ test helpers (control API)

    def consume(self, sim, megabytes, ts):
        if sim.deleting or sim.status not in STATUSES_CONSUMING:
            raise ApiError(409, "10015", "SIM card %s is %s and cannot consume data." % (sim.id, "being deleted" if sim.deleting else sim.status))
        if sim.status == "standby":
            # A standby SIM that starts using data becomes enabled by itself (action enable_standby_sim_card).
            self._completed_action(sim, "enable_standby_sim_card", {}, ts)
            sim.status = "enabled"
            sim.intended = "enabled"
        sim.consumed += megabytes
        usage.record_session(self, sim, megabytes, ts)
        sim.installed = True
        group = self.groups.get(sim.group_id)
        if group is not None:
            group.consumed += megabytes
        self.add_log(sim, "data", "Closed", ts)
        self.touch(sim, ts)
        self.apply_limit(sim, ts)
        if group is not None and group.limit is not None:
            self.apply_group_limit(group, ts)
        return sim

    def reset_billing_period(self, ts):
        for group in self.groups.values():
            group.consumed = 0.0
        for sim in self.sims.values():
            if sim.consumed:
                sim.consumed = 0.0
                self.touch(sim, ts)
            self.apply_limit(sim, ts)
        self.version += 1

    def force(self, sim, fields, ts):
        """PATCH /_emulator/sim_cards/{id}: set internal fields without actions or checks (already validated)."""
        if "status" in fields:
            sim.status = fields["status"]
            if sim.status in USER_STATUSES:
                sim.intended = sim.status
        if "sim_card_group_id" in fields:
            self.move_sim(sim, fields["group"], ts)
        if "public_ip" in fields:
            value = fields["public_ip"]
            if value is None:
                sim.public_ip = None
            else:
                sim.public_ip = PublicIp(value["ip"], value["region_code"], iso(ts))
        if "current_imei" in fields:
            sim.imei = fields["current_imei"]
        if "actions_in_progress" in fields:
            sim.busy = "forced" if fields["actions_in_progress"] else None
        self.touch(sim, ts)
        return sim

    def seed(self, sim_cards=0, groups=(), tags=(), registration_codes=0, esims=0, statuses=("enabled",), data_limit=None,
             ota_updates=0):
        ts = self.now()
        ts_iso = iso(ts)
        group_objs = []
        for name in groups:
            group = next((g for g in self.groups.values() if g.name == name), None)
            if group is None:
                group = Group(new_id(), name, False, None, ts_iso)
                self.groups[group.id] = group
            group_objs.append(group)
        spread = group_objs or [self.default_group()]
        tags = list(tags)
        statuses = list(statuses) or ["enabled"]
        created = []
        total = sim_cards + esims
        for i in range(total):
            seq = next(self.serial)
            sim_type = "physical" if i < sim_cards else "esim"
            group = spread[i % len(spread)]
            # Seeded SIM i carries tag j when bit j of i is set: deterministic, and every tag combination occurs.
            sim_tags = tuple(tags[j] for j in range(len(tags)) if (i >> j) & 1)
            status = statuses[i % len(statuses)]
            sim = Sim(new_id(), seq, self._new_iccid(seq, sim_type), sim_type, status, status, group.id, sim_tags, data_limit, None, ts_iso)
            self.sims[sim.id] = sim
            group.members[sim.id] = None
            created.append(sim)
        if data_limit is not None:
            for sim in created:
                self.apply_limit(sim, ts)
        if total >= 1000:
            # Seeded SIM cards are long-lived and hold no reference cycles: take them (and everything else alive)
            # out of the cyclic garbage collector's sight so that full collections stay cheap at 100k SIM cards.
            gc.freeze()
        cards = [self.add_card() for _index in range(registration_codes)]
        sims_for_ota = created or list(self.sims.values())
        for i in range(min(ota_updates, len(sims_for_ota)) if sims_for_ota else 0):
            self._new_ota(sims_for_ota[i], ts)
        self.version += 1
        self.roster_version += 1
        return created, spread, cards

    # ------------------------------------------------------------------ data usage notifications

    def create_notification(self, sim_id, threshold, ts):
        note = Record(id=new_id(), sim_id=sim_id, threshold=threshold, created=iso(ts), updated=iso(ts))
        self.notifications[note.id] = note
        return note

    # ------------------------------------------------------------------ groups and group actions

    def create_group(self, name, limit, ts):
        group = Group(new_id(), name, False, limit, iso(ts))
        self.groups[group.id] = group
        return group

    def update_group(self, group, changes, ts):
        if "name" in changes:
            group.name = changes["name"]
        if "data_limit" in changes:
            group.limit = changes["data_limit"]
            self.apply_group_limit(group, ts)
        group.updated = iso(ts)
        self.version += 1
        return group

    def delete_group(self, group, ts):
        if group.default:
            raise ApiError(422, "70006", "The default SIM card group cannot be deleted.")
        if group.busy is not None:
            raise errors.busy("SIM card group %s has an action in progress." % group.id)
        if group.members:
            if self.config["group_delete_with_sims"] != "move_to_default":
                raise ApiError(422, "70005", "SIM card group %s still has %d SIM cards; move them to another group first."
                               % (group.id, len(group.members)))
            default = self.default_group()
            for sim_id in list(group.members):
                self.move_sim(self.sims[sim_id], default, ts)
        del self.groups[group.id]
        self.version += 1
        return group

    def group_action(self, group, action_type, target_id, ts):
        if group.busy is not None:
            raise errors.busy("SIM card group %s has an action in progress; wait for it to complete and retry." % group.id)
        if action_type == "set_private_wireless_gateway":
            pwg = self.pwgs.get(target_id)
            if pwg is None or pwg.deleting:
                raise errors.invalid("Private Wireless Gateway %s does not exist." % target_id, pointer="/private_wireless_gateway_id")
            if pwg.status != "provisioned":
                # GUIDES 9.1.15: only provisioned PWGs can be assigned (code undocumented; 10015 chosen).
                raise errors.invalid("Private Wireless Gateway %s is %s, not provisioned." % (target_id, pwg.status),
                                     pointer="/private_wireless_gateway_id")
            current, settings = group.pwg_id, {"private_wireless_gateway_id": target_id}
        elif action_type == "set_wireless_blocklist":
            if target_id not in self.blocklists:
                raise errors.invalid("Wireless blocklist %s does not exist." % target_id, pointer="/wireless_blocklist_id")
            current, settings = group.blocklist_id, {"wireless_blocklist_id": target_id}
        elif action_type == "remove_private_wireless_gateway":
            if group.pwg_id is None:
                raise errors.invalid("SIM card group %s has no Private Wireless Gateway." % group.id)
            current, settings = None, {"private_wireless_gateway_id": group.pwg_id}
        else:
            if group.blocklist_id is None:
                raise errors.invalid("SIM card group %s has no wireless blocklist." % group.id)
            current, settings = None, {"wireless_blocklist_id": group.blocklist_id}
        action = Record(id=new_id(), group_id=group.id, type=action_type, status="in-progress", settings=settings,
                        target=target_id, fail=None, created=iso(ts), updated=iso(ts))
        self.group_actions[action.id] = action
        if target_id is not None and current == target_id:
            action.status = "completed"  # already assigned: a no-op, completed at once
            return action
        rule = self.take_failure("sim_card_group_action", action_type, group.id)
        if rule is not None:
            action.fail = rule["reason"]
        group.busy = action.id
        self.schedule(ts + self.seconds("group_action_seconds"), self._finish_group_action, action.id)
        return action

    def _finish_group_action(self, action_id, ts):
        action = self.group_actions.get(action_id)
        if action is None or action.status != "in-progress":
            return
        # SIMCardGroupAction has no field for a reason (spec and SDK 4.189): a failed action says only "failed";
        # the reason given to /_emulator/failures is not invented onto the wire.
        action.status = "completed" if action.fail is None else "failed"
        action.updated = iso(ts)
        group = self.groups.get(action.group_id)
        if group is None:
            return
        if group.busy == action.id:
            group.busy = None
        if action.fail is not None:
            group.updated = iso(ts)
            return
        if action.type == "set_private_wireless_gateway":
            group.pwg_id = action.target
        elif action.type == "remove_private_wireless_gateway":
            group.pwg_id = None
        elif action.type == "set_wireless_blocklist":
            group.blocklist_id = action.target
        else:
            group.blocklist_id = None
        group.updated = iso(ts)
        self.version += 1

    # ------------------------------------------------------------------ private wireless gateways

    def create_pwg(self, name, network_id, region, ts, address_mode="dynamic"):
        n = next(self.pwg_serial)
        rule = self.take_failure("private_wireless_gateway", None, name)
        pwg = Record(id=new_id(), name=name, network_id=network_id, region=region, ip_range="100.64.%d.0/24" % (n % 256),
                     address_mode=address_mode, status="provisioning", error_code=None, error_description=None,
                     fail=rule, deleting=False, created=iso(ts), updated=iso(ts))
        self.pwgs[pwg.id] = pwg
        self.schedule(ts + self.seconds("pwg_provisioning_seconds"), self._finish_pwg, pwg.id)
        return pwg

    def _finish_pwg(self, pwg_id, ts):
        pwg = self.pwgs.get(pwg_id)
        if pwg is not None and pwg.status == "provisioning":
            if pwg.fail is not None:
                # PrivateWirelessGatewayStatus carries error_code / error_description for a failed gateway.
                pwg.status = "failed"
                pwg.error_code = pwg.fail.get("code") or "10007"
                pwg.error_description = pwg.fail["reason"]
            else:
                pwg.status = "provisioned"
            pwg.updated = iso(ts)

    def pwg_groups(self, pwg_id):
        return sum(1 for g in self.groups.values() if g.pwg_id == pwg_id)

    def _users(self, field, action_type, target_id):
        """Names of the groups that use (or are being given, by an in-progress set action) a PWG or blocklist."""
        ids = [g.id for g in self.groups.values() if getattr(g, field) == target_id]
        ids += [a.group_id for a in self.group_actions.values()
                if a.status == "in-progress" and a.type == action_type and a.target == target_id and a.group_id not in ids]
        return [self.groups[i].name for i in ids if i in self.groups]

    def delete_pwg(self, pwg, ts):
        if pwg.deleting:
            return pwg
        users = self._users("pwg_id", "set_private_wireless_gateway", pwg.id)
        if users:
            # GUIDES 8.3: 10021 "resource in use, cannot be removed" (no wireless-specific code exists).
            raise ApiError(422, "10021", "Private Wireless Gateway %s is assigned to SIM card groups (%s); remove it from them first."
                           % (pwg.id, ", ".join(users)))
        pwg.deleting = True
        pwg.status = "decommissioning"
        pwg.updated = iso(ts)
        self.schedule(ts + self.transition, self._finish_pwg_delete, pwg.id)
        return pwg

    def _finish_pwg_delete(self, pwg_id, _ts):
        self.pwgs.pop(pwg_id, None)

    # ------------------------------------------------------------------ blocklists, orders, OTA, WDR

    def delete_blocklist(self, blocklist):
        users = self._users("blocklist_id", "set_wireless_blocklist", blocklist.id)
        if users:
            # SDK 4.189's docstring: 422 when the blocklist is assigned to a group; code 10021 (GUIDES 8.3).
            raise ApiError(422, "10021", "Wireless blocklist %s is assigned to SIM card groups (%s); remove it from them first."
                           % (blocklist.id, ", ".join(users)))
        del self.blocklists[blocklist.id]
        return blocklist

    def _new_ota(self, sim, ts):
        mnos = catalog.MOBILE_NETWORK_OPERATORS
        prefs = [{"mobile_network_operator_id": catalog.stable_id("mno:" + mnos[k][4]), "mobile_network_operator_name": mnos[k][0],
                  "priority": k} for k in range(2)]
        ota = Record(id=new_id(), sim_id=sim.id, type="sim_card_network_preferences", status="in-progress", preferences=prefs,
                     created=iso(ts), updated=iso(ts))
        self.ota_updates[ota.id] = ota
        self.schedule(ts + self.transition, self._finish_ota, ota.id)
        return ota

    def _finish_ota(self, ota_id, ts):
        ota = self.ota_updates.get(ota_id)
        if ota is not None:
            ota.status = "completed"
            ota.updated = iso(ts)

    def create_wdr(self, start, end, ts):
        report_id = new_id()
        report = Record(id=report_id, start=start, end=end, status="pending", created=iso(ts), updated=iso(ts),
                        url=usage.report_url(self, report_id))
        self.wdr_reports[report.id] = report
        self.schedule(ts + self.transition, self._finish_wdr, report.id)
        return report

    def _finish_wdr(self, report_id, ts):
        report = self.wdr_reports.get(report_id)
        if report is not None and report.status == "pending":
            usage.fill_report(self, report)
            report.status = "complete"
            report.updated = iso(ts)

    # ------------------------------------------------------------------ connectivity logs

    def add_log(self, sim, log_type, state, ts):
        self.logs.setdefault(sim.id, []).append((10 ** 9 + next(self.log_serial), log_type, state, ts))

    def sim_logs(self, sim):
        """Newest first. Every SIM card has at least the registration that attached it to the network; later
        registrations and data sessions are recorded as they happen."""
        created = calendar.timegm(time.strptime(sim.created[:19], "%Y-%m-%dT%H:%M:%S"))
        base = [(sim.seq, "registration", "Attached", created)]
        return list(reversed(base + self.logs.get(sim.id, [])))
