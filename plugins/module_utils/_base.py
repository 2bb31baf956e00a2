# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""The one base class of every telnyx.wireless module.

A module subclasses TelnyxModule, declares its options in define_module(), and writes run()
as the user's intent: look up, plan (a pure function), predict (check mode) or apply, wait,
report. The base class owns the client (read-only in check mode), `changed`, the result, the
diff (volatile fields hidden), the one Waiter (module_utils/_actions.py), and failures (one
sentence plus a structured `failure`). docs/architecture.md shows the whole flow.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible.module_utils.basic import AnsibleModule, _load_params, env_fallback, missing_required_lib

from ansible_collections.telnyx.wireless.plugins.module_utils._actions import BulkActions, SimCardActions, SimCardGroupActions, Waiter
from ansible_collections.telnyx.wireless.plugins.module_utils._client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_MAX_TIME,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    MISSING_API_KEY,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    TelnyxError,
    collection_failure,
)

# The options of doc fragment telnyx.wireless.auth; keep the two in step. api_key is required, but checked by
# check_api_key rather than by the argument_spec, whose "missing required arguments: api_key" would not name
# TELNYX_API_KEY.
AUTH_ARGUMENT_SPEC = {
    "api_key": {"type": "str", "no_log": True, "fallback": (env_fallback, ["TELNYX_API_KEY"])},
    "api_url": {"type": "str", "default": DEFAULT_API_URL, "fallback": (env_fallback, ["TELNYX_API_URL"])},
    "http_timeout": {"type": "float", "default": DEFAULT_TIMEOUT},
    "validate_certs": {"type": "bool", "default": True},
    "http_retries": {"type": "int", "default": DEFAULT_RETRIES},
    "http_retry_max_time": {"type": "float", "default": DEFAULT_RETRY_MAX_TIME},
}

# The options of doc fragment telnyx.wireless.wait; keep the two in step.
WAIT_ARGUMENT_SPEC = {
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "float", "default": 300},
    "wait_sleep": {"type": "float", "default": 2},
}

# Fields that change on their own (timestamps, usage counters, live network data): never part
# of a diff, so that a diff shows only what the run changes.
VOLATILE_FIELDS = frozenset((
    "created_at", "updated_at", "inserted_at", "version", "record_type",
    "current_billing_period_consumed_data", "consumed_data", "actions_in_progress", "resources_with_in_progress_actions",
    "live_data_session", "current_device_location", "current_imei", "current_mcc", "current_mnc", "ipv4", "ipv6",
    "esim_installation_status", "pin_puk_codes", "sim_card_count",
))


def hide_volatile(obj):
    """A copy of an API object without its volatile fields (see VOLATILE_FIELDS)."""
    if not isinstance(obj, dict):
        return obj
    return dict((key, value) for key, value in obj.items() if key not in VOLATILE_FIELDS)


def check_connection_options(params):
    """Messages for connection options the client cannot use (empty list when fine). Sends nothing.

    A value given is used as given or refused: http_timeout 0 is not silently replaced by the default.
    """
    errors = []
    url = params.get("api_url")
    if url is not None:
        parts = urlsplit(str(url).strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors.append("api_url must be an http:// or https:// URL such as %s, got %r" % (DEFAULT_API_URL, url))
    for name in ("http_timeout", "http_retry_max_time"):
        value = params.get(name)
        if value is not None and not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < float("inf")):
            errors.append("%s must be a number of seconds above 0, got %r" % (name, value))
    retries = params.get("http_retries")
    if retries is not None and (isinstance(retries, bool) or not isinstance(retries, int) or retries < 0):
        errors.append("http_retries must be a whole number of 0 or more, got %r" % (retries,))
    return errors


def check_api_key(params):
    """The failure of a run without an API key (neither api_key nor TELNYX_API_KEY), or None. Sends nothing; the
    message names the option and the environment variable, never a key."""
    if params.get("api_key"):
        return None
    return TelnyxError(MISSING_API_KEY, collection_failure("missing_api_key", "api_key or TELNYX_API_KEY", "Missing API key"))


def check_wait_options(params):
    """Messages for wait_timeout and wait_sleep values a wait cannot use (empty list when fine)."""
    errors = []
    if params.get("wait_timeout") is not None and not 0 <= params["wait_timeout"] < float("inf"):
        errors.append("wait_timeout must be a number of seconds of 0 or more, got %r" % params["wait_timeout"])
    if params.get("wait_sleep") is not None and not 0 < params["wait_sleep"] < float("inf"):
        errors.append("wait_sleep must be a number of seconds above 0, got %r" % params["wait_sleep"])
    return errors


def check_value_types(argument_spec, raw):
    """Messages for values the argument_spec would turn into text silently (empty list when fine).

    AnsibleModule converts a dict given for a str option into its Python repr and a null list element into "";
    written to the API those become tags or names nobody meant. `raw` is the task's arguments before conversion.
    """
    errors = []
    for name, option in sorted(argument_spec.items()):
        value = (raw or {}).get(name)
        if value is None:
            continue
        if option.get("type", "str") == "str" and isinstance(value, (dict, list, tuple)):
            errors.append("%s must be a string, got a %s" % (name, "list" if isinstance(value, (list, tuple)) else "dictionary"))
        elif option.get("type") == "list" and option.get("elements") == "str" and isinstance(value, (list, tuple)):
            for number, item in enumerate(value, start=1):
                if item is None or isinstance(item, (dict, list, tuple, bool)):
                    errors.append("%s[%d] must be a string, got %s" % (name, number, "null" if item is None else repr(item)))
    return errors


def raw_arguments():
    """The task's arguments as given, before the argument_spec converted them ({} when they cannot be read)."""
    try:
        return _load_params()
    except Exception:  # pylint: disable=broad-exception-caught
        return {}


def client_options(params):
    """The TelnyxClient keyword arguments from module or plugin options (checked by check_connection_options)."""
    def given(name, default):
        return default if params.get(name) is None else params[name]

    return {
        "api_key": params.get("api_key"),
        "api_url": str(given("api_url", DEFAULT_API_URL)).strip(),
        "timeout": given("http_timeout", DEFAULT_TIMEOUT),
        "validate_certs": given("validate_certs", True),
        "retries": given("http_retries", DEFAULT_RETRIES),
        "retry_max_time": given("http_retry_max_time", DEFAULT_RETRY_MAX_TIME),
    }


class _AnsibleModule(AnsibleModule):
    """AnsibleModule whose own refusals (the argument spec: a missing required option, a value outside its choices, a
    wrong type, options that exclude each other) carry the structured failure too, with reason invalid_input."""

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        kwargs.setdefault("failure", collection_failure("invalid_input", msg, "Invalid input"))
        super().fail_json(msg, **kwargs)


class TelnyxModule:
    """Base class: subclass it, implement define_module() and run()."""

    #: Whether build_result adds the diff. True by default; read-only (_info) modules set it to False, as they
    #: have no before and after to show.
    supports_diff = True

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.changed = False
        self.result = {}
        self._before = None
        self._after = None
        self._diff_header = None
        self._client = None

    # ---------------------------------------------------------------- definition

    @classmethod
    def define_module(cls):
        """Return the AnsibleModule with this module's argument_spec and its constraints."""
        raise NotImplementedError

    @staticmethod
    def build_module(argument_spec, wait=False, **kwargs):
        """An AnsibleModule with the auth options (and the wait options) added to argument_spec."""
        spec = dict(AUTH_ARGUMENT_SPEC)
        if wait:
            spec.update(WAIT_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        return _AnsibleModule(argument_spec=spec, **kwargs)

    @classmethod
    def main(cls):
        module = cls.define_module()
        if not HAS_REQUESTS:
            module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR,
                             failure=collection_failure("missing_library", "requests", "Missing library"))
        cls(module).execute()

    # ---------------------------------------------------------------- running

    @property
    def client(self):
        """The API client, created on first use; read-only in check mode."""
        if self._client is None:
            self._client = TelnyxClient(read_only=self.check_mode, **client_options(self.params))
        return self._client

    def validate(self):
        """Check the options that need more than the argument_spec; called before any request."""
        errors = self.input_errors()
        if errors:
            self.fail("; ".join(errors) + ".")

    def input_errors(self):
        """The module's own rules for its options: a list of sentences (empty when fine). Reads only self.params.

        Kept apart from validate() so that the sim_fleet role checks its entries with the very same rules.
        """
        return []

    def run(self):
        """The module's work. Set self.changed, self.result and the diff; raise TelnyxError to fail."""
        raise NotImplementedError

    def execute(self):
        try:
            errors = (check_value_types(self.module.argument_spec, raw_arguments()) + check_connection_options(self.params)
                      + check_wait_options(self.params))
            if errors:
                self.fail("; ".join(errors) + ".")
            missing_key = check_api_key(self.params)
            if missing_key:
                raise missing_key
            self.validate()
            self.run()
        except TelnyxError as exc:
            self.fail(str(exc), failure=exc.failure)
        finally:
            if self._client is not None:
                self._client.close()
        self.module.exit_json(**self.build_result())

    def build_result(self):
        result = {"changed": self.changed}
        result.update(self.result)
        if self.supports_diff and self.module._diff and (self._before is not None or self._after is not None):
            diff = {"before": self._before if self._before is not None else {}, "after": self._after if self._after is not None else {}}
            if self._diff_header:
                diff["before_header"] = "%s (before)" % self._diff_header
                diff["after_header"] = "%s (after)" % self._diff_header
            result["diff"] = diff
        return result

    # ---------------------------------------------------------------- helpers

    def is_set(self, name):
        """Whether the user gave option `name` (options that mean "leave untouched" have no default)."""
        return self.params.get(name) is not None

    def set_diff(self, before, after, header=None):
        """Record the object before and after (volatile fields are hidden here)."""
        self._before = hide_volatile(before) if before is not None else None
        self._after = hide_volatile(after) if after is not None else None
        self._diff_header = header

    def fail(self, msg, failure=None, **extra):
        """Fail with one sentence and a structured failure: {source, status, code, title, detail} (see _client.py);
        without one, the collection's own refusal of the input (reason invalid_input).

        When the API accepted a write before the failure, the task reports changed=true and names the writes
        (`applied`), so that a change window knows what is already done.
        """
        if failure is None:
            failure = collection_failure("invalid_input", msg, "Invalid input")
        applied = list(self._client.applied) if self._client is not None else []
        if self._client is not None:
            self._client.close()
        if applied:
            extra.update(changed=True, applied=applied)
            msg = "%s Already applied before this failure: %s." % (msg, ", ".join(applied))
        self.module.fail_json(msg=msg, failure=failure, **extra)

    @property
    def waiter(self):
        """The one Waiter of this run, set by the wait options (module_utils/_actions.py): no module sleeps by itself."""
        return Waiter(self.params["wait_timeout"], self.params["wait_sleep"])

    @property
    def sim_actions(self):
        """SIM card actions (start, adopt after a lost answer, wait, explain a failure) through this run's client and waiter."""
        return SimCardActions(self.client, self.waiter)

    @property
    def group_actions(self):
        """SIM card group actions (start, adopt after a lost answer, wait, explain a failure) through this run's client and waiter."""
        return SimCardGroupActions(self.client, self.waiter)

    @property
    def bulk_actions(self):
        """Bulk SIM card actions (voice for a whole group: start, adopt after a lost answer, wait, explain failures)."""
        return BulkActions(self.client, self.waiter)

    def wait_for(self, fetch, done, what, describe=None):
        """Poll fetch() until done(value) or wait_timeout passes (see Waiter.until); return the last value."""
        return self.waiter.until(fetch, done, what, describe or repr)
