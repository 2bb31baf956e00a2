# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""SIM card domain rules, in one place: naming a SIM card (id or ICCID), finding it, comparing
resolving groups, planning a SIM card's settings and status. The status state machine is the TRANSITIONS table.
Requests go through module_utils/_api.py; waiting and actions through module_utils/_actions.py.
"""

from __future__ import annotations

import itertools
import re

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import amount_equal, amount_in_mb, api_amount, format_amount, parse_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure

ICCID_RE = re.compile(r"^[0-9]{19,20}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
#: A registration code is the 10 digits printed on the SIM card's packaging (spec example 0123456789).
REGISTRATION_CODE_RE = re.compile(r"^[0-9]{10}$")

# The argument_spec fragment every module that names one SIM card uses.
SIM_REF_ARGUMENT_SPEC = {
    "id": {"type": "str"},
    "iccid": {"type": "str"},
}
SIM_REF_MUTUALLY_EXCLUSIVE = [("id", "iccid")]
SIM_REF_REQUIRED_ONE_OF = [("id", "iccid")]


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


def find_sim_card(client, sim_id=None, iccid=None, params=None):
    """The SIM card named by id or ICCID, or None. Exactly one request either way.

    By ICCID, the list filter is a partial match, so the exact ICCID is picked from the page.
    The list answers SimpleSIMCard, which holds every field a module compares.
    params: extra query parameters (such as include_sim_card_group).
    """
    if sim_id:
        return api.get_sim_card(client, sim_id, params=params)
    return api.find_sim_card_by_iccid(client, iccid, params=params)


def require_sim_card(client, sim_id=None, iccid=None):
    """The SIM card named by id or ICCID; a clear TelnyxError if it is not on the account."""
    sim = find_sim_card(client, sim_id, iccid)
    if sim is None:
        what = "id %s" % sim_id if sim_id else "ICCID %s" % iccid
        raise TelnyxError("No SIM card with %s is on this Telnyx account." % what, sim_card_not_found("SIM card %s not found" % what))
    return sim


def sim_card_not_found(detail):
    """The failure of a SIM card that is not on the account (the collection's finding: by ICCID nothing is answered
    but an empty list): source collection, no HTTP status; failure.reason sim_card_not_found is what to test (the
    sim_fleet role's check-mode tasks do)."""
    return collection_failure("sim_card_not_found", detail, "SIM card not found")


def only_group_named(groups, name):
    """The one group called `name` among `groups`, or None. Two or more fail, naming every id: which one the task
    means cannot be told, and guessing would move SIM cards into the wrong group."""
    found = [group for group in groups if group.get("name") == name]
    if len(found) > 1:
        ids = sorted(group.get("id") or "?" for group in found)
        raise TelnyxError(
            "sim_card_group %r names %d SIM card groups (%s): name the one you mean by its id, or rename the others." % (
                name, len(found), ", ".join(ids)),
            collection_failure("ambiguous_group", "groups named %r: %s" % (name, ", ".join(ids)), "Ambiguous SIM card group name"))
    return found[0] if found else None


def group_not_found(value):
    return TelnyxError("No SIM card group named or with id %r is on this Telnyx account." % value,
                       collection_failure("group_not_found", "SIM card group %s not found" % value, "SIM card group not found"))


def find_group(value, groups=None, client=None):
    """The one SIM card group `value` names: the rule of every path that takes a group (sim_card, sim_card_fleet, the
    filters of sim_card_info, sim_card_fleet_info, sim_card_usage_report and the inventory, esim_purchase,
    sim_card_action_info).

    A UUID names the group with that id; anything else names the one group called that (two or more fail,
    ambiguous_group: only_group_named); none fails, group_not_found. The groups are looked for in `groups` (a list
    the caller read once) or else asked of the API through `client` (one request: the group by id, or the list
    filtered by the name).
    """
    value = str(value).strip()
    if is_uuid(value):
        if groups is None:
            found = api.get_sim_card_group(client, value)
        else:
            found = next((group for group in groups if str(group.get("id")).lower() == value.lower()), None)
    else:
        found = only_group_named(api.iterate_sim_card_groups(client, name=value) if groups is None else groups, value)
    if found is None:
        raise group_not_found(value)
    return found


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

#: The SIM card state machine, one row per status action: the statuses it starts from, the status the SIM card
#: shows while it runs, the status it ends in, and whether Telnyx wants the SIM card in a group (422 / 70007).
TRANSITIONS = {
    # unauthorized_imei: Telnyx accepts enable once authorized_imeis holds the device's IMEI (or is empty).
    "enable": {"from": ("disabled", "standby", "unauthorized_imei"), "during": "enabling", "to": "enabled", "needs_group": True},
    "disable": {"from": ("enabled",), "during": "disabling", "to": "disabled", "needs_group": False},
    "set_standby": {"from": ("enabled",), "during": "setting_standby", "to": "standby", "needs_group": True},
}
#: Registering is transitional too, but it is no action of this table and its end (the status asked for at
#: registration) is not shown. Disabling may also end off the account (after a DELETE).
REGISTERING = "registering"
#: The status each `state` option value asks for (state=absent asks for none).
TARGET_STATUSES = {"present": "enabled", "disabled": "disabled", "standby": "standby"}
#: Every value `status.value` may take, plus `unauthorized_imei` (a filter value in the spec).
ALL_STATUSES = ("registering", "enabling", "enabled", "disabling", "disabled", "data_limit_exceeded",
                "setting_standby", "standby", "unauthorized_imei")
#: The statuses the SIM card list can filter on (filter[status], the API's own list and order); others are filtered
#: after listing.
FILTERABLE_STATUSES = ("enabled", "disabled", "standby", "data_limit_exceeded", "unauthorized_imei")

DATA_LIMIT_EXCEEDED = "data_limit_exceeded"
#: Telnyx's "Resource busy" (422): another action on the SIM card is under way; wait and retry.
BUSY_CODE = "10036"
IMEI_RE = re.compile(r"^[0-9]{15}$")
MAX_AUTHORIZED_IMEIS = 5


def action_to(status):
    """The action that ends in `status` (enable, disable, set_standby)."""
    return next(name for name, row in TRANSITIONS.items() if row["to"] == status)


def is_transitional(status):
    return status == REGISTERING or any(row["during"] == status for row in TRANSITIONS.values())


def converging_to(sim, target):
    """Whether the SIM card shows an action under way that certainly ends in status `target`.

    False for registering (its end is not shown) and for no target at all (state=absent).
    """
    current = sim_status(sim)
    return target is not None and any(row["during"] == current and row["to"] == target for row in TRANSITIONS.values())


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
    direct = action_to(target)
    if current in TRANSITIONS[direct]["from"]:
        return [direct]
    if current in TRANSITIONS["enable"]["from"]:
        return ["enable", direct]  # no direct move (disabled <-> standby): through enabled
    if current == DATA_LIMIT_EXCEEDED:
        if target == "enabled":
            return []
        raise TelnyxError(
            "%s is in status data_limit_exceeded, in which Telnyx refuses every status change: raise its data_limit above the data "
            "it has used this billing period (or its group's limit), or wait for the billing cycle to reset, then run again." % sim_name(sim),
            collection_failure("data_limit_exceeded", "status data_limit_exceeded", "Data limit exceeded"))
    raise TelnyxError(
        "%s is in status %s, which no API request can change; resolve it with Telnyx (billing or support), then run again." % (sim_name(sim), current),
        collection_failure("unexpected_status", "status %s" % current, "Unexpected status"))


def check_group_precondition(sim, actions):
    """Fail, before anything is sent, when an action needs a SIM card group the SIM card lacks."""
    needing = [action for action in actions if TRANSITIONS[action]["needs_group"]]
    if needing and not sim.get("sim_card_group_id"):
        raise TelnyxError(
            "%s has no SIM card group, and Telnyx enables a SIM card or sets it to standby only in a group: set sim_card_group." % sim_name(sim),
            collection_failure("needs_group", "actions %s need a group" % ", ".join(needing), "SIM card has no SIM card group"))


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


def has_limit(limit):
    """Whether an API data limit object holds a limit ({} and a null amount mean none)."""
    return amount_in_mb(limit) is not None


def settings_patch(sim, tags=None, purge_tags=True, data_limit=None, group_id=None, authorized_imeis=None):
    """The update (PATCH) body that brings the SIM card's settings to the wanted values.

    Each argument left None means "leave untouched". Only the fields that differ are in the body;
    an empty dict means nothing to change. data_limit {} means "no limit of its own" (its group's applies): sent as
    {"data_limit": {}}, the form the API reads a SIM card without its own limit in (the spec types data_limit as a
    non-nullable object, so null is not a valid body).
    """
    patch = {}
    new_tags = wanted_tags(sim.get("tags"), tags, purge_tags)
    if new_tags is not None:
        patch["tags"] = new_tags
    if data_limit is not None:
        if not data_limit:
            if has_limit(sim.get("data_limit")):
                patch["data_limit"] = {}
        elif not amount_equal(sim.get("data_limit"), data_limit):
            patch["data_limit"] = api_amount(data_limit)
    if group_id is not None and sim.get("sim_card_group_id") != group_id:
        patch["sim_card_group_id"] = group_id
    if authorized_imeis is not None and set(sim.get("authorized_imeis") or []) != set(authorized_imeis):
        patch["authorized_imeis"] = sorted(set(authorized_imeis))
    return patch


def limit_status_after(sim, patch, group=None):
    """The status a PATCH that sets data_limit leads to by itself, or None when it leaves the status alone.

    Telnyx compares a SIM card's own limit with the data it used this billing period (reaching the limit counts
    as over it): an enabled SIM card goes to data_limit_exceeded, and one in data_limit_exceeded goes back to
    its intended status (enabled) once the limit is above its usage. Without a limit of its own (data_limit {}),
    its group's limit applies: a pool the group's SIM cards share (`group`: the SIM card's group object, with
    data_limit and consumed_data; None or no group limit: nothing holds it).
    """
    if "data_limit" not in patch or sim_status(sim) not in ("enabled", DATA_LIMIT_EXCEEDED):
        return None
    limit = amount_in_mb(patch["data_limit"])
    if limit is not None:
        over = (amount_in_mb(sim.get("current_billing_period_consumed_data")) or 0) >= limit
    else:
        group_limit = amount_in_mb((group or {}).get("data_limit"))
        over = group_limit is not None and (amount_in_mb((group or {}).get("consumed_data")) or 0) >= group_limit
    status = DATA_LIMIT_EXCEEDED if over else "enabled"
    return status if status != sim_status(sim) else None


def with_status(sim, status):
    """A copy of the SIM card object with status.value set (the reason is not predictable)."""
    predicted = dict(sim)
    predicted["status"] = {"value": status, "reason": None}
    return predicted


def predict_patch(sim, patch, group=None):
    """The SIM card as an update (PATCH) with `patch` would leave it (for check mode). group: see limit_status_after."""
    predicted = dict(sim)
    predicted.update(patch)
    status = limit_status_after(sim, patch, group)
    return with_status(predicted, status) if status else predicted


#: The SIM card action types that set a SIM card's status (the user's three and Telnyx's own wake-up).
STATUS_ACTION_TYPES = tuple(TRANSITIONS) + ("enable_standby_sim_card",)
WOKE_UP_ACTION = "enable_standby_sim_card"


def woke_up(actions):
    """Whether the newest status action among `actions` (a SIM card's) is Telnyx's own wake-up: a standby SIM card
    that started using data, which Telnyx enabled by itself (enable_standby_sim_card)."""
    moves = [action for action in actions or () if action.get("action_type") in STATUS_ACTION_TYPES]
    if not moves:
        return False
    return max(moves, key=lambda action: action.get("created_at") or "").get("action_type") == WOKE_UP_ACTION


def redact_code(text, code):
    """A message from Telnyx with the registration code (a claim secret) replaced by "(the code)"."""
    text = str(text or "")
    return text.replace(code, "(the code)") if code else text


def registration_code_problem(validations, code):
    """Why Telnyx's answer to validate_registration_codes refuses `code`, or None when it says the code is valid.

    validations: the answer's data, [{registration_code, valid, invalid_detail}]. An answer that does not speak of the
    code is a refusal too (registering on a code Telnyx did not confirm is not a dry run's prediction).
    """
    entry = next((item for item in validations or () if item.get("registration_code") == code), None)
    if entry is None:
        return "Telnyx's validation did not answer for it"
    if entry.get("valid") is True:
        return None
    return redact_code(str(entry.get("invalid_detail") or "Telnyx says it is not valid").rstrip("."), code)


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

    answer = api.register_sim_cards(client, iccid, body)
    cards = answer.get("data") or []
    for card in cards:
        if card.get("iccid") == iccid:
            return card
    if cards:
        others = ", ".join(card.get("iccid") or "?" for card in cards)
        raise TelnyxError(
            "registration_code registered SIM card %s, not %s: the code printed on SIM card %s is needed (SIM card %s is now on the account)." % (
                others, iccid, iccid, others),
            collection_failure("registered_another_sim_card", "registered %s" % others, "Registration code of another SIM card"))
    errors = answer.get("errors") or [{}]
    raise registration_refused(iccid, errors[0] if isinstance(errors[0], dict) else {}, registration_code)


def registration_refused(iccid, error, registration_code):
    """The failure of a registration Telnyx refused: it answers 202 and lists the refused code in `errors`. A 2xx
    answer is the collection's reading of it (source collection, reason invalid_registration_code, like a code its
    validation refuses); Telnyx's error is kept as it gave it in failure.errors, the code itself redacted."""
    detail = redact_code(error.get("detail") or error.get("title") or "no reason given", registration_code).rstrip(".")
    kept = dict((key, redact_code(value, registration_code) if isinstance(value, str) else value) for key, value in error.items())
    return TelnyxError("Telnyx did not register SIM card %s with the given registration_code: %s." % (iccid, detail),
                       collection_failure("invalid_registration_code", detail, error.get("title") or "Registration refused",
                                          errors=[kept] if kept else []))


def invalid_registration_code(iccid, problem):
    """The failure of a registration code Telnyx's validation does not accept (registration_code_problem)."""
    return TelnyxError("Telnyx does not accept the registration_code given for SIM card %s: %s. Check the code printed on that SIM card." % (
        iccid, problem), collection_failure("invalid_registration_code", problem, "Invalid registration code"))


def default_group(client):
    """The account's default SIM card group (where a SIM card registered without a group goes), or None."""
    for group in api.iterate_sim_card_groups(client):
        if group.get("default"):
            return group
    return None


# ---------------------------------------------------------------------------------------------
# The SIM card query: the filters of sim_card_info and of the sim_cards inventory plugin, with one meaning
# (doc fragment telnyx.wireless.sim_card_filters describes them for both).

#: The filter options, by the name both the module and the inventory plugin use.
SIM_CARD_FILTERS = ("tags", "status", "sim_card_group", "iccid_prefix")
#: The orders GET /sim_cards can sort by (the spec's `sort` enum): data used this billing period, least or (-) most first.
SIM_CARD_SORTS = ("current_billing_period_consumed_data.amount", "-current_billing_period_consumed_data.amount")


def check_sim_card_filters(statuses=None, iccid_prefix=None, sim_card_group=None, sort=None, limit=None):
    """Messages for malformed filters, sort and limit (empty list when fine). Sends nothing."""
    errors = []
    if sort is not None and sort not in SIM_CARD_SORTS:
        errors.append("sort must be one of %s, got %r" % (", ".join(SIM_CARD_SORTS), sort))
    if limit is not None and limit < 1:
        errors.append("limit must be 1 or more, got %r" % limit)
    wrong = [status for status in statuses or () if status not in ALL_STATUSES]
    if wrong:
        others = [status for status in ALL_STATUSES if status not in FILTERABLE_STATUSES]
        errors.append("status may hold %s, not %s (also accepted, filtered after listing: %s)" % (
            ", ".join(FILTERABLE_STATUSES), ", ".join(repr(status) for status in wrong), ", ".join(others)))
    if iccid_prefix is not None and not (str(iccid_prefix).isdigit() and len(str(iccid_prefix)) <= 20):
        errors.append("iccid_prefix must be 1 to 20 digits, got %r" % iccid_prefix)
    if sim_card_group is not None and not str(sim_card_group).strip():
        errors.append("sim_card_group must be a SIM card group UUID or name, not empty")
    return errors


def sim_card_list_query(tags=None, statuses=None, group_id=None, iccid_prefix=None):
    """The filters for listing SIM cards, and a test for what the API cannot filter exactly.

    Tags: all of them (sorted); statuses: any of them (in the order given); group: by id; iccid_prefix: the
    ICCID starts with it. filter[iccid] is a partial match and filter[status] knows only the settled
    statuses, so the returned `keep(sim)` re-checks the ICCID prefix and, when a transitional status is
    asked for, the statuses (listed unfiltered by status then).
    """
    filters = {}
    if tags:
        filters["tags"] = sorted(set(tags))
    if group_id:
        filters["sim_card_group_id"] = group_id
    if iccid_prefix:
        filters["iccid"] = iccid_prefix
    wanted = list(dict.fromkeys(statuses or []))
    if wanted and set(wanted) <= set(FILTERABLE_STATUSES):
        filters["status"] = wanted

    def keep(sim):
        if iccid_prefix and not str(sim.get("iccid") or "").startswith(iccid_prefix):
            return False
        if wanted and sim_status(sim) not in wanted:
            return False
        return True

    return filters, keep


def list_sim_cards(client, tags=None, statuses=None, group_id=None, iccid_prefix=None, workers=1, sort=None, limit=None):
    """Every SIM card on the account matching the filters (all of `tags`, any of `statuses`), in the `sort` order
    (SIM_CARD_SORTS) when given; with `limit`, the first `limit` of them, read page after page until there are enough."""
    filters, keep = sim_card_list_query(tags, statuses, group_id, iccid_prefix)
    if limit is not None:
        return list(itertools.islice((sim for sim in api.iterate_sim_cards(client, filters=filters, sort=sort) if keep(sim)), limit))
    return [sim for sim in api.list_sim_cards(client, filters=filters, workers=workers, sort=sort) if keep(sim)]
