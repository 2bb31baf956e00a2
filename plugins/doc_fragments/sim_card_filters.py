# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the SIM card filters shared by the sim_card_info module and the sim_cards inventory plugin."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Doc fragment telnyx.wireless.sim_card_filters (the code is the SIM card query in module_utils/_sim_card.py).

    A plugin that extends it may add keys to an option (choices, default, aliases) but not a description,
    which would replace this one.
    """

    DOCUMENTATION = r"""
options:
  tags:
    description:
      - Only SIM cards that carry every one of these tags (filtered by the API).
    type: list
    elements: str
  status:
    description:
      - Only SIM cards in one of these statuses.
      - The settled statuses V(enabled), V(disabled), V(standby), V(data_limit_exceeded) and V(unauthorized_imei) are
        filtered by the API; when a transitional status (V(registering), V(enabling), V(disabling),
        V(setting_standby)) is asked for, the SIM cards are listed unfiltered by status and filtered here.
    type: list
    elements: str
  sim_card_group:
    description:
      - Only SIM cards in this SIM card group, by UUID or by name.
      - A UUID or a name no group has fails (C(failure.reason) V(group_not_found)), as does a name two groups share
        (V(ambiguous_group)), by the same rule as every module that takes a SIM card group.
        The module looks the group up with one request; the inventory plugin finds it in the group list it reads anyway.
    type: str
  iccid_prefix:
    description:
      - Only SIM cards whose ICCID starts with these digits (1 to 20 digits, for example a batch from one order).
    type: str
notes:
  - The SIM card filters O(tags), O(status), O(sim_card_group) and O(iccid_prefix) have the same names and the same
    meaning in M(telnyx.wireless.sim_card_info) and in the C(telnyx.wireless.sim_cards) inventory plugin, so a filter
    moved from a play into an inventory file selects the same SIM cards. Filters combine with AND.
"""
