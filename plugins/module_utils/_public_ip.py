# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Public IPs of SIM cards: reading one, the regions that offer them, and the plan (pure: state in, steps out).

Shared by the sim_card_public_ip and sim_card_public_ip_info modules. The requests are in _api.py (set and remove
are protected there against a lost answer), the waits in _actions.py.
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure

REMOVE = "remove"
SET = "set"
REGION_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def check_region_code(region, option="region_code"):
    """Messages for a malformed region code (None: not given, fine). Sends nothing."""
    if region is not None and not REGION_CODE_RE.match(region):
        return ["%s must be a region code such as dc2, got %r" % (option, region)]
    return []


def get_public_ip(client, sim_id):
    """The SIM card's public IP object, or None when it has none (the API answers 404 or null data)."""
    return api.get_public_ip(client, sim_id)


def public_ip_region_codes(client):
    """The codes of the regions where a public IP can be set (one request)."""
    return sorted(region.get("code") for region in api.public_ip_regions(client) if region.get("code"))


def plan_public_ip(state, current, region_code=None, allow_address_change=False, label="the SIM card"):
    """What brings a SIM card's public IP to `state`: {"steps": [...], "await_address": bool}. Sends nothing.

    current: the SIM card's public IP now (None for none). steps: "remove" and/or "set", in order. A public IP
    in another region than region_code is released first, then set again (a new address): every allowlist that
    holds the old address breaks, so without allow_address_change that plan fails (TelnyxError), naming the address.
    await_address: the public IP asked for is already being set (no address yet), so the task waits for it as if
    it had asked. label: how the failure names the SIM card.
    """
    if state == "absent":
        steps = [REMOVE] if current else []
    elif current is None:
        steps = [SET]
    elif region_code and current.get("region_code") != region_code:
        if not allow_address_change:
            address = "public IP %s" % current["ip"] if current.get("ip") else "public IP (its address not assigned yet)"
            raise TelnyxError(
                "%s has its %s in region %s; moving it to region %s releases that address, which every allowlist holding it then "
                "stops matching, and sets a new one. Set allow_address_change: true to allow it (nothing was changed)." % (
                    label, address, current.get("region_code"), region_code),
                collection_failure("address_change", "%s in %s would be released for region %s" % (
                    current.get("ip"), current.get("region_code"), region_code), "Public IP address change not allowed"))
        steps = [REMOVE, SET]
    else:
        steps = []
    return {"steps": steps, "await_address": bool(not steps and current and not current.get("ip"))}


def predict_public_ip(sim_id, current, steps, region_code=None):
    """The public IP as the plan leaves it, before Telnyx assigns an address (what check mode reports)."""
    if SET in steps:
        return {"sim_card_id": sim_id, "record_type": "sim_card_public_ip", "ip": None, "region_code": region_code,
                "type": "ipv4", "created_at": None, "updated_at": None}
    return None if steps else current
