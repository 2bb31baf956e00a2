# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's control API under /_emulator/ (no authentication, never logged, never faulted).

See README.md next to this file for the contract other test suites rely on.
"""

import re

from . import api, delivery, errors, usage
from . import serializers as ser
from .errors import ApiError
from .history import HISTORY_ORDERS
from .state import ALL_STATUSES, USER_STATUSES

FAULT_KINDS = ("429", "500", "503", "reset", "reset_after", "slow")


def bad(detail):
    return ApiError(400, "10015", detail)


def _int(body, key, default=0, low=0):
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise bad("%s must be an integer >= %d." % (key, low))
    return value


def _number(body, key, low=0.0):
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low:
        raise bad("%s must be a number >= %s." % (key, low))
    return float(value)


def _str_list(body, key):
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad("%s must be a list of strings." % key)
    return value


def health(_emu, _req):
    return 200, {"status": "ok"}


def reset(emu, _req):
    with emu.state.lock:
        emu.state.reset()
    emu.faults.configure({"rate": 0})
    emu.rate.configure(None)
    emu.clear_log()
    return 200, {"status": "ok"}


def seed(emu, req):
    body = req.body or {}
    if not isinstance(body, dict):
        raise bad("The seed body must be a JSON object.")
    statuses = _str_list(body, "statuses") or ["enabled"]
    for status in statuses:
        if status not in USER_STATUSES:
            raise bad("statuses may contain only enabled, disabled, standby.")
    data_limit = None
    if body.get("data_limit") is not None:
        col = errors.Collector()
        data_limit = api.parse_limit(body["data_limit"], "/data_limit", col, nullable=False)
        if col.items:
            raise bad("data_limit must be {\"amount\": \"100\", \"unit\": \"MB\"|\"GB\"}.")
    with emu.state.lock:
        emu.state.process_due()
        sims, groups, cards = emu.state.seed(
            sim_cards=_int(body, "sim_cards"), groups=_str_list(body, "groups"), tags=_str_list(body, "tags"),
            registration_codes=_int(body, "registration_codes"), esims=_int(body, "esims"), statuses=statuses,
            data_limit=data_limit, ota_updates=_int(body, "ota_updates"))
        return 200, {
            "sim_cards": [{"id": s.id, "iccid": s.iccid, "sim_card_group_id": s.group_id, "tags": list(s.tags), "status": s.status,
                           "type": s.type} for s in sims],
            "groups": [{"id": g.id, "name": g.name} for g in groups],
            "registration_codes": [{"registration_code": c.code, "iccid": c.iccid} for c in cards],
        }


def put_faults(emu, req):
    body = req.body if isinstance(req.body, dict) else None
    if body is None:
        raise bad("The faults body must be a JSON object.")
    emu.faults.configure(body)
    return 200, emu.faults.describe()


def get_faults(emu, _req):
    return 200, emu.faults.describe()


def put_latency(emu, req):
    body = req.body if isinstance(req.body, dict) else {}
    ms = _number(body, "ms")
    with emu.state.lock:
        emu.state.config["latency_ms"] = ms
    return 200, {"latency_ms": ms}


CONFIG_KEYS = ("transition_seconds", "latency_ms", "group_delete_with_sims", "esim_inventory", "rate_limit", "rate_window_seconds",
               "pwg_provisioning_seconds", "group_action_seconds", "history_order")


def put_config(emu, req):
    body = req.body if isinstance(req.body, dict) else None
    if body is None:
        raise bad("The config body must be a JSON object.")
    unknown = sorted(set(body) - set(CONFIG_KEYS))
    if unknown:
        raise bad("Unknown config keys: %s; known: %s." % (", ".join(unknown), ", ".join(CONFIG_KEYS)))
    changes = {}
    for key in ("transition_seconds", "latency_ms"):
        if key in body:
            changes[key] = _number(body, key)
    for key in ("pwg_provisioning_seconds", "group_action_seconds"):
        if key in body:
            changes[key] = None if body[key] is None else _number(body, key)
    if "group_delete_with_sims" in body:
        if body["group_delete_with_sims"] not in ("reject", "move_to_default"):
            raise bad("group_delete_with_sims must be reject or move_to_default.")
        changes["group_delete_with_sims"] = body["group_delete_with_sims"]
    if "history_order" in body:
        if body["history_order"] not in HISTORY_ORDERS:
            raise bad("history_order must be %s." % " or ".join(HISTORY_ORDERS))
        changes["history_order"] = body["history_order"]
    for key in ("esim_inventory", "rate_limit"):
        if key in body:
            changes[key] = None if body[key] is None else _int(body, key)
    if "rate_window_seconds" in body:
        changes["rate_window_seconds"] = None if body["rate_window_seconds"] is None else _number(body, "rate_window_seconds")
        if changes["rate_window_seconds"] is not None and changes["rate_window_seconds"] <= 0:
            raise bad("rate_window_seconds must be more than 0.")
    rate_keys = ("rate_limit", "rate_window_seconds")
    with emu.state.lock:
        emu.state.config.update({k: v for k, v in changes.items() if k not in rate_keys})
    if any(key in changes for key in rate_keys):
        emu.rate.configure(changes.get("rate_limit", emu.rate.limit), changes.get("rate_window_seconds", emu.rate.seconds))
    return get_config(emu, req)


def get_config(emu, _req):
    with emu.state.lock:
        config = dict(emu.state.config)
    config["rate_limit"] = emu.rate.limit
    config["rate_window_seconds"] = emu.rate.seconds
    return 200, config


def get_requests(emu, _req):
    return 200, {"requests": emu.log_snapshot()}


def request_counts(emu, _req):
    """The request log counted by method and path family ("POST /sim_cards/{id}/actions/enable")."""
    by_family, by_method = {}, {}
    for entry in emu.log_snapshot():
        family = api.family(entry["method"], entry["path"])
        by_family[family] = by_family.get(family, 0) + 1
        by_method[entry["method"]] = by_method.get(entry["method"], 0) + 1
    total = sum(by_method.values())
    return 200, {"total": total, "reads": by_method.get("GET", 0), "writes": total - by_method.get("GET", 0),
                 "by_method": by_method, "by_family": by_family}


FAILURE_KINDS = ("sim_card_action", "sim_card_group_action", "private_wireless_gateway")


def add_failure(emu, req):
    """Make the next matching asynchronous work end "failed" (see README.md, "Failures")."""
    body = req.body if isinstance(req.body, dict) else None
    if body is None:
        raise bad("The failures body must be a JSON object.")
    allowed = ("kind", "type", "id", "reason", "code", "count")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise bad("Unknown fields: %s; allowed: %s." % (", ".join(unknown), ", ".join(allowed)))
    if body.get("kind") not in FAILURE_KINDS:
        raise bad("kind must be one of: %s." % ", ".join(FAILURE_KINDS))
    for key in ("type", "id", "reason", "code"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise bad("%s must be a string." % key)
    valid_types = {"sim_card_action": api.SIM_ACTION_TYPES, "sim_card_group_action": api.GROUP_ACTION_TYPES,
                   "private_wireless_gateway": ()}[body["kind"]]
    if body.get("type") is not None and body["type"] not in valid_types:
        raise bad("type must be one of: %s." % (", ".join(valid_types) or "nothing (omit it) for this kind"))
    rule = {"kind": body["kind"], "type": body.get("type"), "id": body.get("id"),
            "reason": body.get("reason") or "The operation failed (injected by the emulator).", "code": body.get("code"),
            "remaining": _int(body, "count", 1, low=1)}
    with emu.state.lock:
        emu.state.failures.append(rule)
        return 200, {"failures": [dict(r) for r in emu.state.failures]}


def get_failures(emu, _req):
    with emu.state.lock:
        return 200, {"failures": [dict(r) for r in emu.state.failures]}


def clear_failures(emu, _req):
    with emu.state.lock:
        emu.state.failures = []
    return 200, {"failures": []}


def delete_requests(emu, _req):
    emu.clear_log()
    return 200, {"requests": []}


def get_state(emu, _req):
    with emu.state.lock:
        emu.state.process_due()
        return 200, emu.state.counts()


def registration_codes(emu, req):
    """Unused registration codes with their cards' ICCIDs (``?iccid=`` narrows to one card). A deleted
    physical SIM card's ICCID shows up here again with a fresh code."""
    iccid = req.one("iccid")
    with emu.state.lock:
        emu.state.process_due()
        cards = [c for c in emu.state.cards.values() if iccid is None or c.iccid == iccid]
        return 200, {"registration_codes": [{"registration_code": c.code, "iccid": c.iccid, "type": c.type} for c in cards]}


def _sim(emu, sim_id):
    emu.state.process_due()
    sim = emu.state.sims.get(sim_id)
    if sim is None:
        raise errors.not_found("SIM card", sim_id)
    return sim


def internal_view(sim):
    data = ser.sim_full(sim)
    data["_emulator"] = {"intended_status": sim.intended, "busy": sim.busy, "deleting": sim.deleting, "reported_lost": sim.lost,
                         "installed": sim.installed,
                         "consumed_mb": sim.consumed,
                         "public_ip": None if sim.public_ip is None else {"ip": sim.public_ip.ip, "region_code": sim.public_ip.region}}
    return data


def get_sim(emu, _req, sim_id):
    with emu.state.lock:
        return 200, internal_view(_sim(emu, sim_id))


def consume(emu, req, sim_id):
    body = req.body if isinstance(req.body, dict) else {}
    megabytes = _number(body, "mb")
    with emu.state.lock:
        sim = _sim(emu, sim_id)
        before, now = sim.consumed, emu.state.now()
        emu.state.consume(sim, megabytes, now)
        view, owed = internal_view(sim), delivery.crossed(emu.state, sim, before, now)
    delivery.deliver(emu.state, owed)  # outside the lock: a webhook receiver may take its time
    return 200, view


def force(emu, req, sim_id):
    body = req.body if isinstance(req.body, dict) else None
    if body is None:
        raise bad("The body must be a JSON object.")
    allowed = ("status", "sim_card_group_id", "public_ip", "current_imei", "actions_in_progress")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise bad("Unknown fields: %s; allowed: %s." % (", ".join(unknown), ", ".join(allowed)))
    fields = dict(body)
    with emu.state.lock:
        sim = _sim(emu, sim_id)
        if "status" in body and body["status"] not in ALL_STATUSES:
            raise bad("status must be one of: %s." % ", ".join(ALL_STATUSES))
        if "sim_card_group_id" in body:
            group_id = body["sim_card_group_id"]
            fields["group"] = None if group_id is None else emu.state.groups.get(group_id)
            if group_id is not None and fields["group"] is None:
                raise bad("SIM card group %s does not exist." % group_id)
        if "public_ip" in body:
            value = body["public_ip"]
            if isinstance(value, str):
                value = {"ip": value, "region_code": "dc2"}
            if value is not None and not (isinstance(value, dict) and isinstance(value.get("ip"), (str, type(None)))):
                raise bad("public_ip must be null, an address string or {\"ip\": ..., \"region_code\": ...}.")
            if value is not None:
                value = {"ip": value.get("ip"), "region_code": value.get("region_code") or "dc2"}
            fields["public_ip"] = value
        if "current_imei" in body and not (isinstance(body["current_imei"], str) and re.match(r"^\d{15}$", body["current_imei"])):
            raise bad("current_imei must be a 15-digit string.")
        if "actions_in_progress" in body and not isinstance(body["actions_in_progress"], bool):
            raise bad("actions_in_progress must be true or false.")
        emu.state.force(sim, fields, emu.state.now())
        return 200, internal_view(sim)


def advance(emu, req):
    body = req.body if isinstance(req.body, dict) else {}
    seconds = _number(body, "seconds")
    with emu.state.lock:
        emu.state.advance(seconds)
        return 200, {"clock_offset": emu.state.clock_offset, "pending_events": len(emu.state.events)}


def reset_billing_period(emu, _req):
    with emu.state.lock:
        emu.state.process_due()
        emu.state.reset_billing_period(emu.state.now())
    return 200, {"status": "ok"}


ROUTES = [
    ("GET", r"/health", health),
    ("POST", r"/reset", reset),
    ("POST", r"/seed", seed),
    ("PUT", r"/faults", put_faults),
    ("GET", r"/faults", get_faults),
    ("PUT", r"/latency", put_latency),
    ("PUT", r"/config", put_config),
    ("GET", r"/config", get_config),
    ("GET", r"/requests", get_requests),
    ("DELETE", r"/requests", delete_requests),
    ("GET", r"/requests/counts", request_counts),
    ("POST", r"/failures", add_failure),
    ("GET", r"/failures", get_failures),
    ("DELETE", r"/failures", clear_failures),
    ("GET", r"/state", get_state),
    ("GET", r"/registration_codes", registration_codes),
    ("POST", r"/reset_billing_period", reset_billing_period),
    ("POST", r"/advance", advance),
    ("GET", r"/sim_cards/(?P<ident>[^/]+)", get_sim),
    ("PATCH", r"/sim_cards/(?P<ident>[^/]+)", force),
    ("POST", r"/sim_cards/(?P<ident>[^/]+)/consume", consume),
    ("GET", r"/notification_deliveries", delivery.get_deliveries),
] + usage.ROUTES
COMPILED = [(method, re.compile("^" + pattern + "/?$"), handler) for method, pattern, handler in ROUTES]


def dispatch(emu, req, sub_path):
    allowed = []
    for method, regex, handler in COMPILED:
        match = regex.match(sub_path)
        if match:
            if method == req.method:
                return handler(emu, req, *match.groupdict().values())
            allowed.append(method)
    if allowed:
        raise ApiError(405, "10030", "Allowed methods: %s." % ", ".join(allowed), headers={"Allow": ", ".join(allowed)})
    raise ApiError(404, "10005", "No control endpoint %s." % sub_path)
