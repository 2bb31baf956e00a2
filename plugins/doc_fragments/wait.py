# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the options of modules that wait for an asynchronous change."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Doc fragment telnyx.wireless.wait (the argument_spec is WAIT_ARGUMENT_SPEC in module_utils/_base.py, the waiter
    is Waiter in module_utils/_actions.py)."""

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
      - The most seconds between two status reads while waiting. Must be above 0.
      - The first read comes 0.1 seconds after the change (most changes complete within a second or two), and each
        pause doubles up to O(wait_sleep). With the default of 2 the reads come 0.1, 0.3, 0.7, 1.5 and 3.1 seconds
        after the change, then every 2 seconds, so a wait of T seconds (T > 3.1) costs about 5 + (T - 3.1) / 2 reads,
        one request each (a change that completes in 1 second costs 4).
    type: float
    default: 2
"""
