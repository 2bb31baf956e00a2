#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: wireless_blocklist
short_description: Declare a Telnyx wireless blocklist (networks SIM cards may not use)
version_added: 0.1.0
description:
  - Makes one Telnyx wireless blocklist exist (or not) with the values the task declares, and reports exactly what it
    changed; in check mode it reports exactly what it would change and writes nothing.
  - A blocklist keeps the SIM cards of the groups it is assigned to (M(telnyx.wireless.sim_card_group), option
    C(wireless_blocklist)) off the networks it lists - whole countries, mobile country codes or single networks.
  - The blocklist is named by O(name), unique on the account as far as this module is concerned (two blocklists with
    that name fail the task, naming both).
  - Before anything is written, O(values) are checked against the values Telnyx accepts for O(type)
    (C(GET /wireless_blocklist_values)); a value that is not among them fails the task, naming it.
  - When nothing needs to change the module sends one request (one list page, by name).
author:
  - telnyx.wireless developers (@telnyx-wireless)
options:
  name:
    description:
      - The blocklist's name.
    type: str
    required: true
  type:
    description:
      - What the values are - V(country) (ISO 3166-1 alpha-2 codes such as V(US)), V(mcc) (mobile country codes such
        as V("310")) or V(plmn) (a network, MCC and MNC together, such as V("310410")).
      - Required to create the blocklist. Telnyx cannot change the type of a blocklist - another type than the existing
        blocklist's fails the task before writing (delete it and create it again, or use another name).
    type: str
    choices: [country, mcc, plmn]
  values:
    description:
      - The values to block, compared as a set (order and duplicates do not matter). Required to create the blocklist.
      - Not given - an existing blocklist's values are left untouched.
    type: list
    elements: str
  state:
    description:
      - V(present) - the blocklist exists with O(values).
      - V(absent) - the blocklist is deleted. One that SIM card groups still use is not deleted - the task fails before
        writing, naming the groups.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Requests sent - one list page (by name); to create or change the values, one read of the accepted values and the
    write; to delete, one list of the groups that use it and the DELETE.
  - A create whose answer was lost (dropped connection, gateway error) is not sent again blindly - the module looks the
    blocklist up by name first.
seealso:
  - module: telnyx.wireless.wireless_blocklist_info
  - module: telnyx.wireless.sim_card_group
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: Keep SIM cards off the networks of two countries
  telnyx.wireless.wireless_blocklist:
    name: no-roaming-na
    type: country
    values: [CA, MX]

- name: Block two networks by PLMN
  telnyx.wireless.wireless_blocklist:
    name: no-legacy-carriers
    type: plmn
    values: ["310260", "311480"]

- name: Delete a blocklist
  telnyx.wireless.wireless_blocklist:
    name: no-roaming-na
    state: absent
"""

RETURN = r"""
wireless_blocklist:
  description:
    - The blocklist after the task (in check mode, as the real run would leave it; a blocklist to be created has no
      C(id) yet). V(null) with O(state=absent).
  returned: always
  type: dict
  sample:
    id: a13bc415-7966-43bf-90d4-63cc76275289
    record_type: wireless_blocklist
    name: no-roaming-na
    type: country
    values: [CA, MX]
    created_at: "2026-01-05T10:12:00.000Z"
    updated_at: "2026-01-05T10:12:00.000Z"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import (
    BLOCKLIST_TYPES,
    BLOCKLISTS,
    blocklist_view,
    group_names_text,
    one_named,
)


class WirelessBlocklistModule(TelnyxModule):
    """telnyx.wireless.wireless_blocklist"""

    @classmethod
    def define_module(cls):
        spec = {
            "name": {"type": "str", "required": True},
            "type": {"type": "str", "choices": list(BLOCKLIST_TYPES)},
            "values": {"type": "list", "elements": "str"},
            "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
        }
        return cls.build_module(spec)

    def validate(self):
        errors = []
        if not self.params["name"].strip():
            errors.append("name must not be empty")
        if self.params["values"] is not None and any(not str(value).strip() for value in self.params["values"]):
            errors.append("values must not hold empty strings")
        if self.params["state"] == "absent" and (self.params["values"] is not None or self.params["type"] is not None):
            errors.append("type and values apply only with state=present")
        if errors:
            self.fail("; ".join(errors) + ".")

    def run(self):
        blocklist = one_named(self.client, BLOCKLISTS, self.params["name"])
        after = self.make_absent(blocklist) if self.params["state"] == "absent" else self.make_present(blocklist)
        self.set_diff(blocklist_view(blocklist), blocklist_view(after), "wireless blocklist %s" % self.params["name"])
        self.result = {"wireless_blocklist": after}

    def wanted_values(self):
        return sorted(set(str(value).strip() for value in self.params["values"]))

    def check_values(self, blocklist_type, values):
        """Fail, before writing, on values Telnyx does not accept for the type (one read of the accepted values)."""
        accepted = api.wireless_blocklist_values(self.client, blocklist_type)
        unknown = [value for value in values if value not in accepted]
        if unknown:
            raise TelnyxError(
                "values: %s %s not a %s value Telnyx accepts in a wireless blocklist (see GET /wireless_blocklist_values?type=%s)." % (
                    ", ".join(repr(value) for value in unknown), "is" if len(unknown) == 1 else "are", blocklist_type, blocklist_type),
                collection_failure("invalid_blocklist_value", ", ".join(unknown), "Invalid blocklist value"))

    def make_present(self, blocklist):
        if blocklist is None:
            missing = [option for option in ("type", "values") if self.params[option] is None]
            if missing:
                raise TelnyxError("%s needed to create wireless blocklist %r." % (" and ".join(missing) + (" are" if len(missing) > 1 else " is"),
                                                                                  self.params["name"]),
                                  collection_failure("missing_create_option", ", ".join(missing), "Option needed to create"))
            values = self.wanted_values()
            self.check_values(self.params["type"], values)
            self.changed = True
            body = {"name": self.params["name"], "type": self.params["type"], "values": values}
            if self.check_mode:
                return dict(body, id=None)
            return api.create_wireless_blocklist(self.client, body)
        if self.params["type"] is not None and blocklist.get("type") != self.params["type"]:
            raise TelnyxError(
                "type: wireless blocklist %r (%s) is of type %s, and Telnyx cannot change a blocklist's type; delete it (state=absent) "
                "and create it again, or use another name." % (blocklist.get("name"), blocklist.get("id"), blocklist.get("type")),
                collection_failure("cannot_change_in_place", "type", "Cannot change in place"))
        if self.params["values"] is None or set(blocklist.get("values") or []) == set(self.wanted_values()):
            return blocklist
        values = self.wanted_values()
        self.check_values(blocklist.get("type"), values)
        self.changed = True
        if self.check_mode:
            return dict(blocklist, values=values)
        return api.update_wireless_blocklist(self.client, blocklist["id"], {"values": values}) or dict(blocklist, values=values)

    def make_absent(self, blocklist):
        if blocklist is None:
            return None
        groups = api.sim_card_groups_using(self.client, "wireless_blocklist_id", blocklist["id"])
        if groups:
            raise TelnyxError(
                "state=absent: wireless blocklist %r (%s) is assigned to %d SIM card group(s): %s. Remove it from them first "
                "(telnyx.wireless.sim_card_group with wireless_blocklist: \"\")." % (
                    blocklist.get("name"), blocklist.get("id"), len(groups), group_names_text(groups)),
                collection_failure("in_use", group_names_text(groups), "Wireless blocklist in use"))
        self.changed = True
        if not self.check_mode:
            api.delete_wireless_blocklist(self.client, blocklist["id"])
        return None


def main():
    WirelessBlocklistModule.main()


if __name__ == "__main__":
    main()
