# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Telnyx wireless API v2 as the emulator serves it: routes, parameter and body validation, paging.

One function per operation of wireless-openapi.yaml (its operationId is in the route table), plus the two
single-SIM voice actions that SDK >= 4.174 has and the spec snapshot lacks. Handlers run with the state lock
held and return ``(http_status, body)``; refusals are raised as ``errors.ApiError``.

Wire conventions (README "Filters"): filters and paging use bracket keys (``filter[iccid]``, ``page[size]``);
array filters are accepted both comma-separated and as repeated keys.
"""

import datetime
import math
import re

from . import catalog, errors, history
from . import serializers as ser
from .errors import ApiError, Collector
from .state import MB_PER_UNIT, USER_STATUSES, Record, iso, new_id

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 250
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
IMEI_RE = re.compile(r"^\d{15}$")
WHITELABEL_RE = re.compile(r"^[A-Za-z0-9 ]+$")
SIM_FILTER_STATUSES = ("enabled", "disabled", "standby", "data_limit_exceeded", "unauthorized_imei")
LIFECYCLE_STATUSES = ("in-progress", "completed", "failed")
SIM_ACTION_TYPES = ("enable", "enable_standby_sim_card", "disable", "set_standby", "remove_public_ip", "set_public_ip",
                    "enable_voice", "disable_voice")
BULK_ACTION_TYPES = ("bulk_disable_voice", "bulk_enable_voice", "bulk_set_public_ips")
GROUP_ACTION_TYPES = ("set_private_wireless_gateway", "remove_private_wireless_gateway", "set_wireless_blocklist",
                      "remove_wireless_blocklist")
SORT_VALUES = ("current_billing_period_consumed_data.amount", "-current_billing_period_consumed_data.amount")
MAX_AUTHORIZED_IMEIS = 5
MAX_ESIMS_PER_PURCHASE = 100000
SIM_PRICE = 1.00          # GUIDES 1.5 pricing: a physical SIM costs $1
SHIPPING_COST = 5.00      # not documented; a flat rate


class Request(object):
    """What a handler sees: method, path (without query), decoded query (key -> list of values), JSON body."""

    def __init__(self, method, path, query, body, ts):
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.ts = ts

    def one(self, name):
        values = self.query.get(name)
        return values[-1] if values else None

    def many(self, *names):
        """Every value of an array parameter: repeated keys and comma-separated values alike."""
        out = []
        for name in names:
            for value in self.query.get(name, ()):
                out.extend(v.strip() for v in value.split(",") if v.strip())
        return out


# ---------------------------------------------------------------------------------------------- helpers

def is_uuid(value):
    return isinstance(value, str) and UUID_RE.match(value) is not None


def q_bool(req, name):
    value = req.one(name)
    if value is None or value == "":
        return False
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise errors.invalid("%s must be true or false." % name, parameter=name)


def q_enum(req, name, allowed):
    value = req.one(name)
    if value is not None and value not in allowed:
        raise errors.invalid("%s must be one of: %s." % (name, ", ".join(allowed)), parameter=name)
    return value


def q_uuid(req, name):
    value = req.one(name)
    if value is not None and not is_uuid(value):
        raise errors.invalid("%s must be a UUID." % name, parameter=name)
    return value


def page_params(req):
    """page[number] >= 1 (default 1) and page[size] 1..250 (default 20); anything else is a 422."""
    out = []
    for name, default, low, high in (("page[number]", 1, 1, None), ("page[size]", PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX)):
        raw = req.one(name)
        if raw is None:
            out.append(default)
            continue
        try:
            value = int(raw)
        except ValueError:
            raise errors.invalid("%s must be an integer." % name, parameter=name) from None
        if value < low or (high is not None and value > high):
            limits = ("between %d and %d" % (low, high)) if high else ("at least %d" % low)
            raise errors.invalid("%s must be %s." % (name, limits), parameter=name)
        out.append(value)
    return out[0], out[1]


def paginate(req, items, render):
    """``{"data": [...], "meta": PaginationMeta}``. total_pages is 0 for an empty result; a page past the end
    answers an empty ``data`` with the same meta."""
    number, size = page_params(req)
    total = len(items)
    start = (number - 1) * size
    return {
        "data": [render(item) for item in items[start:start + size]],
        "meta": {"page_number": number, "page_size": size, "total_pages": int(math.ceil(total / float(size))), "total_results": total},
    }


def body_object(req):
    body = req.body
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise errors.invalid("The request body must be a JSON object.", pointer="")
    return body


def path_id(value, kind):
    # A malformed id cannot name anything: answered like an unknown one (404, 10005), the status the spec
    # declares for unknown ids.
    if not is_uuid(value):
        raise ApiError(404, "10005", "%s %s was not found: it is not a valid id." % (kind, value))
    return value.lower()


def parse_amount(value, pointer, col):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        col.add("amount must be a decimal number given as a string, e.g. \"100\".", pointer=pointer)
        return None
    try:
        number = float(value)
    except ValueError:
        col.add("amount must be a decimal number, e.g. \"100\"; got %r." % (value,), pointer=pointer)
        return None
    if number < 0 or math.isnan(number) or math.isinf(number):
        col.add("amount must not be negative.", pointer=pointer)
        return None
    return number


def parse_limit(value, pointer, col, nullable=True):
    """A data limit / threshold object {amount, unit in MB|GB}; None clears it when ``nullable``."""
    if value is None and nullable:
        return None
    if not isinstance(value, dict):
        col.add("must be an object with amount and unit.", pointer=pointer)
        return None
    amount = unit = None
    if "amount" not in value:
        col.missing("amount", pointer=pointer + "/amount")
    else:
        amount = parse_amount(value["amount"], pointer + "/amount", col)
    if "unit" not in value:
        col.missing("unit", pointer=pointer + "/unit")
    elif value["unit"] not in MB_PER_UNIT:
        col.add("unit must be MB or GB; got %r." % (value["unit"],), pointer=pointer + "/unit")
    else:
        unit = value["unit"]
    if amount is None or unit is None:
        return None
    return (amount, unit)


def parse_str_list(value, pointer, col, name):
    if not isinstance(value, list):
        col.add("%s must be an array of strings." % name, pointer=pointer)
        return None
    for index, item in enumerate(value):
        if not isinstance(item, str):
            col.add("%s must contain only strings." % name, pointer="%s/%d" % (pointer, index))
            return None
    return value


def parse_group_ref(state, body, col, required=False):
    """An optional sim_card_group_id in a body: must name an existing group (422 otherwise)."""
    if "sim_card_group_id" not in body or body["sim_card_group_id"] is None:
        if required:
            col.missing("sim_card_group_id", pointer="/sim_card_group_id")
        return None
    value = body["sim_card_group_id"]
    group = state.groups.get(value) if isinstance(value, str) else None
    if group is None:
        col.add("SIM card group %s does not exist." % (value,), pointer="/sim_card_group_id")
    return group


def parse_status(body, col):
    value = body.get("status", "enabled")
    if value not in USER_STATUSES:
        col.add("status must be one of enabled, disabled, standby; got %r." % (value,), pointer="/status")
        return None
    return value


def parse_tags(body, col):
    if "tags" not in body or body["tags"] is None:
        return []
    tags = parse_str_list(body["tags"], "/tags", col, "tags")
    return _dedupe(tags) if tags is not None else []


def _dedupe(values):
    seen, out = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def parse_time(value, name, col):
    if value is None:
        return None
    if not isinstance(value, str):
        col.add("%s must be an ISO 8601 date-time." % name, pointer="/" + name)
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        col.add("%s must be an ISO 8601 date-time; got %r." % (name, value), pointer="/" + name)
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


# ---------------------------------------------------------------------------------------------- SIM cards

def list_sim_cards(state, req):
    statuses = req.many("filter[status]", "filter[status][]")
    for value in statuses:
        if value not in SIM_FILTER_STATUSES:
            raise errors.invalid("filter[status] values must be among: %s; got %r." % (", ".join(SIM_FILTER_STATUSES), value),
                                 parameter="filter[status]")
    tags = req.many("filter[tags]", "filter[tags][]")
    group_id = q_uuid(req, "filter[sim_card_group_id]")
    sort = q_enum(req, "sort", SORT_VALUES)
    include_group = q_bool(req, "include_sim_card_group")
    sims = state.list_sims(iccid=req.one("filter[iccid]") or None, msisdn=req.one("filter[msisdn]") or None,
                           statuses=frozenset(statuses) or None, tags=tuple(sorted(set(tags))) or None,
                           group_id=group_id.lower() if group_id else None, sort=sort)
    return 200, paginate(req, sims, lambda sim: with_group(state, ser.sim_simple(sim), sim, include_group))


def with_group(state, data, sim, include):
    # include_sim_card_group: the spec declares the parameter but no property for it (README quirk 6);
    # the group is embedded as "sim_card_group" (a SIMCardGroup), an extra property the schema allows.
    if include:
        group = state.groups.get(sim.group_id)
        data["sim_card_group"] = ser.group(group) if group else None
    return data


def get_sim_card(state, req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    include_group = q_bool(req, "include_sim_card_group")
    data = ser.sim_full(sim, include_pins=q_bool(req, "include_pin_puk_codes"))
    return 200, {"data": with_group(state, data, sim, include_group)}


def update_sim_card(state, req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    body = body_object(req)
    col = Collector()
    changes = {}
    if "tags" in body:
        tags = parse_str_list(body["tags"], "/tags", col, "tags")
        if tags is not None:
            changes["tags"] = _dedupe(tags)
    if "authorized_imeis" in body:
        imeis = body["authorized_imeis"]
        if imeis is None:
            changes["authorized_imeis"] = None
        elif parse_str_list(imeis, "/authorized_imeis", col, "authorized_imeis") is not None:
            if len(imeis) > MAX_AUTHORIZED_IMEIS:
                # GUIDES 9.1.8: at most 5 IMEIs per SIM card (status and code undocumented; 422/10015 chosen).
                col.add("authorized_imeis accepts at most %d IMEIs; got %d." % (MAX_AUTHORIZED_IMEIS, len(imeis)), pointer="/authorized_imeis")
            for index, imei in enumerate(imeis):
                if not IMEI_RE.match(imei):
                    col.add("authorized_imeis entries must be 15-digit IMEIs; got %r." % imei, pointer="/authorized_imeis/%d" % index)
            changes["authorized_imeis"] = _dedupe(imeis)
    if "data_limit" in body:
        # Removing a SIM card's own limit (its group's limit applies again). The spec types data_limit as a
        # non-nullable object with no required fields, and a SIM card without its own limit reads as {}: so {}
        # (the read form sent back, valid against the schema) removes it, and so does null. A half object
        # (amount without unit) is still a 422.
        limit = body["data_limit"]
        changes["data_limit"] = None if limit == {} else parse_limit(limit, "/data_limit", col)
    if "sim_card_group_id" in body:
        value = body["sim_card_group_id"]
        group = state.groups.get(value) if isinstance(value, str) else None
        if group is None:
            # null included: the spec types sim_card_group_id as a string, and a SIM card must stay in a group.
            col.add("SIM card group %s does not exist." % (value,), pointer="/sim_card_group_id")
        changes["sim_card_group_id"] = value
        changes["group"] = group
    # "status" is ignored: the spec allows it in the body, but status changes go through the action
    # endpoints (README quirk 5; GUIDES 9.2 "PATCH status (ignore it)"). Read-only fields are ignored too.
    col.raise_if_any()
    state.update_sim(sim, changes, req.ts)
    return 200, {"data": ser.sim_full(sim)}


def delete_sim_card(state, req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    state.delete_sim(sim, q_bool(req, "report_lost"), req.ts)
    return 200, {"data": ser.sim_full(sim)}


def sim_status_action(action_type):
    def handler(state, req, sim_id):
        sim = state.get_sim(path_id(sim_id, "SIM card"))
        return 202, {"data": ser.action(state.status_action(sim, action_type, req.ts))}
    handler.__name__ = "sim_action_" + action_type
    return handler


def set_public_ip(state, req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    region = req.one("region_code")
    codes = [code for code, _name in catalog.REGIONS["public_ips"]]
    if region is None or region == "":
        # region_code is optional in the spec; without it the spec's example region (dc2) is used.
        region = catalog.DEFAULT_PUBLIC_IP_REGION
    elif region not in codes:
        raise errors.invalid("region_code %r is not a public IP region; valid codes: %s (GET /wireless/regions?product=public_ips)."
                             % (region, ", ".join(codes)), pointer="/region_code", parameter="region_code")
    return 202, {"data": ser.action(state.set_public_ip(sim, region, req.ts))}


def remove_public_ip(state, req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    return 202, {"data": ser.action(state.remove_public_ip(sim, req.ts))}


def voice_action(enable):
    # enable_voice / disable_voice exist in SDK >= 4.174 but not in the spec snapshot (README "Drift").
    def handler(state, req, sim_id):
        sim = state.get_sim(path_id(sim_id, "SIM card"))
        body = body_object(req)
        settings = {}
        if enable and body.get("connection_id") is not None:
            if not isinstance(body["connection_id"], str):
                raise errors.invalid("connection_id must be a string.", pointer="/connection_id")
            settings["connection_id"] = body["connection_id"]
        return 202, {"data": ser.action(state.voice_action(sim, enable, req.ts, settings))}
    handler.__name__ = "enable_voice" if enable else "disable_voice"
    return handler


def get_public_ip(state, _req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    if sim.public_ip is None:
        raise ApiError(404, "10005", "SIM card %s has no public IP." % sim.id)
    return 200, {"data": ser.public_ip(sim)}


def get_device_details(state, _req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    return 200, {"data": ser.device_details(sim)}


def get_activation_code(state, _req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    if sim.type != "esim":
        raise errors.invalid("Activation codes exist only for eSIMs; SIM card %s is a physical SIM card." % sim.id)
    if sim.installed:
        raise errors.invalid("The eSIM %s is already installed on a device; its activation code cannot be used again." % sim.id)
    return 200, {"data": ser.activation_code(sim)}


def list_connectivity_logs(state, req, sim_id):
    sim = state.get_sim(path_id(sim_id, "SIM card"))
    return 200, paginate(req, history.ordered(state, reversed(state.sim_logs(sim))), lambda entry: ser.connectivity_log(sim, entry))


def validate_registration_codes(state, req):
    body = body_object(req)
    col = Collector()
    # The spec requires neither the field nor a non-empty list: no codes (absent, null or []) validates nothing
    # and answers an empty list.
    codes = body.get("registration_codes")
    if codes is not None:
        parse_str_list(codes, "/registration_codes", col, "registration_codes")
    col.raise_if_any()
    data = []
    for code in codes or ():
        problem = state.code_problem(code)
        data.append({"record_type": "sim_card_registration_code_validation", "registration_code": code,
                     "valid": problem is None, "invalid_detail": problem})
    return 200, {"data": data}


def register_sim_cards(state, req):
    body = body_object(req)
    col = Collector()
    codes = body.get("registration_codes")
    if codes is None:
        col.missing("registration_codes", pointer="/registration_codes")
    elif parse_str_list(codes, "/registration_codes", col, "registration_codes") is not None and not codes:
        col.add("registration_codes must contain at least one code.", pointer="/registration_codes")
    group = parse_group_ref(state, body, col)
    status = parse_status(body, col)
    tags = parse_tags(body, col)
    col.raise_if_any()
    # Without sim_card_group_id the SIM cards go to the account's default group (spec; GUIDES 9.1.9).
    sims, problems = state.register(codes, group or state.default_group(), status, tags, req.ts)
    return 202, {"data": [ser.sim_simple(sim) for sim in sims], "errors": problems}


def purchase_esims(state, req):
    body = body_object(req)
    col = Collector()
    amount = body.get("amount")
    if amount is None:
        col.missing("amount", pointer="/amount")
    elif isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        col.add("amount must be an integer of at least 1.", pointer="/amount")
    elif amount > MAX_ESIMS_PER_PURCHASE:
        # No documented maximum; a bound keeps a typo from filling the emulator's memory.
        col.add("amount must be at most %d." % MAX_ESIMS_PER_PURCHASE, pointer="/amount")
    name = body.get("whitelabel_name")
    if name is not None and (not isinstance(name, str) or not WHITELABEL_RE.match(name)):
        col.add("whitelabel_name may contain only letters, numbers and spaces.", pointer="/whitelabel_name")
    if body.get("product") is not None and not isinstance(body["product"], str):
        col.add("product must be a string.", pointer="/product")
    group = parse_group_ref(state, body, col)
    status = parse_status(body, col)
    tags = parse_tags(body, col)
    col.raise_if_any()
    sims, problems = state.purchase_esims(amount, group or state.default_group(), status, tags, req.ts)
    return 202, {"data": [ser.sim_simple(sim) for sim in sims], "errors": problems}


def bulk_voice(enable):
    def handler(state, req):
        body = body_object(req)
        col = Collector()
        group = parse_group_ref(state, body, col, required=True)
        connection_id = body.get("connection_id") if enable else None
        if connection_id is not None and not isinstance(connection_id, str):
            col.add("connection_id must be a string.", pointer="/connection_id")
        col.raise_if_any()
        return 202, {"data": ser.bulk_action(state, state.bulk_voice(group, enable, req.ts, connection_id), detailed=False)}
    handler.__name__ = "bulk_enable_voice" if enable else "bulk_disable_voice"
    return handler


def bulk_set_public_ips(state, req):
    body = body_object(req)
    col = Collector()
    ids = body.get("sim_card_ids")
    if ids is None:
        col.missing("sim_card_ids", pointer="/sim_card_ids")
    elif not isinstance(ids, list) or not ids:
        col.add("sim_card_ids must be a non-empty array of SIM card ids.", pointer="/sim_card_ids")
    else:
        for index, value in enumerate(ids):
            if not is_uuid(value):
                col.add("sim_card_ids entries must be UUIDs; got %r." % (value,), pointer="/sim_card_ids/%d" % index)
    col.raise_if_any()
    bulk = state.bulk_set_public_ips(_dedupe([value.lower() for value in ids]), req.ts)
    return 202, {"data": ser.bulk_action(state, bulk, detailed=False)}


# ---------------------------------------------------------------------------------------------- actions

def list_sim_card_actions(state, req):
    sim_id = q_uuid(req, "filter[sim_card_id]")
    bulk_id = q_uuid(req, "filter[bulk_sim_card_action_id]")
    status = q_enum(req, "filter[status]", LIFECYCLE_STATUSES)
    action_type = q_enum(req, "filter[action_type]", SIM_ACTION_TYPES)
    if sim_id:
        items = [state.actions[a] for a in state.actions_by_sim.get(sim_id.lower(), ())]
    elif bulk_id:
        bulk = state.bulk_actions.get(bulk_id.lower())
        items = [state.actions[a] for a in bulk.action_ids] if bulk else []
    else:
        items = list(state.actions.values())
    items = [a for a in items
             if (not bulk_id or a.bulk_id == bulk_id.lower()) and (not status or a.status == status)
             and (not action_type or a.action_type == action_type)]
    return 200, paginate(req, history.ordered(state, items), ser.action)


def get_sim_card_action(state, _req, action_id):
    return 200, {"data": ser.action(state.get("actions", "SIM card action", path_id(action_id, "SIM card action")))}


def list_bulk_actions(state, req):
    action_type = q_enum(req, "filter[action_type]", BULK_ACTION_TYPES)
    items = history.ordered(state, [b for b in state.bulk_actions.values() if not action_type or b.action_type == action_type])
    return 200, paginate(req, items, lambda bulk: ser.bulk_action(state, bulk))


def get_bulk_action(state, _req, bulk_id):
    bulk = state.get("bulk_actions", "Bulk SIM card action", path_id(bulk_id, "Bulk SIM card action"))
    return 200, {"data": ser.bulk_action(state, bulk)}


# ---------------------------------------------------------------------------------------------- notifications

def list_notifications(state, req):
    sim_id = q_uuid(req, "filter[sim_card_id]")
    items = [n for n in state.notifications.values() if not sim_id or n.sim_id == sim_id.lower()]
    return 200, paginate(req, items, ser.notification)


def _notification_fields(state, body, col, current=None):
    sim_id = threshold = None
    if "sim_card_id" in body or current is None:
        value = body.get("sim_card_id")
        if value is None:
            col.missing("sim_card_id", pointer="/sim_card_id")
        elif not isinstance(value, str) or value.lower() not in state.sims:
            col.add("SIM card %s does not exist." % (value,), pointer="/sim_card_id")
        else:
            sim_id = value.lower()
    if "threshold" in body or current is None:
        value = body.get("threshold")
        if value is None:
            col.missing("threshold", pointer="/threshold")
        elif isinstance(value, dict) and current is not None:
            # PATCH may change only the amount or only the unit.
            merged = {"amount": fmt_plain(current.threshold[0]), "unit": current.threshold[1]}
            merged.update(value)
            threshold = parse_limit(merged, "/threshold", col, nullable=False)
        else:
            threshold = parse_limit(value, "/threshold", col, nullable=False)
    return sim_id, threshold


def fmt_plain(number):
    return repr(float(number))


def create_notification(state, req):
    body = body_object(req)
    col = Collector()
    sim_id, threshold = _notification_fields(state, body, col)
    col.raise_if_any()
    # Several notifications per SIM card are allowed (GUIDES 9.2 leaves duplicates open).
    return 201, {"data": ser.notification(state.create_notification(sim_id, threshold, req.ts))}


def get_notification(state, _req, note_id):
    return 200, {"data": ser.notification(state.get("notifications", "SIM card data usage notification",
                                                    path_id(note_id, "SIM card data usage notification")))}


def update_notification(state, req, note_id):
    note = state.get("notifications", "SIM card data usage notification", path_id(note_id, "SIM card data usage notification"))
    body = body_object(req)
    col = Collector()
    sim_id, threshold = _notification_fields(state, body, col, current=note)
    col.raise_if_any()
    if sim_id:
        note.sim_id = sim_id
    if threshold:
        note.threshold = threshold
    note.updated = iso(req.ts)
    return 200, {"data": ser.notification(note)}


def delete_notification(state, _req, note_id):
    note = state.get("notifications", "SIM card data usage notification", path_id(note_id, "SIM card data usage notification"))
    del state.notifications[note.id]
    return 200, {"data": ser.notification(note)}


# ---------------------------------------------------------------------------------------------- groups

def list_groups(state, req):
    name = req.one("filter[name]")
    pwg_id = q_uuid(req, "filter[private_wireless_gateway_id]")
    bl_id = q_uuid(req, "filter[wireless_blocklist_id]")
    items = [g for g in state.groups.values()
             if (name is None or g.name == name) and (not pwg_id or g.pwg_id == pwg_id.lower())
             and (not bl_id or g.blocklist_id == bl_id.lower())]
    return 200, paginate(req, items, lambda grp: ser.group(grp, searched=True))


def _group_fields(body, col, creating):
    changes = {}
    if "name" in body or creating:
        name = body.get("name")
        if name is None:
            col.missing("name", pointer="/name")
        elif not isinstance(name, str) or not name.strip():
            col.add("name must be a non-empty string.", pointer="/name")
        else:
            changes["name"] = name
    if "data_limit" in body:
        # The group schema types unit as a free string (README quirk 8); the service only understands MB and GB.
        changes["data_limit"] = parse_limit(body["data_limit"], "/data_limit", col)
    return changes


def create_group(state, req):
    col = Collector()
    changes = _group_fields(body_object(req), col, creating=True)
    col.raise_if_any()
    # Group names need not be unique (nothing says they must); /_emulator/seed reuses a name's first group.
    group = state.create_group(changes["name"], changes.get("data_limit"), req.ts)
    return 200, {"data": ser.group(group)}


def get_group(state, req, group_id):
    group = state.get_group(path_id(group_id, "SIM card group"))
    data = ser.group(group)
    if q_bool(req, "include_iccids"):
        # include_iccids has no declared response property (README quirk 6): an "iccids" array is added.
        data["iccids"] = [state.sims[s].iccid for s in group.members]
    return 200, {"data": data}


def update_group(state, req, group_id):
    group = state.get_group(path_id(group_id, "SIM card group"))
    col = Collector()
    changes = _group_fields(body_object(req), col, creating=False)
    col.raise_if_any()
    return 200, {"data": ser.group(state.update_group(group, changes, req.ts))}


def delete_group(state, req, group_id):
    group = state.get_group(path_id(group_id, "SIM card group"))
    return 200, {"data": ser.group(state.delete_group(group, req.ts))}


def group_action(action_type, field=None):
    def handler(state, req, group_id):
        group = state.get_group(path_id(group_id, "SIM card group"))
        target = None
        if field:
            body = body_object(req)
            target = body.get(field)
            if target is None:
                raise errors.missing(field, pointer="/" + field)
            if not is_uuid(target):
                raise errors.invalid("%s must be a UUID." % field, pointer="/" + field)
            target = target.lower()
        return 202, {"data": ser.group_action(state.group_action(group, action_type, target, req.ts))}
    handler.__name__ = action_type
    return handler


def list_group_actions(state, req):
    group_id = q_uuid(req, "filter[sim_card_group_id]")
    status = q_enum(req, "filter[status]", LIFECYCLE_STATUSES)
    action_type = q_enum(req, "filter[type]", GROUP_ACTION_TYPES)
    items = [a for a in state.group_actions.values()
             if (not group_id or a.group_id == group_id.lower()) and (not status or a.status == status)
             and (not action_type or a.type == action_type)]
    return 200, paginate(req, history.ordered(state, items), ser.group_action)


def get_group_action(state, _req, action_id):
    return 200, {"data": ser.group_action(state.get("group_actions", "SIM card group action", path_id(action_id, "SIM card group action")))}


# ---------------------------------------------------------------------------------------------- orders

def _order_fields(body):
    col = Collector()
    address_id = body.get("address_id")
    quantity = body.get("quantity")
    if address_id is None:
        col.missing("address_id", pointer="/address_id")
    elif not isinstance(address_id, str) or not address_id:
        col.add("address_id must be a non-empty string.", pointer="/address_id")
    if quantity is None:
        col.missing("quantity", pointer="/quantity")
    elif isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        col.add("quantity must be an integer of at least 1.", pointer="/quantity")
    col.raise_if_any()
    return address_id, quantity


def _money(amount):
    return "%.2f" % amount


def create_order(state, req):
    address_id, quantity = _order_fields(body_object(req))
    # Orders stay "pending": shipping is outside what the emulator models.
    order = Record(id=new_id(), address_id=address_id, quantity=quantity, cost=_money(quantity * SIM_PRICE + SHIPPING_COST),
                   status="pending", created=iso(req.ts), updated=iso(req.ts))
    state.orders[order.id] = order
    return 200, {"data": ser.order(order)}


def preview_order(_state, req):
    _address_id, quantity = _order_fields(body_object(req))
    sims = quantity * SIM_PRICE

    def cost(amount):
        return {"amount": _money(amount), "currency": "USD"}
    return 202, {"data": {"record_type": "sim_card_order_preview", "quantity": quantity, "sim_cards_cost": cost(sims),
                          "shipping_cost": cost(SHIPPING_COST), "total_cost": cost(sims + SHIPPING_COST)}}


def _dig(data, dotted):
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get({"address": "order_address"}.get(part, part))
    return data


def list_orders(state, req):
    filters = {}
    for key in req.query:
        match = re.match(r"^filter\[(.+)\]$", key)
        if match:
            filters[match.group(1)] = req.one(key)
    items = []
    for order in state.orders.values():
        data = ser.order(order)
        if all(str(_dig(data, k)) == v for k, v in filters.items()):
            items.append(order)
    return 200, paginate(req, items, ser.order)


def get_order(state, _req, order_id):
    return 200, {"data": ser.order(state.get("orders", "SIM card order", path_id(order_id, "SIM card order")))}


# ---------------------------------------------------------------------------------------------- PWGs

def list_pwgs(state, req):
    wanted = {name: req.one("filter[%s]" % name) for name in ("name", "ip_range", "region_code", "created_at", "updated_at")}
    items = []
    for gw in state.pwgs.values():
        data = ser.pwg(state, gw)
        if all(v is None or data.get(k) == v for k, v in wanted.items()):
            items.append(gw)
    return 200, paginate(req, items, lambda gw: ser.pwg(state, gw))


def create_pwg(state, req):
    body = body_object(req)
    col = Collector()
    name, network_id, region = body.get("name"), body.get("network_id"), body.get("region_code")
    if name is None:
        col.missing("name", pointer="/name")
    elif not isinstance(name, str) or not name.strip():
        col.add("name must be a non-empty string.", pointer="/name")
    if network_id is None:
        col.missing("network_id", pointer="/network_id")
    elif not is_uuid(network_id):
        col.add("network_id must be a UUID.", pointer="/network_id")
    codes = [code for code, _name in catalog.REGIONS["private_wireless_gateways"]]
    if region is not None and region not in codes:
        col.add("region_code must be one of: %s." % ", ".join(codes), pointer="/region_code")
    if body.get("address_mode") is not None and body["address_mode"] not in ("static", "dynamic"):
        col.add("address_mode must be static or dynamic.", pointer="/address_mode")
    col.raise_if_any()
    # address_mode (SDK 4.189, not in the spec snapshot): static | dynamic, "dynamic" when not given (the SDK's default).
    gw = state.create_pwg(name, network_id.lower(), region or catalog.DEFAULT_PWG_REGION, req.ts, body.get("address_mode") or "dynamic")
    return 202, {"data": ser.pwg(state, gw)}


def get_pwg(state, _req, pwg_id):
    return 200, {"data": ser.pwg(state, state.get("pwgs", "Private Wireless Gateway", path_id(pwg_id, "Private Wireless Gateway")))}


def delete_pwg(state, req, pwg_id):
    gw = state.get("pwgs", "Private Wireless Gateway", path_id(pwg_id, "Private Wireless Gateway"))
    return 200, {"data": ser.pwg(state, state.delete_pwg(gw, req.ts))}


# ---------------------------------------------------------------------------------------------- blocklists

BLOCKLIST_PATTERNS = {"country": re.compile(r"^[A-Z]{2}$"), "mcc": re.compile(r"^\d{3}$"), "plmn": re.compile(r"^\d{5,6}$")}


def _blocklist_values(values, bl_type, col):
    if parse_str_list(values, "/values", col, "values") is None:
        return None
    pattern = BLOCKLIST_PATTERNS.get(bl_type)
    # A value must be one GET /wireless_blocklist_values?type=... lists (a well-formed but unknown code, e.g. the
    # country "ZZ", names nothing that could be blocked).
    known = {code for code, _name in catalog.BLOCKLIST_VALUES.get(bl_type, ())}
    for index, value in enumerate(values):
        if pattern is not None and not pattern.match(value):
            col.add("%r is not a valid %s value." % (value, bl_type), pointer="/values/%d" % index)
        elif pattern is not None and value not in known:
            col.add("%r is not a known %s value; GET /wireless_blocklist_values?type=%s lists them." % (value, bl_type, bl_type),
                    pointer="/values/%d" % index)
    return _dedupe(values)


def list_blocklists(state, req):
    name, bl_type = req.one("filter[name]"), req.one("filter[type]")
    # filter[values] ("inclusive"): blocklists that contain every listed value.
    wanted = set(req.many("filter[values]"))
    items = [b for b in state.blocklists.values()
             if (name is None or b.name == name) and (bl_type is None or b.type == bl_type) and wanted.issubset(b.values)]
    return 200, paginate(req, items, ser.blocklist)


def create_blocklist(state, req):
    body = body_object(req)
    col = Collector()
    name, bl_type = body.get("name"), body.get("type")
    if name is None:
        col.missing("name", pointer="/name")
    elif not isinstance(name, str) or not name.strip():
        col.add("name must be a non-empty string.", pointer="/name")
    if bl_type is None:
        col.missing("type", pointer="/type")
    elif bl_type not in BLOCKLIST_PATTERNS:
        col.add("type must be one of country, mcc, plmn.", pointer="/type")
    values = None
    if body.get("values") is None:
        col.missing("values", pointer="/values")
    else:
        values = _blocklist_values(body["values"], bl_type, col)
    col.raise_if_any()
    bl = Record(id=new_id(), name=name, type=bl_type, values=values, created=iso(req.ts), updated=iso(req.ts))
    state.blocklists[bl.id] = bl
    return 202, {"data": ser.blocklist(bl)}


def get_blocklist(state, _req, bl_id):
    return 200, {"data": ser.blocklist(state.get("blocklists", "Wireless blocklist", path_id(bl_id, "Wireless blocklist")))}


def update_blocklist(state, req, bl_id):
    bl = state.get("blocklists", "Wireless blocklist", path_id(bl_id, "Wireless blocklist"))
    body = body_object(req)
    col = Collector()
    name = body.get("name")
    if "name" in body and (not isinstance(name, str) or not name.strip()):
        col.add("name must be a non-empty string.", pointer="/name")
    values = _blocklist_values(body["values"], bl.type, col) if "values" in body else None
    col.raise_if_any()
    if "name" in body:
        bl.name = name
    if values is not None:
        bl.values = values
    bl.updated = iso(req.ts)
    return 202, {"data": ser.blocklist(bl)}


def delete_blocklist(state, _req, bl_id):
    bl = state.get("blocklists", "Wireless blocklist", path_id(bl_id, "Wireless blocklist"))
    return 200, {"data": ser.blocklist(state.delete_blocklist(bl))}


def list_blocklist_values(_state, req):
    bl_type = req.one("type")
    if bl_type is None:
        raise errors.missing("type", parameter="type")
    if bl_type not in catalog.BLOCKLIST_VALUES:
        raise errors.invalid("type must be one of country, mcc, plmn.", parameter="type")
    values = catalog.BLOCKLIST_VALUES[bl_type]
    return 200, {"data": [ser.blocklist_value(bl_type, code, name) for code, name in values],
                 "meta": {"page_number": 1, "page_size": len(values), "total_pages": 1, "total_results": len(values)}}


# ---------------------------------------------------------------------------------------------- catalogue, OTA, WDR

def list_regions(_state, req):
    product = req.one("product")
    if not product:
        raise errors.missing("product", parameter="product")
    if product not in catalog.REGIONS:
        raise errors.invalid("product must be one of: %s." % ", ".join(sorted(catalog.REGIONS)), parameter="product")
    return 200, {"data": [ser.region(code, name) for code, name in catalog.REGIONS[product]]}


def list_mnos(_state, req):
    name_ops = {op: req.one("filter[name][%s]" % op) for op in ("starts_with", "contains", "ends_with")}
    exact = {key: req.one("filter[%s]" % key) for key in ("country_code", "mcc", "mnc", "tadig")}
    prefs = None
    if req.one("filter[network_preferences_enabled]") is not None:
        prefs = q_bool(req, "filter[network_preferences_enabled]")
    items = []
    for entry in catalog.MOBILE_NETWORK_OPERATORS:
        data = ser.mno(entry)
        name = data["name"].lower()
        if name_ops["starts_with"] and not name.startswith(name_ops["starts_with"].lower()):
            continue
        if name_ops["contains"] and name_ops["contains"].lower() not in name:
            continue
        if name_ops["ends_with"] and not name.endswith(name_ops["ends_with"].lower()):
            continue
        if any(v is not None and data[k] != v for k, v in exact.items()):
            continue
        if prefs is not None and data["network_preferences_enabled"] != prefs:
            continue
        items.append(entry)
    return 200, paginate(req, items, ser.mno)


def list_ota_updates(state, req):
    status = q_enum(req, "filter[status]", LIFECYCLE_STATUSES)
    ota_type = q_enum(req, "filter[type]", ("sim_card_network_preferences",))
    sim_id = req.one("filter[sim_card_id]")
    items = [u for u in state.ota_updates.values()
             if (not status or u.status == status) and (not ota_type or u.type == ota_type) and (not sim_id or u.sim_id == sim_id.lower())]
    return 200, paginate(req, history.ordered(state, items), ser.ota)


def get_ota_update(state, _req, ota_id):
    return 200, {"data": ser.ota(state.get("ota_updates", "OTA update", path_id(ota_id, "OTA update")), complete=True)}


def list_wdr_reports(state, req):
    # The spec declares no meta for this list although it takes page parameters; meta is sent anyway so
    # that paging clients know where they are (an extra property the schema allows).
    return 200, paginate(req, list(state.wdr_reports.values()), ser.wdr)


def create_wdr_report(state, req):
    body = body_object(req)
    col = Collector()
    # The spec requires neither time. Without them the report covers the current month up to now (the billing
    # period WDRs are read for); start_time == end_time is an empty period, allowed; start after end is refused.
    start = parse_time(body.get("start_time"), "start_time", col)
    end = parse_time(body.get("end_time"), "end_time", col)
    col.raise_if_any()
    now = datetime.datetime.fromtimestamp(req.ts, datetime.timezone.utc)
    if end is None:
        end = max(now, start) if start is not None else now
    if start is None:
        start = min(now.replace(day=1, hour=0, minute=0, second=0, microsecond=0), end)
    if start > end:
        col.add("start_time must not be after end_time.", pointer="/start_time")
    col.raise_if_any()
    return 201, {"data": ser.wdr(state.create_wdr(body.get("start_time") or iso(start.timestamp()),
                                                  body.get("end_time") or iso(end.timestamp()), req.ts))}


def get_wdr_report(state, _req, report_id):
    return 200, {"data": ser.wdr(state.get("wdr_reports", "WDR report", path_id(report_id, "WDR report")))}


def delete_wdr_report(state, req, report_id):
    report = state.get("wdr_reports", "WDR report", path_id(report_id, "WDR report"))
    del state.wdr_reports[report.id]
    report.status = "deleted"
    report.updated = iso(req.ts)
    return 200, {"data": ser.wdr(report)}


# ---------------------------------------------------------------------------------------------- routes

ID = "(?P<ident>[^/]+)"

# (method, path pattern under /v2, handler, operationId). Literal segments come before {id} patterns.
ROUTES = [
    ("POST", "/actions/purchase/esims", purchase_esims, "PurchaseESim"),
    ("POST", "/actions/register/sim_cards", register_sim_cards, "RegisterSimCards"),
    ("GET", "/bulk_sim_card_actions", list_bulk_actions, "ListBulkSimCardActions"),
    ("GET", "/bulk_sim_card_actions/" + ID, get_bulk_action, "GetBulkSimCardAction"),
    ("GET", "/mobile_network_operators", list_mnos, "GetMobileNetworkOperators"),
    ("GET", "/ota_updates", list_ota_updates, "ListOtaUpdates"),
    ("GET", "/ota_updates/" + ID, get_ota_update, "GetOtaUpdate"),
    ("GET", "/private_wireless_gateways", list_pwgs, "GetPrivateWirelessGateways"),
    ("POST", "/private_wireless_gateways", create_pwg, "CreatePrivateWirelessGateway"),
    ("GET", "/private_wireless_gateways/" + ID, get_pwg, "GetPrivateWirelessGateway"),
    ("DELETE", "/private_wireless_gateways/" + ID, delete_pwg, "DeleteWirelessGateway"),
    ("GET", "/sim_card_actions", list_sim_card_actions, "ListSimCardActions"),
    ("GET", "/sim_card_actions/" + ID, get_sim_card_action, "GetSimCardAction"),
    ("GET", "/sim_card_data_usage_notifications", list_notifications, "ListDataUsageNotifications"),
    ("POST", "/sim_card_data_usage_notifications", create_notification, "PostSimCardDataUsageNotification"),
    ("GET", "/sim_card_data_usage_notifications/" + ID, get_notification, "GetSimCardDataUsageNotification"),
    ("PATCH", "/sim_card_data_usage_notifications/" + ID, update_notification, "PatchSimCardDataUsageNotification"),
    ("DELETE", "/sim_card_data_usage_notifications/" + ID, delete_notification, "DeleteSimCardDataUsageNotifications"),
    ("GET", "/sim_card_group_actions", list_group_actions, "GetSimCardGroupActions"),
    ("GET", "/sim_card_group_actions/" + ID, get_group_action, "GetSimCardGroupAction"),
    ("GET", "/sim_card_groups", list_groups, "GetAllSimCardGroups"),
    ("POST", "/sim_card_groups", create_group, "CreateSimCardGroup"),
    ("GET", "/sim_card_groups/" + ID, get_group, "GetSimCardGroup"),
    ("PATCH", "/sim_card_groups/" + ID, update_group, "UpdateSimCardGroup"),
    ("DELETE", "/sim_card_groups/" + ID, delete_group, "DeleteSimCardGroup"),
    ("POST", "/sim_card_groups/%s/actions/remove_private_wireless_gateway" % ID, group_action("remove_private_wireless_gateway"),
     "RemoveSimCardGroupPrivateWirelessGateway"),
    ("POST", "/sim_card_groups/%s/actions/remove_wireless_blocklist" % ID, group_action("remove_wireless_blocklist"),
     "RemoveWirelessBlocklistForSimCardGroup"),
    ("POST", "/sim_card_groups/%s/actions/set_private_wireless_gateway" % ID,
     group_action("set_private_wireless_gateway", "private_wireless_gateway_id"), "SetPrivateWirelessGatewayForSimCardGroup"),
    ("POST", "/sim_card_groups/%s/actions/set_wireless_blocklist" % ID, group_action("set_wireless_blocklist", "wireless_blocklist_id"),
     "SetWirelessBlocklistForSimCardGroup"),
    ("POST", "/sim_card_order_preview", preview_order, "PreviewSimCardOrders"),
    ("GET", "/sim_card_orders", list_orders, "GetSimCardOrders"),
    ("POST", "/sim_card_orders", create_order, "CreateSimCardOrder"),
    ("GET", "/sim_card_orders/" + ID, get_order, "GetSimCardOrder"),
    ("GET", "/sim_cards", list_sim_cards, "GetSimCards"),
    ("POST", "/sim_cards/actions/bulk_disable_voice", bulk_voice(False), "DisableVoiceBulk"),
    ("POST", "/sim_cards/actions/bulk_enable_voice", bulk_voice(True), "EnableVoiceBulk"),
    ("POST", "/sim_cards/actions/bulk_set_public_ips", bulk_set_public_ips, "SetPublicIPsBulk"),
    ("POST", "/sim_cards/actions/validate_registration_codes", validate_registration_codes, "ValidateRegistrationCodes"),
    ("GET", "/sim_cards/" + ID, get_sim_card, "GetSimCard"),
    ("PATCH", "/sim_cards/" + ID, update_sim_card, "UpdateSimCard"),
    ("DELETE", "/sim_cards/" + ID, delete_sim_card, "DeleteSimCard"),
    ("POST", "/sim_cards/%s/actions/disable" % ID, sim_status_action("disable"), "DisableSimCard"),
    ("POST", "/sim_cards/%s/actions/enable" % ID, sim_status_action("enable"), "EnableSimCard"),
    ("POST", "/sim_cards/%s/actions/remove_public_ip" % ID, remove_public_ip, "RemoveSimCardPublicIp"),
    ("POST", "/sim_cards/%s/actions/set_public_ip" % ID, set_public_ip, "SetSimCardPublicIp"),
    ("POST", "/sim_cards/%s/actions/set_standby" % ID, sim_status_action("set_standby"), "SetSimCardStandby"),
    ("POST", "/sim_cards/%s/actions/enable_voice" % ID, voice_action(True), None),
    ("POST", "/sim_cards/%s/actions/disable_voice" % ID, voice_action(False), None),
    ("GET", "/sim_cards/%s/activation_code" % ID, get_activation_code, "GetSimCardActivationCode"),
    ("GET", "/sim_cards/%s/device_details" % ID, get_device_details, "GetSimCardDeviceDetails"),
    ("GET", "/sim_cards/%s/public_ip" % ID, get_public_ip, "GetSimCardPublicIp"),
    ("GET", "/sim_cards/%s/wireless_connectivity_logs" % ID, list_connectivity_logs, "GetWirelessConnectivityLogs"),
    ("GET", "/wireless/detail_records_reports", list_wdr_reports, "GetWdrReports"),
    ("POST", "/wireless/detail_records_reports", create_wdr_report, "CreateWdrReport"),
    ("GET", "/wireless/detail_records_reports/" + ID, get_wdr_report, "GetWdrReport"),
    ("DELETE", "/wireless/detail_records_reports/" + ID, delete_wdr_report, "DeleteWdrReport"),
    ("GET", "/wireless/regions", list_regions, "WirelessRegionsGetAll"),
    ("GET", "/wireless_blocklist_values", list_blocklist_values, "WirelessBlocklistsGetAll"),
    ("GET", "/wireless_blocklists", list_blocklists, "GetWirelessBlocklistsGateways"),
    ("POST", "/wireless_blocklists", create_blocklist, "CreateWirelessBlocklist"),
    ("GET", "/wireless_blocklists/" + ID, get_blocklist, "GetWirelessBlocklist"),
    ("PATCH", "/wireless_blocklists/" + ID, update_blocklist, "UpdateWirelessBlocklist"),
    ("DELETE", "/wireless_blocklists/" + ID, delete_blocklist, "DeleteWirelessBlocklist"),
]

# Telnyx's Notifications API (not in the wireless spec): its routes are in delivery.py
from . import delivery  # noqa: E402 pylint: disable=wrong-import-position,cyclic-import

ROUTES += delivery.ROUTES

COMPILED = [(method, re.compile("^" + pattern + "/?$"), handler, op) for method, pattern, handler, op in ROUTES]


def resolve(method, path):
    """(handler, path params) for an API path relative to /v2; ApiError 404 / 405 when nothing matches."""
    allowed = []
    for route_method, regex, handler, _op in COMPILED:
        match = regex.match(path)
        if match:
            if route_method == method:
                return handler, match.groupdict()
            allowed.append(route_method)
    if allowed:
        raise ApiError(405, "10030", "Method %s is not allowed on this path; allowed: %s." % (method, ", ".join(allowed)),
                       headers={"Allow": ", ".join(allowed)})
    raise ApiError(404, "10005", "The requested resource or URL could not be found.")


UUID_SEGMENT_RE = re.compile(r"/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)")
_FAMILIES = {}


def family(method, path):
    """The route a logged request belongs to, e.g. ``POST /sim_cards/{id}/actions/enable`` for
    ``POST /v2/sim_cards/<uuid>/actions/enable``; a path no route serves keeps its (id-normalised) text."""
    api_path = path[len("/v2"):] if path.startswith("/v2/") else path
    api_path = UUID_SEGMENT_RE.sub("/{id}", api_path)
    key = (method, api_path)
    hit = _FAMILIES.get(key)
    if hit is None:
        hit = "%s %s" % (method, api_path)
        for route_method, pattern, _handler, _op in ROUTES:
            if route_method == method and re.match("^" + pattern + "/?$", api_path):
                hit = "%s %s" % (method, pattern.replace(ID, "{id}"))
                break
        if len(_FAMILIES) < 10000:
            _FAMILIES[key] = hit
    return hit


def dispatch(state, req, api_path):
    handler, params = resolve(req.method, api_path)
    return handler(state, req, *params.values())
