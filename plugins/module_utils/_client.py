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
- read-only mode: any request other than GET raises before anything is sent.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
import traceback

try:
    import requests
    from requests.adapters import HTTPAdapter
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

# Statuses that mean "try again later". 429 and 503 are refusals: the server did not act, so
# even a create may be re-sent. 502 and 504 come from a gateway that may have passed the
# request on, so for a create they mean "outcome unknown".
RETRY_STATUSES = frozenset((429, 502, 503, 504))
REFUSED_STATUSES = frozenset((429, 503))
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0

REASONS = {
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 422: "Unprocessable Entity", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}

log = logging.getLogger("telnyx.wireless")


class TelnyxError(Exception):
    """Base class of every error the client raises. str() is one sentence for a person."""

    def __init__(self, message, failure=None):
        super().__init__(message)
        self.message = message
        self.failure = failure or {"status": None, "code": None, "title": None, "detail": message}

    def __str__(self):
        return self.message


class TelnyxAPIError(TelnyxError):
    """The API answered with an error status."""

    def __init__(self, message, status, code=None, title=None, detail=None, pointer=None, method=None, path=None):
        failure = {"status": status, "code": code, "title": title, "detail": detail}
        if pointer:
            failure["source"] = pointer
        super().__init__(message, failure)
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


class TelnyxClient:
    """A Telnyx v2 API client on one requests.Session.

    Use one client per module run or inventory load; it is safe to share between threads for
    concurrent GETs.
    """

    def __init__(self, api_key, api_url=None, timeout=DEFAULT_TIMEOUT, validate_certs=True, retries=DEFAULT_RETRIES,
                 retry_max_time=DEFAULT_RETRY_MAX_TIME, read_only=False, user_agent_extra=None, pool_size=10,
                 sleep=time.sleep, clock=time.monotonic):
        if not HAS_REQUESTS:
            raise TelnyxError("The Python library 'requests' is required by the telnyx.wireless collection.")
        if not api_key:
            raise TelnyxError("No Telnyx API key was given: set the api_key option or the TELNYX_API_KEY environment variable.")
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
        self.stats = {"requests": 0, "retries": 0}

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
        {"data": the object it made}), or None if nothing shows it did. With it, an unknown outcome
        does not raise TelnyxNoAnswerError: the state is re-read right before each re-send (after
        the backoff, so a request still in flight has landed) and the request is sent again only if
        the re-read found nothing. Same bounds as every retry: http_retries and http_retry_max_time.
        """
        method = method.upper()
        if self.read_only and method != "GET":
            raise TelnyxReadOnlyError(
                "Refused to send %s %s: the client is read-only (check mode). This is a bug in the telnyx.wireless collection." % (method, path))
        if idempotent is None:
            idempotent = method != "POST"
        url = self.api_url + path
        started = self._clock()
        attempt = 0
        unknown = None  # why the outcome of the last attempt is unknown (a request not safe to repeat)
        while True:
            attempt += 1
            if unknown:
                found = recheck()
                if found is not None:
                    log.debug("%s %s: a re-read shows an earlier attempt went through; not re-sent", method, path)
                    return found
            self._wait_for_shared_pause()
            self.stats["requests"] += 1
            retry_after = None
            last_response = None
            unknown = None
            try:
                response = self.session.request(method, url, params=params, json=json, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                kind = "timed out" if isinstance(exc, requests.Timeout) else "lost the connection"
                if not idempotent:
                    unknown = "%s %s %s without an answer (attempt %d)" % (method, path, kind, attempt)
                failure = kind
            else:
                if response.status_code < 400:
                    return self._decode(response, method, path)
                if response.status_code not in RETRY_STATUSES:
                    raise self._api_error(response, method, path)
                if not idempotent and response.status_code not in REFUSED_STATUSES:
                    # A gateway error on a create: the request may have gone through.
                    unknown = "%s %s got HTTP %d from a gateway (attempt %d)" % (method, path, response.status_code, attempt)
                failure = "answered HTTP %d" % response.status_code
                if response.status_code == 429:
                    retry_after = _parse_retry_after(response.headers.get("Retry-After"))
                last_response = response
            if unknown and recheck is None:
                raise TelnyxNoAnswerError(unknown + "; the API may have acted on it, so it is not re-sent blindly.")
            delay = self._backoff(attempt, retry_after)
            elapsed = self._clock() - started
            if attempt > self.retries or elapsed + delay > self.retry_max_time:
                found = recheck() if unknown else None
                if found is not None:
                    return found
                raise self._give_up(method, path, attempt, elapsed + delay > self.retry_max_time, failure, last_response)
            self.stats["retries"] += 1
            log.debug("retrying %s %s in %.2fs: %s", method, path, delay, failure)
            if retry_after is not None or (last_response is not None and last_response.status_code == 429):
                # a rate limit applies to the account: every thread of this client waits it out together
                self._set_shared_pause(delay)
            else:
                self._sleep(delay)

    def _give_up(self, method, path, attempt, out_of_time, failure, last_response):
        bound = "the %.0f s retry time limit (http_retry_max_time)" % self.retry_max_time if out_of_time else \
            "%d attempts (http_retries is %d)" % (attempt, self.retries)
        message = "Gave up on %s %s after %s: the last attempt %s." % (method, path, bound, failure)
        status = code = title = None
        if last_response is not None:
            error = self._api_error(last_response, method, path)
            status, code, title = error.status, error.code, error.title
            if error.detail:
                message += " Telnyx said: %s." % str(error.detail).rstrip(".")
        return TelnyxRetryError(_redact(message, self._api_key),
                                {"status": status, "code": code, "title": title or "Retries exhausted", "detail": failure})

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
            raise TelnyxAPIError("%s %s answered HTTP %d with a body that is not JSON." % (method, path, response.status_code),
                                 response.status_code, method=method, path=path) from None

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

    def list_all(self, path, filters=None, params=None, size=MAX_PAGE_SIZE, workers=1):
        """Every item of a list endpoint as a list.

        With workers > 1, the first page tells how many pages there are and the rest are fetched
        concurrently by a bounded pool; a 429 on any of them pauses all of them (one shared backoff).
        """
        if workers <= 1:
            return list(self.paginate(path, filters, params, size))
        first, meta = self.page(path, 1, size, filters, params)
        total_pages = meta.get("total_pages") or 1
        if not first or total_pages <= 1:
            return first
        from concurrent.futures import ThreadPoolExecutor
        pages = {1: first}
        pool = ThreadPoolExecutor(max_workers=min(workers, total_pages - 1))
        try:
            futures = dict((pool.submit(self.page, path, n, size, filters, params), n) for n in range(2, total_pages + 1))
            for future, number in futures.items():
                pages[number] = future.result()[0]
        finally:
            # on a failure, pages not started yet are not fetched at all
            pool.shutdown(wait=True, cancel_futures=True)
        items = []
        for number in sorted(pages):
            items.extend(pages[number])
        return items
