# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""A fleet's policy: the rules of SIM card groups, private wireless gateways and wireless blocklists.

- look-ups by name or id (names are identities: two objects sharing a name fail, naming both), through _api.py;
- planning, as pure functions (what to PATCH, which group actions, in which order, and the object afterwards);
- what a diff shows of each object.
The operations and their re-reads are in _api.py; group actions are started and waited for by
_actions.SimCardGroupActions.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import DATA_UNITS, amount_equal, api_amount, format_amount, parse_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxAPIError, TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid

# The three kinds of policy object (keys of KINDS and LOOKUPS).
GROUPS = "sim_card_group"
GATEWAYS = "private_wireless_gateway"
BLOCKLISTS = "wireless_blocklist"

BLOCKLIST_TYPES = ("country", "mcc", "plmn")
ADDRESS_MODES = ("static", "dynamic")

#: The two policies a group takes by asynchronous group action: option -> (set action, remove action, field).
GROUP_POLICIES = {
    "private_wireless_gateway": ("set_private_wireless_gateway", "remove_private_wireless_gateway", "private_wireless_gateway_id"),
    "wireless_blocklist": ("set_wireless_blocklist", "remove_wireless_blocklist", "wireless_blocklist_id"),
}
#: The field of the group each group action changes, and the value it leaves there (None: the target).
ACTION_FIELD = {
    "set_private_wireless_gateway": "private_wireless_gateway_id",
    "remove_private_wireless_gateway": "private_wireless_gateway_id",
    "set_wireless_blocklist": "wireless_blocklist_id",
    "remove_wireless_blocklist": "wireless_blocklist_id",
}
#: How messages name each kind of object.
KINDS = {
    GROUPS: "SIM card group",
    GATEWAYS: "private wireless gateway",
    BLOCKLISTS: "wireless blocklist",
}
#: failure.reason of each kind: (none has the name or id, two or more share the name). The same words as a SIM card's
#: group look-up in _sim_card.py, so one situation gives one reason through every module.
REASONS = {
    GROUPS: ("group_not_found", "ambiguous_group"),
    GATEWAYS: ("gateway_not_found", "ambiguous_gateway"),
    BLOCKLISTS: ("blocklist_not_found", "ambiguous_blocklist"),
}

# Gateway statuses (PrivateWirelessGatewayStatus.value).
PROVISIONING = "provisioning"
PROVISIONED = "provisioned"
FAILED = "failed"
DECOMMISSIONING = "decommissioning"


def not_found(kind, value, option=None):
    """The failure of a reference to an object of `kind` (GROUPS, GATEWAYS, BLOCKLISTS) that is not on the account."""
    where = "%s: " % option if option else ""
    return TelnyxError("%sno %s named or with id %r is on this Telnyx account." % (where, KINDS[kind], value),
                       collection_failure(REASONS[kind][0], "%s %s not found" % (KINDS[kind], value), "%s not found" % KINDS[kind].capitalize()))


# ------------------------------------------------------------------------------------------------ look-ups
# Through module_utils/_api.py, the only code that knows the API's paths.

#: kind -> (how messages name it, its look-ups by name and by id)
LOOKUPS = {
    GROUPS: (api.sim_card_groups_named, api.get_sim_card_group),
    GATEWAYS: (api.private_wireless_gateways_named, api.get_private_wireless_gateway),
    BLOCKLISTS: (api.wireless_blocklists_named, api.get_wireless_blocklist),
}


def named(client, kind, name, keep=None):
    """Every object of `kind` named exactly `name` (one list page)."""
    return [item for item in LOOKUPS[kind][0](client, name) if keep is None or keep(item)]


def one_named(client, kind, name, option="name", keep=None):
    """The one object named `name`, or None. Two or more with that name fail, naming their ids: a name must say which."""
    found = named(client, kind, name, keep)
    if len(found) > 1:
        raise TelnyxError(
            "%s: %d %ss are named %r on this Telnyx account (ids %s); name the one you mean by id, or rename the others." % (
                option, len(found), KINDS[kind], name, ", ".join(item.get("id") or "?" for item in found)),
            collection_failure(REASONS[kind][1], "%ss named %r: %s" % (KINDS[kind], name, ", ".join(item.get("id") or "?" for item in found)),
                               "Ambiguous %s name" % KINDS[kind]))
    return found[0] if found else None


def get(client, kind, object_id):
    """One object of `kind` by id, or None."""
    return LOOKUPS[kind][1](client, object_id)


def look_up(client, kind, object_id=None, name=None, list_all=None):
    """What the _info module of `kind` returns: the object with that id (one GET; [] when none), the objects named
    exactly `name` (one list page), or else list_all() (every one)."""
    if object_id:
        found = get(client, kind, object_id)
        return [found] if found else []
    if name is not None:
        return named(client, kind, name)
    return list_all()


def find(client, kind, object_id=None, name=None, option="name", keep=None):
    """The object named by id (one GET) or by name (one list page), or None."""
    if object_id:
        found = get(client, kind, object_id)
        return found if found is not None and (keep is None or keep(found)) else None
    return one_named(client, kind, name, option, keep)


def resolve(client, kind, value, option, keep=None):
    """The object a reference option names, by UUID or by name; fails naming the option when there is none."""
    found = find(client, kind, object_id=value if is_uuid(value) else None, name=None if is_uuid(value) else value, option=option, keep=keep)
    if found is None:
        raise not_found(kind, value, option)
    return found


def live_gateway(gateway):
    """A gateway that counts as existing: not being removed."""
    return gateway_status(gateway) != DECOMMISSIONING


def gateway_status(gateway):
    status = (gateway or {}).get("status") or {}
    return status.get("value") if isinstance(status, dict) else status


def group_names_text(groups):
    return ", ".join("%s (%s)" % (group.get("name"), group.get("id")) for group in groups)


def move_sim_cards(client, from_group_id, to_group_id):
    """Every SIM card of one group into another: one PATCH per SIM card, after listing them."""
    for sim in api.list_sim_cards(client, filters={"sim_card_group_id": from_group_id}):
        if sim.get("sim_card_group_id") in (None, from_group_id):
            api.update_sim_card(client, sim["id"], {"sim_card_group_id": to_group_id})


# ------------------------------------------------------------------------------------------------ planning (pure)

def group_label(group):
    group = group or {}
    return "%r (%s)" % (group.get("name"), group.get("id") or "not created yet")


def limit_wanted(value):
    """The option data_limit as what the group should have: None = untouched, {} = no limit, else the wire form."""
    if value is None:
        return None
    if not value.get("amount") and value.get("amount") != 0 and not value.get("unit"):
        return {}
    return api_amount(value)


def check_limit(value, option="data_limit"):
    """Messages for a data_limit option: both amount and unit, or neither (= no limit)."""
    if value is None:
        return []
    amount, unit = value.get("amount"), value.get("unit")
    if amount in (None, "") and not unit:
        return []
    errors = []
    if amount in (None, ""):
        errors.append("%s.amount is needed with %s.unit (give both, or data_limit: {} to remove the limit)" % (option, option))
    else:
        try:
            parse_amount(amount, "%s.amount" % option)
        except ValueError as exc:
            errors.append(str(exc))
    if not unit:
        errors.append("%s.unit (MB or GB) is needed with %s.amount" % (option, option))
    elif unit not in DATA_UNITS:
        errors.append("%s.unit must be MB or GB, got %r" % (option, unit))
    return errors


def plan_group(group, name=None, data_limit=None, policy=None):
    """What to send to bring `group` (None: not there yet) to the wanted settings.

    name: the wanted name (None: untouched); data_limit: limit_wanted() form; policy: {field: wanted id, or "" for none},
    fields left out are untouched. Returns (body, actions): the PATCH body (the create body for a new group) and the
    group actions [(action_type, target_id)] in order: the gateway first, then the blocklist.
    """
    group = group or {}
    body = {}
    if name is not None and group.get("name") != name:
        body["name"] = name
    if data_limit is not None and not amount_equal(group.get("data_limit") or {}, data_limit or None):
        body["data_limit"] = data_limit or None
    actions = []
    for option in ("private_wireless_gateway", "wireless_blocklist"):
        set_action, remove_action, field = GROUP_POLICIES[option]
        if field not in (policy or {}):
            continue
        wanted, current = policy[field] or None, group.get(field) or None
        if wanted == current:
            continue
        actions.append((set_action, wanted) if wanted else (remove_action, None))
    return body, actions


def predict_group(group, body, actions):
    """The group as the PATCH (or create) body and the group actions will leave it."""
    predicted = dict(group or {})
    for key, value in body.items():
        predicted[key] = {} if key == "data_limit" and value is None else value
    for action_type, target in actions:
        predicted[ACTION_FIELD[action_type]] = target
    return predicted


def limit_view(limit):
    limit = limit or {}
    if limit.get("amount") in (None, ""):
        return None
    try:
        return {"amount": format_amount(parse_amount(limit["amount"], "amount")), "unit": (limit.get("unit") or "MB").upper()}
    except ValueError:
        return dict(limit)


def pending_id(kind, name):
    """The stand-in id, in a check-mode plan, of an object of `kind` an earlier task of the same run would create."""
    return "pending-%s:%s" % (kind.replace("_", "-"), name)


def is_pending(value):
    return isinstance(value, str) and value.startswith("pending-")


def known_ids(group):
    """The predicted group as a result shows it: a reference to an object not created yet (a stand-in id) is null."""
    if not group:
        return group
    return dict((key, None if key in ACTION_FIELD.values() and is_pending(value) else value) for key, value in group.items())


def group_view(group, names=None):
    """What a diff shows of a SIM card group; names: {id: name} of the gateways and blocklists known."""
    if not group:
        return {}
    names = names or {}
    view = {"id": group.get("id"), "name": group.get("name"), "default": bool(group.get("default")),
            "data_limit": limit_view(group.get("data_limit"))}
    for option, (dummy, dummy, field) in GROUP_POLICIES.items():
        value = group.get(field) or None
        view[field] = None if is_pending(value) else value  # an object this check-mode run would create: no id yet
        if value and names.get(value):
            view[option + "_name"] = names[value]
    return view


def gateway_view(gateway):
    if not gateway:
        return {}
    view = dict((key, gateway.get(key)) for key in ("id", "name", "network_id", "region_code"))
    if "address_mode" in gateway:
        view["address_mode"] = gateway.get("address_mode")
    view["status"] = gateway_status(gateway)
    return view


def blocklist_view(blocklist):
    if not blocklist:
        return {}
    return {"id": blocklist.get("id"), "name": blocklist.get("name"), "type": blocklist.get("type"),
            "values": sorted(blocklist.get("values") or [])}


def gateway_differences(gateway, network_id=None, region_code=None, address_mode=None):
    """The attributes of an existing gateway that differ from what the task asks and cannot change in place.

    [(option, current, wanted)]. address_mode is compared only when the API shows it.
    """
    found = []
    if network_id is not None and str(gateway.get("network_id") or "").lower() != network_id.lower():
        found.append(("network_id", gateway.get("network_id"), network_id))
    if region_code is not None and gateway.get("region_code") != region_code:
        found.append(("region_code", gateway.get("region_code"), region_code))
    if address_mode is not None and "address_mode" in gateway and gateway.get("address_mode") != address_mode:
        found.append(("address_mode", gateway.get("address_mode"), address_mode))
    return found


def is_api_error(exc, code):
    return isinstance(exc, TelnyxAPIError) and str(exc.code or "") == code
