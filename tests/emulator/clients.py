# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""API clients whose every response is validated against the spec (used by conftest.py and the tests)."""

import httpx
import requests
import telnyx

API_KEY = "emulator-test-key"


class ValidatingSession(requests.Session):
    """A requests session for the emulator API: relative paths are joined to ``/v2``, the API key is sent,
    and every response is validated against the spec."""

    def __init__(self, emu, contract, api_key=API_KEY):
        requests.Session.__init__(self)
        self.emu = emu
        self.contract = contract
        if api_key is not None:
            self.headers["Authorization"] = "Bearer %s" % api_key

    def request(self, method, url, *args, **kwargs):  # pylint: disable=arguments-differ
        if url.startswith("/"):
            url = self.emu.url + url
        kwargs.setdefault("timeout", 30)
        response = requests.Session.request(self, method, url, *args, **kwargs)
        self.contract.check_requests(response)
        return response


def make_sdk(emu, contract, strict=True, api_key=API_KEY, failures=None):
    """The official SDK pointed at the emulator, without retries; its HTTP client validates every response.

    The SDK turns exceptions raised inside its HTTP client into APIConnectionError, so contract failures
    are also collected in ``failures`` and asserted by the ``sdk`` fixture."""
    def check(response):
        try:
            contract.check_httpx(response)
        except AssertionError as exc:
            if failures is not None:
                failures.append(str(exc))
            raise
    http_client = httpx.Client(event_hooks={"response": [check]}, timeout=30)
    return telnyx.Telnyx(api_key=api_key, base_url=emu.url, _strict_response_validation=strict, max_retries=0, http_client=http_client)
