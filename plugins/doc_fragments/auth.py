# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation of the options every telnyx.wireless module and plugin shares to reach the API."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Doc fragment telnyx.wireless.auth (the argument_spec is AUTH_ARGUMENT_SPEC in module_utils/_base.py)."""

    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - The Telnyx API v2 key, sent as a Bearer token.
      - If not set, the value of the E(TELNYX_API_KEY) environment variable is used (how the AWX credential type injects it).
      - Required - either this option or E(TELNYX_API_KEY); without both, the task (or the inventory) fails before any
        request with a message naming both and C(failure.reason=missing_api_key).
      - The key never appears in output, logs, diffs, error messages or cache files.
    type: str
  api_url:
    description:
      - The base URL of the Telnyx API v2.
      - If not set, the value of the E(TELNYX_API_URL) environment variable is used, then the default.
      - Must be an C(http://) or C(https://) URL with a host; anything else fails before any request.
    type: str
    default: https://api.telnyx.com/v2
  http_timeout:
    description:
      - Seconds to wait for each HTTP request before it counts as failed (and is retried when that is safe).
      - Must be above 0. A request that creates something and gets no answer in time is never sent again while it may
        still be applied; its result is re-read for up to O(http_retry_max_time) seconds instead.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to validate the API's TLS certificate. Only turn this off for a test endpoint.
    type: bool
    default: true
  http_retries:
    description:
      - How many times a request is retried after a 429 (rate limit, honouring C(Retry-After)) or 5xx answer (but 501
        and 505), a refused or dropped connection or a timeout, with jittered exponential backoff. Must be 0 or more.
      - A TLS verification failure (or C(https://) against a plain HTTP port) and a malformed URL are not retried; they
        fail at once, naming the host.
      - A request that creates something is never re-sent blindly when its outcome is unknown; the module re-reads
        the state first, so a retry cannot create a duplicate.
      - C(0) disables retries.
    type: int
    default: 5
  http_retry_max_time:
    description:
      - The most seconds spent retrying one request, waits included; retries stop when the next wait would pass it.
        Must be above 0.
    type: float
    default: 120
notes:
  - The modules send no start-up request to check the key; a rejected key fails the first real request with a
    message that says so.
"""
