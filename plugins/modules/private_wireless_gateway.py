#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: private_wireless_gateway
short_description: Declare a Telnyx private wireless gateway (PWG)
version_added: 0.1.0
description:
  - Makes one Telnyx private wireless gateway exist (or not) as the task declares, and reports exactly what it changed;
    in check mode it reports exactly what it would change and writes nothing.
  - A private wireless gateway routes the traffic of the SIM cards of the groups it is assigned to
    (M(telnyx.wireless.sim_card_group), option C(private_wireless_gateway)) into a private network.
  - The gateway is named by O(name), unique on the account as far as this module is concerned (two live gateways with
    that name fail the task, naming both).
  - Creation is asynchronous and takes minutes on Telnyx (the gateway is C(provisioning), then C(provisioned)). The
    module waits for it (O(wait), with a long default O(wait_timeout)). A gateway already provisioning is waited for,
    never created a second time, and a create whose answer was lost is found again by name before anything is re-sent.
  - Its network and region cannot change in place (Telnyx cannot migrate a gateway). A task that asks for another
    O(network_id), O(region_code) or O(address_mode) fails, naming them, unless O(replace=true).
  - When nothing needs to change the module sends one request (one list page, by name).
author:
  - telnyx.wireless developers (@telnyx-wireless)
options:
  name:
    description:
      - The gateway's name.
    type: str
    required: true
  network_id:
    description:
      - The UUID of the Telnyx network the gateway belongs to. Required to create the gateway.
      - Not given - an existing gateway's network is not compared.
    type: str
  region_code:
    description:
      - The region the gateway is deployed in (Telnyx lists them at C(/wireless/regions?product=private_wireless_gateways);
        Ashburn, VA is C(ashburn-va)). Not given - Telnyx's default when creating, not compared otherwise.
    type: str
  address_mode:
    description:
      - How the gateway gives its SIM cards IP addresses - V(dynamic) (a new address each session, Telnyx's default) or
        V(static) (the same address across sessions).
      - Not given - Telnyx's default (V(dynamic)) when creating, not compared otherwise. Compared only when the API reports it.
    type: str
    choices: [static, dynamic]
  replace:
    description:
      - When the gateway exists with another O(network_id), O(region_code) or O(address_mode), or its provisioning
        failed, delete it and create it again as declared. Its IP range and id change, and groups that use it must be
        moved off it first (the task fails before writing, naming them).
      - With V(false) (the default) such a task fails before writing, naming the attributes that differ.
    type: bool
    default: false
  state:
    description:
      - V(present) - the gateway exists (and with O(wait=true) is provisioned).
      - V(absent) - the gateway is deleted (Telnyx decommissions it). A gateway that SIM card groups still use is not
        deleted - the task fails before writing, naming the groups.
    type: str
    choices: [present, absent]
    default: present
  wait_timeout:
    description:
      - The most seconds to wait when O(wait=true). Telnyx says provisioning takes about 15 minutes, hence the long default.
      - On timeout the task fails with the last status seen; the gateway keeps provisioning, and a later run waits for it.
    type: float
    default: 1800
  wait_sleep:
    description:
      - Seconds between two reads of the gateway while waiting.
    type: float
    default: 10
notes:
  - With O(wait=false) the module returns as soon as Telnyx accepted the create (the gateway C(provisioning)) or the
    deletion (C(decommissioning)).
  - In check mode the module reads but never writes; RV(private_wireless_gateway) is the gateway as the real run would
    leave it. A gateway to be created has no C(id) or C(ip_range) yet.
  - A gateway whose provisioning C(failed) fails the task with Telnyx's error, unless O(replace=true).
seealso:
  - module: telnyx.wireless.private_wireless_gateway_info
  - module: telnyx.wireless.sim_card_group
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: A private wireless gateway for the meters' network, waited for until provisioned
  telnyx.wireless.private_wireless_gateway:
    name: meters-gw
    network_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
    region_code: ashburn-va

- name: Start creating it and move on (a later task or run waits for it)
  telnyx.wireless.private_wireless_gateway:
    name: meters-gw
    network_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
    wait: false

- name: Move the gateway to another network (recreated; its IP range changes)
  telnyx.wireless.private_wireless_gateway:
    name: meters-gw
    network_id: 0b5f7d3c-2a71-4c11-9a0e-2f4b1c9d8e77
    replace: true

- name: Delete the gateway
  telnyx.wireless.private_wireless_gateway:
    name: meters-gw
    state: absent
"""

RETURN = r"""
private_wireless_gateway:
  description:
    - The gateway after the task (in check mode, as the real run would leave it). V(null) with O(state=absent).
  returned: always
  type: dict
  sample:
    id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
    record_type: private_wireless_gateway
    name: meters-gw
    network_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
    region_code: ashburn-va
    ip_range: 100.64.1.0/24
    assigned_resources:
      - record_type: sim_card_group
        count: 1
    status:
      value: provisioned
      error_code: null
      error_description: null
    created_at: "2026-01-05T10:12:00.000Z"
    updated_at: "2026-01-05T10:27:00.000Z"
replaced:
  description: Whether the run deleted the gateway and created it again (O(replace=true)).
  returned: always
  type: bool
  sample: false
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._actions import DONE
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import (
    ADDRESS_MODES,
    DECOMMISSIONING,
    FAILED,
    GATEWAYS,
    PROVISIONED,
    PROVISIONING,
    gateway_differences,
    gateway_status,
    gateway_view,
    group_names_text,
    live_gateway,
    one_named,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid


class PrivateWirelessGatewayModule(TelnyxModule):
    """telnyx.wireless.private_wireless_gateway"""

    @classmethod
    def define_module(cls):
        spec = {
            "name": {"type": "str", "required": True},
            "network_id": {"type": "str"},
            "region_code": {"type": "str"},
            "address_mode": {"type": "str", "choices": list(ADDRESS_MODES)},
            "replace": {"type": "bool", "default": False},
            "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
        }
        return cls.build_module(spec, wait=True)

    def __init__(self, module):
        super().__init__(module)
        self.replaced = False

    @staticmethod
    def build_module(argument_spec, wait=False, **kwargs):
        module_spec = dict(argument_spec)
        module_spec["wait_timeout"] = {"type": "float", "default": 1800}
        module_spec["wait_sleep"] = {"type": "float", "default": 10}
        return TelnyxModule.build_module(module_spec, wait=wait, **kwargs)

    def validate(self):
        errors = []
        if not self.params["name"].strip():
            errors.append("name must not be empty")
        if self.params["network_id"] is not None and not is_uuid(self.params["network_id"]):
            errors.append("network_id must be the UUID of a Telnyx network, got %r" % self.params["network_id"])
        if self.params["state"] == "absent":
            given = [option for option in ("network_id", "region_code", "address_mode") if self.params[option] is not None]
            if given or self.params["replace"]:
                errors.append("%s apply only with state=present" % ", ".join(given + (["replace"] if self.params["replace"] else [])))
        if errors:
            self.fail("; ".join(errors) + ".")

    def run(self):
        gateway = one_named(self.client, GATEWAYS, self.params["name"], keep=live_gateway)
        before = gateway
        after = self.make_absent(gateway) if self.params["state"] == "absent" else self.make_present(gateway)
        self.set_diff(gateway_view(before), gateway_view(after), "private wireless gateway %s" % self.params["name"])
        self.result = {"private_wireless_gateway": after, "replaced": self.replaced}

    def make_present(self, gateway):
        if gateway is not None:
            differences = gateway_differences(gateway, self.params["network_id"], self.params["region_code"], self.params["address_mode"])
            failed = gateway_status(gateway) == FAILED
            if not differences and not failed:
                if gateway_status(gateway) == PROVISIONING and self.params["wait"]:
                    return self.provisioned(gateway)  # already converging: wait for it, create nothing
                return gateway
            if not self.params["replace"]:
                if failed:
                    status = gateway.get("status") or {}
                    raise TelnyxError(
                        "Private wireless gateway %r (%s) failed provisioning (%s); set replace=true to delete it and create it again." % (
                            gateway.get("name"), gateway.get("id"), status.get("error_description") or status.get("error_code") or "no reason given"),
                        collection_failure("provisioning_failed", status.get("error_description"), "Provisioning failed",
                                           error_code=status.get("error_code")))
                raise TelnyxError(
                    "Private wireless gateway %r (%s) cannot change %s in place (%s); set replace=true to delete it and create it again "
                    "(its id and IP range change), or use another name." % (
                        gateway.get("name"), gateway.get("id"), ", ".join(option for option, dummy, dummy in differences),
                        "; ".join("%s is %r, the task asks %r" % difference for difference in differences)),
                    collection_failure("cannot_change_in_place", ", ".join(option for option, dummy, dummy in differences), "Cannot change in place"))
            self.refuse_if_used(gateway, "replace")
            self.replaced = True
        if not self.params["network_id"]:
            raise TelnyxError(
                "network_id is needed to create private wireless gateway %r (the UUID of the Telnyx network it belongs to)." % self.params["name"],
                collection_failure("missing_create_option", "network_id", "Option needed to create"))
        self.changed = True
        body = {"name": self.params["name"], "network_id": self.params["network_id"].lower()}
        for option in ("region_code", "address_mode"):
            if self.params[option] is not None:
                body[option] = self.params[option]
        if self.check_mode:
            predicted = dict(body, id=None, ip_range=None, assigned_resources=[],
                             status={"value": PROVISIONED if self.params["wait"] else PROVISIONING, "error_code": None, "error_description": None})
            predicted.setdefault("region_code", None)  # Telnyx's default region: known once created
            predicted.setdefault("address_mode", "dynamic")  # Telnyx's documented default (SDK 4.189)
            return predicted
        if gateway is not None:
            self.delete(gateway)
            self.gone(gateway)  # the new gateway takes the name: the old one must be off the account first
        created = api.create_private_wireless_gateway(self.client, body, keep=live_gateway)
        return self.provisioned(created) if self.params["wait"] else created

    def make_absent(self, gateway):
        if gateway is None:
            return None
        self.refuse_if_used(gateway, "state=absent")
        self.changed = True
        if self.check_mode:
            return None
        self.delete(gateway)
        if self.params["wait"]:
            self.gone(gateway)
        return None

    # ------------------------------------------------------------------ helpers

    def refuse_if_used(self, gateway, why):
        groups = api.sim_card_groups_using(self.client, "private_wireless_gateway_id", gateway["id"])
        if groups:
            raise TelnyxError(
                "%s: private wireless gateway %r (%s) is assigned to %d SIM card group(s): %s. Remove it from them first "
                "(telnyx.wireless.sim_card_group with private_wireless_gateway: \"\")." % (
                    why, gateway.get("name"), gateway.get("id"), len(groups), group_names_text(groups)),
                collection_failure("in_use", group_names_text(groups), "Private wireless gateway in use"))

    def delete(self, gateway):
        if gateway_status(gateway) != DECOMMISSIONING:
            api.delete_private_wireless_gateway(self.client, gateway["id"])

    def gone(self, gateway):
        self.waiter.until(lambda: api.get_private_wireless_gateway(self.client, gateway["id"]), DONE["gone"],
                          "private wireless gateway %r (%s) to be decommissioned" % (gateway.get("name"), gateway["id"]),
                          lambda current: "status %s" % gateway_status(current))

    def provisioned(self, gateway):
        if gateway_status(gateway) != PROVISIONING:
            settled = gateway
        else:
            settled = self.waiter.until(lambda: api.get_private_wireless_gateway(self.client, gateway["id"]), DONE["gateway_settled"],
                                        "private wireless gateway %r (%s) to be provisioned" % (gateway.get("name"), gateway.get("id")),
                                        lambda current: "status %s" % gateway_status(current) if current else "not on the account", seen=gateway)
        if settled is None or gateway_status(settled) != PROVISIONED:
            status = (settled or {}).get("status") or {}
            raise TelnyxError(
                "Private wireless gateway %r (%s) did not become provisioned: it is %s%s." % (
                    gateway.get("name"), gateway.get("id"), gateway_status(settled) if settled else "off the account",
                    " (%s)" % status.get("error_description") if status.get("error_description") else ""),
                collection_failure("provisioning_failed" if settled is not None and gateway_status(settled) == FAILED else "not_provisioned",
                                   status.get("error_description"), "Provisioning did not complete", error_code=status.get("error_code")))
        return settled


def main():
    PrivateWirelessGatewayModule.main()


if __name__ == "__main__":
    main()
