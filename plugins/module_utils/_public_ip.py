# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Public IPs of SIM cards: reading one, the regions that offer them, setting and removing one exactly once.

Shared by the sim_card_public_ip and sim_card_public_ip_info modules.
"""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import find_action

# A SIM card action's status has the SIM card's shape, {"value", "reason"}.
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import sim_status as action_status

PRODUCT = "public_ips"


def get_public_ip(client, sim_id):
    """The SIM card's public IP object, or None when it has none (the API answers 404 or null data)."""
    return client.get_or_none("/sim_cards/%s/public_ip" % sim_id) or None


def public_ip_region_codes(client):
    """The codes of the regions where a public IP can be set (one request)."""
    regions = client.get_data("/wireless/regions", params={"product": PRODUCT}) or []
    return sorted(region.get("code") for region in regions if region.get("code"))


def _action_recheck(client, sim_id, action_type, done):
    """The re-read the client runs before re-sending an unanswered action request (see TelnyxClient.request).

    The lost attempt went through if the SIM card's newest action of this type is under way, or if
    done(its public IP now) says the change is made: that action is adopted. Otherwise None: send
    again. (The caller sends only a change the SIM card was seen to need, with nothing under way.)
    """
    def recheck():
        action = find_action(client, sim_id, action_type)
        if action_status(action) == "in-progress" or done(get_public_ip(client, sim_id)):
            return {"data": action}
        return None
    return recheck


def set_public_ip(client, sim_id, region_code=None):
    """Ask Telnyx to map a public IP to the SIM card (in region_code if given). Returns the SIM card action.

    It costs money, so it is never sent twice: an attempt without an answer is followed by a
    re-read, and an action or a public IP that the lost attempt made is adopted.
    """
    def done(public_ip):
        return public_ip is not None and (not region_code or public_ip.get("region_code") == region_code)

    body = client.post("/sim_cards/%s/actions/set_public_ip" % sim_id, params={"region_code": region_code} if region_code else None,
                       recheck=_action_recheck(client, sim_id, "set_public_ip", done))
    return body.get("data")


def remove_public_ip(client, sim_id):
    """Ask Telnyx to release the SIM card's public IP. Returns the SIM card action (adopted after a lost answer, as above)."""
    body = client.post("/sim_cards/%s/actions/remove_public_ip" % sim_id,
                       recheck=_action_recheck(client, sim_id, "remove_public_ip", lambda public_ip: public_ip is None))
    return body.get("data")
