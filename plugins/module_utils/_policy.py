# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""A fleet's policy: SIM card groups, private wireless gateways, wireless blocklists and SIM card group actions.

Three parts, kept apart so that they can move into the resource and action layer as it lands:
- look-ups and operations (the only code here that knows these API paths; every create and action is protected by
  a re-read that finds what a lost attempt made, so nothing is ever made or sent twice);
- planning, as pure functions (what to PATCH, which group actions, in which order, and the object afterwards);
- what a diff shows of each object.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxAPIError, TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    DATA_UNITS,
    amount_equal,
    api_amount,
    format_amount,
    is_uuid,
    parse_amount,
)

GROUPS = "/sim_card_groups"
GROUP_ACTIONS = "/sim_card_group_actions"
GATEWAYS = "/private_wireless_gateways"
BLOCKLISTS = "/wireless_blocklists"
BLOCKLIST_VALUES = "/wireless_blocklist_values"
SIM_CARDS = "/sim_cards"

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

# Gateway statuses (PrivateWirelessGatewayStatus.value).
PROVISIONING = "provisioning"
PROVISIONED = "provisioned"
FAILED = "failed"
DECOMMISSIONING = "decommissioning"


def not_found(kind, value, option=None):
    where = "%s: " % option if option else ""
    return TelnyxError("%sno %s named or with id %r is on this Telnyx account." % (where, kind, value),
                       {"status": 404, "code": "10005", "title": "Resource not found", "detail": "%s %s not found" % (kind, value)})


# ------------------------------------------------------------------------------------------------ operations
# Every request the policy modules send goes through these functions (modules never build a path). Each create and
# each group action is protected by the re-read that finds what a lost attempt made.

def named(client, path, name, keep=None):
    """Every object of the list endpoint `path` named exactly `name` (filter[name], then an exact match)."""
    return [item for item in client.paginate(path, filters={"name": name})
            if item.get("name") == name and (keep is None or keep(item))]


def one_named(client, path, name, option="name", keep=None):
    """The one object named `name`, or None. Two or more with that name fail, naming their ids: a name must say which."""
    found = named(client, path, name, keep)
    if len(found) > 1:
        raise TelnyxError(
            "%s: %d %ss are named %r on this Telnyx account (ids %s); name the one you mean by id, or rename the others." % (
                option, len(found), KINDS[path], name, ", ".join(item.get("id") or "?" for item in found)),
            {"status": None, "code": None, "title": "Ambiguous name", "detail": "%s %r" % (KINDS[path], name)})
    return found[0] if found else None


def get(client, path, object_id):
    """One object by id, or None (404)."""
    return client.get_or_none("%s/%s" % (path, object_id))


def list_all(client, path, filters=None):
    """Every object of a list endpoint."""
    return list(client.paginate(path, filters=filters))


def find(client, path, object_id=None, name=None, option="name", keep=None):
    """The object named by id (one GET) or by name (one list page), or None."""
    if object_id:
        found = get(client, path, object_id)
        return found if found is not None and (keep is None or keep(found)) else None
    return one_named(client, path, name, option, keep)


def resolve(client, path, value, option, keep=None):
    """The object a reference option names, by UUID or by name; fails naming the option when there is none."""
    found = find(client, path, object_id=value if is_uuid(value) else None, name=None if is_uuid(value) else value, option=option, keep=keep)
    if found is None:
        raise not_found(KINDS[path], value, option)
    return found


def update(client, path, object_id, body):
    """PATCH one object; its `data` as answered (None without a body)."""
    return (client.patch("%s/%s" % (path, object_id), body) or {}).get("data")


def delete(client, path, object_id):
    """DELETE one object; False when it was not there (a re-sent DELETE whose first attempt went through)."""
    try:
        client.delete("%s/%s" % (path, object_id))
    except TelnyxAPIError as exc:
        if exc.status == 404:
            return False
        raise
    return True


def live_gateway(gateway):
    """A gateway that counts as existing: not being removed."""
    return gateway_status(gateway) != DECOMMISSIONING


def gateway_status(gateway):
    status = (gateway or {}).get("status") or {}
    return status.get("value") if isinstance(status, dict) else status


def groups_using(client, field, object_id):
    """The SIM card groups whose `field` (private_wireless_gateway_id or wireless_blocklist_id) is object_id."""
    return list_all(client, GROUPS, filters={field: object_id})


def group_names_text(groups):
    return ", ".join("%s (%s)" % (group.get("name"), group.get("id")) for group in groups)


def default_group(client):
    for group in client.paginate(GROUPS):
        if group.get("default"):
            return group
    return None


def create_group(client, body):
    """POST /sim_card_groups; after a lost answer the group of that name (the caller made sure none existed) is adopted."""
    def made():
        found = named(client, GROUPS, body["name"])
        return {"data": found[0]} if found else None
    return (client.post(GROUPS, json=body, recheck=made) or {}).get("data") or {}


def create_gateway(client, body):
    """POST /private_wireless_gateways; after a lost answer the live gateway of that name is adopted."""
    def made():
        found = named(client, GATEWAYS, body["name"], keep=live_gateway)
        return {"data": found[0]} if found else None
    return (client.post(GATEWAYS, json=body, recheck=made) or {}).get("data") or {}


def create_blocklist(client, body):
    """POST /wireless_blocklists; after a lost answer the blocklist of that name is adopted."""
    def made():
        found = named(client, BLOCKLISTS, body["name"])
        return {"data": found[0]} if found else None
    return (client.post(BLOCKLISTS, json=body, recheck=made) or {}).get("data") or {}


def blocklist_catalogue(client, blocklist_type):
    """The values Telnyx accepts in a blocklist of `blocklist_type` (GET /wireless_blocklist_values?type=)."""
    body = client.get(BLOCKLIST_VALUES, params={"type": blocklist_type}) or {}
    values = set()
    for item in body.get("data") or ():
        if isinstance(item, dict):
            # the spec's {code, name}; SDK 4.189's {country_code} / {mcc} / {plmn}
            for key in ("code", "country_code", "mcc", "plmn"):
                if item.get(key):
                    values.add(str(item[key]))
                    break
        elif item:
            values.add(str(item))
    return values


def sim_cards_in_group(client, group_id):
    """How many SIM cards group_id holds (one request: the list's total_results)."""
    dummy, meta = client.page(SIM_CARDS, 1, size=1, filters={"sim_card_group_id": group_id})
    return int(meta.get("total_results") or 0)


def move_sim_cards(client, from_group_id, to_group_id):
    """PATCH every SIM card of one group into another (one request per SIM card, after listing them)."""
    for sim in list_all(client, SIM_CARDS, filters={"sim_card_group_id": from_group_id}):
        if sim.get("sim_card_group_id") in (None, from_group_id):
            update(client, SIM_CARDS, sim["id"], {"sim_card_group_id": to_group_id})


# ------------------------------------------------------------------------------------------------ group actions

def action_status(action):
    status = (action or {}).get("status")
    return status.get("value") if isinstance(status, dict) else status


def group_actions(client, group_id, action_type=None, status=None):
    """The group's actions, newest first (one page: a group takes one action at a time)."""
    filters = {"sim_card_group_id": group_id}
    if action_type:
        filters["type"] = action_type
    if status:
        filters["status"] = status
    items, dummy = client.page(GROUP_ACTIONS, 1, filters=filters)
    items = [item for item in items if item.get("sim_card_group_id") in (None, group_id)]
    return sorted(items, key=lambda item: item.get("created_at") or "", reverse=True)


def action_target(action):
    """The id a set action assigns (None for a remove action)."""
    if (action or {}).get("type", "").startswith("remove_"):
        return None
    return ((action or {}).get("settings") or {}).get(ACTION_FIELD.get((action or {}).get("type"), ""))


def start_group_action(client, group_id, action_type, target_id=None):
    """POST one group action; return the group action the API created.

    After a lost answer, before any re-send: an action of this type under way on the group (towards the same target)
    is adopted, and so is a group that already shows the result; only otherwise is it sent again.
    """
    field = ACTION_FIELD[action_type]

    def acted():
        for action in group_actions(client, group_id, action_type):
            if action_status(action) == "in-progress" and action_target(action) == target_id:
                return {"data": action}
        group = get(client, GROUPS, group_id) or {}
        if group.get(field) == target_id:
            newest = group_actions(client, group_id, action_type)
            return {"data": newest[0] if newest else {"sim_card_group_id": group_id, "type": action_type, "status": "completed"}}
        return None

    body = {field: target_id} if target_id else None
    path = "%s/%s/actions/%s" % (GROUPS, group_id, action_type)
    return (client.post(path, json=body, recheck=acted) or {}).get("data") or {}


def get_group_action(client, action_id):
    return client.get_or_none("%s/%s" % (GROUP_ACTIONS, action_id))


def group_action_failed(action, group):
    detail = (action or {}).get("status_reason") or (action or {}).get("reason")
    return TelnyxError(
        "Telnyx did not complete the %s action on SIM card group %s: action %s ended %s%s." % (
            (action or {}).get("type") or "group", group_label(group), (action or {}).get("id") or "?", action_status(action) or "?",
            ": %s" % detail if detail else ""),
        {"status": None, "code": None, "title": "Group action did not complete", "detail": detail or action_status(action)})


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


def group_view(group, names=None):
    """What a diff shows of a SIM card group; names: {id: name} of the gateways and blocklists known."""
    if not group:
        return {}
    names = names or {}
    view = {"id": group.get("id"), "name": group.get("name"), "default": bool(group.get("default")),
            "data_limit": limit_view(group.get("data_limit"))}
    for option, (dummy, dummy, field) in GROUP_POLICIES.items():
        view[field] = group.get(field) or None
        if view[field] and names.get(view[field]):
            view[option + "_name"] = names[view[field]]
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
