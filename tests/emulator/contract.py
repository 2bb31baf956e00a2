# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate HTTP responses against Telnyx's wireless OpenAPI document with openapi-core.

The document is loaded unchanged from disk and then patched *in memory only* for faults that make correct
answers unvalidatable. Each patch is listed in ``SPEC_PATCHES`` with its reason:

1. README "Ambiguities and quirks" 7: seven string properties declare ``default: null`` without allowing
   null (openapi-spec-validator's 7 errors). They are made nullable.
2. README quirk 2: 404 is declared as a bare ``wireless_Error`` while every other error, and the emulator's
   404, use the ``{"errors": [...]}`` envelope. The 404 response is validated against ``wireless_Errors``.
3. README quirk 3 and "Drift": ``SIMCardAction.action_type`` lacks ``set_public_ip`` / ``remove_public_ip``
   (which those endpoints create) and SDK >= 4.174's ``enable_voice`` / ``disable_voice``. They are added.
4. ``SIMCardAction.status.reason`` is typed string, but its own description says it "will be null for
   self-explanatory statuses, such as in-progress and completed". Made nullable.
5. ``SIMCard.sim_card_group_id`` / ``SimpleSIMCard.sim_card_group_id``: typed string, described as "can be
   null"; a SIM card without a group (70007) exists. Made nullable.
6. ``SIMCard.ipv4`` / ``ipv6``: the emulator answers null when the SIM card has no session (disabled,
   registering; GUIDES 1.1 and 9.1.4 "disabled releases the IP"). Made nullable: an emulator choice.
7. ``GET /wireless_blocklist_values``: ``data`` is a ``oneOf`` of three array schemas whose items
   (Country, MCC, PLMN) are all ``{code, name}``; every array matches all three, so ``oneOf`` can never pass.
   Turned into ``anyOf``.
8. ``esim_installation_status`` (SIMCard, SimpleSIMCard) is typed ``[string, null]`` and described "only
   applicable for eSIM cards", but its ``enum`` lacks null, so JSON Schema rejects null. null is added.
9. The two single-SIM voice actions of SDK >= 4.174 (README "Drift") are added as paths, copied from
   set_standby, so their answers are validated too; they are not counted among the spec's 61 operations.

Error answers are additionally checked against ``wireless_Errors`` whatever the operation declares: some
operations declare 401 without a body, and some declare neither the status nor ``default`` (e.g. a 422 from
RegisterSimCards); those are recorded as "undeclared" and validated against the envelope only.
"""

import copy
import hashlib
import json
import os
import re
import threading
from urllib.parse import parse_qsl, urlsplit

import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_schema_validator import OAS31Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC_CANDIDATES = (
    os.environ.get("TELNYX_WIRELESS_OPENAPI", ""),
    os.path.join(HERE, "wireless-openapi.yaml"),
    os.path.join(HERE, "..", "..", "..", "shared", "telnyx-api", "wireless-openapi.yaml"),
)
SPEC_HOST = "https://api.telnyx.com"
METHODS = ("get", "put", "post", "delete", "patch")
DRIFT_OPERATIONS = {"/sim_cards/{id}/actions/enable_voice": "EnableVoiceSimCard",
                    "/sim_cards/{id}/actions/disable_voice": "DisableVoiceSimCard"}

NULL_DEFAULT_STRINGS = (
    ("PrivateWirelessGateway", "ip_range"), ("PrivateWirelessGateway", "region_code"), ("SIMCardPublicIP", "ip"),
    ("SIMCardGroup", "private_wireless_gateway_id"), ("SIMCardGroup", "wireless_blocklist_id"),
    ("SearchedSIMCardGroup", "private_wireless_gateway_id"), ("SearchedSIMCardGroup", "wireless_blocklist_id"),
)
SPEC_PATCHES = (
    "7 default:null strings made nullable (README quirk 7)",
    "404 validated against wireless_Errors (README quirk 2)",
    "SIMCardAction.action_type += set_public_ip, remove_public_ip, enable_voice, disable_voice (README quirk 3, drift)",
    "SIMCardAction.status.reason nullable (its description says null)",
    "SIMCard/SimpleSIMCard.sim_card_group_id nullable (its description says null)",
    "SIMCard.ipv4/ipv6 nullable (emulator: no session address when disabled)",
    "wireless_blocklist_values data oneOf -> anyOf (the three item schemas are identical)",
    "esim_installation_status enum += null (its type already allows null)",
    "enable_voice/disable_voice paths added (SDK drift)",
)


class ContractError(AssertionError):
    pass


def find_spec():
    for path in SPEC_CANDIDATES:
        if path and os.path.exists(path):
            return os.path.abspath(path)
    raise FileNotFoundError("wireless-openapi.yaml not found; set TELNYX_WIRELESS_OPENAPI")


def load_spec(path=None):
    with open(path or find_spec(), "rb") as handle:
        raw = handle.read()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader), hashlib.sha256(raw).hexdigest()  # nosec B506 - safe loader


def _nullable(prop):
    types = prop.get("type")
    if isinstance(types, list):
        if "null" not in types:
            prop["type"] = types + ["null"]
    else:
        prop["type"] = [types, "null"]


def patch_spec(original):
    """A patched deep copy of the spec (see the module docstring)."""
    spec = copy.deepcopy(original)
    schemas = spec["components"]["schemas"]
    for schema, prop in NULL_DEFAULT_STRINGS:
        _nullable(schemas[schema]["properties"][prop])
    spec["components"]["responses"]["wireless_ResourceNotFound"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/wireless_Errors"}
    action = schemas["SIMCardAction"]["properties"]
    action["action_type"]["enum"] = action["action_type"]["enum"] + ["set_public_ip", "remove_public_ip", "enable_voice", "disable_voice"]
    _nullable(action["status"]["properties"]["reason"])
    _nullable(schemas["SIMCard"]["properties"]["sim_card_group_id"])
    _nullable(schemas["SimpleSIMCard"]["properties"]["sim_card_group_id"])
    _nullable(schemas["SIMCard"]["properties"]["ipv4"])
    _nullable(schemas["SIMCard"]["properties"]["ipv6"])
    for name in ("SIMCard", "SimpleSIMCard"):
        schemas[name]["properties"]["esim_installation_status"]["enum"].append(None)
    values = spec["paths"]["/wireless_blocklist_values"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    values["properties"]["data"]["anyOf"] = values["properties"]["data"].pop("oneOf")
    for path, op_id in DRIFT_OPERATIONS.items():
        item = copy.deepcopy(spec["paths"]["/sim_cards/{id}/actions/set_standby"])
        item["post"]["operationId"] = op_id
        spec["paths"][path] = item
    return spec


def _template_regex(template):
    return re.compile("^/v2" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "/?$")


class SpecRequest(object):
    """openapi-core's Request protocol for a request we already sent."""

    def __init__(self, method, path, query_pairs, body, content_type):
        self.host_url = SPEC_HOST
        self.path = path
        self.method = method.lower()
        self.parameters = RequestParameters(query=ImmutableMultiDict(query_pairs), header=Headers(), cookie=ImmutableMultiDict())
        self.body = body
        self.content_type = content_type or "application/json"


class SpecResponse(object):
    def __init__(self, status_code, headers, data):
        self.status_code = status_code
        self.headers = Headers(list(headers.items()))
        self.content_type = (headers.get("Content-Type") or headers.get("content-type") or "application/json").lower()
        self.data = data


class Contract(object):
    """The patched spec, an operation matcher, and a record of what was validated."""

    def __init__(self, path=None):
        original, self.sha256 = load_spec(path)
        self.spec = patch_spec(original)
        self.app = OpenAPI.from_dict(self.spec)
        self.spec_operations = set()
        self.matchers = []
        for item in original["paths"].values():
            for method in METHODS:
                if method in item:
                    self.spec_operations.add(item[method]["operationId"])
        for template, item in self.spec["paths"].items():
            for method in METHODS:
                if method in item:
                    self.matchers.append((method.upper(), template, _template_regex(template), item[method]))
        # Literal paths before templated ones (/sim_cards/actions/... before /sim_cards/{id}).
        self.matchers.sort(key=lambda m: (m[1].count("{"), -len(m[1])))
        errors_schema = {"$ref": "#/components/schemas/wireless_Errors", "components": self.spec["components"]}
        self.errors_validator = OAS31Validator(errors_schema)
        self.lock = threading.Lock()
        self.seen = {}           # (operationId, status) -> count
        self.trackers = []

    def operation(self, method, path):
        for op_method, template, regex, operation in self.matchers:
            if op_method == method.upper() and regex.match(path):
                return template, operation
        return None, None

    def track(self):
        """A set that receives every (operationId, status) validated from now on (until ``untrack``)."""
        seen = set()
        with self.lock:
            self.trackers.append(seen)
        return seen

    def untrack(self, seen):
        with self.lock:
            self.trackers.remove(seen)

    def validate(self, method, url, request_body, request_content_type, status, headers, body):
        """Validate one exchange; returns the operationId. Raises ContractError on any mismatch."""
        parts = urlsplit(url)
        template, operation = self.operation(method, parts.path)
        if operation is None:
            raise ContractError("%s %s is not an operation of the spec" % (method, parts.path))
        op_id = operation["operationId"]
        request = SpecRequest(method, parts.path, parse_qsl(parts.query, keep_blank_values=True), request_body, request_content_type)
        response = SpecResponse(status, headers, body)
        declared = True
        try:
            self.app.validate_response(request, response)
        except ResponseNotFound:
            declared = False
        except Exception as exc:  # openapi-core raises several families; all mean "does not conform"
            raise ContractError("%s %s -> %s (%s %s) does not conform: %s\nbody: %s" % (
                method, parts.path, status, op_id, template, _explain(exc), body[:2000])) from exc
        if status >= 400:
            try:
                payload = json.loads(body.decode("utf-8"))
            except ValueError:
                raise ContractError("%s %s -> %s: error body is not JSON: %r" % (method, parts.path, status, body[:200])) from None
            problems = sorted(self.errors_validator.iter_errors(payload), key=str)
            if problems or not payload.get("errors"):
                raise ContractError("%s %s -> %s: not a Telnyx error envelope: %s" % (
                    method, parts.path, status, problems[0].message if problems else "empty errors"))
        elif not declared:
            raise ContractError("%s %s -> %s: success status not declared by %s" % (method, parts.path, status, op_id))
        key = (op_id, status)
        with self.lock:
            self.seen[key] = self.seen.get(key, 0) + 1
            for tracker in self.trackers:
                tracker.add(key)
        return op_id

    # -------------------------------------------------------------- client adapters

    def check_requests(self, response):
        """Validate a ``requests`` response (only API paths under /v2)."""
        request = response.request
        if not urlsplit(request.url).path.startswith("/v2"):
            return None
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.validate(request.method, request.url, body, request.headers.get("Content-Type"), response.status_code,
                             response.headers, response.content)

    def check_httpx(self, response):
        """Validate an ``httpx`` response (event hook of the SDK's HTTP client)."""
        response.read()
        request = response.request
        return self.validate(request.method, str(request.url), request.content, request.headers.get("content-type"),
                             response.status_code, response.headers, response.content)


def _explain(exc):
    parts = [repr(exc)]
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        for inner in getattr(exc, "schema_errors", None) or []:
            parts.append("  - %s at %s" % (inner.message, "/".join(str(p) for p in inner.absolute_path)))
        exc = exc.__cause__ or exc.__context__
    return "\n".join(parts)
