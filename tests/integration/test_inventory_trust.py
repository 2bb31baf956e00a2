# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SIM card data is never templated, on every ansible-core the collection claims, and AWX reads validated values as is.

Anyone who can tag a SIM card (in the portal or through the API) writes into the inventory. Tags, the SIM card group's
name and the values composed from them must reach `ansible-inventory --list`, a playbook's variables, host names and
group names literally: a template in them must never run. ansible-core 2.16 to 2.18 template every string that is not
wrapped as unsafe; 2.19 and later template only strings tagged trusted. The plugin handles both (see
`host_value` in plugins/inventory/sim_cards.py); these tests run on whichever ansible-core runs them (scripts/matrix
runs them on every minor version, scripts/test on the oldest and the newest).

AWX imports an inventory source with `ansible-inventory --list --export` and stores each host's variables as that JSON
gives them; `enabled_var` and `instance_id_var` are then read from those stored variables. `awx_import` below is this
project's own small equivalent of that logic (dotted paths into the host variables, the value compared as text).
"""

from __future__ import annotations

import json

import pytest
from test_inventory import PAGE, inventory, one_line, seed_fleet, set_tags, write_config

from conftest import plain

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core


def payloads(marker):
    """Strings that run a command if anything templates them: an expression and a statement."""
    command = "{{ lookup('pipe', 'touch %s') }}" % marker
    statement = "{%% for i in [1] %%}{{ lookup('pipe', 'touch %s') }}{%% endfor %%}" % marker
    return command, statement


def awx_import(export, enabled_var, enabled_value, instance_id_var):
    """What AWX keeps of each host of an `--export` JSON: {host: (enabled, instance_id)}.

    Written for this test from AWX's documented behaviour: each name of a dotted path steps into the stored host
    variables; the host is enabled when the value, as text, equals enabled_value; instance_id_var may list several
    comma-separated paths and the first one with a value gives the id, as text.
    """
    def lookup(variables, dotted):
        value = variables
        for name in dotted.split("."):
            if not isinstance(value, dict) or name not in value:
                return None
            value = value[name]
        return value

    hosts = {}
    for host, variables in export["_meta"]["hostvars"].items():
        enabled = lookup(variables, enabled_var)
        enabled = enabled is not None and str(enabled) == enabled_value
        instance_id = None
        for dotted in instance_id_var.split(","):
            value = lookup(variables, dotted.strip())
            if value not in (None, ""):
                instance_id = str(value)
                break
        hosts[host] = (enabled, instance_id)
    return hosts


@pytest.fixture
def hostile_fleet(emu, tmp_path):
    """The seeded fleet, where SIM card 0 carries template tags (one as its name: tag) and its group has a template name."""
    marker = tmp_path / "MARKER"
    command, statement = payloads(marker)
    sims = seed_fleet(emu)["sim_cards"]
    group = emu.api("POST", "/sim_card_groups", json={"name": "ops " + command}).json()["data"]
    assert emu.api("PATCH", "/sim_cards/%s" % sims[0]["id"], json={"sim_card_group_id": group["id"]}).status_code == 200
    tags = ["name:" + command, command, statement, "site:berlin"]
    set_tags(emu, sims[0]["id"], tags)
    set_tags(emu, sims[1]["id"], ["name:meter-0001", "lost"])
    return {"marker": marker, "sims": sims, "hostile": sims[0], "tags": tags, "group_name": "ops " + command,
            "command": command, "statement": statement}


CONFIG = """\
plugin: telnyx.wireless.sim_cards
hostnames:
  - "tag:name:"
  - iccid
compose:
  all_tags: telnyx_tags | join(' | ')
  first_tag: telnyx_tags | first | default('')
  group_label: telnyx_sim_card_group_name
keyed_groups:
  - key: telnyx_tags
    prefix: kt
  - key: telnyx_sim_card_group_name
    prefix: kg
groups:
  tagged_with_template: "telnyx_tags | select('search', 'lookup') | list | length > 0"
"""


def test_templates_in_sim_card_data_stay_literal_everywhere(hostile_fleet, ansible_env, run_playbook, tmp_path):
    fleet = hostile_fleet
    config = write_config(tmp_path, CONFIG)
    proc, raw = inventory(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    data = plain(raw)
    hostvars = data["_meta"]["hostvars"]
    hostile = fleet["hostile"]["iccid"]
    # every SIM card is a host; the one whose name: tag holds a template is named by its ICCID, with a warning naming it
    assert len(hostvars) == len(fleet["sims"]) and hostile in hostvars and "meter-0001" in hostvars
    assert "SIM card %s: the value of hostnames entry 'tag:name:'" % hostile in one_line(proc.stderr), proc.stderr
    # data, composed variables: literal
    variables = hostvars[hostile]
    assert variables["telnyx_tags"] == fleet["tags"]
    assert variables["telnyx_sim_card_group_name"] == fleet["group_name"]
    assert variables["all_tags"] == " | ".join(fleet["tags"])
    assert variables["first_tag"] == fleet["tags"][0]
    assert variables["group_label"] == fleet["group_name"]
    # group names derived from the data: made valid, so no template characters survive in them
    for group in data:
        assert "{" not in group and "%" not in group and "'" not in group, group
    assert hostile in data["tagged_with_template"]["hosts"]
    assert not fleet["marker"].exists(), "a template in SIM card data ran while the inventory was built"

    # a playbook over this inventory: every host variable, composed ones, host and group names, debugged
    plays = [{
        "name": "show what the inventory holds", "hosts": "telnyx_sim_cards", "gather_facts": False,
        "tasks": [
            {"name": "every host variable", "ansible.builtin.debug": {"var": "hostvars[inventory_hostname]"}},
            {"name": "tags, group and composed", "ansible.builtin.debug": {
                "msg": {"tags": "{{ telnyx_tags }}", "group": "{{ telnyx_sim_card_group_name }}", "all_tags": "{{ all_tags }}",
                        "first_tag": "{{ first_tag }}", "label": "{{ group_label }}", "host": "{{ inventory_hostname }}",
                        "groups": "{{ group_names }}"}}},
            {"name": "a tag used in a string", "ansible.builtin.debug": {"msg": "tag: {{ telnyx_tags | first | default('') }}"}},
        ],
    }]
    run = run_playbook(plays=plays, args=("-i", str(config)), expect_rc=0)
    assert not fleet["marker"].exists(), "a template in SIM card data ran in a playbook"
    results = dict(((entry["name"], entry["host"]), plain(entry["result"])) for entry in run.results)
    every = results[("every host variable", hostile)]["hostvars[inventory_hostname]"]
    assert every["telnyx_tags"] == fleet["tags"]
    assert every["telnyx_sim_card_group_name"] == fleet["group_name"]
    assert every["all_tags"] == " | ".join(fleet["tags"]) and every["group_label"] == fleet["group_name"]
    shown = results[("tags, group and composed", hostile)]["msg"]
    assert shown["tags"] == fleet["tags"] and shown["group"] == fleet["group_name"]
    assert shown["all_tags"] == " | ".join(fleet["tags"]) and shown["first_tag"] == fleet["tags"][0]
    assert shown["label"] == fleet["group_name"] and shown["host"] == hostile
    assert "tagged_with_template" in shown["groups"]
    assert results[("a tag used in a string", hostile)]["msg"] == "tag: " + fleet["tags"][0]
    assert len([key for key in results if key[0] == "every host variable"]) == len(fleet["sims"])


def test_export_shows_validated_values_plain_and_user_data_marked(hostile_fleet, ansible_env, tmp_path):
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n")
    proc, export = inventory(ansible_env, config, "--export")
    assert proc.returncode == 0, proc.stderr
    variables = export["_meta"]["hostvars"][hostile_fleet["hostile"]["iccid"]]
    assert isinstance(variables["telnyx_id"], str) and variables["telnyx_id"] == hostile_fleet["hostile"]["id"]
    assert isinstance(variables["telnyx_iccid"], str) and isinstance(variables["telnyx_status"]["value"], str)
    assert isinstance(variables["telnyx_sim_card_group_id"], str) and isinstance(variables["telnyx_type"], str)
    # what users wrote stays marked, so that nothing that reads the export back templates it (every supported
    # ansible-core writes the marker: 2.16-2.18 from AnsibleUnsafeText, 2.19+ from its trust tags)
    assert {"__ansible_unsafe": hostile_fleet["command"]} in variables["telnyx_tags"]
    assert variables["telnyx_sim_card_group_name"] == {"__ansible_unsafe": hostile_fleet["group_name"]}


def test_awx_enabled_var_and_instance_id_var_read_the_export(emu, ansible_env, tmp_path):
    """docs/awx.md: enabled_var telnyx_status.value, enabled_value enabled, instance_id_var telnyx_id."""
    seed_fleet(emu)
    seeded = emu.api("GET", "/sim_cards", params={"page[size]": PAGE}).json()["data"]
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n")
    proc, export = inventory(ansible_env, config, "--export")
    assert proc.returncode == 0, proc.stderr
    export = json.loads(proc.stdout)  # exactly the JSON AWX stores, markers and all
    hosts = awx_import(export, "telnyx_status.value", "enabled", "telnyx_id")
    expected = dict((sim["iccid"], (sim["status"]["value"] == "enabled", sim["id"])) for sim in seeded)
    assert hosts == expected
    assert sum(enabled for enabled, dummy in hosts.values()) == sum(sim["status"]["value"] == "enabled" for sim in seeded) > 0


def test_one_sim_card_with_a_template_host_name_does_not_break_the_import(hostile_fleet, emu, ansible_env, tmp_path):
    config = write_config(tmp_path, 'plugin: telnyx.wireless.sim_cards\nhostnames:\n  - "tag:name:"\n  - "{{ telnyx_tags | last }}"\n  - msisdn\n')
    proc, export = inventory(ansible_env, config, "--export")
    assert proc.returncode == 0, proc.stderr
    hosts = set(export["_meta"]["hostvars"])
    assert len(hosts) == len(hostile_fleet["sims"])
    # SIM card 0: name: tag is a template (skipped), its last tag "site:berlin" has ':' (skipped), so its MSISDN names it
    hostile = emu.sim(hostile_fleet["hostile"]["id"])
    assert hostile["msisdn"] and hostile["msisdn"] in hosts
    assert one_line(proc.stderr).count("SIM card %s:" % hostile_fleet["hostile"]["iccid"]) == 2, proc.stderr
    assert all("{" not in host and " " not in host for host in hosts)
    assert not hostile_fleet["marker"].exists()
