# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wireless blocklist values: every ISO 3166-1 country (countries.py), as Telnyx accepts them."""

from __future__ import annotations


def test_country_blocklist_values_are_every_iso_country(emu, api):
    """RU, IR and the other 247 ISO 3166-1 codes are listed and accepted; XK (not assigned by ISO) is refused."""
    listed = api.get("/wireless_blocklist_values", params={"type": "country"}).json()["data"]
    codes = [item["code"] for item in listed]
    assert len(codes) == len(set(codes)) == 249 and {"RU", "IR", "KP", "US"} <= set(codes) and "XK" not in codes
    made = api.post("/wireless_blocklists", json={"name": "sanctions", "type": "country", "values": ["RU", "IR"]})
    assert made.status_code == 202 and made.json()["data"]["values"] == ["RU", "IR"]
    refused = api.post("/wireless_blocklists", json={"name": "bad", "type": "country", "values": ["XK"]})
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "10015"
