# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Every Telnyx API operation the collection uses, and nothing else: the only code that knows an API path.

One function per operation. A request that is not safe to repeat (a create, an action) is defined next to the
re-read that protects it: when its answer is lost, TelnyxClient runs that re-read before any re-send and adopts
what the lost attempt made instead of making it twice (see TelnyxClient.request, `recheck`).

A resource family is a Collection (its path); the operations are thin, named wrappers so that a module reads
`api.update_sim_card(client, sim_id, patch)`, never a URL. To add a resource (SIM card groups, private wireless
gateways, wireless blocklists...): add a Collection, then one function per operation it needs, and for every
create or action the re-read that finds what a lost attempt made. docs/architecture.md walks through it.

No domain rule lives here (what a status means, when to act): callers pass those in as small predicates.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._client import MAX_PAGE_SIZE, TelnyxNotFoundError, bounded_map


class Collection:
    """A list endpoint and its items: /<path>, /<path>/<id>, /<path>/<id>/<sub>, /<path>/<id>/actions/<name>."""

    def __init__(self, path):
        self.path = path

    def item(self, item_id, *sub):
        return "/".join((self.path, str(item_id)) + sub)

    def get(self, client, item_id, *sub, params=None):
        """One object (or a sub-resource of it), or None on 404."""
        return client.get_or_none(self.item(item_id, *sub), params=params)

    def get_data(self, client, item_id, *sub, params=None):
        """One object's `data`; a 404 raises (TelnyxNotFoundError)."""
        return client.get_data(self.item(item_id, *sub), params=params)

    def first_page(self, client, filters=None, params=None):
        """The items of the first page (up to MAX_PAGE_SIZE): one request."""
        items, dummy = client.page(self.path, 1, filters=filters, params=params)
        return items

    def iterate(self, client, filters=None, params=None):
        """Every item, page after page, lazily (a caller that stops early sends no further request)."""
        return client.paginate(self.path, filters=filters, params=params)

    def list(self, client, filters=None, params=None, workers=1):
        """Every item as a list; pages after the first fetched `workers` at a time."""
        return client.list_all(self.path, filters=filters, params=params, size=MAX_PAGE_SIZE, workers=workers)

    def create(self, client, body, made_by_lost_attempt):
        """POST one object; return its `data`. made_by_lost_attempt(): the object a lost attempt made, or None."""
        def recheck():
            found = made_by_lost_attempt()
            return {"data": found} if found is not None else None
        return (client.post(self.path, json=body, recheck=recheck) or {}).get("data")

    def update(self, client, item_id, body):
        """PATCH one object; return its `data` (None if the API answered none)."""
        return (client.patch(self.item(item_id), body) or {}).get("data")

    def delete(self, client, item_id, params=None):
        """DELETE one object. False if it was not there (404: gone already, e.g. a re-sent DELETE that went through)."""
        try:
            client.delete(self.item(item_id), params=params)
        except TelnyxNotFoundError:
            return False
        return True

    def action(self, client, item_id, name, params=None, json=None, recheck=None):
        """POST /<path>/<id>/actions/<name>; return the answer's `data` ({} if none)."""
        return (client.post(self.item(item_id, "actions", name), json=json, params=params, recheck=recheck) or {}).get("data") or {}


SIM_CARDS = Collection("/sim_cards")
SIM_CARD_ACTIONS = Collection("/sim_card_actions")
SIM_CARD_GROUPS = Collection("/sim_card_groups")
NOTIFICATIONS = Collection("/sim_card_data_usage_notifications")
BULK_SIM_CARD_ACTIONS = Collection("/bulk_sim_card_actions")
SIM_CARD_GROUP_ACTIONS = Collection("/sim_card_group_actions")
OTA_UPDATES = Collection("/ota_updates")
SIM_CARD_ORDERS = Collection("/sim_card_orders")
MOBILE_NETWORK_OPERATORS = Collection("/mobile_network_operators")
REGIONS_PATH = "/wireless/regions"
REGISTER_PATH = "/actions/register/sim_cards"
PURCHASE_ESIMS_PATH = "/actions/purchase/esims"
VALIDATE_CODES_PATH = "/sim_cards/actions/validate_registration_codes"
ORDER_PREVIEW_PATH = "/sim_card_order_preview"
BULK_SET_PUBLIC_IPS_PATH = "/sim_cards/actions/bulk_set_public_ips"
GATEWAYS = Collection("/private_wireless_gateways")
BLOCKLISTS = Collection("/wireless_blocklists")
BLOCKLIST_VALUES_PATH = "/wireless_blocklist_values"


# ------------------------------------------------------------------------------------------------ SIM cards

def get_sim_card(client, sim_id, params=None):
    """GET /sim_cards/{id}: the SIM card, or None."""
    return SIM_CARDS.get(client, sim_id, params=params)


def find_sim_card_by_iccid(client, iccid, params=None):
    """GET /sim_cards?filter[iccid]=: the SIM card with exactly this ICCID, or None (one request).

    filter[iccid] is a partial match, so the exact ICCID is picked from the page. The list answers
    SimpleSIMCard, which holds every field a module compares.
    """
    for item in SIM_CARDS.first_page(client, filters={"iccid": iccid}, params=params):
        if item.get("iccid") == iccid:
            return item
    return None


def list_sim_cards(client, filters=None, workers=1, sort=None):
    """GET /sim_cards, every page (sort: one of the spec's sort values, or None for the API's order)."""
    return SIM_CARDS.list(client, filters=filters, workers=workers, params={"sort": sort} if sort else None)


def iterate_sim_cards(client, filters=None, sort=None):
    """GET /sim_cards, lazily page after page (stop early: no further request)."""
    return SIM_CARDS.iterate(client, filters=filters, params={"sort": sort} if sort else None)


#: A batch of named ICCIDs: those that share all but their last 4 digits (an order's SIM cards are numbered in sequence),
#: so at most 10,000 ICCIDs of the account can share the batch's prefix: one list request filtered by it finds them.
ICCID_BATCH_FREE_DIGITS = 4


def iccid_batches(iccids):
    """[(prefix, [ICCIDs])] in ICCID order: the named ICCIDs grouped by all but their last ICCID_BATCH_FREE_DIGITS digits."""
    batches = {}
    for iccid in sorted(iccids):
        batches.setdefault(iccid[:-ICCID_BATCH_FREE_DIGITS], []).append(iccid)
    return sorted(batches.items())


def sim_cards_named(client, sim_ids=(), iccids=(), workers=1):
    """(the SIM cards, the list's page count) for a task that names its SIM cards by id and by ICCID, in the fewest
    requests (docs/fleet.md, "What a run costs"):

    1. the list's first page (it tells the page count P and may hold some of them);
    2. each name it does not hold: GET /sim_cards/{id}; the list filtered by each ICCID, or, on an account of more than
       41 pages, by the prefix of each batch of ICCIDs that share all but their last 4 digits (filter[iccid] is a partial
       match: one request finds up to 250 of a batch) - when those are fewer requests than the P - 1 other pages, else
       those pages;
    3. for a batch whose prefix the account shares with more than 250 SIM cards, the rest of that filtered list or one
       read per name still missing, whichever is fewer - and the P - 1 other pages instead when they are fewer still.

    `workers` at a time. A name not on the account is simply not returned."""
    first, meta = client.page(SIM_CARDS.path, 1, MAX_PAGE_SIZE)
    total_pages = max(1, meta.get("total_pages") or 1)
    found = {}
    for sim in first:
        found[str(sim.get("id") or "").lower()] = sim
    iccids_seen = set(sim.get("iccid") for sim in first)
    missing_ids = [sim_id for sim_id in dict.fromkeys(sim_ids) if sim_id.lower() not in found]
    missing_iccids = [iccid for iccid in dict.fromkeys(iccids) if iccid not in iccids_seen]
    if total_pages <= 1 or not (missing_ids or missing_iccids):
        return first, total_pages
    # a batch's prefix may match up to 10,000 SIM cards (40 pages): worth it only on an account with more pages than that
    if total_pages - 1 > 10 ** ICCID_BATCH_FREE_DIGITS // MAX_PAGE_SIZE:
        batches = iccid_batches(missing_iccids)
    else:
        batches = [(iccid, [iccid]) for iccid in missing_iccids]
    if len(missing_ids) + len(batches) >= total_pages - 1:
        return client.list_after_first(SIM_CARDS.path, first, total_pages, workers=workers), total_pages
    wanted = set(missing_iccids)
    read, follow_ups = _probe_named(client, missing_ids, batches, wanted, workers)
    if sum(len(work) for dummy, work in follow_ups) >= total_pages - 1:  # dense batches: the whole list is fewer requests now
        return client.list_after_first(SIM_CARDS.path, first, total_pages, workers=workers), total_pages
    for sim in read + _follow_up_named(client, follow_ups, wanted, workers):
        found.setdefault(str(sim.get("id") or "").lower(), sim)  # named both by id and by ICCID: read twice, returned once
    return list(found.values()), total_pages


def _probe_named(client, sim_ids, batches, wanted, workers):
    """sim_cards_named, step 2: (the SIM cards read, the follow-ups) - a follow-up is (prefix, page numbers still to read)
    or (None, ICCIDs still to read one by one) for a batch the first filtered page did not hold whole."""

    def probe(job):
        kind, value = job
        if kind == "id":
            return get_sim_card(client, value), None
        prefix, names = value
        if len(names) == 1:
            return find_sim_card_by_iccid(client, names[0]), None
        return client.page(SIM_CARDS.path, 1, MAX_PAGE_SIZE, filters={"iccid": prefix})

    jobs = [("id", sim_id) for sim_id in sim_ids] + [("batch", batch) for batch in batches]
    read, follow_ups = [], []
    for (dummy, value), (answer, batch_meta) in zip(jobs, bounded_map(probe, jobs, workers)):
        if batch_meta is None:
            read += [answer] if answer is not None else []
            continue
        read += [item for item in answer if item.get("iccid") in wanted]
        held = set(item.get("iccid") for item in answer)
        left = [iccid for iccid in value[1] if iccid not in held]
        pages = max(1, batch_meta.get("total_pages") or 1)
        if left and pages - 1 < len(left):
            follow_ups.append((value[0], list(range(2, pages + 1))))
        elif left:
            follow_ups.append((None, left))
    return read, follow_ups


def _follow_up_named(client, follow_ups, wanted, workers):
    """sim_cards_named, step 3: the SIM cards the follow-ups find."""

    def follow(job):
        prefix, item = job
        if prefix is None:
            return [find_sim_card_by_iccid(client, item)]
        return client.page(SIM_CARDS.path, item, MAX_PAGE_SIZE, filters={"iccid": prefix})[0]

    reads = [(prefix, item) for prefix, work in follow_ups for item in work]
    return [item for answer in bounded_map(follow, reads, workers) for item in answer if item is not None and item.get("iccid") in wanted]


def list_group_sim_cards(client, group_id):
    """GET /sim_cards?filter[sim_card_group_id]=, every page: the SIM cards in one group now."""
    return [sim for sim in SIM_CARDS.list(client, filters={"sim_card_group_id": group_id}) if sim.get("sim_card_group_id") in (None, group_id)]


def update_sim_card(client, sim_id, patch):
    """PATCH /sim_cards/{id}: the SIM card as the API answered it (None if no body)."""
    return SIM_CARDS.update(client, sim_id, patch)


def delete_sim_card(client, sim_id, report_lost=False):
    """DELETE /sim_cards/{id} (report_lost=true when asked). False when it was not there any more."""
    return SIM_CARDS.delete(client, sim_id, params={"report_lost": "true"} if report_lost else None)


def register_sim_cards(client, iccid, body):
    """POST /actions/register/sim_cards for the SIM card `iccid`; the API's whole answer ({"data": [...], "errors": [...]}).

    Protected by a look-up by ICCID: after a lost answer the SIM card found on the account is adopted, and it is
    registered again only if it is not there.
    """
    def registered():
        card = find_sim_card_by_iccid(client, iccid)
        return {"data": [card]} if card is not None else None
    return client.post(REGISTER_PATH, json=body, recheck=registered) or {}


def purchase_esims(client, body, bought_by_lost_attempt):
    """POST /actions/purchase/esims (charged at once, no idempotency key); the API's whole answer ({"data", "errors"}).

    Protected by a re-read: after a lost answer bought_by_lost_attempt() lists the eSIMs the lost attempt made (the
    group's eSIMs with the tags sent that were not there before); when it finds any they are adopted and the
    purchase is not sent again, so a dropped connection never buys twice.
    """
    def recheck():
        found = bought_by_lost_attempt()
        return {"data": found, "errors": []} if found else None
    answer = client.post(PURCHASE_ESIMS_PATH, json=body, recheck=recheck) or {}
    applied = "POST %s" % PURCHASE_ESIMS_PATH
    if not answer.get("data") and getattr(client, "applied", None) and client.applied[-1] == applied:
        client.applied.pop()  # a 202 that sold nothing (70001 with no stock at all) changed nothing on the account
    return answer


def validate_registration_codes(client, codes):
    """POST /sim_cards/actions/validate_registration_codes: [{registration_code, valid, invalid_detail}].

    It changes nothing, so it is safe to repeat, and it is the one request other than a GET that a read-only client
    (check mode) sends (TelnyxClient READ_ONLY_EXCEPTIONS).
    """
    return (client.post(VALIDATE_CODES_PATH, json={"registration_codes": list(codes)}, idempotent=True) or {}).get("data") or []


def get_public_ip(client, sim_id):
    """GET /sim_cards/{id}/public_ip: the public IP object, or None when it has none (404 or null data)."""
    return SIM_CARDS.get(client, sim_id, "public_ip") or None


def get_device_details(client, sim_id):
    """GET /sim_cards/{id}/device_details, or None."""
    return SIM_CARDS.get(client, sim_id, "device_details")


def get_activation_code(client, sim_id):
    """GET /sim_cards/{id}/activation_code: the eSIM's activation code object (errors raise: TelnyxAPIError)."""
    return SIM_CARDS.get_data(client, sim_id, "activation_code")


def public_ip_regions(client):
    """GET /wireless/regions?product=public_ips: the regions that offer public IPs."""
    return client.get_data(REGIONS_PATH, params={"product": "public_ips"}) or []


def register_sim_card_batch(client, body, registered):
    """POST /actions/register/sim_cards with many codes; the API's whole answer ({"data": [...], "errors": [...]}).

    registered(): the re-read after a lost answer - the SIM cards of the batch found on the account ({"data": ...})
    when all of them are, else None (the batch is sent again; a code is used only once, so a code that did go
    through comes back as an error and no SIM card is registered twice).
    """
    return client.post(REGISTER_PATH, json=body, recheck=registered) or {}


# ------------------------------------------------------------------------------------------------ SIM card actions

def get_sim_card_action(client, action_id):
    """GET /sim_card_actions/{id}, or None."""
    return SIM_CARD_ACTIONS.get(client, action_id)


def recent_sim_card_actions(client, sim_id):
    """GET /sim_card_actions?filter[sim_card_id]=: the SIM card's actions on the first page (one request)."""
    items = SIM_CARD_ACTIONS.first_page(client, filters={"sim_card_id": sim_id})
    return [item for item in items if item.get("sim_card_id") in (None, sim_id)]


def newest_sim_card_action(client, sim_id, action_type):
    """The newest SIM card action of `action_type` on a SIM card (one request), or None."""
    items = SIM_CARD_ACTIONS.first_page(client, filters={"sim_card_id": sim_id, "action_type": action_type})
    items = [item for item in items if item.get("sim_card_id") in (None, sim_id)]
    return max(items, key=lambda item: item.get("created_at") or "") if items else None


def start_status_action(client, sim_id, action_type, shows_it):
    """POST /sim_cards/{id}/actions/{enable|disable|set_standby}; the SIM card action the API created.

    Protected by a re-read of the SIM card: if shows_it(SIM card) (it shows the action's transitional or
    final status), the lost attempt went through, and the action it created is adopted.
    """
    def acted():
        if shows_it(get_sim_card(client, sim_id)):
            return {"data": newest_sim_card_action(client, sim_id, action_type) or {"sim_card_id": sim_id, "action_type": action_type}}
        return None
    return SIM_CARDS.action(client, sim_id, action_type, recheck=acted)


def start_voice_action(client, sim_id, action_type, body, shows_it):
    """POST /sim_cards/{id}/actions/{enable_voice|disable_voice} (Telnyx beta; optional body {"connection_id"}); the
    SIM card action.

    The path and body come from Telnyx's SDK >= 4.174 (the spec snapshot lacks them). Protected by a re-read: the
    newest action of this type, when it is under way or shows_it(SIM card) (voice_enabled is already as asked), is
    adopted instead of sending a second one.
    """
    def acted():
        action = newest_sim_card_action(client, sim_id, action_type)
        if ((action or {}).get("status") or {}).get("value") == "in-progress" or shows_it(get_sim_card(client, sim_id)):
            return {"data": action or {"sim_card_id": sim_id, "action_type": action_type}}
        return None
    return SIM_CARDS.action(client, sim_id, action_type, json=body, recheck=acted)


def _public_ip_recheck(client, sim_id, action_type, done):
    """The re-read of a public IP action: adopt the newest action of this type when it is under way, or when
    done(public IP now) says the change is made; otherwise None (send again)."""
    def recheck():
        action = newest_sim_card_action(client, sim_id, action_type)
        if ((action or {}).get("status") or {}).get("value") == "in-progress" or done(get_public_ip(client, sim_id)):
            return {"data": action}
        return None
    return recheck


def set_public_ip(client, sim_id, region_code=None):
    """POST /sim_cards/{id}/actions/set_public_ip[?region_code=]; the SIM card action. It costs money: never sent twice."""
    def done(public_ip):
        return public_ip is not None and (not region_code or public_ip.get("region_code") == region_code)
    return SIM_CARDS.action(client, sim_id, "set_public_ip", params={"region_code": region_code} if region_code else None,
                            recheck=_public_ip_recheck(client, sim_id, "set_public_ip", done)) or None


def remove_public_ip(client, sim_id):
    """POST /sim_cards/{id}/actions/remove_public_ip; the SIM card action."""
    return SIM_CARDS.action(client, sim_id, "remove_public_ip",
                            recheck=_public_ip_recheck(client, sim_id, "remove_public_ip", lambda public_ip: public_ip is None)) or None


# ------------------------------------------------------------------------------------------------ bulk SIM card actions

BULK_VOICE_PATH = "/sim_cards/actions/%s"  # bulk_enable_voice, bulk_disable_voice


def get_bulk_sim_card_action(client, bulk_id):
    """GET /bulk_sim_card_actions/{id} (with its sim_card_actions_summary), or None."""
    return BULK_SIM_CARD_ACTIONS.get(client, bulk_id)


def recent_bulk_sim_card_actions(client, action_type):
    """GET /bulk_sim_card_actions?filter[action_type]=: the first page, newest first (one request)."""
    items = BULK_SIM_CARD_ACTIONS.first_page(client, filters={"action_type": action_type})
    items = [item for item in items if item.get("action_type") in (None, action_type)]
    return sorted(items, key=lambda item: item.get("created_at") or "", reverse=True)


def list_bulk_sim_card_action_items(client, bulk_id):
    """GET /sim_card_actions?filter[bulk_sim_card_action_id]=: the SIM card actions of one bulk action, every page."""
    return SIM_CARD_ACTIONS.list(client, filters={"bulk_sim_card_action_id": bulk_id})


def start_bulk_voice(client, group_id, action_type, connection_id, shows_it):
    """POST /sim_cards/actions/{bulk_enable_voice|bulk_disable_voice} with {sim_card_group_id[, connection_id]} (Telnyx
    beta); the bulk SIM card action (202). It acts on every SIM card of the group at that moment.

    Protected by a re-read. Before sending, the newest bulk actions of this type are listed (one request) so that the
    re-read can tell which one a lost attempt made: after a lost answer, the newest bulk action of this type for this
    group that was not listed before is adopted; else, when shows_it(the group's SIM cards) holds (every one already
    shows the wanted voice_enabled), the lost attempt is taken as done and adopted as {"id": None, ...}; only otherwise
    is it sent again. Never sent twice blindly.
    """
    body = {"sim_card_group_id": group_id}
    if connection_id:
        body["connection_id"] = connection_id
    known = set(item.get("id") for item in recent_bulk_sim_card_actions(client, action_type))

    def acted():
        for item in recent_bulk_sim_card_actions(client, action_type):
            if item.get("id") not in known and (item.get("settings") or {}).get("sim_card_group_id") == group_id:
                return {"data": item}
        if shows_it(list_group_sim_cards(client, group_id)):
            return {"data": {"id": None, "record_type": "bulk_sim_card_action", "action_type": action_type, "settings": body}}
        return None
    return (client.post(BULK_VOICE_PATH % action_type, json=body, recheck=acted) or {}).get("data") or {}


def bulk_set_public_ips(client, sim_ids):
    """POST /sim_cards/actions/bulk_set_public_ips {"sim_card_ids": [...]}; the bulk SIM card action (Telnyx then starts
    one set_public_ip SIM card action per SIM card, in the default region).

    A public IP costs money, so the bulk is never sent twice: after a lost answer the newest bulk actions of this type
    are re-read, and one for exactly these SIM cards is adopted (it is what the lost attempt made); only when none is
    found is the request sent again.
    """
    wanted = sorted(str(sim_id).lower() for sim_id in sim_ids)

    def recheck():
        for bulk in recent_bulk_sim_card_actions(client, "bulk_set_public_ips"):
            if sorted(str(sim_id).lower() for sim_id in (bulk.get("settings") or {}).get("sim_card_ids") or []) == wanted:
                return {"data": bulk}
        return None
    return (client.post(BULK_SET_PUBLIC_IPS_PATH, json={"sim_card_ids": list(sim_ids)}, recheck=recheck) or {}).get("data") or {}


# ------------------------------------------------------------------------------------------------ SIM card groups

def get_sim_card_group(client, group_id):
    """GET /sim_card_groups/{id}, or None."""
    return SIM_CARD_GROUPS.get(client, group_id)


def iterate_sim_card_groups(client, name=None):
    """GET /sim_card_groups[?filter[name]=], lazily page after page."""
    return SIM_CARD_GROUPS.iterate(client, filters={"name": name} if name else None)


def list_sim_card_groups(client):
    """GET /sim_card_groups, every page."""
    return SIM_CARD_GROUPS.list(client)


# ------------------------------------------------------------------------------------------------ data usage notifications

def list_notifications(client, sim_id=None):
    """GET /sim_card_data_usage_notifications[?filter[sim_card_id]=]: one SIM card's (or the account's) notifications."""
    return NOTIFICATIONS.list(client, filters={"sim_card_id": sim_id} if sim_id else None)


def notifications_of(client, sim_ids, workers=1):
    """{SIM card id: its notifications} for the SIM cards `sim_ids`, in the fewest requests: the account's whole list
    (its pages fetched `workers` at a time) when it has no more pages than there are SIM cards, else one filtered read
    per SIM card. At most one request more than the cheaper of the two (the first page, which tells the page count)."""
    sim_ids = list(sim_ids)
    found = dict((sim_id, []) for sim_id in sim_ids)
    if not sim_ids:
        return found
    every = client.list_all(NOTIFICATIONS.path, size=MAX_PAGE_SIZE, workers=workers, max_pages=len(sim_ids))
    if every is None:
        for sim_id, items in zip(sim_ids, bounded_map(lambda sim_id: list_notifications(client, sim_id), sim_ids, workers)):
            found[sim_id] = items
        return found
    lower = dict((sim_id.lower(), sim_id) for sim_id in sim_ids)
    for notification in every:
        sim_id = lower.get(str(notification.get("sim_card_id") or "").lower())
        if sim_id is not None:
            found[sim_id].append(notification)
    return found


def get_notification(client, notification_id):
    """GET /sim_card_data_usage_notifications/{id}, or None."""
    return NOTIFICATIONS.get(client, notification_id)


def create_notification(client, sim_id, threshold, is_it):
    """POST /sim_card_data_usage_notifications; the notification made.

    Protected by a re-read of the SIM card's notifications: one for which is_it(notification) holds (the
    threshold asked for) is adopted. The caller creates only a threshold the SIM card lacks, so a match is
    the one a lost attempt made, and a dropped connection never leaves two.
    """
    def made_by_lost_attempt():
        return next((notification for notification in list_notifications(client, sim_id) if is_it(notification)), None)
    return NOTIFICATIONS.create(client, {"sim_card_id": sim_id, "threshold": threshold}, made_by_lost_attempt)


def update_notification(client, notification_id, threshold):
    """PATCH /sim_card_data_usage_notifications/{id} with a new threshold; the notification."""
    return NOTIFICATIONS.update(client, notification_id, {"threshold": threshold})


def delete_notification(client, notification_id):
    """DELETE /sim_card_data_usage_notifications/{id}; a 404 means gone already."""
    NOTIFICATIONS.delete(client, notification_id)


def _exactly_named(collection, client, name, keep=None):
    """Every item of `collection` named exactly `name` (filter[name], then an exact match; keep(item) filters further)."""
    return [item for item in collection.iterate(client, filters={"name": name}) if item.get("name") == name and (keep is None or keep(item))]


def _adopt_named(collection, client, name, keep=None):
    """The re-read of a create by name: the item a lost attempt made (the caller made sure none existed before)."""
    def made():
        found = _exactly_named(collection, client, name, keep)
        return found[0] if found else None
    return made


def sim_card_groups_named(client, name):
    """GET /sim_card_groups?filter[name]=: the groups named exactly `name`."""
    return _exactly_named(SIM_CARD_GROUPS, client, name)


def sim_card_groups_using(client, field, object_id):
    """GET /sim_card_groups?filter[<field>]=: the groups whose private_wireless_gateway_id or wireless_blocklist_id is object_id."""
    return SIM_CARD_GROUPS.list(client, filters={field: object_id})


def create_sim_card_group(client, body):
    """POST /sim_card_groups; protected by a look-up by name (the group a lost attempt made is adopted)."""
    return SIM_CARD_GROUPS.create(client, body, _adopt_named(SIM_CARD_GROUPS, client, body["name"]))


def update_sim_card_group(client, group_id, body):
    """PATCH /sim_card_groups/{id} (name, data_limit; data_limit null removes it)."""
    return SIM_CARD_GROUPS.update(client, group_id, body)


def delete_sim_card_group(client, group_id):
    """DELETE /sim_card_groups/{id}; False when it was not there. 70005 (it holds SIM cards) and 70006 (default) raise."""
    return SIM_CARD_GROUPS.delete(client, group_id)


def count_sim_cards_in_group(client, group_id):
    """How many SIM cards a group holds: one request (GET /sim_cards?filter[sim_card_group_id]=&page[size]=1, total_results)."""
    dummy, meta = client.page(SIM_CARDS.path, 1, size=1, filters={"sim_card_group_id": group_id})
    return int(meta.get("total_results") or 0)


# ------------------------------------------------------------------------------------------------ SIM card group actions

def list_sim_card_group_actions(client, group_id, action_type=None, status=None):
    """GET /sim_card_group_actions filtered by group (and type, status): the first page, newest first."""
    filters = {"sim_card_group_id": group_id}
    if action_type:
        filters["type"] = action_type
    if status:
        filters["status"] = status
    items = [item for item in SIM_CARD_GROUP_ACTIONS.first_page(client, filters=filters) if item.get("sim_card_group_id") in (None, group_id)]
    return sorted(items, key=lambda item: item.get("created_at") or "", reverse=True)


def get_sim_card_group_action(client, action_id):
    """GET /sim_card_group_actions/{id}, or None."""
    return SIM_CARD_GROUP_ACTIONS.get(client, action_id)


def start_sim_card_group_action(client, group_id, action_type, field, target_id, adopt):
    """POST /sim_card_groups/{id}/actions/{action_type} (body {field: target_id} for a set action); the group action.

    Protected by a re-read: adopt(actions of this type on the group, the group now) returns the action a lost attempt
    started (under way towards the target, or the group already shows the result), or None to send it again.
    """
    def acted():
        found = adopt(list_sim_card_group_actions(client, group_id, action_type), lambda: get_sim_card_group(client, group_id))
        return {"data": found} if found is not None else None
    return SIM_CARD_GROUPS.action(client, group_id, action_type, json={field: target_id} if target_id else None, recheck=acted)


# ------------------------------------------------------------------------------------------------ private wireless gateways

def get_private_wireless_gateway(client, gateway_id):
    """GET /private_wireless_gateways/{id}, or None."""
    return GATEWAYS.get(client, gateway_id)


def private_wireless_gateways_named(client, name, keep=None):
    """GET /private_wireless_gateways?filter[name]=: the gateways named exactly `name` (for which keep(gateway) holds)."""
    return _exactly_named(GATEWAYS, client, name, keep)


def list_private_wireless_gateways(client):
    """GET /private_wireless_gateways, every page."""
    return GATEWAYS.list(client)


def create_private_wireless_gateway(client, body, keep=None):
    """POST /private_wireless_gateways; protected by a look-up by name (a live gateway of that name is adopted)."""
    return GATEWAYS.create(client, body, _adopt_named(GATEWAYS, client, body["name"], keep))


def delete_private_wireless_gateway(client, gateway_id):
    """DELETE /private_wireless_gateways/{id} (it is decommissioned); False when it was not there."""
    return GATEWAYS.delete(client, gateway_id)


# ------------------------------------------------------------------------------------------------ wireless blocklists

def get_wireless_blocklist(client, blocklist_id):
    """GET /wireless_blocklists/{id}, or None."""
    return BLOCKLISTS.get(client, blocklist_id)


def wireless_blocklists_named(client, name):
    """GET /wireless_blocklists?filter[name]=: the blocklists named exactly `name`."""
    return _exactly_named(BLOCKLISTS, client, name)


def list_wireless_blocklists(client, blocklist_type=None):
    """GET /wireless_blocklists[?filter[type]=], every page."""
    return BLOCKLISTS.list(client, filters={"type": blocklist_type} if blocklist_type else None)


def create_wireless_blocklist(client, body):
    """POST /wireless_blocklists; protected by a look-up by name."""
    return BLOCKLISTS.create(client, body, _adopt_named(BLOCKLISTS, client, body["name"]))


def update_wireless_blocklist(client, blocklist_id, body):
    """PATCH /wireless_blocklists/{id} (name, values)."""
    return BLOCKLISTS.update(client, blocklist_id, body)


def delete_wireless_blocklist(client, blocklist_id):
    """DELETE /wireless_blocklists/{id}; False when it was not there."""
    return BLOCKLISTS.delete(client, blocklist_id)


def wireless_blocklist_values(client, blocklist_type):
    """GET /wireless_blocklist_values?type=: the values Telnyx accepts for a type, as a set of codes.

    Items are {code, name} in the spec and {country_code} / {mcc} / {plmn} in SDK 4.189: both are read.
    """
    body = client.get(BLOCKLIST_VALUES_PATH, params={"type": blocklist_type}) or {}
    values = set()
    for item in body.get("data") or ():
        if isinstance(item, dict):
            for key in ("code", "country_code", "mcc", "plmn"):
                if item.get(key):
                    values.add(str(item[key]))
                    break
        elif item:
            values.add(str(item))
    return values


# ------------------------------------------------------------------------------------------------ history (read-only)

#: The action lists by kind: SIM card actions, bulk SIM card actions, SIM card group actions.
ACTION_LISTS = {"sim_card": SIM_CARD_ACTIONS, "bulk": BULK_SIM_CARD_ACTIONS, "group": SIM_CARD_GROUP_ACTIONS}


def get_action(client, kind, action_id):
    """GET /sim_card_actions/{id}, /bulk_sim_card_actions/{id} or /sim_card_group_actions/{id}, or None."""
    return ACTION_LISTS[kind].get(client, action_id)


def iterate_actions(client, kind, filters=None):
    """The actions of one kind matching the filters, lazily page after page (stop early: no further request)."""
    return ACTION_LISTS[kind].iterate(client, filters=filters)


def iterate_connectivity_logs(client, sim_id):
    """GET /sim_cards/{id}/wireless_connectivity_logs, lazily page after page."""
    return client.paginate(SIM_CARDS.item(sim_id, "wireless_connectivity_logs"))


def get_ota_update(client, ota_id):
    """GET /ota_updates/{id} (the detail, with its settings), or None."""
    return OTA_UPDATES.get(client, ota_id)


def iterate_ota_updates(client, filters=None):
    """GET /ota_updates with filters (sim_card_id, status, type), lazily page after page."""
    return OTA_UPDATES.iterate(client, filters=filters)


def list_mobile_network_operators(client, filters=None):
    """GET /mobile_network_operators with filters, every page."""
    return MOBILE_NETWORK_OPERATORS.list(client, filters=filters)


# ------------------------------------------------------------------------------------------------ SIM card orders (read-only)

def list_sim_card_orders(client, filters=None):
    """GET /sim_card_orders with filters (the spec's: address.id, quantity, cost.amount, ...), every page."""
    return SIM_CARD_ORDERS.list(client, filters=filters)


def get_sim_card_order(client, order_id):
    """GET /sim_card_orders/{id}, or None."""
    return SIM_CARD_ORDERS.get(client, order_id)


def preview_sim_card_order(client, quantity, address_id):
    """POST /sim_card_order_preview: what an order of `quantity` SIM cards to `address_id` would cost (SIMCardOrderPreview).

    A quote: it orders nothing, so it is safe to repeat and a read-only client (check mode) sends it
    (TelnyxClient READ_ONLY_EXCEPTIONS).
    """
    body = client.post(ORDER_PREVIEW_PATH, json={"quantity": quantity, "address_id": address_id}, idempotent=True) or {}
    return body.get("data") or {}

# ------------------------------------------------------------------------------------------------ notification delivery
# Telnyx's Notifications API (not in the wireless spec; shapes from telnyx-python 4.189 types/notification_*.py):
# profiles (a name), channels (a profile's e-mail, SMS, voice or webhook destination), settings (an event condition
# delivered through a channel of a profile). Lists filter with filter[<field>][eq].


NOTIFICATION_PROFILES = Collection("/notification_profiles")
NOTIFICATION_CHANNELS = Collection("/notification_channels")
NOTIFICATION_SETTINGS = Collection("/notification_settings")
NOTIFICATION_EVENT_CONDITIONS = Collection("/notification_event_conditions")


def _filtered(collection, client, filters):
    """Every item of a Notifications API list filtered with filter[<name>][eq]; filters: {name: (the item's field, value)},
    None values left out. What is answered is filtered again on the items' fields."""
    wanted = dict((name, pair) for name, pair in filters.items() if pair[1] is not None)
    items = collection.list(client, filters=dict((name, {"eq": value}) for name, (dummy, value) in wanted.items()))
    return [item for item in items if all(item.get(field) == value for field, value in wanted.values())]


def get_notification_profile(client, profile_id):
    """GET /notification_profiles/{id}, or None."""
    return NOTIFICATION_PROFILES.get(client, profile_id)


def notification_profiles_named(client, name):
    """GET /notification_profiles, every page (the list has no name filter): the profiles named exactly `name`."""
    return [item for item in NOTIFICATION_PROFILES.iterate(client) if item.get("name") == name]


def list_notification_profiles(client):
    """GET /notification_profiles, every page."""
    return NOTIFICATION_PROFILES.list(client)


def create_notification_profile(client, name):
    """POST /notification_profiles {name}; protected by a look-up by name (the caller made sure none had it before)."""
    def made():
        found = notification_profiles_named(client, name)
        return found[0] if found else None
    return NOTIFICATION_PROFILES.create(client, {"name": name}, made)


def delete_notification_profile(client, profile_id):
    """DELETE /notification_profiles/{id}; False when it was not there."""
    return NOTIFICATION_PROFILES.delete(client, profile_id)


def get_notification_channel(client, channel_id):
    """GET /notification_channels/{id}, or None."""
    return NOTIFICATION_CHANNELS.get(client, channel_id)


def list_notification_channels(client, profile_id=None, channel_type=None):
    """GET /notification_channels[?filter[notification_profile_id][eq]=&filter[channel_type_id][eq]=], every page; the
    filters are applied again to what is answered."""
    return _filtered(NOTIFICATION_CHANNELS, client, {"notification_profile_id": ("notification_profile_id", profile_id),
                                                     "channel_type_id": ("channel_type_id", channel_type)})


def create_notification_channel(client, profile_id, channel_type, destination, is_it):
    """POST /notification_channels {notification_profile_id, channel_type_id, channel_destination}.

    Protected by a re-read of the profile's channels of that type: one for which is_it(channel) holds (the destination
    sent) is adopted. The caller creates only a channel the profile lacks, so a match is what a lost attempt made.
    """
    def made():
        return next((item for item in list_notification_channels(client, profile_id, channel_type) if is_it(item)), None)
    body = {"notification_profile_id": profile_id, "channel_type_id": channel_type, "channel_destination": destination}
    return NOTIFICATION_CHANNELS.create(client, body, made)


def delete_notification_channel(client, channel_id):
    """DELETE /notification_channels/{id}; False when it was not there."""
    return NOTIFICATION_CHANNELS.delete(client, channel_id)


def get_notification_setting(client, setting_id):
    """GET /notification_settings/{id}, or None."""
    return NOTIFICATION_SETTINGS.get(client, setting_id)


def list_notification_settings(client, profile_id=None, channel_id=None):
    """GET /notification_settings[?filter[notification_profile_id][eq]=&filter[notification_channel][eq]=], every page; the
    filters are applied again to what is answered."""
    return _filtered(NOTIFICATION_SETTINGS, client, {"notification_profile_id": ("notification_profile_id", profile_id),
                                                     "notification_channel": ("notification_channel_id", channel_id)})


def create_notification_setting(client, body, is_it):
    """POST /notification_settings {notification_profile_id, notification_channel_id, notification_event_condition_id,
    parameters}. Protected by a re-read of the profile's settings: one for which is_it(setting) holds is adopted (the
    caller creates only a setting the profile lacks)."""
    def made():
        return next((item for item in list_notification_settings(client, body["notification_profile_id"]) if is_it(item)), None)
    return NOTIFICATION_SETTINGS.create(client, body, made)


def delete_notification_setting(client, setting_id):
    """DELETE /notification_settings/{id}; False when it was not there."""
    return NOTIFICATION_SETTINGS.delete(client, setting_id)


def list_notification_event_conditions(client):
    """GET /notification_event_conditions, every page (the events Telnyx can notify, such as a SIM card's data usage)."""
    return NOTIFICATION_EVENT_CONDITIONS.list(client)
# ------------------------------------------------------------------------------------------------ WDR reports


WDR_REPORTS = Collection("/wireless/detail_records_reports")


def get_wdr_report(client, report_id):
    """GET /wireless/detail_records_reports/{id}: the report, or None."""
    return WDR_REPORTS.get(client, report_id)


def delete_wdr_report(client, report_id):
    """DELETE /wireless/detail_records_reports/{id}. False when it was not there any more."""
    return WDR_REPORTS.delete(client, report_id)


def create_wdr_report(client, start_time, end_time, same_period):
    """POST /wireless/detail_records_reports for a period; the report made.

    The list has no filter, so the reports listed just before the POST are remembered (one GET per 250 reports); a
    lost answer is re-read as the report listed then that was not listed before and covers this period
    (same_period(report), the caller's rule), the newest if several: a second report is never made for it.
    """
    before = set(report.get("id") for report in WDR_REPORTS.list(client))

    def made_by_lost_attempt():
        new = [report for report in WDR_REPORTS.list(client) if report.get("id") not in before and same_period(report)]
        return max(new, key=lambda report: report.get("created_at") or "") if new else None
    return WDR_REPORTS.create(client, {"start_time": start_time, "end_time": end_time}, made_by_lost_attempt)


def download_wdr_report_file(client, report):
    """The report's file (at report_url, without the API key: see TelnyxClient.download) as text."""
    return client.download(report.get("report_url"))
