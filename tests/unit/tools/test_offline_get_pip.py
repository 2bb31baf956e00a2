# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/offline_get_pip.py, the stand-in for ansible-test's pip bootstrap script: given a cached pip wheel, a venv
made without pip gets that pip by unpacking it, and pip then works in the venv as pip itself would have installed it."""

from __future__ import annotations

import ensurepip
import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_a_cached_wheel_is_unpacked_and_pip_works_in_the_venv(tmp_path):
    bundled = sorted(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", "pip-*.whl")))[-1]
    version = re.match(r"pip-([^-]+)-", os.path.basename(bundled)).group(1)
    cache = tmp_path / "cache"
    cache.mkdir()
    # as scripts/common.sh places it, and as ansible-test names its cached bootstrap script
    script = cache / ("get_pip_%s.py" % version.replace(".", "_"))
    shutil.copy(os.path.join(ROOT, "tools", "offline_get_pip.py"), script)
    shutil.copy(bundled, cache / os.path.basename(bundled))
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")

    # what ansible-test runs (requirements.py, bootstrap); no index is asked: PIP_NO_INDEX would fail a download. The
    # venv alone: without the PYTHONPATH ansible-test units sets for its own interpreter
    env = dict((name, value) for name, value in os.environ.items() if not name.startswith("PYTHON"))
    env["PIP_NO_INDEX"] = "1"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env=env, check=True)
    done = subprocess.run([python, str(script), "--disable-pip-version-check", "pip==%s" % version, "--no-setuptools", "--no-wheel"],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "Successfully installed pip-%s" % version
    assert sorted(os.listdir(cache)) == sorted([script.name, os.path.basename(bundled)])  # nothing downloaded, no leftovers

    for command in ([python, "-m", "pip", "--version"], [str(venv / "bin" / "pip"), "--version"]):
        shown = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        assert shown.startswith("pip %s from %s" % (version, venv)), shown
    listed = subprocess.run([python, "-m", "pip", "list", "--format", "freeze"], env=env, capture_output=True, text=True, check=True).stdout
    assert listed.split() == ["pip==%s" % version]
    installer = glob.glob(str(venv / "lib" / "python*" / "site-packages" / ("pip-%s.dist-info" % version) / "INSTALLER"))
    assert len(installer) == 1
