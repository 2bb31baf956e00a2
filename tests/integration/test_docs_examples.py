# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every inventory file the documentation shows is loaded and run: the plugin's EXAMPLES and those in docs/*.md.

Each example is read as YAML (so an entry YAML reads differently from what it looks like, such as an unquoted
`- tag:name:`, which is a mapping, fails here), written to a file with the plugin's suffix and given to
`ansible-inventory --list` against the emulator, whose fleet is tagged so that every example selects SIM cards.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml
from test_inventory import inventory, one_line, seed_fleet, set_tags

from conftest import API_KEY, ROOT, plain

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

PLUGIN = os.path.join(ROOT, "plugins", "inventory", "sim_cards.py")
DOCS = os.path.join(ROOT, "docs")


def plugin_examples():
    """The documents of the plugin's EXAMPLES, read from its source as ansible-doc shows them."""
    with open(PLUGIN, encoding="utf-8") as handle:
        source = handle.read()
    text = re.search(r'^EXAMPLES = r"""\n(.*?)^"""', source, re.S | re.M).group(1)
    # one YAML document (ansible-test 2.16's yamllint allows no more), holding files that each start at "# file: <name>"
    files = re.split(r"^# file: ", text, flags=re.M)[1:]
    return [("EXAMPLES " + chunk.split("\n", 1)[0], "# file: " + chunk) for chunk in files]


def cookbook_examples():
    """The YAML blocks of docs/*.md that are inventory files (they name the plugin)."""
    found = []
    for name in sorted(os.listdir(DOCS)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(DOCS, name), encoding="utf-8") as handle:
            text = handle.read()
        blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M)
        found += [("docs/%s #%d" % (name, number), block) for number, block in enumerate(blocks, 1)
                  if re.search(r"^plugin: telnyx\.wireless\.sim_cards", block, re.M)]
    return found


EXAMPLES = plugin_examples() + cookbook_examples()


def test_every_documented_inventory_file_is_found():
    assert len(plugin_examples()) == 3
    assert len([label for label, dummy in cookbook_examples() if label.startswith("docs/inventory.md")]) >= 6
    assert any(label.startswith("docs/awx.md") for label, dummy in cookbook_examples())


@pytest.mark.parametrize("label,text", EXAMPLES, ids=[label for label, dummy in EXAMPLES])
def test_documented_inventory_file_loads_and_runs(label, text, emu, ansible_env, tmp_path):
    config = yaml.safe_load(text)
    assert isinstance(config, dict) and config["plugin"] == "telnyx.wireless.sim_cards", label
    assert all(isinstance(entry, str) for entry in config.get("hostnames", [])), "%s: hostnames entries must be strings" % label

    sims = seed_fleet(emu)["sim_cards"]
    # SIM card 0 (group meters, enabled): what the examples select on
    set_tags(emu, sims[0]["id"], ["name:meter-0042", "site:berlin", "berlin"])
    path = tmp_path / "example.sim_cards.yml"
    path.write_text(text)
    env = {"HOME": str(tmp_path)}  # the caching example writes under ~/.cache
    if "vault_telnyx_api_key" in text:
        # run as the docs show it, with --graph: --list would print the extra vars (the key) as host variables
        proc, dummy = inventory(ansible_env, path, "-e", "vault_telnyx_api_key=%s" % API_KEY, env=env, graph=True)
        assert proc.returncode == 0, "%s:\n%s" % (label, proc.stderr)
        assert "|--meter-0042" in proc.stdout or "|--%s" % sims[0]["iccid"] in proc.stdout, proc.stdout
        text = text.replace("api_key: \"{{ vault_telnyx_api_key }}\"", "")
        path.write_text(text)
    proc, data = inventory(ansible_env, path, env=env)
    assert proc.returncode == 0, "%s:\n%s" % (label, proc.stderr)
    assert "Failed to parse" not in one_line(proc.stderr), proc.stderr
    hostvars = plain(data)["_meta"]["hostvars"]
    assert hostvars, "%s selects no SIM card of the example fleet" % label
    if "tag:name:" in config.get("hostnames", []):
        assert "meter-0042" in hostvars, label
    if any(keyed.get("prefix") == "site" for keyed in config.get("keyed_groups", [])):
        assert "site_berlin" in data, label
    if config.get("cache"):
        assert os.listdir(tmp_path / ".cache" / "telnyx-inventory"), label
