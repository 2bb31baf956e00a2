# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Amounts of data ({amount, unit}): parsing what a task gives, the API's string form, comparing, converting.

Data limits and notification thresholds are both amounts; every module compares them through here, so that
"2048", 2048 and "2048.0" MB are one amount everywhere. Pure functions: no request is sent from this file.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DATA_UNITS = ("MB", "GB")
MB_PER_GB = 1024
#: The largest data limit or threshold accepted (1 PB): far above any SIM card's use, and below what a typo such as 1e30 makes.
MAX_AMOUNT_MB = 1024 ** 3

# The argument_spec of an amount with a unit (data limits, notification thresholds).
AMOUNT_OPTIONS = {
    "amount": {"type": "raw", "required": True},
    "unit": {"type": "str", "required": True, "choices": list(DATA_UNITS)},
}


def parse_amount(value, option):
    """A Decimal from an amount given as a number or a string ("2048", 2048, "2048.0" are equal)."""
    if isinstance(value, bool) or value is None:
        raise ValueError("%s must be a number, got %r" % (option, value))
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("%s must be a number, got %r" % (option, value)) from None
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
        return ["%s.amount must be at most %d GB (%d MB), got %s %s" % (
            option, MAX_AMOUNT_MB // MB_PER_GB, MAX_AMOUNT_MB, value.get("amount"), value.get("unit"))]
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


def amount_in_mb(amount):
    """An API amount object {amount, unit} in MB (Decimal), or None."""
    if not amount or amount.get("amount") in (None, ""):
        return None
    try:
        value = parse_amount(amount.get("amount"), "amount")
    except ValueError:
        return None
    return value * MB_PER_GB if (amount.get("unit") or "MB").upper() == "GB" else value


def amount_text(amount):
    """An amount as a person reads it: {"amount": "2048.0", "unit": "MB"} -> "2048 MB"."""
    amount = amount or {}
    try:
        number = format_amount(parse_amount(amount.get("amount"), "amount"))
    except ValueError:
        number = str(amount.get("amount"))
    if number.endswith(".0"):
        number = number[:-2]
    return "%s %s" % (number, amount.get("unit") or "MB")


def amount_sort_key(amount):
    """Orders amounts readably: MB before GB (units in DATA_UNITS order), then by number."""
    amount = amount or {}
    unit = amount.get("unit") or "MB"
    try:
        number = parse_amount(amount.get("amount"), "amount")
    except ValueError:
        number = Decimal(0)
    return (DATA_UNITS.index(unit) if unit in DATA_UNITS else len(DATA_UNITS), number)
