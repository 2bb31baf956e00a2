# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stateful emulator of the Telnyx wireless REST API v2, for tests, benchmarks and the demo.

Run it in the foreground (either command; the second with ``tests/`` on ``PYTHONPATH``)::

    python tests/emulator/server.py --port 0 [--host 127.0.0.1] [--api-key KEY] [--transition-seconds S]
                                    [--latency-ms MS] [--seed-sims N]
    python -m emulator.server --port 0 ...

Once listening it prints exactly one line, ``EMULATOR LISTENING http://HOST:PORT``, and serves the API
under ``/v2`` and its control API under ``/_emulator``. SIGTERM or SIGINT stops it cleanly.

This module is the HTTP layer: HTTP/1.1 keep-alive with Content-Length on every answer, bearer-token
authentication, injected latency and faults, rate-limit headers and the request log. The API itself is in
api.py (routes), state.py (model and state machine) and serializers.py (JSON shapes); the control API is
in control.py. Standard library only.
"""

import argparse
import collections
import json
import os
import random
import re
import signal
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

if not __package__:
    # Started by file path (python tests/emulator/server.py): Python put tests/emulator/ first on sys.path, where
    # api.py, errors.py and state.py would shadow any module of those names. Put tests/ there instead and run
    # as the module emulator.server, so that the package-relative imports below work (PEP 366).
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    __package__ = "emulator"  # pylint: disable=redefined-builtin

from . import api, control, usage  # noqa: E402 pylint: disable=wrong-import-position
from .errors import ApiError  # noqa: E402 pylint: disable=wrong-import-position
from .state import State  # noqa: E402 pylint: disable=wrong-import-position

API_PREFIX = "/v2"
CONTROL_PREFIX = "/_emulator"
REQUEST_LOG_MAX = 200000
DEFAULT_RATE_LIMIT = 100000     # requests per 60-second window; tests never reach it unless they lower it
RATE_WINDOW_SECONDS = 60


class Faults(object):
    """Injected failures, chosen at random from a seeded generator (a deterministic sequence)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rate = 0.0
        self.kinds = ()
        self.methods = None
        self.path_regex = None
        self.retry_after = 1
        self.slow_seconds = 35.0
        self.seed = None
        self.rng = random.Random(0)

    def configure(self, spec):
        rate = spec.get("rate", 0)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise control.bad("rate must be a number between 0 and 1.")
        kinds = spec.get("kinds", list(control.FAULT_KINDS) if rate else [])
        if not isinstance(kinds, list) or any(k not in control.FAULT_KINDS for k in kinds) or (rate and not kinds):
            raise control.bad("kinds must be a non-empty list drawn from: %s." % ", ".join(control.FAULT_KINDS))
        methods = spec.get("methods")
        if methods is not None and (not isinstance(methods, list) or not all(isinstance(m, str) for m in methods)):
            raise control.bad("methods must be a list of HTTP methods.")
        path_regex = spec.get("path_regex")
        try:
            compiled = re.compile(path_regex) if path_regex else None
        except (re.error, TypeError) as exc:
            raise control.bad("path_regex is not a valid regular expression: %s" % exc) from None
        retry_after = spec.get("retry_after", 1)
        slow_seconds = spec.get("slow_seconds", 35)
        for name, value in (("retry_after", retry_after), ("slow_seconds", slow_seconds)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise control.bad("%s must be a number >= 0." % name)
        seed = spec.get("seed")
        with self.lock:
            self.rate = float(rate)
            self.kinds = tuple(kinds)
            self.methods = frozenset(m.upper() for m in methods) if methods else None
            self.path_regex = compiled
            self.retry_after = retry_after
            self.slow_seconds = float(slow_seconds)
            self.seed = seed
            self.rng = random.Random(seed)

    def describe(self):
        with self.lock:
            return {"rate": self.rate, "kinds": list(self.kinds), "methods": sorted(self.methods) if self.methods else None,
                    "path_regex": self.path_regex.pattern if self.path_regex else None, "retry_after": self.retry_after,
                    "slow_seconds": self.slow_seconds, "seed": self.seed}

    def pick(self, method, path):
        """The fault kind for this request, or None. Only eligible requests consume random numbers."""
        with self.lock:
            if self.rate <= 0:
                return None
            if self.methods is not None and method not in self.methods:
                return None
            if self.path_regex is not None and not self.path_regex.search(path):
                return None
            if self.rng.random() >= self.rate:
                return None
            return self.rng.choice(self.kinds)


class RateWindow(object):
    """Fixed windows (60 s unless configured) for the x-ratelimit-* headers (GUIDES 8.4); over the limit answers
    429/10011. Telnyx publishes no window length; a shorter one lets a test run a per-second limit."""

    def __init__(self, limit=DEFAULT_RATE_LIMIT, seconds=RATE_WINDOW_SECONDS):
        self.lock = threading.Lock()
        self.limit = limit
        self.seconds = seconds
        self.start = time.time()
        self.count = 0

    def configure(self, limit, seconds=RATE_WINDOW_SECONDS):
        with self.lock:
            self.limit = DEFAULT_RATE_LIMIT if limit is None else limit
            self.seconds = RATE_WINDOW_SECONDS if seconds is None else seconds
            self.start = time.time()
            self.count = 0

    def hit(self):
        """Count one request; returns (allowed, headers)."""
        with self.lock:
            now = time.time()
            if now - self.start >= self.seconds:
                self.start, self.count = now, 0
            self.count += 1
            remaining = max(self.limit - self.count, 0)
            reset = max(int(self.start + self.seconds - now + 0.999), 1)  # whole seconds, rounded up
            headers = {"x-ratelimit-limit": str(self.limit), "x-ratelimit-remaining": str(remaining), "x-ratelimit-reset": str(reset)}
            return self.count <= self.limit, headers


class Emulator(object):
    """Everything the request handler threads share."""

    def __init__(self, state, api_key=None, verbose=False):
        self.state = state
        self.api_key = api_key
        self.verbose = verbose
        self.faults = Faults()
        self.rate = RateWindow()
        self.log_lock = threading.Lock()
        self.log = collections.deque(maxlen=REQUEST_LOG_MAX)

    def log_request(self, method, path, query, body):
        entry = {"method": method, "path": path, "query": query, "status": None, "fault": None, "body": body, "time": time.time()}
        with self.log_lock:
            self.log.append(entry)
        return entry

    def log_snapshot(self):
        with self.log_lock:
            return [dict(entry) for entry in self.log]

    def clear_log(self):
        with self.log_lock:
            self.log.clear()

    def authorized(self, header):
        # Only "Authorization: Bearer <token>"; with --api-key the token must match, otherwise any non-empty
        # token is accepted. The token is never logged or echoed.
        if not header or not header.startswith("Bearer "):
            return False
        token = header[len("Bearer "):].strip()
        if not token:
            return False
        return self.api_key is None or token == self.api_key


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "telnyx-wireless-emulator/1.0"
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 120

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        # Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms per answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.emulator.verbose:
            sys.stderr.write("emulator: %s\n" % (format % args))

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_PATCH(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    # ------------------------------------------------------------------ plumbing

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_json(self, status, body, headers=None):
        payload = json.dumps(body, separators=(",", ":")).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_file(self, status, answer):
        try:
            self.send_response(status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def drop(self):
        """Close the connection without writing a single byte of response."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ------------------------------------------------------------------ requests

    def handle_any(self):
        emu = self.server.emulator
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        raw = self.read_body()
        body, body_error = None, None
        if raw.strip():
            try:
                body = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                body_error = ApiError(400, "10015", "The request body is not valid JSON.")
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            self.handle_control(emu, path[len(CONTROL_PREFIX):], query, body, body_error)
        else:
            self.handle_api(emu, path, query, body, body_error)

    def handle_control(self, emu, sub_path, query, body, body_error):
        req = api.Request(self.command, sub_path, query, body, time.time())
        req.authorization_sent = bool(self.headers.get("Authorization"))  # usage.get_file notes it, never its value
        try:
            if body_error is not None:
                raise body_error
            status, answer = control.dispatch(emu, req, sub_path)
            if isinstance(answer, usage.File):
                self.send_file(status, answer)
                return
            self.send_json(status, answer)
        except ApiError as exc:
            self.send_json(exc.status, exc.body(), exc.headers)

    def handle_api(self, emu, path, query, body, body_error):
        entry = emu.log_request(self.command, path, query, body)
        latency = emu.state.config.get("latency_ms") or 0
        if latency > 0:
            time.sleep(latency / 1000.0)  # outside the state lock: concurrent requests overlap
        allowed, headers = emu.rate.hit()
        fault = emu.faults.pick(self.command, path)
        entry["fault"] = fault
        if fault == "reset":
            self.drop()  # before acting: the state does not change
            return
        if not allowed and fault is None:
            self.answer_fault(emu, entry, "429", headers, retry_after=headers["x-ratelimit-reset"])
            return
        if fault in ("429", "500", "503"):
            self.answer_fault(emu, entry, fault, headers)
            return
        if fault == "slow":
            time.sleep(emu.faults.slow_seconds)
        status, answer, extra = self.run_api(emu, path, query, body, body_error)
        headers.update(extra)
        if fault == "reset_after":
            self.drop()  # the request acted; the client never hears about it
            return
        entry["status"] = status
        self.send_json(status, answer, headers)

    def answer_fault(self, emu, entry, kind, headers, retry_after=None):
        if kind == "429":
            retry_after = emu.faults.retry_after if retry_after is None else retry_after
            headers["Retry-After"] = str(retry_after)
            headers["x-ratelimit-remaining"] = "0"
            error = ApiError(429, "10011", "Too many requests; retry after %s seconds." % retry_after)
        elif kind == "500":
            error = ApiError(500, "10007", "An unexpected error occurred.")
        else:
            error = ApiError(503, "10007", "The service is temporarily unavailable.", title="Service unavailable")
        entry["status"] = error.status
        self.send_json(error.status, error.body(), headers)

    def run_api(self, emu, path, query, body, body_error):
        """Authenticate, route and run one API request; returns (status, body, extra headers)."""
        try:
            if not emu.authorized(self.headers.get("Authorization")):
                raise ApiError(401, "10009", "The API key is missing or invalid; send it as \"Authorization: Bearer <API key>\".")
            if not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
                raise ApiError(404, "10005", "The requested resource or URL could not be found; the API is served under /v2.")
            if body_error is not None:
                raise body_error
            state = emu.state
            with state.lock:
                now = state.now()
                state.process_due(now)
                status, answer = api.dispatch(state, api.Request(self.command, path, query, body, now), path[len(API_PREFIX):])
            return status, answer, {}
        except ApiError as exc:
            return exc.status, exc.body(), exc.headers
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc(file=sys.stderr)
            error = ApiError(500, "10007", "The emulator failed to handle this request (see its stderr).")
            return error.status, error.body(), {}


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, emulator):
        self.emulator = emulator
        ThreadingHTTPServer.__init__(self, address, Handler)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Telnyx wireless API emulator (loopback test double).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free port")
    parser.add_argument("--api-key", default=None, help="accept only 'Authorization: Bearer KEY' (default: any non-empty token)")
    parser.add_argument("--transition-seconds", type=float, default=1.0, help="how long an asynchronous action takes (default 1.0)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added latency per API request (default 0)")
    parser.add_argument("--seed-sims", type=int, default=0, help="seed this many enabled SIM cards at start")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    state = State(transition_seconds=args.transition_seconds, latency_ms=args.latency_ms)
    if args.seed_sims:
        with state.lock:
            state.seed(sim_cards=args.seed_sims)
    server = EmulatorHTTPServer((args.host, args.port), Emulator(state, api_key=args.api_key, verbose=args.verbose))

    def stop(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    state.public_url = "http://%s:%d" % (host, port)  # where WDR report files are published (usage.py)
    sys.stdout.write("EMULATOR LISTENING http://%s:%d\n" % (host, port))
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
