# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""eSIMs bought as declared state: "this group holds at least N eSIMs with these tags".

Telnyx sells eSIMs through one POST that charges at once, takes no idempotency key and may answer a partial
202 (`data` and `errors`). So the module never asks "buy N"; it counts what the group holds and buys only the
shortfall (plan_esim_purchase), and the purchase is protected by a re-read of that same count
(_api.purchase_esims): a lost answer is found again instead of bought twice.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure

#: Telnyx's code for "not enough SIM inventory for the order/purchase" (GUIDES 8.2).
SHORTAGE = "70001"
#: The statuses an eSIM may be bought in (Telnyx's default is enabled).
PURCHASE_STATUSES = ("enabled", "disabled", "standby")


def is_counted(sim, tags):
    """Whether a SIM card counts towards the declared number: an eSIM carrying every tag in `tags`.

    The group is the list filter's; the type is checked here because GET /sim_cards has no type filter.
    """
    return (sim or {}).get("type") == "esim" and set(tags or ()) <= set(sim.get("tags") or ())


def plan_esim_purchase(have, count, max_purchase, label):
    """How many eSIMs to buy so that the group holds `count` (0 when it holds that many or more).

    Raises TelnyxError, before anything is sent, when the shortfall is larger than `max_purchase`, the hard
    upper bound of one run: a typo in `count` must not spend money.
    """
    buy = max(0, count - have)
    if buy > max_purchase:
        raise TelnyxError(
            "%s holds %d eSIMs and count is %d: buying the %d missing exceeds max_purchase (%d). Nothing was bought; raise "
            "max_purchase to at least %d if %d new eSIMs are intended." % (label, have, count, buy, max_purchase, buy, buy),
            collection_failure("above_max_purchase", "would buy %d, max_purchase %d" % (buy, max_purchase), "Purchase above max_purchase"))
    return buy


def purchase_body(amount, group_id, status, tags):
    """The POST /actions/purchase/esims body: the group, tags and status go in the one request."""
    body = {"amount": amount, "sim_card_group_id": group_id, "status": status}
    if tags:
        body["tags"] = sorted(set(tags))
    return body


def shortfall_error(label, asked, bought, errors):
    """The failure of a purchase that bought fewer eSIMs than asked (a partial 202, or a lost partial answer).

    Telnyx's inventory shortage (70001) says so plainly; a rerun buys only what is still missing.
    """
    first = next((error for error in errors or () if isinstance(error, dict)), {})
    said = str(first.get("detail") or first.get("title") or "").rstrip(".")
    if str(first.get("code")) == SHORTAGE:
        message = ("Telnyx has not enough eSIMs in stock (error 70001): it sold %d of the %d eSIMs asked for %s%s. Run again later "
                   "(only the %d missing are bought then), or lower count." % (bought, asked, label, ": %s" % said if said else "", asked - bought))
    elif errors:
        message = "Telnyx sold %d of the %d eSIMs asked for %s: %s. A rerun buys only the %d missing." % (
            bought, asked, label, said or "no reason given", asked - bought)
    else:
        message = ("Telnyx sold %d of the %d eSIMs asked for %s (the answer was lost; a re-read found %d new eSIMs, so the purchase "
                   "was not sent again). A rerun buys only the %d missing." % (bought, asked, label, bought, asked - bought))
    # Telnyx answered 202 (accepted): the shortfall is the collection's reading of it, so no HTTP status or code at the
    # top; Telnyx's own errors (code 70001...) are kept as it gave them, in failure.errors.
    kept = [dict((key, error.get(key)) for key in ("code", "title", "detail")) for error in errors or () if isinstance(error, dict)]
    return TelnyxError(message, collection_failure("partial_purchase", "bought %d of %d" % (bought, asked), first.get("title") or "Partial purchase",
                                                   errors=kept))


def esim_view(label_group, tags, count):
    """What the diff shows: the group, the tags and how many eSIMs it holds with them."""
    return {"sim_card_group": label_group, "tags": sorted(set(tags or ())), "esims": count}
