# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The constructed options of the telnyx.wireless.sim_cards inventory (compose, groups, keyed_groups, strict,
leading_separator, use_extra_vars) are checked before the first request, naming the option, as the plugin's own are.

Ansible itself checks them only while it builds the hosts, after the SIM cards were fetched.
"""

from __future__ import annotations

import pytest
from test_inventory import api_requests, inventory, one_line, seed_fleet, write_config

REFUSED = [
    ("keyed_groups: tags", "keyed_groups must be a list of mappings such as {key: tags, prefix: tag}, got 'tags'"),
    ("keyed_groups: [tags]", "keyed_groups[1] must be a mapping such as {key: tags, prefix: tag}, got 'tags'"),
    ("keyed_groups: [{prefix: tag}]", "keyed_groups[1] needs key: the host variable (or Jinja2 expression) whose values name the groups"),
    ("keyed_groups: [{key: telnyx_tags, prefx: tag}]", "keyed_groups[1] has unknown key prefx; the keys are key, prefix, separator, parent_group, "
                                                       "default_value, trailing_separator"),
    ("keyed_groups: [{key: telnyx_tags, separator: [a]}]", "keyed_groups[1].separator must be a string, got ['a']"),
    ("keyed_groups: [{key: telnyx_tags, default_value: none, trailing_separator: false}]",
     "keyed_groups[1]: default_value and trailing_separator are mutually exclusive"),
    ("compose: {ansible_host: [telnyx_msisdn]}", "compose.ansible_host must be a Jinja2 expression (a string: quote a literal, \"'42'\"), "
                                                 "got ['telnyx_msisdn']"),
    ("compose: {answer: 42}", "compose.answer must be a Jinja2 expression (a string: quote a literal, \"'42'\"), got 42"),
    ("groups:\n  meters:", "groups.meters must be a Jinja2 conditional (a string or a boolean), got None"),
    ("strict: maybe", "strict must be a boolean (true or false), got 'maybe'"),
    ("leading_separator: sometimes", "leading_separator must be a boolean (true or false), got 'sometimes'"),
]


@pytest.mark.ansible_core
def test_constructed_options_are_refused_before_any_request(emu, ansible_env, tmp_path):
    seed_fleet(emu)
    for text, message in REFUSED:
        emu.clear_requests()
        config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n%s\n" % text)
        proc, dummy = inventory(ansible_env, config, env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
        assert proc.returncode != 0, text
        assert message in one_line(proc.stderr), (text, proc.stderr)
        assert api_requests(emu) == [], text


def test_well_formed_constructed_options_still_build_groups(emu, ansible_env, tmp_path):
    """The checks refuse nothing Ansible accepts: booleans as yes/no, an expression that is a quoted number, keyed groups in full."""
    seed_fleet(emu)
    config = write_config(tmp_path, "\n".join([
        "plugin: telnyx.wireless.sim_cards",
        "strict: yes",
        "leading_separator: no",
        "compose: {answer: '42', label: \"'sim-' ~ telnyx_iccid[-4:]\"}",
        "groups: {everything: true, enabled_ones: \"telnyx_status.value == 'enabled'\"}",
        "keyed_groups:",
        "  - {key: telnyx_type, separator: '', parent_group: by_type, trailing_separator: true}",
        "  - {key: telnyx_tags, prefix: tag, default_value: untagged}",
        ""]))
    proc, data = inventory(ansible_env, config, env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"})
    assert proc.returncode == 0, proc.stderr
    assert "everything" in data, sorted(data)
    assert data["everything"]["hosts"] and "physical" in data and data["by_type"]["children"]
    assert any(name.startswith("tag_") for name in data)
