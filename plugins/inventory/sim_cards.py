# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sim_cards
short_description: Telnyx Wireless SIM cards as inventory hosts and groups
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Turns the SIM cards of a Telnyx account into inventory hosts, one host per SIM card, so that playbooks target
    them the way they target servers, for example with C(hosts) set to C(tag_lost) or C(sim_card_group_meters).
  - Groups out of the box, one per SIM card tag, per SIM card group (by name), per status and per type (physical or
    eSIM), plus O(compose), O(groups) and O(keyed_groups) as in P(ansible.builtin.constructed#inventory).
  - The configuration file name must end with C(sim_cards.yml), C(sim_cards.yaml), C(telnyx.yml) or C(telnyx.yaml)
    (for example C(fleet.sim_cards.yml)), and its O(plugin) must be C(telnyx.wireless.sim_cards) (or the short
    name C(sim_cards) when the plugin is enabled under its full name in C(enable_plugins)).
  - Requests sent per load are the SIM card group list (one request per 250 groups), the SIM card list (one request per
    250 SIM cards, all pages after the first fetched concurrently by O(fetch_workers) connections that back off
    together on HTTP 429), and, only when a group has a private wireless gateway or a wireless blocklist, the list of
    gateways or of blocklists (one request per 250 each, for their names). No request is ever sent per SIM card.
  - With O(cache) enabled, the raw API answers are kept in Ansible's inventory cache and the hosts, groups and variables are
    rebuilt from them on every load (so changes to O(compose), O(groups) and similar need no new fetch); a cache hit sends
    no request at all. The cache key holds the options that change the API's answer and a fingerprint of O(api_url) and
    O(api_key), never the key itself.
  - Every connection option and every API filter may be a Jinja template, for example C("{{ telnyx_api_key }}") given
    with C(--extra-vars), an AWX credential or a vaulted variable; numbers and booleans are converted after templating.
  - SIM card data that users write (tags, the SIM card group's name, any free text) is never templated, on every
    supported ansible-core (wrapped as unsafe before 2.19, left untrusted from 2.19 on), and neither is any variable
    O(compose) builds from it; group names made from it hold only letters, digits and C(_).
  - Values the plugin checks itself (the SIM card's and group's UUIDs, ICCID, IMSI, MSISDN, EID, type, C(status.value),
    timestamps, numbers, booleans) are plain values, so that C(ansible-inventory --list --export) on ansible-core 2.19 and
    later shows them as they are (AWX's C(enabled_var) and C(instance_id_var) read them).
  - An option the plugin does not know (a misspelt filter such as C(statuss)) fails the load with a sentence naming it and the
    closest valid option, because ignoring it would select the whole fleet. Keep C(ANSIBLE_INVENTORY_UNPARSED_FAILED) on
    (AWX and ansible-navigator users too) so that a failed load stops the run instead of leaving an empty inventory.
requirements:
  - requests >= 2.25
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - telnyx.wireless.auth
  - telnyx.wireless.sim_card_filters
options:
  plugin:
    description: Marks this file as a configuration of this plugin.
    type: str
    required: true
    choices: [telnyx.wireless.sim_cards, sim_cards]
  api_key:
    env:
      - name: TELNYX_API_KEY
  api_url:
    env:
      - name: TELNYX_API_URL
  http_timeout:
    type: raw
  validate_certs:
    type: raw
  http_retries:
    type: raw
  http_retry_max_time:
    type: raw
  fetch_workers:
    description:
      - How many pages of the SIM card list are fetched at the same time, after the first page has told how many there are.
      - An HTTP 429 (rate limit) answer to any of them pauses all of them for the time the API asks (one shared backoff).
      - C(1) fetches the pages one after the other.
      - The default was chosen by measurement (C(benchmarks/inventory.py) in the collection's repository) with 50 ms of
        latency per request; 16 saved about 1% of an C(ansible-inventory --list) run at 10,000 and at 100,000 SIM cards
        while doubling the connections that count against the account's rate limit.
    type: int
    default: 8
  hostnames:
    description:
      - How each SIM card's host is named, as a list of preferences; the first one that gives a value for a SIM card
        names it, so a SIM card without the first falls back to the next.
      - Each entry is one of a SIM card field, C(iccid), C(id), C(msisdn), C(imsi) or C(eid); C(tag:) followed by a tag
        prefix, such as C(tag:name:), which names the host by the rest of the SIM card's first tag that starts with
        C(name:) (a SIM card tagged C(name:meter-0042) becomes host C(meter-0042)); or a Jinja template evaluated with
        the SIM card's host variables (see O(hostvars_prefix)), where an empty or undefined result means no value.
      - When no entry gives a value, or every value is already the name of another SIM card of this source, the host is
        named by its ICCID (then its id), so that no SIM card is ever left out; a name taken twice is reported in one warning.
      - A value that cannot be a host name (anything but letters, digits and C(.) C(_) C(-) C(+) C(@), for example a tag
        that holds a template or a space) is skipped with a warning naming the SIM card, and the next entry applies, so
        that one bad tag never stops the import of the fleet.
      - Quote C(tag:) entries in YAML (C("tag:name:")); unquoted, YAML reads C(tag:name:) as a mapping.
    type: list
    elements: str
    default: [iccid]
  hostvars_prefix:
    description:
      - The prefix of the host variables that hold the SIM card's fields, as the API returns them (C(telnyx_iccid),
        C(telnyx_status.value), C(telnyx_tags), C(telnyx_sim_card_group_id) and so on).
      - Beside the group's id, C(<prefix>sim_card_group_name) holds the SIM card group's name.
      - The policy the SIM card takes from its group, from the lists read anyway (no request per SIM card) -
        C(<prefix>sim_card_group_data_limit) (the group's shared monthly limit, C({}) for none),
        C(<prefix>private_wireless_gateway_id) and C(<prefix>private_wireless_gateway_name),
        C(<prefix>wireless_blocklist_id) and C(<prefix>wireless_blocklist_name) (null when the group has none).
    type: str
    default: telnyx_
  connection:
    description:
      - The value of C(ansible_connection) set on every host. A SIM card is an API object, not a machine to log in to,
        so tasks run on the control node and reach the SIM card through the API.
      - Set it to an empty string to leave C(ansible_connection) unset (O(compose) can set it too, and wins).
    type: str
    default: local
  group:
    description:
      - A group that every SIM card of this source joins. An empty string adds no such group.
    type: str
    default: telnyx_sim_cards
  default_groups:
    description:
      - Which groups every SIM card joins without any O(keyed_groups) configuration.
      - V(tags), one group per tag, named O(tag_group_prefix) + the tag; V(sim_card_group), one group per SIM card group,
        named O(sim_card_group_prefix) + the group's name; V(status), named O(status_group_prefix) + the status
        (C(status_enabled)); V(type), named O(type_group_prefix) + C(physical) or C(esim);
        V(private_wireless_gateway), one group per private wireless gateway, named O(private_wireless_gateway_prefix) +
        the gateway's name, holding the SIM cards whose group routes through it (not in the default list; add it).
      - Group names are made valid the way Ansible makes them valid (every character that cannot be in a variable name
        becomes C(_), so tag C(site:berlin-1) gives group C(tag_site_berlin_1)), silently, whatever
        C(TRANSFORM_INVALID_GROUP_CHARS) says, exactly as O(keyed_groups) does.
      - An empty list adds none of them.
    type: list
    elements: str
    choices: [tags, sim_card_group, status, type, private_wireless_gateway]
    default: [tags, sim_card_group, status, type]
  tag_group_prefix:
    description: The start of the name of every tag group.
    type: str
    default: tag_
  sim_card_group_prefix:
    description: The start of the name of every SIM card group's group.
    type: str
    default: sim_card_group_
  status_group_prefix:
    description: The start of the name of every status group.
    type: str
    default: status_
  type_group_prefix:
    description: The start of the name of every SIM card type group.
    type: str
    default: type_
  private_wireless_gateway_prefix:
    description: The start of the name of every private wireless gateway's group (see O(default_groups)).
    type: str
    default: private_wireless_gateway_
  tags:
    default: []
  status:
    default: []
  iccid_prefix:
    aliases: [iccid]
  include_filters:
    description:
      - Jinja conditionals evaluated with each SIM card's host variables; when any are given, only SIM cards for which at
        least one is true become hosts. Evaluated locally, after the API's filters.
      - With O(strict=false), a conditional that fails to evaluate for a SIM card counts as false.
    type: list
    elements: str
    default: []
  exclude_filters:
    description:
      - Jinja conditionals evaluated with each SIM card's host variables; SIM cards for which any is true are left out,
        even when an O(include_filters) entry is true for them (exclude wins).
      - With O(strict=false), a conditional that fails to evaluate for a SIM card counts as false.
    type: list
    elements: str
    default: []
notes:
  - C(ansible-inventory --list --export) (what AWX runs to import an inventory source) and C(--graph) work as with any
    inventory plugin.
  - Run with C(-vvv) to see how many SIM cards were read, with how many requests, and whether the cache answered.
  - O(iccid) is the earlier name of O(iccid_prefix), kept as an alias; it is deprecated, use O(iccid_prefix). It means
    a prefix, as in M(telnyx.wireless.sim_card_info) (it was the API's partial match).
seealso:
  - module: telnyx.wireless.sim_card
  - module: telnyx.wireless.sim_card_info
"""

EXAMPLES = r"""
# Three inventory files, each starting at its "# file:" line.

# file: fleet.sim_cards.yml
# Every SIM card of the account, the key from TELNYX_API_KEY.
# ansible-inventory -i fleet.sim_cards.yml --graph
plugin: telnyx.wireless.sim_cards

# file: meters.sim_cards.yml
# The enabled SIM cards of group "meters", named by their "name:" tag (ICCID when untagged), with the key taken from a
# vaulted variable given on the command line (-e @vault.yml).
plugin: telnyx.wireless.sim_cards
api_key: "{{ vault_telnyx_api_key }}"
sim_card_group: meters
status: [enabled]
hostnames:
  - "tag:name:"  # quoted: unquoted, YAML reads tag:name: as a mapping
  - iccid
exclude_filters:
  - "'decommission' in telnyx_tags"

# file: grouped.sim_cards.yml
# Group by more than the default groups, and cache the API's answer for 10 minutes.
plugin: telnyx.wireless.sim_cards
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/telnyx-inventory
cache_timeout: 600
keyed_groups:
  # site_berlin, site_paris... from tags such as "site:berlin"
  - key: telnyx_tags | select('match', 'site:') | map('regex_replace', '^site:', '') | list
    prefix: site
groups:
  # SIM cards that may use data but have used none this billing period
  idle: telnyx_status.value == 'enabled' and (telnyx_current_billing_period_consumed_data.amount | float) == 0
compose:
  data_limit_mb: telnyx_data_limit.amount | default(none)
"""

import difflib
import gc
import hashlib
import json
import re
import time
from collections.abc import Mapping
from contextlib import contextmanager

import yaml

from ansible.config.manager import ensure_type
from ansible.errors import AnsibleError, AnsibleParserError, AnsibleUndefinedVariable
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.vars import combine_vars

from ansible_collections.telnyx.wireless.plugins.module_utils._api import list_private_wireless_gateways, list_sim_card_groups, list_wireless_blocklists
from ansible_collections.telnyx.wireless.plugins.module_utils._base import check_connection_options, client_options
from ansible_collections.telnyx.wireless.plugins.module_utils._client import (
    DEFAULT_API_URL,
    MISSING_API_KEY,
    TelnyxClient,
    TelnyxError,
    collection_failure,
    key_fingerprint,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    ALL_STATUSES,
    ICCID_RE,
    check_sim_card_filters,
    find_group,
    is_uuid,
    list_sim_cards,
    sim_status,
)

try:  # ansible-core 2.19 and later: a string is templated only when tagged trusted, and API data never is.
    from ansible.template import trust_as_template
    wrap_var = None  # pylint: disable=invalid-name
except ImportError:  # ansible-core 2.16 to 2.18: every string is templated unless wrapped as unsafe.
    trust_as_template = None
    from ansible.utils.unsafe_proxy import wrap_var

FULL_NAME = "telnyx.wireless.sim_cards"
SHORT_NAME = "sim_cards"
FILE_SUFFIXES = ("sim_cards.yml", "sim_cards.yaml", "telnyx.yml", "telnyx.yaml")

# What the cache holds; bump it when its layout changes so that old entries are ignored.
# 2: the private wireless gateway and wireless blocklist lists (for the group policy host variables).
CACHE_FORMAT = 2

# Connection options and the type each has once templated (the docs declare the non-strings `raw`, so that a
# template survives until it is rendered here).
CONNECTION_OPTIONS = (
    ("api_key", "str"), ("api_url", "str"), ("http_timeout", "float"), ("validate_certs", "bool"),
    ("http_retries", "int"), ("http_retry_max_time", "float"),
)
HOSTNAME_FIELDS = ("iccid", "id", "msisdn", "imsi", "eid")
TAG_PREFIX = "tag:"
# Fields of the API's answer that are not worth a host variable: always "sim_card".
SKIPPED_FIELDS = frozenset(("record_type",))

# Values of the API's answer that this plugin checks itself and that can therefore never hold a template: they become
# plain (trusted) strings, so that `ansible-inventory --list --export` on ansible-core 2.19+ shows them as strings, not
# as {"__ansible_unsafe": ...} (AWX's enabled_var and instance_id_var read them). Keyed by the path to the value.
_DIGITS_RE = re.compile(r"^[0-9]{1,32}$")
_NUMBER_RE = re.compile(r"^-?[0-9]{1,32}(\.[0-9]{1,32})?$")
_TIMESTAMP_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?$")
VALIDATED_FIELDS = {
    ("id",): is_uuid,
    ("sim_card_group_id",): is_uuid,
    ("iccid",): lambda value: bool(ICCID_RE.match(value)),
    ("imsi",): lambda value: bool(_DIGITS_RE.match(value)),
    ("msisdn",): lambda value: bool(_DIGITS_RE.match(value.lstrip("+"))),
    ("eid",): lambda value: bool(_DIGITS_RE.match(value)),
    ("type",): lambda value: value in ("physical", "esim"),
    ("status", "value"): lambda value: value in ALL_STATUSES,
    ("created_at",): lambda value: bool(_TIMESTAMP_RE.match(value)),
    ("updated_at",): lambda value: bool(_TIMESTAMP_RE.match(value)),
    # the SIM card group's policy (issue 12): ids and the limit's unit are checked, the names stay untrusted
    ("private_wireless_gateway_id",): is_uuid,
    ("wireless_blocklist_id",): is_uuid,
    ("sim_card_group_data_limit", "unit"): lambda value: value in ("MB", "GB"),
}
# The options of ansible.builtin.constructed this plugin takes, as the file gives them: Ansible checks these only while
# it builds the hosts (after the SIM cards are fetched), so the plugin checks them before its first request.
CONSTRUCTED_BOOLEANS = ("strict", "leading_separator", "use_extra_vars")
KEYED_GROUP_STRINGS = ("key", "prefix", "separator", "parent_group", "default_value")
KEYED_GROUP_KEYS = KEYED_GROUP_STRINGS + ("trailing_separator",)


def constructed_option_errors(config):
    """Messages for the constructed options (compose, groups, keyed_groups, strict, leading_separator, use_extra_vars)
    of an inventory file's `config` (as read, before any request) that Ansible would refuse or misread. Pure."""
    errors = []
    for name in CONSTRUCTED_BOOLEANS:
        if config.get(name) is not None:
            try:
                boolean(config[name], strict=True)
            except TypeError:
                errors.append("%s must be a boolean (true or false), got %r" % (name, config[name]))
    for name, what in (("compose", "a variable name to a Jinja2 expression"), ("groups", "a group name to a Jinja2 conditional")):
        value = config.get(name)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            errors.append("%s must be a mapping of %s, got %r" % (name, what, value))
            continue
        for key, item in value.items():
            if not isinstance(key, str) or not key:
                errors.append("%s has the key %r: each key must be a non-empty string" % (name, key))
            elif name == "compose" and not isinstance(item, str):  # ansible-core 2.19 refuses other types ("Expressions must be str")
                errors.append("compose.%s must be a Jinja2 expression (a string: quote a literal, \"'42'\"), got %r" % (key, item))
            elif name == "groups" and not isinstance(item, (str, bool)):
                errors.append("groups.%s must be a Jinja2 conditional (a string or a boolean), got %r" % (key, item))
    keyed = config.get("keyed_groups")
    if keyed is not None and not isinstance(keyed, list):
        errors.append("keyed_groups must be a list of mappings such as {key: tags, prefix: tag}, got %r" % (keyed,))
    for number, entry in enumerate(keyed if isinstance(keyed, list) else [], start=1):
        where = "keyed_groups[%d]" % number
        if not isinstance(entry, Mapping):
            errors.append("%s must be a mapping such as {key: tags, prefix: tag}, got %r" % (where, entry))
            continue
        unknown = sorted((str(key) for key in entry if key not in KEYED_GROUP_KEYS))
        if unknown:
            errors.append("%s has unknown key%s %s; the keys are %s" % (
                where, "s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(KEYED_GROUP_KEYS)))
        if not isinstance(entry.get("key"), str) or not entry.get("key"):
            errors.append("%s needs key: the host variable (or Jinja2 expression) whose values name the groups" % where)
        for name in KEYED_GROUP_STRINGS[1:]:
            if name in entry and not isinstance(entry[name], str):
                errors.append("%s.%s must be a string, got %r" % (where, name, entry[name]))
        if "trailing_separator" in entry:
            try:
                boolean(entry["trailing_separator"], strict=True)
            except TypeError:
                errors.append("%s.trailing_separator must be a boolean, got %r" % (where, entry["trailing_separator"]))
            if entry.get("default_value") is not None:
                errors.append("%s: default_value and trailing_separator are mutually exclusive" % where)
    return errors


# What a host name may hold: letters, digits and . _ - + @ (so never a template, a host pattern operator such as
# , : ! & [ ], a space, or anything AWX's inventory import refuses).
HOSTNAME_RE = re.compile(r"^[A-Za-z0-9_+][A-Za-z0-9_.@+-]{0,252}$")


def trusted(value):
    """A string this plugin has validated: plain, and on ansible-core 2.19+ tagged trusted so that exports show it as is."""
    value = str(value)  # drops an unsafe wrapper (2.16-2.18) or any tag (2.19+)
    return trust_as_template(value) if trust_as_template is not None else value


def untrusted(value):
    """Data from the API that users wrote or that this plugin has not validated: never templated, on every ansible-core."""
    if trust_as_template is not None:
        return value  # 2.19+: untrusted is what an untagged string is
    return wrap_var(value)


def host_value(value, path=()):
    """A value of the API's answer as a host variable: validated strings and numbers plain, every other string untrusted."""
    if isinstance(value, dict):
        return dict((key, host_value(item, path + (key,))) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [host_value(item, path + ("[]",)) for item in value]
    if isinstance(value, str):
        check = VALIDATED_FIELDS.get(path)
        if (check is not None and check(value)) or _NUMBER_RE.match(value):
            return trusted(value)
        return untrusted(value)
    return value  # numbers, booleans, None: never templated


@contextmanager
def fewer_full_collections():
    """Make CPython's full garbage collections rare while the hosts are built, then restore the thresholds.

    A large fleet becomes tens of millions of long-lived objects (hosts, variables, groups), and every full (generation 2)
    collection rescans all of them: at 40,000 SIM cards that was a third of the CPU time of building the inventory.
    Young garbage is still collected as usual.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], 1000))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _failure(reason, message, error=AnsibleParserError, failure=None):
    """The inventory's one way to fail: Ansible's error (what ansible-inventory and AWX show) whose message ends with the
    stable failure.reason, carrying the structured failure (collection_failure, or a TelnyxError's own) as `failure`."""
    exc = error("%s (failure.reason: %s)" % (message, reason))
    exc.failure = failure or collection_failure(reason, message)
    return exc


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """Telnyx SIM cards as inventory: fetch (or read the cache), then build hosts, groups and variables."""

    NAME = FULL_NAME

    def __init__(self):
        super().__init__()
        self._group_names = {}
        self._hostnames = []
        self._settings = {}
        self.stats = {}

    # ------------------------------------------------------------------ configuration

    def verify_file(self, path):
        """Whether `path` is a configuration file of this plugin (by its documented name suffix)."""
        return super().verify_file(path) and path.endswith(FILE_SUFFIXES)

    def _option_names(self):
        """Every name an option may be given by (the options and their documented aliases) -> the option's name."""
        names = dict((name, name) for name in self._options)
        for name, definition in (yaml.safe_load(DOCUMENTATION).get("options") or {}).items():
            for alias in (definition or {}).get("aliases") or ():
                names[alias] = name
        return names

    def _read_config_data(self, path):
        # Accept the short plugin name too, whatever name the plugin was loaded by.
        names = list(getattr(self, "_redirected_names", None) or [self.NAME])
        for name in (FULL_NAME, SHORT_NAME):
            if name not in names:
                names.append(name)
        self._redirected_names = names
        config = super()._read_config_data(path)
        known = self._option_names()
        unknown = sorted(set(config) - set(known) - {"plugin"}, key=str)
        if unknown:
            # A misspelt filter must not select the whole fleet: refuse the file, naming the closest valid option.
            hints = []
            for key in unknown:
                close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
                hints.append("%r%s" % (key, " (did you mean %s?)" % known[close[0]] if close else ""))
            raise _failure("invalid_input", "The telnyx.wireless.sim_cards inventory %s has unknown option%s %s; the options are listed by "
                           "ansible-doc -t inventory telnyx.wireless.sim_cards." % (path, "s" if len(unknown) > 1 else "", ", ".join(hints)))
        errors = constructed_option_errors(config)
        if errors:
            raise _failure("invalid_input", "The telnyx.wireless.sim_cards inventory %s: %s." % (path, "; ".join(errors)))
        return config

    def _template(self, name, value):
        """An option's value with its template rendered (extra vars available); other values unchanged."""
        if isinstance(value, (list, tuple)):
            return [self._template(name, item) for item in value]
        if not isinstance(value, str):
            return value
        try:
            return self.templar.template(value)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            message = str(exc)
            if name == "api_key":
                message = message.replace(value, "********")
            raise _failure("template_failed", "Could not template option %s of the telnyx.wireless.sim_cards inventory: %s" % (name, message)) from None

    def _connection_options(self):
        """The API connection options, templated and converted to their types."""
        options = {}
        for name, kind in CONNECTION_OPTIONS:
            value = self._template(name, self.get_option(name))
            if value is None or value == "":
                continue  # the client's default applies
            try:
                if kind == "bool":
                    value = boolean(value, strict=True)
                elif kind == "str":
                    value = str(value)
                else:
                    value = ensure_type(value, kind)
            except (TypeError, ValueError):
                shown = "(hidden)" if name == "api_key" else repr(value)
                raise _failure("invalid_input", "Option %s of the telnyx.wireless.sim_cards inventory must be a %s, got %s." % (
                    name, {"bool": "boolean", "int": "whole number", "float": "number"}.get(kind, kind), shown)) from None
            options[name] = value
        errors = check_connection_options(options)
        if errors:
            raise _failure("invalid_input", "The telnyx.wireless.sim_cards inventory: %s." % "; ".join(errors))
        if not options.get("api_key"):
            raise _failure("missing_api_key", MISSING_API_KEY)
        return options

    def _templated_list(self, name):
        """A list option, templated; an item whose template gives a list (tags: "{{ my_tags }}") is spread out."""
        values = []
        for item in self._template(name, self.get_option(name) or []):
            values.extend(item if isinstance(item, (list, tuple)) else [item])
        return [str(value) for value in values if value not in (None, "")]

    def _api_filters(self):
        """The SIM card filters (templated), as options give them, checked as sim_card_info checks them."""
        filters = {}
        for name in ("tags", "status"):
            values = self._templated_list(name)
            if values:
                filters[name] = values
        for name in ("sim_card_group", "iccid_prefix"):
            value = self._template(name, self.get_option(name))
            if value not in (None, ""):
                filters[name] = str(value)
        errors = check_sim_card_filters(filters.get("status"), filters.get("iccid_prefix"), filters.get("sim_card_group"))
        if errors:
            raise _failure("invalid_input", "; ".join(errors) + ".")
        return filters

    def _hostname_preferences(self):
        """The hostnames option as a list of (kind, argument); fails on an entry that is none of the accepted forms."""
        preferences = []
        for entry in self.get_option("hostnames") or []:
            if isinstance(entry, dict):
                raise _failure(
                    "invalid_input", "hostnames entry %r is a mapping, not a string: quote it (for example \"tag:name:\"), since YAML reads an "
                    "unquoted tag:name: as a mapping." % (entry,))
            if not isinstance(entry, str):  # never str() a template: that drops its trust in ansible-core 2.19
                entry = str(entry)
            if "{{" in entry or "{%" in entry:
                preferences.append(("template", entry))
            elif entry.startswith(TAG_PREFIX) and len(entry) > len(TAG_PREFIX):
                preferences.append(("tag", entry[len(TAG_PREFIX):]))
            elif entry in HOSTNAME_FIELDS:
                preferences.append(("field", entry))
            else:
                raise _failure(
                    "invalid_input", "hostnames entry %r is not one of %s, a tag prefix such as 'tag:name:', or a Jinja template such as "
                    "'{{ telnyx_msisdn }}'." % (entry, ", ".join(HOSTNAME_FIELDS)))
        return preferences

    def _configure(self):
        """Read, template and check every option; sends nothing."""
        get = self.get_option
        workers = get("fetch_workers")
        if workers is None or int(workers) < 1:
            raise _failure("invalid_input", "fetch_workers must be 1 or more, got %r." % workers)
        self._settings = {
            "connection": self._connection_options(),
            "filters": self._api_filters(),
            "workers": int(workers),
            "prefix": get("hostvars_prefix") or "",
            "ansible_connection": get("connection") or None,
            "group": get("group") or None,
            "default_groups": frozenset(get("default_groups") or ()),
            "prefixes": {"tags": get("tag_group_prefix") or "", "sim_card_group": get("sim_card_group_prefix") or "",
                         "status": get("status_group_prefix") or "", "type": get("type_group_prefix") or "",
                         "private_wireless_gateway": get("private_wireless_gateway_prefix") or ""},
            "include": list(get("include_filters") or []),
            "exclude": list(get("exclude_filters") or []),
            "strict": bool(get("strict")),
            "use_extra_vars": bool(get("use_extra_vars")),
            "compose": get("compose") or {},
            "groups": get("groups") or {},
            "keyed_groups": get("keyed_groups") or [],
        }
        self._hostnames = self._hostname_preferences()

    # ------------------------------------------------------------------ fetching and caching

    def _cache_key(self, path):
        """The inventory cache key: this source, the options that shape the API's answer, a fingerprint of URL and key."""
        connection = self._settings["connection"]
        shape = {
            "format": CACHE_FORMAT,
            "filters": self._settings["filters"],
            "credentials": key_fingerprint(connection.get("api_url") or DEFAULT_API_URL, connection["api_key"]),
        }
        digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode("utf-8")).hexdigest()[:16]
        return "%s_%s" % (self.get_cache_key(path), digest)

    def _fetch(self):
        """The raw API answers: every SIM card group, then every SIM card that passes the API filters."""
        filters = self._settings["filters"]
        started = time.monotonic()
        client = TelnyxClient(read_only=True, pool_size=self._settings["workers"], user_agent_extra="inventory",
                              **client_options(self._settings["connection"]))
        try:
            groups = list_sim_card_groups(client)
            group_id = self._group_id(groups, filters["sim_card_group"]) if filters.get("sim_card_group") is not None else None
            sims = list_sim_cards(client, tags=filters.get("tags"), statuses=filters.get("status"), group_id=group_id,
                                  iccid_prefix=filters.get("iccid_prefix"), workers=self._settings["workers"])
            # The names of the groups' gateways and blocklists: one list each per load, only when a group has one.
            gateways = list_private_wireless_gateways(client) if any(group.get("private_wireless_gateway_id") for group in groups) else []
            blocklists = list_wireless_blocklists(client) if any(group.get("wireless_blocklist_id") for group in groups) else []
        except TelnyxError as exc:
            raise _failure(exc.failure.get("reason", "api_error"), "The telnyx.wireless.sim_cards inventory could not read the SIM cards: %s" % exc,
                           AnsibleError, exc.failure) from None
        finally:
            client.close()
        self.stats = {"requests": client.stats["requests"], "retries": client.stats["retries"], "seconds": time.monotonic() - started}
        return {"format": CACHE_FORMAT, "sim_card_groups": groups, "sim_cards": sims, "private_wireless_gateways": gateways,
                "wireless_blocklists": blocklists}

    @staticmethod
    def _group_id(groups, wanted):
        """The id of the SIM card group named or identified by `wanted`, from the list of groups (the shared SIM card query's rule)."""
        try:
            # the modules' rule (find_group): a UUID no group has, a name none or two groups have, fail
            return find_group(wanted, groups=groups)["id"]
        except TelnyxError as exc:
            raise _failure(exc.failure.get("reason", "api_error"), str(exc), failure=exc.failure) from None

    def _load(self, path, cache):
        """The raw API answers, from the inventory cache when it has them, else from the API (then cached)."""
        use_cache = bool(self.get_option("cache"))
        key = self._cache_key(path) if use_cache else None
        if use_cache and cache:
            try:
                data = self._cache[key]
            except KeyError:
                data = None
            if isinstance(data, dict) and data.get("format") == CACHE_FORMAT:
                self.stats = {"requests": 0, "cache": "hit"}
                return data
        data = self._fetch()
        if use_cache:
            self._cache[key] = data
            self.stats["cache"] = "refreshed" if not cache else "miss"
        return data

    # ------------------------------------------------------------------ building the inventory

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        # Templates in options may use extra vars (--extra-vars, AWX survey and credential variables).
        self.templar.available_variables = self._vars
        self._configure()
        with fewer_full_collections():
            data = self._load(path, cache)
            count = self._populate(data)
        if self.stats.get("cache") == "hit":
            source = "the inventory cache, no request sent"
        else:
            source = "%d API requests (%d retries) in %.2f s%s" % (
                self.stats["requests"], self.stats["retries"], self.stats["seconds"], ", cache %s" % self.stats["cache"] if "cache" in self.stats else "")
        self.display.vvv("telnyx.wireless.sim_cards: %d hosts from %d SIM cards, read from %s" % (count, len(data.get("sim_cards") or []), source))

    def _add_group(self, raw_name):
        """Add (once) the group for raw_name, made a valid group name silently; returns the name used."""
        name = self._group_names.get(raw_name)
        if name is None:
            name = self.inventory.add_group(self._sanitize_group_name(raw_name))
            self._group_names[raw_name] = name
        return name

    def _default_groups_of(self, sim, group_name, gateway_name=None):
        """The names of the default groups a SIM card joins (not sanitised yet)."""
        settings = self._settings
        wanted = settings["default_groups"]
        prefixes = settings["prefixes"]
        names = []
        if settings["group"]:
            names.append(settings["group"])
        if "tags" in wanted:
            names.extend(prefixes["tags"] + str(tag) for tag in sim.get("tags") or () if tag not in (None, ""))
        if "sim_card_group" in wanted and sim.get("sim_card_group_id"):
            names.append(prefixes["sim_card_group"] + (group_name or sim["sim_card_group_id"]))
        if "status" in wanted:
            status = sim_status(sim)
            if status:
                names.append(prefixes["status"] + status)
        if "type" in wanted and sim.get("type"):
            names.append(prefixes["type"] + sim["type"])
        if "private_wireless_gateway" in wanted and gateway_name:
            names.append(prefixes["private_wireless_gateway"] + gateway_name)
        return names

    def _variables(self, hostvars):
        if self._settings["use_extra_vars"]:
            return combine_vars(hostvars, self._vars)
        return hostvars

    def _condition(self, expression, variables, what):
        """A filter conditional's value; a failure is fatal with strict, false without."""
        self.templar.available_variables = variables
        try:
            evaluate = getattr(self.templar, "evaluate_conditional", None)
            if evaluate is not None:
                return bool(evaluate(expression))
            # ansible-core before 2.19 has no evaluate_conditional
            return boolean(self.templar.template("{%% if %s %%}True{%% else %%}False{%% endif %%}" % expression), strict=False)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            if self._settings["strict"]:
                raise _failure("template_failed", "Could not evaluate %s %r for SIM card %s: %s" % (what, expression, variables.get(
                    self._settings["prefix"] + "iccid"), exc)) from None
            return False

    def _wanted(self, hostvars):
        """Whether include_filters and exclude_filters keep this SIM card (exclude wins)."""
        settings = self._settings
        variables = self._variables(hostvars)
        if any(self._condition(expression, variables, "exclude_filters") for expression in settings["exclude"]):
            return False
        if settings["include"]:
            return any(self._condition(expression, variables, "include_filters") for expression in settings["include"])
        return True

    def _name_from(self, kind, argument, sim, hostvars):
        """One hostnames preference applied to one SIM card: a name, or None when the SIM card has no value for it."""
        if kind == "field":
            value = sim.get(argument)
        elif kind == "tag":
            value = None
            for tag in sim.get("tags") or ():
                if isinstance(tag, str) and tag.startswith(argument) and len(tag) > len(argument):
                    value = tag[len(argument):]
                    break
        else:
            self.templar.available_variables = self._variables(hostvars)
            try:
                value = self.templar.template(argument)
            except AnsibleUndefinedVariable:
                value = None
            except Exception as exc:  # pylint: disable=broad-exception-caught
                if self._settings["strict"]:
                    raise _failure("template_failed", "Could not template hostnames entry %r for SIM card %s: %s" % (
                        argument, sim.get("iccid"), exc)) from None
                value = None
        if value is None or isinstance(value, (dict, list)):
            return None
        value = str(value).strip()
        return value or None

    def _hostname(self, sim, hostvars, taken, invalid):
        """The host name of a SIM card: the first preference with a valid value not already taken, else its ICCID or id.

        A value that cannot be a host name (a template, a space, a host pattern character...) is skipped and the SIM card
        is appended to `invalid`, so that one bad tag never stops the import of the fleet.
        """
        clash = False
        for kind, argument in self._hostnames:
            name = self._name_from(kind, argument, sim, hostvars)
            if name is None:
                continue
            if not HOSTNAME_RE.match(name):
                invalid.append((sim.get("iccid") or sim.get("id"), TAG_PREFIX + argument if kind == "tag" else argument))
                continue
            if name not in taken:
                return name, clash
            clash = True
        for name in (sim.get("iccid"), sim.get("id")):
            if name and HOSTNAME_RE.match(str(name)) and str(name) not in taken:
                return str(name), clash
        return None, True

    def _warn_invalid_names(self, invalid):
        """One warning per SIM card whose preferred host name could not be one (the first ten, then a count)."""
        for sim, entry in invalid[:10]:
            self.display.warning(
                "telnyx.wireless.sim_cards: SIM card %s: the value of hostnames entry %r is not a valid host name (letters, digits "
                "and . _ - + @ only, no templates), so the next hostnames choice or the ICCID names it." % (sim, entry))
        if len(invalid) > 10:
            self.display.warning("telnyx.wireless.sim_cards: %d more SIM cards had a hostnames value that is not a valid host name."
                                 % (len(invalid) - 10))

    @staticmethod
    def _group_policies(data):
        """{group id: the policy host variables its SIM cards get} (None: a SIM card without a known group), from the lists read."""
        gateway_names = dict((item.get("id"), item.get("name")) for item in data.get("private_wireless_gateways") or () if item.get("id"))
        blocklist_names = dict((item.get("id"), item.get("name")) for item in data.get("wireless_blocklists") or () if item.get("id"))
        policies = {None: {"sim_card_group_data_limit": {}, "private_wireless_gateway_id": None, "private_wireless_gateway_name": None,
                           "wireless_blocklist_id": None, "wireless_blocklist_name": None}}
        for group in data.get("sim_card_groups") or ():
            gateway, blocklist = group.get("private_wireless_gateway_id"), group.get("wireless_blocklist_id")
            policies[group.get("id")] = {
                "sim_card_group_data_limit": group.get("data_limit") or {},
                "private_wireless_gateway_id": gateway, "private_wireless_gateway_name": gateway_names.get(gateway) if gateway else None,
                "wireless_blocklist_id": blocklist, "wireless_blocklist_name": blocklist_names.get(blocklist) if blocklist else None,
            }
        return policies

    def _populate(self, data):
        """Hosts, variables and groups from the raw API answers; returns the number of hosts added."""
        settings = self._settings
        inventory = self.inventory
        prefix = settings["prefix"]
        group_key = prefix + "sim_card_group_name"
        connection = settings["ansible_connection"]
        filtering = bool(settings["include"] or settings["exclude"])
        constructing = bool(settings["compose"] or settings["groups"] or settings["keyed_groups"])
        strict = settings["strict"]
        self._group_names = {}
        group_names = dict((group.get("id"), group.get("name")) for group in data.get("sim_card_groups") or () if group.get("id"))
        policies = self._group_policies(data)
        taken = set()
        seen_ids = set()
        clashes = []
        invalid = []
        for sim in data.get("sim_cards") or ():
            sim_id = sim.get("id")
            if sim_id in seen_ids:
                continue  # listed twice (the list changed while its pages were read)
            seen_ids.add(sim_id)
            # Never templated: what users wrote (tags, names...) stays data on every ansible-core; validated values are plain.
            hostvars = dict((prefix + key, host_value(value, (key,))) for key, value in sim.items() if key not in SKIPPED_FIELDS)
            group_name = group_names.get(sim.get("sim_card_group_id"))
            hostvars[group_key] = None if group_name is None else untrusted(group_name)
            policy = policies.get(sim.get("sim_card_group_id")) or policies[None]
            for key, value in policy.items():
                hostvars[prefix + key] = host_value(value, (key,))
            if connection:
                hostvars["ansible_connection"] = connection
            if filtering and not self._wanted(hostvars):
                continue
            host, clash = self._hostname(sim, hostvars, taken, invalid)
            if clash:
                clashes.append(sim.get("iccid") or sim_id)
            if host is None:
                continue
            taken.add(host)
            inventory.add_host(host)
            for key, value in hostvars.items():
                inventory.set_variable(host, key, value)
            for raw_name in self._default_groups_of(sim, group_name, policy["private_wireless_gateway_name"]):
                inventory.add_child(self._add_group(raw_name), host)
            if constructing:
                self._set_composite_vars(settings["compose"], hostvars, host, strict=strict)
                self._add_host_to_composed_groups(settings["groups"], hostvars, host, strict=strict)
                self._add_host_to_keyed_groups(settings["keyed_groups"], hostvars, host, strict=strict)
        self._warn_invalid_names(invalid)
        if clashes:
            self.display.warning(
                "telnyx.wireless.sim_cards: %d SIM card(s) got a host name already given to another SIM card and were named by a "
                "later hostnames choice or their ICCID instead (first: %s). Choose hostnames that are unique." % (len(clashes), clashes[0]))
        return len(taken)
