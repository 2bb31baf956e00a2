# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""SIM card domain rules, in one place: naming a SIM card (id or ICCID), finding it, comparing
amounts, resolving groups. The status state machine and waiting live here too.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError

ICCID_RE = re.compile(r"^[0-9]{19,20}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATA_UNITS = ("MB", "GB")
#: The largest data limit or threshold accepted (1 PB): far above any SIM card's use, and below what a typo such as 1e30 makes.
MAX_AMOUNT_MB = 1024 ** 3
#: A registration code is the 10 digits printed on the SIM card's packaging (spec example 0123456789).
REGISTRATION_CODE_RE = re.compile(r"^[0-9]{10}$")

# The argument_spec fragment every module that names one SIM card uses.
SIM_REF_ARGUMENT_SPEC = {
    "id": {"type": "str"},
    "iccid": {"type": "str"},
}
SIM_REF_MUTUALLY_EXCLUSIVE = [("id", "iccid")]
SIM_REF_REQUIRED_ONE_OF = [("id", "iccid")]

# The argument_spec of an amount with a unit (data limits, notification thresholds).
AMOUNT_OPTIONS = {
    "amount": {"type": "raw", "required": True},
    "unit": {"type": "str", "required": True, "choices": list(DATA_UNITS)},
}


def is_uuid(value):
    return bool(value) and bool(UUID_RE.match(str(value)))


def check_sim_ref(params):
    """Messages for a malformed `id` or `iccid` (empty list if they are fine). Sends nothing."""
    errors = []
    sim_id, iccid = params.get("id"), params.get("iccid")
    if sim_id is not None and not is_uuid(sim_id):
        errors.append("id must be a SIM card UUID such as 6b14e151-8493-4fa1-8664-1cc4e6d14158, got %r" % sim_id)
    if iccid is not None and not ICCID_RE.match(str(iccid)):
        errors.append("iccid must be the 19 or 20 digits printed on the SIM card, got %r" % iccid)
    return errors


def parse_amount(value, option):
    """A Decimal from an amount given as a number or a string ("2048", 2048, "2048.0" are equal)."""
    if isinstance(value, bool) or value is None:
        raise ValueError("%s must be a number, got %r" % (option, value))
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("%s must be a number, got %r" % (option, value))
    if not amount.is_finite() or amount < 0:
        raise ValueError("%s must be a number of zero or more, got %r" % (option, value))
    return amount


def format_amount(amount):
    """The API's string form of an amount: "2048.0" style (a decimal point, trailing zeros trimmed)."""
    text = format(amount.normalize(), "f") if amount != amount.to_integral_value() else str(int(amount))
    return text if "." in text else text + ".0"


def check_amount(value, option):
    """Validate {amount, unit} (already type-checked by the argument_spec); return messages."""
    if value is None:
        return []
    try:
        amount = parse_amount(value.get("amount"), "%s.amount" % option)
    except ValueError as exc:
        return [str(exc)]
    in_mb = amount * MB_PER_GB if str(value.get("unit") or "MB").upper() == "GB" else amount
    if in_mb > MAX_AMOUNT_MB:
        return ["%s.amount must be at most %d GB (%d MB), got %s %s" % (option, MAX_AMOUNT_MB // MB_PER_GB, MAX_AMOUNT_MB, value.get("amount"),
                                                                        value.get("unit"))]
    return []


def amount_equal(current, wanted):
    """Whether an API amount object {amount, unit} equals the wanted one, numerically, same unit."""
    if not current or not wanted or current.get("amount") in (None, ""):
        return not current and not wanted
    try:
        return (parse_amount(current.get("amount"), "amount") == parse_amount(wanted.get("amount"), "amount")
                and (current.get("unit") or "MB").upper() == wanted.get("unit").upper())
    except ValueError:
        return False


def api_amount(wanted):
    """The wire form of {amount, unit}."""
    return {"amount": format_amount(parse_amount(wanted["amount"], "amount")), "unit": wanted["unit"].upper()}


def find_sim_card(client, sim_id=None, iccid=None, params=None):
    """The SIM card named by id or ICCID, or None. Exactly one request either way.

    By ICCID, the list filter is a partial match, so the exact ICCID is picked from the page.
    The list answers SimpleSIMCard, which holds every field a module compares.
    params: extra query parameters (such as include_sim_card_group).
    """
    if sim_id:
        return client.get_or_none("/sim_cards/%s" % sim_id, params=params)
    items, dummy = client.page("/sim_cards", 1, filters={"iccid": iccid}, params=params)
    for item in items:
        if item.get("iccid") == iccid:
            return item
    return None


def require_sim_card(client, sim_id=None, iccid=None):
    """The SIM card named by id or ICCID; a clear TelnyxError if it is not on the account."""
    sim = find_sim_card(client, sim_id, iccid)
    if sim is None:
        what = "id %s" % sim_id if sim_id else "ICCID %s" % iccid
        raise TelnyxError("No SIM card with %s is on this Telnyx account." % what,
                          {"status": 404, "code": "10005", "title": "Resource not found", "detail": "SIM card %s not found" % what})
    return sim


def resolve_group(client, value):
    """A SIM card group named by UUID or by name -> the group object (one request). Fails clearly if none."""
    if is_uuid(value):
        group = client.get_or_none("/sim_card_groups/%s" % value)
        if group is not None:
            return group
    else:
        for group in client.paginate("/sim_card_groups", filters={"name": value}):
            if group.get("name") == value:
                return group
    raise TelnyxError("No SIM card group named or with id %r is on this Telnyx account." % value,
                      {"status": 404, "code": "10005", "title": "Resource not found", "detail": "SIM card group %s not found" % value})


def sim_status(sim):
    status = (sim or {}).get("status") or {}
    return status.get("value") if isinstance(status, dict) else status


# ---------------------------------------------------------------------------------------------
# The status state machine
#
# Telnyx's lifecycle guide (GUIDES.md 1.2): enable from disabled, standby or never enabled;
# disable and set_standby only from enabled; enable and set_standby need a SIM card group
# (422 / 70007 otherwise). disabled <-> standby is not a direct transition, so the module goes
# through enabled (enable, then the second action). Every action is asynchronous: the SIM card
# shows a transitional status until the action completes.

#: The status each `state` option value asks for.
TARGET_STATUSES = {"present": "enabled", "disabled": "disabled", "standby": "standby"}
#: The action that leads to each user-controlled status.
STATUS_ACTIONS = {"enabled": "enable", "disabled": "disable", "standby": "set_standby"}
#: The status an action shows while it runs, and the one it ends in.
ACTION_TRANSITIONAL = {"enable": "enabling", "disable": "disabling", "set_standby": "setting_standby"}
ACTION_DESTINATION = {"enable": "enabled", "disable": "disabled", "set_standby": "standby"}
#: Transitional statuses and where they lead (registering: to the status asked for at registration,
#: which the SIM card does not show; disabling: to disabled, or off the account after a DELETE).
TRANSITIONAL_STATUSES = {"registering": None, "enabling": "enabled", "disabling": "disabled", "setting_standby": "standby"}
#: Actions the API refuses (422 / 70007) for a SIM card that has no SIM card group.
ACTIONS_NEEDING_GROUP = frozenset(("enable", "set_standby"))
#: Every value `status.value` may take, plus `unauthorized_imei` (a filter value in the spec).
ALL_STATUSES = ("registering", "enabling", "enabled", "disabling", "disabled", "data_limit_exceeded",
                "setting_standby", "standby", "unauthorized_imei")
#: The statuses GET /sim_cards can filter on (filter[status]); others are filtered after listing.
FILTERABLE_STATUSES = frozenset(("enabled", "disabled", "standby", "data_limit_exceeded", "unauthorized_imei"))

DATA_LIMIT_EXCEEDED = "data_limit_exceeded"
#: Telnyx's "Resource busy" (422): another action on the SIM card is under way; wait and retry.
BUSY_CODE = "10036"
IMEI_RE = re.compile(r"^[0-9]{15}$")
MAX_AUTHORIZED_IMEIS = 5
MB_PER_GB = 1024


def is_transitional(status):
    return status in TRANSITIONAL_STATUSES


def sim_name(sim, fallback=None):
    """How messages name a SIM card: by ICCID (what is printed on it), else by id."""
    sim = sim or {}
    if sim.get("iccid"):
        return "SIM card %s" % sim["iccid"]
    return "SIM card %s" % (sim.get("id") or fallback or "?")


def plan_status(sim, target):
    """The actions, in order, that take a settled SIM card to status `target` ([] if it is there).

    Raises TelnyxError, before anything is sent, for a move the API cannot make.
    data_limit_exceeded counts as enabled for target `enabled`: the SIM card is enabled by intent and
    only its data limit holds it; Telnyx puts it back by itself once the limit is raised or the
    billing cycle resets, and refuses every status action meanwhile.
    """
    current = sim_status(sim)
    if current == target:
        return []
    if current == "enabled":
        return [STATUS_ACTIONS[target]]
    if current in ("disabled", "standby", "unauthorized_imei"):
        # unauthorized_imei: Telnyx accepts enable once authorized_imeis holds the device's IMEI (or is empty).
        return ["enable"] if target == "enabled" else ["enable", STATUS_ACTIONS[target]]
    if current == DATA_LIMIT_EXCEEDED:
        if target == "enabled":
            return []
        raise TelnyxError(
            "%s is in status data_limit_exceeded, in which Telnyx refuses every status change: raise its data_limit above the data "
            "it has used this billing period (or its group's limit), or wait for the billing cycle to reset, then run again." % sim_name(sim),
            {"status": None, "code": "70000", "title": "Data limit exceeded", "detail": "status data_limit_exceeded"})
    raise TelnyxError(
        "%s is in status %s, which no API request can change; resolve it with Telnyx (billing or support), then run again." % (sim_name(sim), current),
        {"status": None, "code": None, "title": "Unexpected status", "detail": "status %s" % current})


def check_group_precondition(sim, actions):
    """Fail, before anything is sent, when an action needs a SIM card group the SIM card lacks."""
    needing = [action for action in actions if action in ACTIONS_NEEDING_GROUP]
    if needing and not sim.get("sim_card_group_id"):
        raise TelnyxError(
            "%s has no SIM card group, and Telnyx enables a SIM card or sets it to standby only in a group: set sim_card_group." % sim_name(sim),
            {"status": None, "code": "70007", "title": "SIM card has no SIM card group", "detail": "actions %s need a group" % ", ".join(needing)})


def check_imeis(imeis, option="authorized_imeis"):
    """Messages for a malformed list of authorized IMEIs (empty list when fine)."""
    if imeis is None:
        return []
    errors = ["%s holds %r, which is not an IMEI of 15 digits" % (option, imei) for imei in imeis if not IMEI_RE.match(str(imei))]
    if len(set(imeis)) > MAX_AUTHORIZED_IMEIS:
        errors.append("%s holds %d IMEIs; Telnyx allows at most %d per SIM card" % (option, len(set(imeis)), MAX_AUTHORIZED_IMEIS))
    return errors


def wanted_tags(current, tags, purge_tags):
    """The tag list a SIM card should have (sorted), or None when it already has it (compared as sets)."""
    if tags is None:
        return None
    have = set(current or [])
    want = set(tags) if purge_tags else have | set(tags)
    return sorted(want) if want != have else None


def settings_patch(sim, tags=None, purge_tags=True, data_limit=None, group_id=None, authorized_imeis=None):
    """The PATCH /sim_cards/{id} body that brings the SIM card's settings to the wanted values.

    Each argument left None means "leave untouched". Only the fields that differ are in the body;
    an empty dict means nothing to change.
    """
    patch = {}
    new_tags = wanted_tags(sim.get("tags"), tags, purge_tags)
    if new_tags is not None:
        patch["tags"] = new_tags
    if data_limit is not None and not amount_equal(sim.get("data_limit"), data_limit):
        patch["data_limit"] = api_amount(data_limit)
    if group_id is not None and sim.get("sim_card_group_id") != group_id:
        patch["sim_card_group_id"] = group_id
    if authorized_imeis is not None and set(sim.get("authorized_imeis") or []) != set(authorized_imeis):
        patch["authorized_imeis"] = sorted(set(authorized_imeis))
    return patch


def amount_in_mb(amount):
    """An API amount object {amount, unit} in MB (Decimal), or None."""
    if not amount or amount.get("amount") in (None, ""):
        return None
    try:
        value = parse_amount(amount.get("amount"), "amount")
    except ValueError:
        return None
    return value * MB_PER_GB if (amount.get("unit") or "MB").upper() == "GB" else value


def limit_status_after(sim, patch):
    """The status a PATCH that sets data_limit leads to by itself, or None when it leaves the status alone.

    Telnyx compares a SIM card's own limit with the data it used this billing period (reaching the limit counts
    as over it): an enabled SIM card goes to data_limit_exceeded, and one in data_limit_exceeded goes back to
    its intended status (enabled) once the limit is above its usage.
    """
    if "data_limit" not in patch or sim_status(sim) not in ("enabled", DATA_LIMIT_EXCEEDED):
        return None
    limit = amount_in_mb(patch["data_limit"])
    if limit is None:
        return None
    over = (amount_in_mb(sim.get("current_billing_period_consumed_data")) or 0) >= limit
    status = DATA_LIMIT_EXCEEDED if over else "enabled"
    return status if status != sim_status(sim) else None


def with_status(sim, status):
    """A copy of the SIM card object with status.value set (the reason is not predictable)."""
    predicted = dict(sim)
    predicted["status"] = {"value": status, "reason": None}
    return predicted


def predict_patch(sim, patch):
    """The SIM card as PATCH /sim_cards/{id} with `patch` would leave it (for check mode)."""
    predicted = dict(sim)
    predicted.update(patch)
    status = limit_status_after(sim, patch)
    return with_status(predicted, status) if status else predicted


def sim_view(sim, group_name=None):
    """What a diff shows of a SIM card: the fields the modules manage, normalised ({} for none)."""
    if not sim:
        return {}
    view = {}
    for key in ("id", "iccid"):
        if sim.get(key):
            view[key] = sim[key]
    view["status"] = sim_status(sim)
    view["tags"] = sorted(sim.get("tags") or [])
    view["sim_card_group_id"] = sim.get("sim_card_group_id")
    if group_name:
        view["sim_card_group_name"] = group_name
    limit = sim.get("data_limit") or {}
    if limit.get("amount") not in (None, ""):
        try:
            view["data_limit"] = {"amount": format_amount(parse_amount(limit["amount"], "amount")), "unit": (limit.get("unit") or "MB").upper()}
        except ValueError:
            view["data_limit"] = dict(limit)
    else:
        view["data_limit"] = None
    view["authorized_imeis"] = sorted(sim.get("authorized_imeis") or [])
    return view


def find_action(client, sim_id, action_type):
    """The newest SIM card action of `action_type` on a SIM card (after a POST that got no answer)."""
    items, dummy = client.page("/sim_card_actions", 1, filters={"sim_card_id": sim_id, "action_type": action_type})
    items = [item for item in items if item.get("sim_card_id") in (None, sim_id)]
    return max(items, key=lambda item: item.get("created_at") or "") if items else None


def start_action(client, sim, action):
    """POST one status action on a SIM card; return the SIM card action object the API created.

    The client re-sends it only after a 429 or 503 (the API certainly did not act). When the outcome
    is unknown (a dropped connection, a gateway error), the client re-reads through acted() before
    any re-send: if the SIM card already shows the action's transitional or final status, the API
    did act, and the action it created is looked up instead of sending a second one.
    """
    def acted():
        current = client.get_or_none("/sim_cards/%s" % sim["id"])
        if sim_status(current) in (ACTION_TRANSITIONAL[action], ACTION_DESTINATION[action]):
            return {"data": find_action(client, sim["id"], action) or {"sim_card_id": sim["id"], "action_type": action}}
        return None

    return (client.post("/sim_cards/%s/actions/%s" % (sim["id"], action), recheck=acted) or {}).get("data") or {}


def register_sim_card(client, iccid, registration_code, status, group_id=None, tags=None):
    """Register the SIM card with ICCID `iccid` in one request (group, tags, status included).

    Returns the registered SIM card. When the request got no answer the client looks the SIM card up
    by ICCID (registered()) before any re-send, and registers it again only if it is not on the account.
    """
    body = {"registration_codes": [registration_code], "status": status}
    if group_id:
        body["sim_card_group_id"] = group_id
    if tags is not None:
        body["tags"] = sorted(set(tags))

    def registered():
        card = find_sim_card(client, iccid=iccid)
        return {"data": [card]} if card is not None else None

    answer = client.post("/actions/register/sim_cards", json=body, recheck=registered) or {}
    cards = answer.get("data") or []
    for card in cards:
        if card.get("iccid") == iccid:
            return card
    if cards:
        raise TelnyxError(
            "registration_code registered SIM card %s, not %s: the code printed on SIM card %s is needed (SIM card %s is now on the account)." % (
                ", ".join(card.get("iccid") or "?" for card in cards), iccid, iccid, ", ".join(card.get("iccid") or "?" for card in cards)),
            {"status": 202, "code": None, "title": "Registration code of another SIM card", "detail": "registered %s" % cards})
    errors = answer.get("errors") or [{}]
    first = errors[0] if isinstance(errors[0], dict) else {}
    raise TelnyxError(
        "Telnyx did not register SIM card %s with the given registration_code: %s." % (
            iccid, str(first.get("detail") or first.get("title") or "no reason given").rstrip(".")),
        {"status": 202, "code": first.get("code"), "title": first.get("title"), "detail": first.get("detail")})


def default_group(client):
    """The account's default SIM card group (where a SIM card registered without a group goes), or None."""
    for group in client.paginate("/sim_card_groups"):
        if group.get("default"):
            return group
    return None


def wait_until_settled(wait_for, client, sim, destination=None, action=None):
    """Poll the SIM card until it leaves its transitional statuses; return it (None once it is off the account).

    `sim` is the SIM card as just read or just acted on, in a transitional status: it counts as the first
    poll, so the first request comes wait_sleep later. wait_for is TelnyxModule.wait_for (wait_timeout,
    wait_sleep). With `destination`, a SIM card that settles anywhere else fails the run, naming the action.
    """
    path = "/sim_cards/%s" % sim["id"]
    action_id = (action or {}).get("id")
    goal = "to become %s" % destination if destination else "to finish %s" % sim_status(sim)
    what = "%s %s%s" % (sim_name(sim), goal, " (action %s)" % action_id if action_id else "")
    known = [sim] if is_transitional(sim_status(sim)) else []
    settled = wait_for(lambda: known.pop() if known else client.get_or_none(path),
                       lambda current: current is None or not is_transitional(sim_status(current)),
                       what, lambda current: "status %s" % sim_status(current) if current else "not on the account")
    if destination and sim_status(settled) != destination:
        reason = ""
        if action_id:
            found = client.get_or_none("/sim_card_actions/%s" % action_id) or {}
            state = found.get("status") or {}
            reason = " Action %s is %s%s." % (action_id, state.get("value") or "?", ": %s" % state["reason"] if state.get("reason") else "")
        raise TelnyxError(
            "%s did not become %s: it is now %s.%s" % (sim_name(sim), destination, "status %s" % sim_status(settled) if settled else "off the account", reason),
            {"status": None, "code": None, "title": "Action did not complete", "detail": "action %s" % action_id})
    return settled


def sim_card_list_query(tags=None, statuses=None, group_id=None, iccid_prefix=None):
    """The filters for GET /sim_cards, and a test for what the API cannot filter exactly.

    filter[iccid] is a partial match and filter[status] knows only the settled statuses, so the
    returned `keep(sim)` re-checks the ICCID prefix and, when a transitional status is asked for,
    the statuses (listed unfiltered by status then).
    """
    filters = {}
    if tags:
        filters["tags"] = sorted(set(tags))
    if group_id:
        filters["sim_card_group_id"] = group_id
    if iccid_prefix:
        filters["iccid"] = iccid_prefix
    wanted = set(statuses or [])
    if wanted and wanted <= FILTERABLE_STATUSES:
        filters["status"] = sorted(wanted)

    def keep(sim):
        if iccid_prefix and not str(sim.get("iccid") or "").startswith(iccid_prefix):
            return False
        if wanted and sim_status(sim) not in wanted:
            return False
        return True

    return filters, keep


def list_sim_cards(client, tags=None, statuses=None, group_id=None, iccid_prefix=None, workers=1):
    """Every SIM card on the account matching the filters (all of `tags`, any of `statuses`)."""
    filters, keep = sim_card_list_query(tags, statuses, group_id, iccid_prefix)
    return [sim for sim in client.list_all("/sim_cards", filters=filters, workers=workers) if keep(sim)]
