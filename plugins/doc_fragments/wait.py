# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the options of modules that wait for an asynchronous change."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Doc fragment telnyx.wireless.wait (the argument_spec is WAIT_ARGUMENT_SPEC in module_utils/_base.py)."""

    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Whether to wait until the asynchronous changes this task started (or found under way) have completed.
      - With O(wait=false) the module returns as soon as the API accepted the change, with the action objects it started.
    type: bool
    default: true
  wait_timeout:
    description:
      - The most seconds to wait when O(wait=true). On timeout the task fails with the last status seen and the
        action's id; the change may still complete later. Must be 0 or more (checked before any request).
    type: float
    default: 300
  wait_sleep:
    description:
      - Seconds between two status reads while waiting. Must be above 0.
    type: float
    default: 2
"""
