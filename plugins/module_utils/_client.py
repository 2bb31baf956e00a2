# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""The one HTTP client for the Telnyx v2 API used by every module and plugin.

What lives here and nowhere else:
- the requests.Session (keep-alive, connection pooling, Bearer auth, User-Agent);
- retries: jittered exponential backoff on 429 (honouring Retry-After), 502, 503, 504 and
  dropped connections, bounded both in attempts and in total time, with one pause shared by
  every thread that uses the client (so concurrent page fetches back off together);
- which requests may be repeated: a request that is not safe to repeat (a POST that creates
  something) is re-sent only when the server certainly did not act on it (429 and 503). When
  the outcome is unknown (connection dropped, read timeout, 502, 504) it raises
  TelnyxNoAnswerError and the caller re-reads the state before deciding to send it again;
- pagination (page[size]=250) and filter encoding (filter[tags]=a,b);
- Telnyx error bodies turned into one sentence, and the API key kept out of every message;
- read-only mode: any request other than GET raises before anything is sent, except the requests named in
  READ_ONLY_EXCEPTIONS (they change nothing);
- where a failure came from: `failure.source` is "api" (the HTTP status and Telnyx code really answered) or
  "collection" (the collection's own decision; status and code null, a stable `reason`).
"""

from __future__ import annotations

import collections
import hashlib
import logging
import random
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import NewConnectionError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by the sanity import test
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.telnyx.wireless.plugins.module_utils._version import COLLECTION_VERSION

DEFAULT_API_URL = "https://api.telnyx.com/v2"
MAX_PAGE_SIZE = 250
DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 5
DEFAULT_RETRY_MAX_TIME = 120

# Statuses that mean "try again later" (and every other 5xx but 501 and 505, which cannot heal).
# 429 and 503 are refusals: the server did not act, so even a create may be re-sent. 500 and 502
# mean the server (or the one behind a gateway) stopped working on it: for a create, "outcome
# unknown, re-read then maybe re-send". 504 means a gateway stopped waiting while the request may
# still be running: for a create, "may still land, never re-send".
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
REFUSED_STATUSES = frozenset((429, 503))
IN_FLIGHT_STATUSES = frozenset((504,))
NOT_RETRIED_5XX = frozenset((501, 505))
# While a create or action may still be in flight, its re-reads come after 0.5, 1, 2, 4, 8, 8... s.
LANDING_POLL_FIRST = 0.5
LANDING_POLL_CAP = 8.0

# What one attempt came to (Attempt.kind).
ANSWERED = "answered"    # a usable answer (2xx/3xx); errors below 500 are raised at once
REFUSED = "refused"      # the server certainly did not act: connection refused, 429, 503
FINISHED = "finished"    # the server stopped working on it, outcome unknown: connection closed, 500, 502
IN_FLIGHT = "in_flight"  # the request was sent and may still be running: read timeout, 504
FATAL = "fatal"          # an error that cannot heal by retrying: TLS verification, a malformed URL
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0

REASONS = {
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 422: "Unprocessable Entity", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}

#: The requests other than GET that a read-only client (check mode) sends, because they change nothing: named
#: one by one, as (method, path). Validating registration codes lets a dry run fail on a wrong or used code exactly
#: as the real run would (GUIDES 6: "dry-run the codes through validate_registration_codes").
READ_ONLY_EXCEPTIONS = frozenset((
    ("POST", "/sim_cards/actions/validate_registration_codes"),
    ("POST", "/sim_card_order_preview"),  # a quote: orders nothing
))

log = logging.getLogger("telnyx.wireless")


#: Every `failure.reason` the collection returns, with when it happens. doc fragment telnyx.wireless.failure renders this
#: table (one note per reason) in every module's documentation, and tests/unit/plugins/test_failures.py fails on a
#: reason used in plugins/ that is not listed here, or listed here and never used.
FAILURE_REASONS = {
    # Telnyx answered an error status: failure.status and failure.code are what it answered.
    "api_error": "Telnyx refused a request (source api): status and code are the HTTP status and Telnyx error code it answered.",
    # The connection and the client.
    "missing_api_key": "No API key: neither the api_key option nor the TELNYX_API_KEY environment variable is set. Nothing is sent.",
    "missing_library": "The Python library requests is not installed where the module or plugin runs.",
    "connection_failed": "The API could not be reached and the request cannot be retried (TLS verification, a malformed URL).",
    "retries_exhausted": "http_retries or http_retry_max_time ran out on retryable answers; with source api, the last answer's "
                         "status and code.",
    "no_answer": "A create or action got no usable answer and has no re-read: it may have been applied, so it is not re-sent.",
    "outcome_unknown": "A create or action got no answer and its re-reads did not find it within http_retry_max_time.",
    "invalid_answer": "Telnyx answered a success status with a body that is not JSON.",
    "read_only": "A write was attempted in check mode (a bug of the collection; report it).",
    # Options.
    "invalid_input": "An option or combination of options the collection refuses before any request (the message names it).",
    "template_failed": "Inventory: an expression of filters, hostnames, compose, groups or keyed_groups could not be evaluated.",
    "missing_create_option": "An object that does not exist yet needs an option to be created (a blocklist's type and values, a "
                             "gateway's network_id).",
    "cannot_change_in_place": "Telnyx cannot change this in place (a blocklist's type, a gateway's network, region or address mode "
                              "without replace=true).",
    # Look-ups.
    "sim_card_not_found": "No SIM card with the given id or ICCID is on the account.",
    "group_not_found": "No SIM card group with the given name or id is on the account.",
    "gateway_not_found": "No private wireless gateway with the given name or id is on the account.",
    "blocklist_not_found": "No wireless blocklist with the given name or id is on the account.",
    "notification_not_found": "The SIM card has no data usage notification with the given notification_id.",
    "ambiguous_group": "Two or more SIM card groups share the name given: name the group by id.",
    "ambiguous_gateway": "Two or more private wireless gateways share the name given: name the gateway by id.",
    "ambiguous_blocklist": "Two or more wireless blocklists share the name given: name the blocklist by id.",
    "name_taken": "Renaming a SIM card group to a name another group has.",
    # SIM cards.
    "invalid_registration_code": "Telnyx does not accept the registration code (wrong, or already used): its validation says so, or "
                                 "it answered the registration 202 with errors (kept in failure.errors).",
    "registered_another_sim_card": "The registration code belongs to another SIM card than the ICCID given.",
    "data_limit_exceeded": "The SIM card is in data_limit_exceeded and the task asks disabled or standby without raising data_limit.",
    "unexpected_status": "The SIM card is in a status the collection has no transition from.",
    "needs_group": "The status change needs the SIM card to be in a SIM card group, and it is in none.",
    "duplicate_threshold": "notification_id names a notification whose threshold another notification of the SIM card already has.",
    "unknown_region": "region_code is not a region that offers public IPs.",
    "address_change": "Moving the public IP to another region would release its address, and allow_address_change is false.",
    # Groups, gateways, blocklists, eSIMs.
    "default_group": "Deleting the account's default SIM card group, which Telnyx never deletes.",
    "group_not_empty": "Deleting a SIM card group that holds SIM cards, with move_sim_cards_to_default false.",
    "no_default_group": "Moving SIM cards to the default group, and the account has none.",
    "in_use": "Deleting or replacing a gateway or blocklist that SIM card groups still use, a notification channel that "
              "notification settings still use, or a notification profile that still has channels or settings.",
    "invalid_blocklist_value": "A blocklist value Telnyx does not accept for the blocklist's type.",
    "provisioning_failed": "A private wireless gateway is in status failed (failure.error_code is the gateway's own error_code).",
    "not_provisioned": "A private wireless gateway did not become provisioned (decommissioning, or off the account).",
    "above_max_purchase": "Buying the missing eSIMs would exceed max_purchase. Nothing is bought.",
    "partial_purchase": "Telnyx sold fewer eSIMs than asked (failure.errors holds its answer's errors, when it gave any).",
    # Notification delivery (profiles, channels, settings).
    "profile_not_found": "No notification profile with the given name or id is on the account.",
    "channel_not_found": "The notification profile has no channel of the given type and destination.",
    "event_condition_not_found": "Telnyx offers no notification event condition with the given name or id (the message lists those it "
                                 "offers).",
    "ambiguous_profile": "Two or more notification profiles share the name given: name the profile by id.",
    "ambiguous_event_condition": "Two or more notification event conditions share the name given: name the condition by id.",
    "channel_type_not_supported": "The notification event condition is not delivered through the channel type given.",
    # Usage reports.
    "report_not_found": "No wireless detail records report with the given report_id is on the account.",
    "report_failed": "Telnyx ended the wireless detail records report failed, or it was deleted while waited for.",
    "no_file_address": "The finished report has no usable report_url to download its file from.",
    "download_failed": "The report's file could not be downloaded (failure.http_status is the file host's answer, if any: not Telnyx's "
                       "API, so status and code stay null).",
    # Asynchronous changes.
    "timeout": "A wait did not end within wait_timeout.",
    "sim_cards_failed": "Some SIM cards of a fleet did not converge (the others did): each one's own failure is in sim_cards.",
    "too_many_deletions": "The fleet would delete more SIM cards than max_deletions. Nothing is changed.",
    "action_failed": "An action (SIM card, bulk, group, registration) ended elsewhere than it leads; failure.sim_cards lists "
                     "the SIM cards of a bulk action.",
}


def collection_failure(reason, detail=None, title=None, **extra):
    """The one factory of every structured `failure` the collection returns.

    Without `source` in extra, a decision the collection made itself: `source` collection, `status` and `code` null (no
    invented HTTP status or Telnyx code). With source="api" (only TelnyxAPIError and the client's last answer use it),
    `status` and `code` must be the HTTP error status and Telnyx code the API really answered. `reason` is a stable word
    of FAILURE_REASONS a playbook may test; extra keys add context (sim_cards, errors, error_code).
    """
    source = extra.pop("source", "collection")
    status = extra.pop("status", None)
    code = extra.pop("code", None)
    if source == "api":
        if not (isinstance(status, int) and 400 <= status <= 599):
            raise ValueError("a failure with source api needs the HTTP error status Telnyx answered, got %r" % (status,))
    elif source != "collection" or status is not None or code is not None:
        raise ValueError("a collection failure has no HTTP status or Telnyx code (got source %r, status %r, code %r)" % (source, status, code))
    failure = {"source": source, "reason": reason, "status": status, "code": code, "title": title, "detail": detail}
    failure.update(extra)
    return failure


#: The one sentence of a missing API key (modules, the inventory plugin, the client); it names the environment variable.
MISSING_API_KEY = "No Telnyx API key: set the api_key option or the TELNYX_API_KEY environment variable."


class TelnyxError(Exception):
    """Base class of every error the client raises. str() is one sentence for a person.

    failure: the structured `failure` a module returns; without one, a collection failure (reason "error").
    """

    def __init__(self, message, failure=None):
        super().__init__(message)
        self.message = message
        self.failure = dict(failure) if failure else collection_failure("error", message)
        self.failure.setdefault("source", "collection")
        if self.failure["source"] == "collection":
            self.failure.setdefault("reason", "error")

    def __str__(self):
        return self.message


class TelnyxAPIError(TelnyxError):
    """The API answered with an error status."""

    def __init__(self, message, status, code=None, title=None, detail=None, pointer=None, method=None, path=None):
        extra = {"pointer": pointer} if pointer else {}
        super().__init__(message, collection_failure("api_error", detail, title, source="api", status=status, code=code, **extra))
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.pointer = pointer
        self.method = method
        self.path = path


class TelnyxAuthError(TelnyxAPIError):
    """401 or 403: the API key was rejected."""


class TelnyxNotFoundError(TelnyxAPIError):
    """404."""


class TelnyxRetryError(TelnyxError):
    """Retries were exhausted (attempts or time) on retryable failures."""


class TelnyxNoAnswerError(TelnyxRetryError):
    """A request that is not safe to repeat got no usable answer; the server may have acted.

    The caller must re-read the state before sending it again.
    """


class TelnyxReadOnlyError(TelnyxError):
    """A write was attempted on a read-only client (check mode). Always a bug in the caller."""


def _redact(text, secret):
    if not text or not secret:
        return text
    return str(text).replace(secret, "********")


def key_fingerprint(api_url, api_key):
    """A short, non-reversible fingerprint of the API URL and key (for cache keys; never the key)."""
    digest = hashlib.sha256()
    digest.update((api_url or "").encode("utf-8"))
    digest.update(b"\0")
    digest.update((api_key or "").encode("utf-8"))
    return digest.hexdigest()[:16]


def encode_filters(filters):
    """Encode a filter dict the way the spec puts it on the wire.

    {"tags": ["a", "b"], "status": ["enabled"], "name": {"starts_with": "x"}} ->
    {"filter[tags]": "a,b", "filter[status]": "enabled", "filter[name][starts_with]": "x"}.
    Array values are sent comma-separated, as Telnyx's own SDK sends them. None values are dropped.
    """
    params = {}

    def add(prefix, value):
        if value is None:
            return
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                add("%s[%s]" % (prefix, sub_key), sub_value)
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = [str(v) for v in value]
            if items:
                params[prefix] = ",".join(items)
        elif isinstance(value, bool):
            params[prefix] = "true" if value else "false"
        else:
            params[prefix] = str(value)

    for key, value in (filters or {}).items():
        add("filter[%s]" % key, value)
    return params


def _parse_retry_after(value):
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        pass
    try:
        from email.utils import parsedate_to_datetime
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class Attempt(collections.namedtuple("Attempt", "kind failure body response retry_after")):
    """What one attempt came to: kind (ANSWERED...FATAL), failure (a phrase: what happened), the body or the error response."""

    def __new__(cls, kind, failure, body=None, response=None, retry_after=None):
        return super().__new__(cls, kind, failure, body, response, retry_after)


def _exception_chain(exc):
    """An exception and every exception it wraps (requests nests urllib3's and the socket's)."""
    seen = []
    todo = [exc]
    while todo and len(seen) < 20:
        item = todo.pop(0)
        if item is None or any(item is known for known in seen):
            continue
        seen.append(item)
        todo.extend(arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException))
        todo.extend((getattr(item, "reason", None) if isinstance(getattr(item, "reason", None), BaseException) else None,
                     item.__cause__, item.__context__))
    return seen


def _ssl_reason(text):
    """The short reason of an SSL error text ("certificate verify failed: self-signed certificate")."""
    for marker in ("certificate verify failed: ", "SSL: "):
        if marker in text:
            return text.split(marker, 1)[1].split(")", 1)[0].split("'", 1)[0].strip(" ]") or "no reason given"
    return text.split("\n", 1)[0][:200]


def bounded_map(work, items, workers):
    """[work(item) for item in items] in order, at most `workers` at a time on threads (the one worker pool of the
    collection: list pages, per-SIM reads, the fleet's changes, sim_card_info's extras). The threads share the caller's
    client: one connection pool and one 429 pause. A failure is raised once the items before it are done; items not
    started by then are not run."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    pool = ThreadPoolExecutor(max_workers=min(workers, len(items)))
    try:
        return list(pool.map(work, items))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# The pacer's first number of requests in flight (it grows by one per answer while the API reports room, up to the
# caller's bound) and the longest it trusts an x-ratelimit-reset (a bigger one is a bug on the other side).
PACE_START = 8
PACE_RESET_CAP = 60.0


def _header_number(headers, name):
    try:
        value = float(headers.get(name))
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


class Pacer:
    """How many requests one client has in flight, paced by Telnyx's own answers (docs/decisions.md, "Pacing by the
    API's rate limit"). Shared by every thread of the client:

    - at most `ceiling` requests in flight (the caller's `workers`); it starts at PACE_START and grows by one per answer
      while the API reports room (no x-ratelimit-* headers, or more remaining than in flight), and halves on a 429;
    - the budget of the window: the lowest x-ratelimit-remaining answered in it, less the requests in flight when it was
      read (they may not have been counted yet), less every request sent since. When none is left, every thread waits
      until x-ratelimit-reset has passed (one pause for all), so the client stops before the limit instead of at it;
      the first answers after the pause tell the new window's budget.
    """

    def __init__(self, ceiling, clock=time.monotonic, sleep=time.sleep):
        self.ceiling = max(1, int(ceiling))
        self.window = float(min(self.ceiling, PACE_START))
        self.in_flight = 0
        self.budget = None
        self.reset_at = None
        self.pauses = 0
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()

    def acquire(self):
        """Wait for a slot (and for the budget); count the request as sent."""
        while True:
            with self._cond:
                now = self._clock()
                if self.reset_at is not None and now >= self.reset_at:
                    self.budget = self.reset_at = None  # a new window: its first answers tell its budget
                if self.budget is not None and self.budget <= 0:
                    delay = self.reset_at - now
                    self.pauses += 1
                elif self.in_flight < int(self.window):
                    self.in_flight += 1
                    if self.budget is not None:
                        self.budget -= 1
                    return
                else:
                    self._cond.wait()
                    continue
            self._sleep(delay)

    def release(self, status=None, headers=None):
        """The request came back (status None: no answer); read what the answer says about the rate limit."""
        with self._cond:
            self.in_flight -= 1
            remaining = reset = None
            if headers is not None:
                remaining = _header_number(headers, "x-ratelimit-remaining")
                reset = _header_number(headers, "x-ratelimit-reset")
            if remaining is not None and reset is not None and status != 429:
                now = self._clock()
                reset_at = now + min(reset, PACE_RESET_CAP)
                left = remaining - self.in_flight
                if self.reset_at is None or now >= self.reset_at:
                    self.budget, self.reset_at = left, reset_at
                else:  # the same window as far as the client can tell: an answer counted earlier may come later
                    self.budget, self.reset_at = min(self.budget, left), min(self.reset_at, reset_at)
            if status == 429:
                self.window = max(1.0, self.window / 2)
            elif status is not None and (remaining is None or remaining > self.in_flight + self.window):
                self.window = min(float(self.ceiling), self.window + 1)
            self._cond.notify_all()


class TelnyxClient:
    """A Telnyx v2 API client on one requests.Session.

    Use one client per module run or inventory load; it is safe to share between threads for
    concurrent GETs.
    """

    def __init__(self, api_key, api_url=None, timeout=DEFAULT_TIMEOUT, validate_certs=True, retries=DEFAULT_RETRIES,
                 retry_max_time=DEFAULT_RETRY_MAX_TIME, read_only=False, user_agent_extra=None, pool_size=10,
                 sleep=time.sleep, clock=time.monotonic):
        if not HAS_REQUESTS:
            raise TelnyxError("The Python library 'requests' is required by the telnyx.wireless collection.",
                              collection_failure("missing_library", "requests", "Missing library"))
        if not api_key:
            raise TelnyxError(MISSING_API_KEY, collection_failure("missing_api_key", "TELNYX_API_KEY", "Missing API key"))
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.retry_max_time = float(retry_max_time)
        self.read_only = read_only
        self._sleep = sleep
        self._clock = clock
        self._pause_lock = threading.Lock()
        self._pause_until = 0.0
        self._stats_lock = threading.Lock()
        self.stats = {"requests": 0, "retries": 0}
        #: Requests in flight and the rate-limit budget, shared by every thread of this client (at most pool_size at once).
        self.pacer = Pacer(pool_size, clock=clock, sleep=sleep)
        #: Every write the API accepted, in order, as "METHOD /path" (read by TelnyxModule when a task fails).
        self.applied = []

        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(1, pool_size), max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.verify = validate_certs
        self.session.trust_env = False  # never pick up proxies or .netrc credentials behind the user's back
        agent = "telnyx.wireless/%s (Ansible collection) python-requests/%s" % (COLLECTION_VERSION, requests.__version__)
        if user_agent_extra:
            agent += " " + user_agent_extra
        self.session.headers.update({
            "Authorization": "Bearer %s" % api_key,
            "Accept": "application/json",
            "User-Agent": agent,
        })

    def __repr__(self):
        return "TelnyxClient(api_url=%r, read_only=%r)" % (self.api_url, self.read_only)

    @property
    def fingerprint(self):
        return key_fingerprint(self.api_url, self._api_key)

    def close(self):
        self.session.close()

    # ------------------------------------------------------------------ requests

    def request(self, method, path, params=None, json=None, idempotent=None, recheck=None):
        """Send one API request with retries; return the decoded JSON body (or None).

        idempotent: whether the request may be re-sent when its outcome is unknown. Defaults to
        True for GET, PUT, PATCH and DELETE and False for POST.
        recheck: for a request that is not idempotent, a function that re-reads the state (GETs
        only) and returns what this call should return if an earlier attempt did act (for a create,
        {"data": the object it made}), or None if nothing shows it did. See _next_step() for when a
        request is re-sent, re-read or given up; every path is bounded by http_retries and
        http_retry_max_time.
        """
        method = method.upper()
        if self.read_only and method != "GET" and (method, path) not in READ_ONLY_EXCEPTIONS:
            raise TelnyxReadOnlyError(
                "Refused to send %s %s: the client is read-only (check mode). This is a bug in the telnyx.wireless collection." % (method, path),
                collection_failure("read_only", "%s %s" % (method, path)))
        if idempotent is None:
            idempotent = method != "POST"
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(method, path, params, json)
            answer = outcome.body if outcome.kind == ANSWERED else self._next_step(method, path, outcome, attempt, started, idempotent, recheck)
            if outcome.kind == ANSWERED or answer is not None:
                if method != "GET" and (method, path) not in READ_ONLY_EXCEPTIONS:  # those change nothing
                    self._record_applied(method, path)
                return answer

    def _record_applied(self, method, path):
        """Remember a write the API accepted (or a re-read showed applied), so that a later failure can name it."""
        with self._stats_lock:
            self.applied.append("%s %s" % (method, path))

    def _attempt(self, method, path, params, json):
        """Send the request once; return an Attempt saying what happened (never raises for a transport error)."""
        self._wait_for_shared_pause()
        self.pacer.acquire()
        self._count("requests")
        try:
            response = self.session.request(method, self.api_url + path, params=params, json=json, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            self.pacer.release()
            kind, failure = self._transport_failure(exc)
            return Attempt(kind, failure)
        except BaseException:
            self.pacer.release()
            raise
        self.pacer.release(response.status_code, response.headers)
        if response.status_code < 400:
            return Attempt(ANSWERED, None, body=self._decode(response, method, path))
        status = response.status_code
        if status not in RETRY_STATUSES and not (500 <= status < 600 and status not in NOT_RETRIED_5XX):
            raise self._api_error(response, method, path)
        if status in REFUSED_STATUSES:
            kind = REFUSED
        elif status in IN_FLIGHT_STATUSES:
            kind = IN_FLIGHT
        else:
            kind = FINISHED
        retry_after = _parse_retry_after(response.headers.get("Retry-After")) if status == 429 else None
        return Attempt(kind, "answered HTTP %d" % status, response=response, retry_after=retry_after)

    def _next_step(self, method, path, outcome, attempt, started, idempotent, recheck):
        """After a failed attempt: wait and return None to send again, return what an earlier attempt made, or raise.

        The rule (docs/decisions.md, "When a request is sent again"):
        - an error that cannot heal (TLS, a malformed URL) is raised at once;
        - a request the server certainly did not act on (refused connection, 429, 503) is sent again;
        - a request that is safe to repeat (GET, PATCH, DELETE) is sent again;
        - a create or action whose attempt FINISHED without a usable answer (connection closed, 500, 502) is
          sent again only after recheck() re-read the state and found nothing (the server stopped working on it);
        - a create or action that may still be IN FLIGHT (read timeout, 504) is never sent again: recheck() is
          polled for a landing window (up to http_retry_max_time) and the call fails with TelnyxNoAnswerError if
          nothing shows up. Without recheck(), both raise TelnyxNoAnswerError at once.
        """
        if outcome.kind == FATAL:
            raise TelnyxError(_redact("%s %s failed: %s." % (method, path, outcome.failure), self._api_key),
                              collection_failure("connection_failed", outcome.failure, "Connection failed"))
        unsafe = not idempotent and outcome.kind in (FINISHED, IN_FLIGHT)
        if unsafe and recheck is None:
            raise TelnyxNoAnswerError(
                "%s %s %s (attempt %d); the API may have acted on it, so it is not re-sent blindly." % (method, path, outcome.failure, attempt),
                collection_failure("no_answer", outcome.failure, "Outcome unknown"))
        if unsafe and outcome.kind == IN_FLIGHT:
            return self._await_landing(method, path, outcome, started, recheck)
        delay = self._backoff(attempt, outcome.retry_after)
        elapsed = self._clock() - started
        out_of_time = elapsed + delay > self.retry_max_time
        if attempt > self.retries or out_of_time:
            found = recheck() if unsafe else None
            if found is not None:
                return found
            raise self._give_up(method, path, attempt, out_of_time, outcome.failure, outcome.response)
        self._count("retries")
        log.debug("retrying %s %s in %.2fs: %s", method, path, delay, outcome.failure)
        if outcome.retry_after is not None or (outcome.response is not None and outcome.response.status_code == 429):
            # a rate limit applies to the account: every thread of this client waits it out together
            self._set_shared_pause(delay)
        else:
            self._sleep(delay)
        if unsafe:
            found = recheck()
            if found is not None:
                log.debug("%s %s: a re-read shows an earlier attempt went through; not re-sent", method, path)
                return found
        return None

    def _await_landing(self, method, path, outcome, started, recheck):
        """Poll recheck() until the in-flight attempt shows up, within http_retry_max_time; never re-send."""
        polls = 0
        while True:
            found = recheck()
            polls += 1
            if found is not None:
                log.debug("%s %s: the attempt still in flight landed (re-read %d)", method, path, polls)
                return found
            delay = min(LANDING_POLL_CAP, LANDING_POLL_FIRST * (2 ** (polls - 1)))
            if self._clock() - started + delay > self.retry_max_time:
                raise TelnyxNoAnswerError(_redact(
                    "%s %s %s, and %d re-reads over %.0f s (http_retry_max_time) did not show it applied. It was not sent again, "
                    "because it may still be applied; check the state, then run again." % (
                        method, path, outcome.failure, polls, self.retry_max_time), self._api_key),
                    collection_failure("outcome_unknown", outcome.failure, "Outcome unknown"))
            self._count("retries")
            self._sleep(delay)

    def _transport_failure(self, exc):
        """(kind, sentence) for a requests exception: what happened, with the host, and whether it can heal."""
        host = urlsplit(self.api_url).netloc or self.api_url
        chain = _exception_chain(exc)
        text = " ".join(str(item) for item in chain)
        if isinstance(exc, requests.exceptions.SSLError):
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                return FATAL, ("TLS verification of %s failed: its certificate is not trusted (%s); fix the certificate, or set "
                               "validate_certs: false only for a host you trust" % (host, _ssl_reason(text)))
            if "WRONG_VERSION_NUMBER" in text or "wrong version number" in text or "record layer failure" in text:
                return FATAL, "the TLS handshake with %s failed: it does not answer HTTPS there (is api_url meant to be http://?)" % host
            return FATAL, "the TLS handshake with %s failed (%s)" % (host, _ssl_reason(text))
        if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema)):
            return FATAL, "api_url %s is not a URL the client can use (%s)" % (self.api_url, exc.__class__.__name__)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return REFUSED, "connecting to %s timed out after %s s (nothing was sent)" % (host, self.timeout)
        if isinstance(exc, requests.Timeout):
            return IN_FLIGHT, "timed out: %s did not answer within %s s (http_timeout)" % (host, self.timeout)
        if any(isinstance(item, NewConnectionError) for item in chain) or "Connection refused" in text:
            if "Name or service not known" in text or "NameResolutionError" in text or "nodename nor servname" in text:
                return REFUSED, "the host name of %s could not be resolved (nothing was sent)" % host
            return REFUSED, "%s refused the connection (nothing was sent)" % host
        return FINISHED, "lost the connection to %s before an answer came" % host

    def _count(self, name):
        with self._stats_lock:
            self.stats[name] += 1

    def _give_up(self, method, path, attempt, out_of_time, failure, last_response):
        bound = "the %.0f s retry time limit (http_retry_max_time)" % self.retry_max_time if out_of_time else \
            "%d attempts (http_retries is %d)" % (attempt, self.retries)
        message = "Gave up on %s %s after %s: the last attempt %s." % (method, path, bound, failure)
        if last_response is None:
            # no answer at all (dropped connections, timeouts): the collection gave up
            return TelnyxRetryError(_redact(message, self._api_key), collection_failure("retries_exhausted", failure, "Retries exhausted"))
        error = self._api_error(last_response, method, path)
        if error.detail:
            message += " Telnyx said: %s." % str(error.detail).rstrip(".")
        # the last answer's HTTP status and Telnyx code, as the API really answered them
        return TelnyxRetryError(_redact(message, self._api_key),
                                collection_failure("retries_exhausted", failure, error.title or "Retries exhausted", source="api",
                                                   status=error.status, code=error.code))

    def _backoff(self, attempt, retry_after):
        """Full-jitter exponential backoff, capped; Retry-After (capped) when the server gives one."""
        if retry_after is not None:
            return min(retry_after, RETRY_AFTER_CAP) + random.uniform(0, 0.1)
        return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * (2 ** (attempt - 1))))

    def _set_shared_pause(self, delay):
        with self._pause_lock:
            self._pause_until = max(self._pause_until, self._clock() + delay)
        self._wait_for_shared_pause()

    def _wait_for_shared_pause(self):
        while True:
            with self._pause_lock:
                remaining = self._pause_until - self._clock()
            if remaining <= 0:
                return
            self._sleep(remaining)

    def _decode(self, response, method, path):
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise TelnyxError("%s %s answered HTTP %d with a body that is not JSON." % (method, path, response.status_code),
                              collection_failure("invalid_answer", "HTTP %d, not JSON" % response.status_code, "Answer not JSON")) from None

    def _api_error(self, response, method, path):
        status = response.status_code
        code = title = detail = pointer = None
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            errors = body.get("errors")
            first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else body
            code = first.get("code")
            title = first.get("title")
            detail = first.get("detail")
            source = first.get("source")
            if isinstance(source, dict):
                pointer = source.get("pointer") or source.get("parameter")
        reason = REASONS.get(status, "error")
        where = "%s %s" % (method, path)
        if status in (401, 403):
            hint = ", and that the key may manage wireless resources" if status == 403 else ""
            message = ("The Telnyx API rejected the API key (HTTP %d %s on %s): check the api_key option or the "
                       "TELNYX_API_KEY environment variable%s." % (status, reason, where, hint))
            cls = TelnyxAuthError
        else:
            parts = ["%s failed: HTTP %d %s" % (where, status, reason)]
            if code or title:
                parts.append("Telnyx error %s%s" % (code or "?", " (%s)" % title if title else ""))
            message = ", ".join(parts)
            if detail:
                message += ": %s" % str(detail).rstrip(".")
            if pointer:
                message += " [at %s]" % pointer
            message += "."
            cls = TelnyxNotFoundError if status == 404 else TelnyxAPIError
        message = _redact(message, self._api_key)
        return cls(message, status, code=code, title=title, detail=_redact(detail, self._api_key), pointer=pointer, method=method, path=path)

    # ------------------------------------------------------------------ helpers

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def get_data(self, path, params=None):
        body = self.get(path, params=params)
        return body.get("data") if isinstance(body, dict) else None

    def get_or_none(self, path, params=None):
        """GET the `data` of one object, or None on 404."""
        try:
            return self.get_data(path, params=params)
        except TelnyxNotFoundError:
            return None

    def post(self, path, json=None, params=None, idempotent=False, recheck=None):
        return self.request("POST", path, params=params, json=json, idempotent=idempotent, recheck=recheck)

    def patch(self, path, json):
        return self.request("PATCH", path, json=json)

    def delete(self, path, params=None):
        return self.request("DELETE", path, params=params)

    def page(self, path, number=1, size=MAX_PAGE_SIZE, filters=None, params=None):
        """One page: returns (items, meta)."""
        query = dict(params or {})
        query.update(encode_filters(filters))
        query["page[number]"] = number
        query["page[size]"] = size
        body = self.get(path, params=query) or {}
        return body.get("data") or [], body.get("meta") or {}

    def paginate(self, path, filters=None, params=None, size=MAX_PAGE_SIZE):
        """Yield every item of a list endpoint, page after page."""
        number = 1
        while True:
            items, meta = self.page(path, number, size, filters, params)
            yield from items
            total_pages = meta.get("total_pages") or 0
            if not items or number >= total_pages:
                return
            number += 1

    def list_all(self, path, filters=None, params=None, size=MAX_PAGE_SIZE, workers=1, max_pages=None):
        """Every item of a list endpoint as a list.

        With workers > 1, the first page tells how many pages there are and the rest are fetched
        concurrently by a bounded pool; a 429 on any of them pauses all of them (one shared backoff).
        With max_pages, a list of more pages than that is not read past its first page: None is returned.
        """
        if workers <= 1 and max_pages is None:
            return list(self.paginate(path, filters, params, size))
        first, meta = self.page(path, 1, size, filters, params)
        total_pages = meta.get("total_pages") or 1
        if max_pages is not None and total_pages > max_pages:
            return None
        return self.list_after_first(path, first, total_pages, filters, params, size, workers)

    def list_after_first(self, path, first, total_pages, filters=None, params=None, size=MAX_PAGE_SIZE, workers=1):
        """The items of page 1 (`first`, already read) and of every page after it, fetched `workers` at a time
        (a 429 on any of them pauses all of them: one shared backoff)."""
        if not first or total_pages <= 1:
            return first
        items = list(first)
        for page_items in bounded_map(lambda number: self.page(path, number, size, filters, params)[0], range(2, total_pages + 1), workers):
            items.extend(page_items)
        return items

    # ------------------------------------------------------------------ files published by the API

    def download(self, url):
        """GET a file the API published at `url` (a WDR report's report_url: a pre-signed address on another host);
        return its body as text.

        The API key is NOT sent there: the address carries its own authorization, and the host is not Telnyx's API.
        Transport failures and 5xx are retried like a GET (bounded by http_retries and http_retry_max_time); any
        other error status fails at once. Messages name the host and path, never the query (its signature).
        """
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TelnyxError("The API gave no usable file address (%r)." % (parts.scheme + "://" + parts.netloc + parts.path if parts.netloc else "none"),
                              collection_failure("no_file_address", None, "No file address"))
        shown = "%s://%s%s" % (parts.scheme, parts.netloc, parts.path)
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            self._count("requests")
            failure, status = None, None
            try:
                response = self.session.get(url, headers={"Authorization": None, "Accept": "*/*"}, timeout=self.timeout)
                status = response.status_code
                if status < 400:
                    response.encoding = response.encoding or "utf-8"
                    return response.text
                failure = "answered HTTP %d" % status
            except (requests.ConnectionError, requests.Timeout) as exc:
                failure = exc.__class__.__name__
            retriable = status is None or status in RETRY_STATUSES or (500 <= status < 600 and status not in NOT_RETRIED_5XX)
            delay = self._backoff(attempt, None)
            if not retriable or attempt > self.retries or self._clock() - started + delay > self.retry_max_time:
                raise TelnyxError(_redact("Could not download %s: %s (attempt %d)." % (shown, failure, attempt), self._api_key),
                                  collection_failure("download_failed", "%s: %s" % (shown, failure), "Download failed", http_status=status))
            self._count("retries")
            self._sleep(delay)
