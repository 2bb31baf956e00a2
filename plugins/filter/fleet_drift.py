# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet_drift filter: the drift report of a check-mode run of the sim_fleet role (playbooks/drift.yml)."""

from __future__ import annotations

from ansible_collections.telnyx.wireless.plugins.module_utils._drift import drift_report


def fleet_drift(fleet, gateways=None, blocklists=None, groups=None, fleet_file=None):
    """The report (module_utils/_drift.py) from the role's registered results."""
    return drift_report(gateways=gateways, blocklists=blocklists, groups=groups, fleet=fleet, fleet_file=fleet_file)


class FilterModule:
    """telnyx.wireless filters."""

    def filters(self):
        return {"fleet_drift": fleet_drift}
