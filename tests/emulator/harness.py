# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start the Telnyx wireless emulator as a separate process and drive its control API.

Dependency-free apart from ``requests``. Every test suite and benchmark imports it the same way, with ``tests/``
on ``sys.path`` (pytest.ini does that for pytest)::

    from emulator.harness import Emulator, wait_for

    with Emulator(api_key="test-key", transition_seconds=0.2) as emu:
        emu.seed(sim_cards=10, groups=["fleet"], tags=["a", "b"])
        requests.get(emu.url + "/sim_cards", headers=emu.headers)

The server only ever binds 127.0.0.1 here.
"""

import atexit
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import requests

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server.py")
LISTENING_PREFIX = "EMULATOR LISTENING "


class EmulatorError(RuntimeError):
    pass


class Emulator(object):
    """One emulator process on a free loopback port.

    ``url`` is the API base (``http://127.0.0.1:PORT/v2``), ``base`` the server root, ``headers`` the
    Authorization header for ``api_key``.
    """

    def __init__(self, api_key="test-key", transition_seconds=0.2, latency_ms=0, seed_sims=0, python=None,
                 startup_timeout=30.0, stderr=None, verbose=False):
        self.api_key = api_key
        self.transition_seconds = transition_seconds
        self.latency_ms = latency_ms
        self.seed_sims = seed_sims
        self.python = python or sys.executable
        self.startup_timeout = startup_timeout
        self.stderr = stderr
        self.verbose = verbose
        self.process = None
        self.base = None
        self.url = None
        self._control = None

    # ------------------------------------------------------------------ process

    @property
    def headers(self):
        return {"Authorization": "Bearer %s" % self.api_key}

    def start(self):
        if self.process is not None:
            return self
        cmd = [self.python, SERVER, "--host", "127.0.0.1", "--port", "0",
               "--transition-seconds", str(self.transition_seconds), "--latency-ms", str(self.latency_ms)]
        if self.api_key is not None:
            cmd += ["--api-key", self.api_key]
        if self.seed_sims:
            cmd += ["--seed-sims", str(self.seed_sims)]
        if self.verbose:
            cmd.append("--verbose")
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr, stdin=subprocess.DEVNULL,
                                        universal_newlines=True)
        atexit.register(self.stop)
        lines = queue.Queue()

        def read_stdout(stream):
            try:
                for line in stream:
                    lines.put(line)
            except (OSError, ValueError):  # the pipe was closed by stop()
                pass

        threading.Thread(target=read_stdout, args=(self.process.stdout,), daemon=True).start()
        try:
            line = lines.get(timeout=self.startup_timeout)
        except queue.Empty:
            self.stop()
            raise EmulatorError("the emulator did not print its LISTENING line within %ss" % self.startup_timeout) from None
        if not line.startswith(LISTENING_PREFIX):
            self.stop()
            raise EmulatorError("unexpected first line from the emulator: %r" % line)
        self.base = line[len(LISTENING_PREFIX):].strip()
        self.url = self.base + "/v2"
        self._control = requests.Session()
        deadline = time.time() + self.startup_timeout
        while True:
            try:
                if self._control.get(self.base + "/_emulator/health", timeout=2).json().get("status") == "ok":
                    break
            except (requests.RequestException, ValueError):
                pass
            if time.time() > deadline or self.process.poll() is not None:
                self.stop()
                raise EmulatorError("the emulator did not become healthy")
            time.sleep(0.05)
        return self

    def stop(self):
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()
        if self._control is not None:
            self._control.close()
            self._control = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------------ control API

    def _call(self, method, path, payload=None, params=None):
        response = self._control.request(method, self.base + "/_emulator" + path, json=payload, params=params, timeout=120)
        if response.status_code >= 400:
            raise EmulatorError("%s /_emulator%s -> %s: %s" % (method, path, response.status_code, response.text))
        return response.json()

    def session(self):
        """A requests.Session that sends this emulator's API key."""
        session = requests.Session()
        session.headers.update(self.headers)
        return session

    def health(self):
        return self._call("GET", "/health")

    def reset(self):
        return self._call("POST", "/reset")

    def seed(self, **kw):
        """sim_cards, groups, tags, registration_codes, esims, statuses, data_limit, ota_updates (all optional)."""
        return self._call("POST", "/seed", kw)

    def faults(self, **kw):
        """rate, kinds, seed, methods, path_regex, retry_after, slow_seconds; ``faults(rate=0)`` clears them."""
        return self._call("PUT", "/faults", kw)

    def clear_faults(self):
        return self.faults(rate=0)

    def latency(self, ms):
        return self._call("PUT", "/latency", {"ms": ms})

    def config(self, **kw):
        """transition_seconds, latency_ms, group_delete_with_sims, esim_inventory, rate_limit, rate_window_seconds, pwg_provisioning_seconds,
        group_action_seconds, history_order."""
        return self._call("PUT", "/config", kw)

    def requests(self):
        return self._call("GET", "/requests")["requests"]

    def clear_requests(self):
        return self._call("DELETE", "/requests")

    def request_counts(self):
        """The request log counted: ``{"total", "reads", "writes", "by_method": {...}, "by_family": {"GET /sim_cards": n, ...}}``."""
        return self._call("GET", "/requests/counts")

    def fail_next(self, kind, type=None, id=None, reason=None, code=None, count=1):  # pylint: disable=redefined-builtin
        """Make the next ``count`` matching asynchronous operations end "failed" with ``reason``. ``kind``:
        ``sim_card_action`` (``id`` a SIM card id, ``type`` an action type), ``sim_card_group_action`` (``id`` a group
        id, ``type`` a group action type) or ``private_wireless_gateway`` (``id`` the gateway's name; ``code`` its
        status.error_code)."""
        payload = {"kind": kind, "count": count}
        for key, value in (("type", type), ("id", id), ("reason", reason), ("code", code)):
            if value is not None:
                payload[key] = value
        return self._call("POST", "/failures", payload)["failures"]

    def failures(self):
        return self._call("GET", "/failures")["failures"]

    def clear_failures(self):
        return self._call("DELETE", "/failures")

    def consume(self, sim_id, mb):
        return self._call("POST", "/sim_cards/%s/consume" % sim_id, {"mb": mb})

    def data_session(self, sim_id, mb, at):
        """Data use as consume() makes it, recorded as a data session (a WDR) closed at ``at`` (ISO 8601, not in the future)."""
        return self._call("POST", "/sim_cards/%s/sessions" % sim_id, {"mb": mb, "at": at})

    def wdr_downloads(self):
        """Each download of a WDR report file: ``{"report_id", "authorization_sent"}``, oldest first."""
        return self._call("GET", "/wdr_downloads")["downloads"]

    def force(self, sim_id, **fields):
        """status, sim_card_group_id (None allowed), public_ip, current_imei, actions_in_progress."""
        return self._call("PATCH", "/sim_cards/%s" % sim_id, fields)

    def sim(self, sim_id):
        """The SIM card as GET returns it plus an ``_emulator`` block of internal fields (intended_status, ...)."""
        return self._call("GET", "/sim_cards/%s" % sim_id)

    def state(self):
        return self._call("GET", "/state")

    def registration_codes(self, iccid=None):
        return self._call("GET", "/registration_codes", params={"iccid": iccid} if iccid else None)["registration_codes"]

    def advance(self, seconds):
        """Move the emulator's clock forward: pending transitions due within ``seconds`` complete at once."""
        return self._call("POST", "/advance", {"seconds": seconds})

    def reset_billing_period(self):
        return self._call("POST", "/reset_billing_period")

    def notification_deliveries(self):
        """Every notification delivery (Notifications API, delivery.py) since the last reset, oldest first."""
        return self._call("GET", "/notification_deliveries")["deliveries"]


def wait_for(predicate, timeout=10.0, interval=0.05, message="condition"):
    """Poll ``predicate()`` until it returns something truthy; returns that value or raises EmulatorError."""
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise EmulatorError("timed out after %ss waiting for %s" % (timeout, message))
        time.sleep(interval)
