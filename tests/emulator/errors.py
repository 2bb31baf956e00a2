# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Telnyx error bodies for the emulator.

Every error the emulator answers has Telnyx's envelope
``{"errors": [{"code", "title", "detail", "source", "meta"}]}``; ``code`` is a string,
``source`` holds ``pointer`` (a JSON pointer into the request body) and/or
``parameter`` (a query or path parameter), and ``meta.url`` links the code's documentation page,
as in the rest of Telnyx's spec.
"""

ERROR_DOC_URL = "https://developers.telnyx.com/api/errors/%s"

# Titles of the codes the emulator uses (GUIDES.md 8.2 and 8.3).
TITLES = {
    "10004": "Missing required parameter",
    "10005": "Resource not found",
    "10006": "Invalid ID",
    "10007": "Unexpected error",
    "10009": "Authentication failed",
    "10011": "Too many requests",
    "10015": "Bad Request",
    "10021": "Resource in use",
    "10023": "Invalid JSON",
    "10030": "Method not allowed",
    "10036": "Resource busy",
    "70001": "Not enough SIM card inventory",
    "70005": "SIM card group has SIM cards",
    "70006": "Default SIM card group cannot be deleted",
    "70007": "SIM card doesn't have a SIM card group",
}


def error_item(code, detail=None, pointer=None, parameter=None, title=None):
    """One element of the ``errors`` array."""
    item = {"code": code, "title": title or TITLES.get(code, "Error")}
    if detail:
        item["detail"] = detail
    source = {}
    if pointer is not None:
        source["pointer"] = pointer
    if parameter is not None:
        source["parameter"] = parameter
    if source:
        item["source"] = source
    item["meta"] = {"url": ERROR_DOC_URL % code}
    return item


class ApiError(Exception):
    """An error answer: HTTP status plus one or more Telnyx error items."""

    def __init__(self, status, code, detail=None, pointer=None, parameter=None, title=None, headers=None, items=None):
        super().__init__(detail or code)
        self.status = status
        self.items = items or [error_item(code, detail, pointer, parameter, title)]
        self.headers = headers or {}

    def body(self):
        return {"errors": self.items}


def not_found(kind, ident):
    return ApiError(404, "10005", "%s %s was not found." % (kind, ident))


def invalid(detail, pointer=None, parameter=None, code="10015"):
    """A 422 validation error (bad value in the body or the query)."""
    return ApiError(422, code, detail, pointer=pointer, parameter=parameter)


def missing(name, pointer=None, parameter=None):
    """A 422 for a missing required field or parameter (code 10004)."""
    return ApiError(422, "10004", "%s is required." % name, pointer=pointer, parameter=parameter)


def busy(detail):
    # GUIDES 9.2 leaves open what a request does while another action is in progress; we answer
    # 422 with 10036 ("resource busy with an ongoing operation, wait and retry"), a Telnyx-wide code.
    return ApiError(422, "10036", detail)


class Collector(object):
    """Collects several validation errors and raises them together as one 422."""

    def __init__(self):
        self.items = []

    def add(self, detail, pointer=None, parameter=None, code="10015"):
        self.items.append(error_item(code, detail, pointer, parameter))

    def missing(self, name, pointer=None, parameter=None):
        self.items.append(error_item("10004", "%s is required." % name, pointer, parameter))

    def raise_if_any(self):
        if self.items:
            raise ApiError(422, self.items[0]["code"], items=self.items)
