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

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.telnyx.wireless.plugins.module_utils._actions import SimCardActions, Waiter
from ansible_collections.telnyx.wireless.plugins.module_utils._client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_MAX_TIME,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    TelnyxClient,
    TelnyxError,
    collection_failure,
)

# The options of doc fragment telnyx.wireless.auth; keep the two in step.
AUTH_ARGUMENT_SPEC = {
    "api_key": {"type": "str", "required": True, "no_log": True, "fallback": (env_fallback, ["TELNYX_API_KEY"])},
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


def client_options(params):
    """The TelnyxClient keyword arguments from module or plugin options."""
    return {
        "api_key": params.get("api_key"),
        "api_url": params.get("api_url") or DEFAULT_API_URL,
        "timeout": params.get("http_timeout") or DEFAULT_TIMEOUT,
        "validate_certs": params.get("validate_certs", True),
        "retries": DEFAULT_RETRIES if params.get("http_retries") is None else params["http_retries"],
        "retry_max_time": params.get("http_retry_max_time") or DEFAULT_RETRY_MAX_TIME,
    }


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
        return AnsibleModule(argument_spec=spec, **kwargs)

    @classmethod
    def main(cls):
        module = cls.define_module()
        if not HAS_REQUESTS:
            module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
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

    def run(self):
        """The module's work. Set self.changed, self.result and the diff; raise TelnyxError to fail."""
        raise NotImplementedError

    def execute(self):
        try:
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
        without one, the collection's own refusal of the input (reason invalid_input)."""
        if failure is None:
            failure = collection_failure("invalid_input", msg, "Invalid input")
        if self._client is not None:
            self._client.close()
        self.module.fail_json(msg=msg, failure=failure, **extra)

    @property
    def waiter(self):
        """The one Waiter of this run, set by the wait options (module_utils/_actions.py): no module sleeps by itself."""
        return Waiter(self.params["wait_timeout"], self.params["wait_sleep"])

    @property
    def sim_actions(self):
        """SIM card actions (start, adopt after a lost answer, wait, explain a failure) through this run's client and waiter."""
        return SimCardActions(self.client, self.waiter)

    def wait_for(self, fetch, done, what, describe=None):
        """Poll fetch() until done(value) or wait_timeout passes (see Waiter.until); return the last value."""
        return self.waiter.until(fetch, done, what, describe or repr)
