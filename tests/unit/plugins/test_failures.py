# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every failure of every module and of the inventory plugin is built by _client.collection_failure (the one factory).

The scan reads plugins/ as Python syntax trees (no import, no regular expression over text) and refuses:
- failure-shaped dict: a dict literal or dict() call holding "source" with any of status/code/title/detail, "reason"
  with any of code/title/detail, "status" with "code", "title" with "detail", or "code" with "title" or "detail",
  outside _client.collection_failure;
- bare error: a TelnyxError (or subclass) built without a failure (it would say reason "error");
- reason: a collection_failure whose reason is a string that FAILURE_REASONS does not list, or "error";
- invented status: collection_failure given source=, status= or code=, or a TelnyxAPIError (or subclass) built, outside
  _client.py (only the client knows what Telnyx answered);
- fail_json without failure= (or a **kwargs that carries it);
- inventory error: an AnsibleError/AnsibleParserError built in plugins/inventory outside its _failure() helper;
- a module whose DOCUMENTATION does not extend telnyx.wireless.failure, or whose RETURN `failure` is not the fragment's.
"""

from __future__ import annotations

import ast
import os

import pytest
import yaml

from ansible_collections.telnyx.wireless.plugins.doc_fragments.failure import ModuleDocFragment
from ansible_collections.telnyx.wireless.plugins.module_utils._client import FAILURE_REASONS, TelnyxAPIError, collection_failure

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PLUGINS = os.path.join(ROOT, "plugins")

ERRORS = frozenset(("TelnyxError", "TelnyxAPIError", "TelnyxAuthError", "TelnyxNotFoundError", "TelnyxRetryError",
                    "TelnyxNoAnswerError", "TelnyxReadOnlyError"))
API_ERRORS = frozenset(("TelnyxAPIError", "TelnyxAuthError", "TelnyxNotFoundError"))  # what Telnyx answered: the client's
FAILURE_KEYS = frozenset(("status", "code", "title", "detail"))

#: Failures still hand-written (or not documented), each as (file, enclosing function, rule, the reason(s) it should
#: carry): an entry lets a merge land while another branch rewrites that file. It is empty: every failure of plugins/ is
#: built by the factory. An entry that no longer matches anything fails the test, so the list only shrinks.
KNOWN_HAND_WRITTEN = []


def plugin_files():
    for directory, dummy, names in sorted(os.walk(PLUGINS)):
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                yield os.path.relpath(path, ROOT).replace(os.sep, "/"), path


def call_name(node):
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def literal_keys(node):
    if isinstance(node, ast.Dict):
        return set(key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str))
    if isinstance(node, ast.Call) and call_name(node) == "dict":
        return set(keyword.arg for keyword in node.keywords if keyword.arg)
    return set()


def failure_shaped(keys):
    """A dict that looks like a failure: a source with any of status/code/title/detail, a reason with any of
    code/title/detail (a reason with a status is also an action's state), a status with a code, a title with a detail,
    or a Telnyx-style code with a title or detail (e.g. {"code": "10015", "title": ...})."""
    return (bool("source" in keys and keys & FAILURE_KEYS) or bool("reason" in keys and keys & {"code", "title", "detail"})
            or {"status", "code"} <= keys or {"title", "detail"} <= keys or bool("code" in keys and keys & {"title", "detail"}))


class Scan(ast.NodeVisitor):
    """Walk one file, remembering the enclosing class.function of each finding."""

    def __init__(self, relpath):
        self.relpath = relpath
        self.scope = []
        self.findings = []  # (file, function, rule, line)
        self.reasons = []  # (reason, line) of every collection_failure with a literal reason

    def add(self, rule, node):
        self.findings.append((self.relpath, ".".join(self.scope), rule, node.lineno))

    def visit_ClassDef(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def in_client(self, *scope):
        return self.relpath == "plugins/module_utils/_client.py" and tuple(self.scope[:len(scope)]) == scope

    def visit_Dict(self, node):
        if failure_shaped(literal_keys(node)) and not self.in_client("collection_failure"):
            self.add("failure-shaped dict", node)
        self.generic_visit(node)

    def visit_Call(self, node):
        name = call_name(node)
        keywords = dict((keyword.arg, keyword.value) for keyword in node.keywords if keyword.arg)
        if name == "dict" and failure_shaped(literal_keys(node)):
            self.add("failure-shaped dict", node)
        elif name in API_ERRORS and self.relpath != "plugins/module_utils/_client.py":
            self.add("invented status", node)
        elif name in ERRORS and len(node.args) < 2 and "failure" not in keywords:
            self.add("bare error", node)
        elif name == "collection_failure":
            self.check_factory_call(node, keywords)
        elif name == "fail_json" and "failure" not in keywords and None not in [keyword.arg for keyword in node.keywords]:
            self.add("fail_json without failure", node)
        elif (name in ("AnsibleError", "AnsibleParserError") and self.relpath.startswith("plugins/inventory/")
              and "_failure" not in self.scope):
            self.add("inventory error", node)
        self.generic_visit(node)

    def check_factory_call(self, node, keywords):
        reason = node.args[0] if node.args else keywords.get("reason")
        # "error" is TelnyxError's fallback for a bare error, which the "bare error" rule keeps out of plugins/
        if isinstance(reason, ast.Constant) and not self.in_client("TelnyxError", "__init__"):
            self.reasons.append((reason.value, node.lineno))
            if reason.value not in FAILURE_REASONS:
                self.add("reason %r not in FAILURE_REASONS" % (reason.value,), node)
        if set(keywords) & {"source", "status", "code"} and self.relpath != "plugins/module_utils/_client.py":
            self.add("invented status", node)


def scan():
    findings, reasons, strings = [], [], set()
    for relpath, path in plugin_files():
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        visitor = Scan(relpath)
        visitor.visit(tree)
        findings.extend(visitor.findings)
        reasons.extend((reason, relpath, line) for reason, line in visitor.reasons)
        strings.update(node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str))
    return findings, reasons, strings


def module_docs(path):
    """A module's DOCUMENTATION and RETURN, parsed as ansible-doc reads them (literal strings of the module's body)."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    docs = dict((target.id, yaml.safe_load(node.value.value)) for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name) and target.id in ("DOCUMENTATION", "RETURN"))
    return docs.get("DOCUMENTATION") or {}, docs.get("RETURN") or {}


def doc_findings():
    """Every module documents `failure`: its DOCUMENTATION extends telnyx.wireless.failure (the table of reasons in the
    notes), and its RETURN's `failure` is the fragment's RETURN text (RETURN cannot extend a fragment)."""
    expected = yaml.safe_load(ModuleDocFragment.RETURN)["failure"]
    findings = []
    for relpath, path in plugin_files():
        if relpath.startswith("plugins/modules/"):
            documentation, returns = module_docs(path)
            if "telnyx.wireless.failure" not in (documentation.get("extends_documentation_fragment") or []):
                findings.append((relpath, "DOCUMENTATION", "no telnyx.wireless.failure fragment", 1))
            if returns.get("failure") != expected:
                findings.append((relpath, "RETURN", "failure differs from the fragment", 1))
    return findings


def test_every_failure_is_built_by_the_factory_and_documented():
    findings, dummy, dummy = scan()
    findings += doc_findings()
    known = set(entry[:3] for entry in KNOWN_HAND_WRITTEN)
    unexpected = ["%s:%d %s (in %s)" % (relpath, line, rule, scope) for relpath, scope, rule, line in findings
                  if (relpath, scope, rule) not in known]
    assert not unexpected, "failures built outside _client.collection_failure:\n" + "\n".join(unexpected)


def test_known_hand_written_failures_still_exist():
    """An entry of KNOWN_HAND_WRITTEN that matches nothing any more is removed from the list (it only shrinks)."""
    findings, dummy, dummy = scan()
    findings += doc_findings()
    found = set((relpath, scope, rule) for relpath, scope, rule, dummy in findings)
    assert [entry for entry in KNOWN_HAND_WRITTEN if entry[:3] not in found] == []
    assert len(KNOWN_HAND_WRITTEN) == len(set(KNOWN_HAND_WRITTEN))


def test_every_listed_reason_is_used_and_no_other():
    dummy, reasons, strings = scan()
    used = set(reason for reason, dummy, dummy in reasons)
    assert used <= set(FAILURE_REASONS)
    pending = set(reason for entry in KNOWN_HAND_WRITTEN for reason in entry[3])
    assert pending <= set(FAILURE_REASONS)
    used |= pending
    # a reason chosen by a table (e.g. the not-found reason of each kind in _policy.py) is a string literal too
    assert [reason for reason in FAILURE_REASONS if reason not in used and reason not in strings - set(FAILURE_REASONS.values())] == []


def doc_reasons():
    notes = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["notes"]
    return [note.split(")", 1)[0][len("V("):] for note in notes if note.startswith("V(")]


def test_the_doc_fragment_lists_every_reason_once():
    listed = doc_reasons()
    assert sorted(listed) == sorted(FAILURE_REASONS)
    assert len(listed) == len(set(listed))


def test_a_reason_raised_in_a_module_names_that_module_in_the_doc_fragment():
    notes = dict((note.split(")", 1)[0][len("V("):], note) for note in yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["notes"]
                 if note.startswith("V("))
    dummy, reasons, dummy = scan()
    missing = ["%s raised in %s" % (reason, relpath) for reason, relpath, dummy in reasons if relpath.startswith("plugins/modules/")
               and "M(telnyx.wireless.%s)" % os.path.basename(relpath)[:-3] not in notes[reason] and "Where: every module" not in notes[reason]]
    assert missing == []


@pytest.mark.parametrize("extra", [{"status": 404}, {"code": "10005"}, {"source": "api", "status": 200}, {"source": "api"},
                                   {"source": "telnyx"}])
def test_the_factory_refuses_an_invented_status_or_code(extra):
    with pytest.raises(ValueError):
        collection_failure("group_not_found", "x", **extra)


def test_the_factory_shapes():
    assert collection_failure("timeout", "waited 5 s", "Timeout") == {
        "source": "collection", "reason": "timeout", "status": None, "code": None, "title": "Timeout", "detail": "waited 5 s"}
    assert TelnyxAPIError("m", 422, code="10015", title="Bad Request", detail="d").failure == {
        "source": "api", "reason": "api_error", "status": 422, "code": "10015", "title": "Bad Request", "detail": "d"}
