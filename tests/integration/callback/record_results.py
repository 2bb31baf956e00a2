# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: writes every task result, whole (diff included), as JSON lines to $RECORD_RESULTS_FILE."""

from __future__ import annotations

import json
import os

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: record_results
type: aggregate
short_description: Record task results for the integration tests
description: Writes each task result as one JSON line to the file named by RECORD_RESULTS_FILE.
requirements: [enable in configuration]
"""


class CallbackModule(CallbackBase):
    """Record each task's final result."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get("RECORD_RESULTS_FILE")

    def _record(self, result, outcome):
        if not self._path:
            return
        data = dict(result._result)  # pylint: disable=protected-access
        # Ansible strips `failed` from a result it reports as failed; put the outcome back for the tests.
        data.setdefault("failed", outcome == "failed")
        task = result._task  # pylint: disable=protected-access
        entry = {
            "task": result.task_name,  # as displayed: ansible-core 2.21 puts "<role> : " in front of a role's task names
            "name": task.name or result.task_name,  # the task's own name, the same on every ansible-core
            "action": getattr(task, "resolved_action", None) or task.action,
            "host": result._host.get_name(),  # pylint: disable=protected-access
            "outcome": outcome,
            "result": data,
        }
        with open(self._path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, cls=AnsibleJSONEncoder, sort_keys=True) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")
