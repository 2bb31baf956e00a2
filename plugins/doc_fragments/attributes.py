# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the attributes (check mode, diff mode, action group) of telnyx.wireless modules."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Doc fragment telnyx.wireless.attributes: DOCUMENTATION for modules that change things, INFO_MODULE for _info ones."""

    DOCUMENTATION = r"""
attributes:
  check_mode:
    description:
      - Runs in check mode, sends no write request at all (the API client refuses anything but GET),
        reports C(changed) exactly as the real run would, and returns the object as it would be afterwards.
    support: full
  diff_mode:
    description:
      - Returns the object before and after the change, with volatile fields (timestamps, usage counters,
        live network data) hidden, in check mode too.
    support: full
  action_group:
    description: Use C(group/telnyx.wireless.all) in C(module_defaults) to set the API options of every telnyx.wireless module at once.
    support: full
    membership:
      - telnyx.wireless.all
"""

    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Read-only; runs in check mode exactly as in a normal run.
    support: full
  diff_mode:
    description: Changes nothing, so has no diff.
    support: N/A
  action_group:
    description: Use C(group/telnyx.wireless.all) in C(module_defaults) to set the API options of every telnyx.wireless module at once.
    support: full
    membership:
      - telnyx.wireless.all
"""
