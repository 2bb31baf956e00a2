# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order of the history lists: SIM card actions, bulk SIM card actions, SIM card group actions, OTA updates and a
SIM card's wireless connectivity logs.

Telnyx documents no order for any of them: the OpenAPI document gives these lists no `sort` parameter and no word on
order (only GET /sim_cards has `sort`), the SDKs' list methods (telnyx 4.189) take only `filter` and `page`, and the API
reference pages say "a paginated collection". The one sentence on order is the support article "SIM Card Actions"
(support.telnyx.com/en/articles/5812328): each action "is logged in chronological order", about the portal's log, not
the list's direction. So the emulator serves one order for all five, newest first by default (the order the portal
shows), and `/_emulator/config` `history_order: oldest_first` serves every one oldest first, so that a client can be
tested against both: a client must not rely on either.
"""

from __future__ import annotations

HISTORY_ORDERS = ("newest_first", "oldest_first")
DEFAULT_HISTORY_ORDER = "newest_first"


def ordered(state, oldest_first):
    """`oldest_first` (a history list in creation order) in the order the emulator is configured to serve."""
    items = list(oldest_first)
    if state.config.get("history_order", DEFAULT_HISTORY_ORDER) == "newest_first":
        items.reverse()
    return items
