# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module runner: runs the collection's modules as Ansible runs them, without an ansible-playbook process each.

One runner process per pytest worker, started by conftest.py (`module_runner` fixture) with the ansible-core under test
and ANSIBLE_COLLECTIONS_PATH pointing at the collection under test (the installed tarball in scripts/test). It imports
ansible-core's module_utils and every module of the collection once, then, for each request, forks a child that runs
the module's entry point (`main()`) with its arguments as AnsibleModule reads them (`_ANSIBLE_ARGS`, as ansible-test
units and ansible-core's own `patch_module_args` set them), the real TelnyxClient and the real emulator. The child's
stdout is the module's JSON result, as the module would send it to the controller. The runner itself is one thread,
so forking it is safe; several children run at once (parallel hosts, two runs at once).

Protocol (one JSON object per line): stdin {"id", "module", "args", "env", "out", "err"}; stdout {"id", "status"}
when that child ended (its exit status). "args" are the module arguments plus the `_ansible_*` ones the controller sends.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import select
import sys
import time
import traceback


def preload(collections_path):
    """Import ansible's module_utils and every module of the collection (the cost a forked child no longer pays)."""
    sys.path.insert(0, collections_path)
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel
    modules_dir = os.path.join(collections_path, "ansible_collections", "telnyx", "wireless", "plugins", "modules")
    for name in sorted(os.listdir(modules_dir)):
        if name.endswith(".py") and not name.startswith("_"):
            importlib.import_module("ansible_collections.telnyx.wireless.plugins.modules." + name[:-3])
    return basic


def child(basic, request):
    """In the forked child: run one module with its arguments; never returns."""
    code = 1
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.stdin = io.StringIO("")
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": request["args"]}).encode()  # pylint: disable=protected-access
        if hasattr(basic, "_ANSIBLE_PROFILE"):  # ansible-core 2.19+: the serialization profile modules are sent with
            basic._ANSIBLE_PROFILE = "legacy"  # pylint: disable=protected-access
        module = importlib.import_module("ansible_collections.telnyx.wireless.plugins.modules." + request["module"])
        try:
            module.main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # pylint: disable=broad-except
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # pylint: disable=protected-access


def serve(basic):
    running = {}
    buffer = b""
    stdin = sys.stdin.buffer.raw if hasattr(sys.stdin.buffer, "raw") else sys.stdin.buffer
    closed = False
    while not closed or running:
        if closed:
            time.sleep(0.005)
            readable = []
        else:
            readable = select.select([stdin], [], [], 0.005)[0]
        if readable:
            chunk = os.read(stdin.fileno(), 65536)
            if not chunk:
                closed = True
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if not line.strip():
                    continue
                request = json.loads(line)
                sys.stdout.flush()
                pid = os.fork()
                if pid == 0:
                    child(basic, request)
                running[pid] = request["id"]
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            ident = running.pop(pid, None)
            if ident is not None:
                sys.stdout.write(json.dumps({"id": ident, "status": os.waitstatus_to_exitcode(status)}) + "\n")
                sys.stdout.flush()


def main():
    basic = preload(sys.argv[1])
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    serve(basic)


if __name__ == "__main__":
    main()
