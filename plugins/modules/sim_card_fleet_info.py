#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_fleet_info
short_description: Read a Telnyx account as a fleet description (export it for git)
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Reads the account's private wireless gateways, wireless blocklists, SIM card groups and SIM cards and returns them as
    the fleet description that the C(telnyx.wireless.sim_fleet) role and C(playbooks/change_run.yml) apply - the
    variables C(sim_fleet_gateways), C(sim_fleet_blocklists), C(sim_fleet_groups) and C(sim_fleet_sim_cards) - both as
    data (RV(description)) and as the text of a YAML file made for git (RV(content)). C(playbooks/export.yml) writes
    that file.
  - Applying the exported description changes nothing - a dry run of it reports C(changed=0) and sends no write - and
    editing one line of it changes exactly that on the next run.
  - The file is the same bytes for the same account - sorted by name and by ICCID, keys in a fixed order, one line per
    object where it fits (200 characters) - with a header comment (the API URL, the counts, the selection; the time only
    with O(timestamp=true)).
  - A SIM card is declared with its ICCID, C(state), SIM card group, tags, own data limit (C({}) for none) and
    authorized IMEIs (C([]) for none), and, when it has them, its data usage notifications (with
    C(notifications_exclusive), so that one added later shows as drift), C(voice=true), and with
    O(include_public_ips=true) its public IP's region. A group is declared with its data limit, gateway and blocklist
    (each empty when it has none). What is not declarable - registration codes, data used, IP addresses, timestamps -
    is left out.
  - Objects that cannot be declared as they are - a SIM card registering, in a transition, in C(data_limit_exceeded) or
    C(unauthorized_imei); a gateway that failed provisioning; two gateways or blocklists with one name - are listed at
    the end of the file as commented-out entries with the reason, and in RV(not_declared), not dropped silently.
options:
  status:
    choices: [registering, enabling, enabled, disabling, disabled, data_limit_exceeded, setting_standby, standby, unauthorized_imei]
  include_public_ips:
    description:
      - Also declare each SIM card's public IP (its region). Telnyx has no list of public IPs, so this costs one request
        per SIM card; without it, entries name no public IP and the role leaves public IPs as they are.
    type: bool
    default: false
  return_description:
    description:
      - Return the description as data (RV(description)) as well as the file's text (RV(content)).
      - Set it to V(false) when only the file is wanted (as C(playbooks/export.yml) does) - Ansible's work taking back a
        result grows with it, and at fleet scale the data is most of the result (docs/export.md).
    type: bool
    default: true
  timestamp:
    description:
      - Write the time of the export in the header comment. Off by default, so that the same account gives the same bytes
        and a diff in git shows only what changed on the account.
    type: bool
    default: false
  workers:
    description:
      - The most requests in flight at once (list pages, public IPs), paced by Telnyx's rate-limit answers within it as in
        M(telnyx.wireless.sim_card_fleet).
    type: int
    default: 50
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.sim_card_filters
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one per 250 SIM cards (the list, filtered by the API when O(tags), O(status), O(sim_card_group) or
    O(iccid_prefix) select), one per 250 SIM card groups, private wireless gateways and wireless blocklists, and the
    account's data usage notifications (one per 250; or one filtered read per SIM card when those are fewer); with
    O(include_public_ips=true), one more per SIM card. C(docs/export.md) quotes a measured export of 10,000 SIM cards.
  - With a selection, the description holds the selected SIM cards and only the groups they are in, and the gateways and
    blocklists of those groups; without one, every object of the account.
  - The description names a group, gateway or blocklist by its name, or by its UUID where two share the name.
seealso:
  - module: telnyx.wireless.sim_card_fleet
  - module: telnyx.wireless.sim_card_info
"""

EXAMPLES = r"""
- name: The whole account as a fleet description
  telnyx.wireless.sim_card_fleet_info:
  register: exported

- name: Write it for git
  ansible.builtin.copy:
    content: "{{ exported.content }}"
    dest: fleet.yml
    mode: "0644"

- name: The meters only, with their public IPs
  telnyx.wireless.sim_card_fleet_info:
    sim_card_group: meters
    include_public_ips: true
  register: meters

- name: What could not be declared
  ansible.builtin.debug:
    msg: "{{ meters.not_declared | map(attribute='reason') | list }}"
"""

RETURN = r"""
description:
  description:
    - The fleet description - the variables of the C(telnyx.wireless.sim_fleet) role, each a list sorted by name (SIM
      cards by ICCID).
  returned: when O(return_description=true)
  type: dict
  contains:
    sim_fleet_gateways:
      description: Private wireless gateways - C(name), C(network_id), C(region_code).
      type: list
      elements: dict
    sim_fleet_blocklists:
      description: Wireless blocklists - C(name), C(type), C(values) (sorted).
      type: list
      elements: dict
    sim_fleet_groups:
      description: SIM card groups - C(name) (and C(id) when another group has the name), C(data_limit),
        C(private_wireless_gateway), C(wireless_blocklist).
      type: list
      elements: dict
    sim_fleet_sim_cards:
      description: SIM cards - C(iccid), C(state), C(sim_card_group), C(tags), C(data_limit), C(authorized_imeis), and
        when set C(notifications) with C(notifications_exclusive), C(voice), C(public_ip).
      type: list
      elements: dict
  sample:
    sim_fleet_gateways: [{name: meters-gw, network_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58, region_code: ashburn-va}]
    sim_fleet_blocklists: [{name: no-roaming-na, type: country, values: [CA, MX]}]
    sim_fleet_groups: [{name: meters, data_limit: {amount: 50, unit: GB}, private_wireless_gateway: meters-gw, wireless_blocklist: no-roaming-na}]
    sim_fleet_sim_cards:
      - {iccid: "89310410106543789301", state: present, sim_card_group: meters, tags: [eu, meters], data_limit: {}, authorized_imeis: []}
content:
  description: The fleet description as a YAML file (header comment, the four variables, then what is not declared as
    commented-out entries with their reasons). The same account gives the same text.
  returned: success
  type: str
not_declared:
  description: What the account holds that the description cannot declare as it is, in the file's order - C(kind)
    (C(sim_card), C(private_wireless_gateway), C(wireless_blocklist)), C(name) (ICCID, name or id), C(reason), and
    C(entry) (what it would be declared as; a SIM card's without C(state)).
  returned: success
  type: list
  elements: dict
  sample:
    - {kind: sim_card, name: "89310410106543789335", reason: "enabling: in a transition; export again once it has settled",
       entry: {iccid: "89310410106543789335", sim_card_group: meters, tags: [], data_limit: {}, authorized_imeis: []}}
counts:
  description: How many objects of each kind the description declares, and C(not_declared).
  returned: success
  type: dict
  sample: {gateways: 1, blocklists: 1, groups: 2, sim_cards: 1000, not_declared: 1}
requests:
  description: The API requests the export sent.
  returned: success
  type: int
  sample: 45
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

import time
from urllib.parse import urlsplit

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule, client_options
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxClient, bounded_map
from ansible_collections.telnyx.wireless.plugins.module_utils._export import describe, render
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    ALL_STATUSES,
    check_sim_card_filters,
    find_group,
    list_sim_cards,
)


def api_location(url):
    """The API URL as the header names it: scheme, host, port and path (never credentials or a query)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += ":%d" % parts.port
    return "%s://%s%s" % (parts.scheme, host, parts.path.rstrip("/"))


class SimCardFleetInfo(TelnyxModule):
    """telnyx.wireless.sim_card_fleet_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {
            "tags": {"type": "list", "elements": "str"},
            "status": {"type": "list", "elements": "str", "choices": list(ALL_STATUSES)},
            "sim_card_group": {"type": "str"},
            "iccid_prefix": {"type": "str"},
            "include_public_ips": {"type": "bool", "default": False},
            "return_description": {"type": "bool", "default": True},
            "timestamp": {"type": "bool", "default": False},
            "workers": {"type": "int", "default": 50},
        }
        return cls.build_module(spec)

    def input_errors(self):
        errors = check_sim_card_filters(self.params["status"], self.params["iccid_prefix"], self.params["sim_card_group"])
        if self.params["workers"] < 1:
            errors.append("workers must be 1 or more, got %d" % self.params["workers"])
        return errors

    @property
    def client(self):
        if self._client is None:
            self._client = TelnyxClient(read_only=True, pool_size=self.params["workers"], **client_options(self.params))
        return self._client

    def selection(self):
        return dict((name, self.params[name]) for name in ("tags", "status", "sim_card_group", "iccid_prefix") if self.params[name])

    def run(self):
        workers = self.params["workers"]
        groups = api.list_sim_card_groups(self.client)
        group_id = None
        if self.params["sim_card_group"]:
            group_id = find_group(self.params["sim_card_group"], groups=groups)["id"]
        sims = list_sim_cards(self.client, tags=self.params["tags"], statuses=self.params["status"], group_id=group_id,
                              iccid_prefix=self.params["iccid_prefix"], workers=workers)
        gateways = api.list_private_wireless_gateways(self.client)
        blocklists = api.list_wireless_blocklists(self.client)
        sim_ids = [sim["id"] for sim in sims]
        notifications = api.notifications_of(self.client, sim_ids, workers) if sim_ids else {}
        public_ips = None
        if self.params["include_public_ips"]:
            public_ips = dict(zip(sim_ids, bounded_map(lambda sim_id: api.get_public_ip(self.client, sim_id), sim_ids, workers)))
        description, not_declared = describe(sims, groups, gateways, blocklists, notifications, public_ips, selected=bool(self.selection()))
        counts = {"gateways": len(description["sim_fleet_gateways"]), "blocklists": len(description["sim_fleet_blocklists"]),
                  "groups": len(description["sim_fleet_groups"]), "sim_cards": len(description["sim_fleet_sim_cards"]),
                  "not_declared": len(not_declared)}
        self.result = {"content": render(description, not_declared, self.header(counts)), "not_declared": not_declared, "counts": counts,
                       "requests": self.client.stats["requests"]}
        if self.params["return_description"]:
            self.result["description"] = description

    def header(self, counts):
        lines = [
            "Telnyx wireless fleet description, exported by telnyx.wireless.sim_card_fleet_info from %s" % api_location(self.params["api_url"]),
            "%d private wireless gateway(s), %d wireless blocklist(s), %d SIM card group(s), %d SIM card(s); %d not declared (at the end)" % (
                counts["gateways"], counts["blocklists"], counts["groups"], counts["sim_cards"], counts["not_declared"]),
        ]
        selection = self.selection()
        if selection:
            lines.append("Selection: %s" % ", ".join("%s=%s" % (name, ",".join(value) if isinstance(value, list) else value)
                                                     for name, value in sorted(selection.items())))
        lines.append("Public IPs: %s" % ("declared" if self.params["include_public_ips"] else "not exported (entries leave them as they are)"))
        if self.params["timestamp"]:
            lines.append("Exported at %s" % time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))
        lines.append("Apply: ansible-playbook playbooks/change_run.yml -e fleet_file=<this file> --check --diff")
        return lines


def main():
    SimCardFleetInfo.main()


if __name__ == "__main__":
    main()
