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
        parse_amount(value.get("amount"), "%s.amount" % option)
    except ValueError as exc:
        return [str(exc)]
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


def find_sim_card(client, sim_id=None, iccid=None):
    """The SIM card named by id or ICCID, or None. Exactly one request either way.

    By ICCID, the list filter is a partial match, so the exact ICCID is picked from the page.
    The list answers SimpleSIMCard, which holds every field a module compares.
    """
    if sim_id:
        return client.get_or_none("/sim_cards/%s" % sim_id)
    items, dummy = client.page("/sim_cards", 1, filters={"iccid": iccid})
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
