# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provenance line every benchmark prints last, and that docs/ quotes beside each figure it takes from a run.

    Measured by benchmarks/inventory.py on 2026-12-03 09:40 UTC, commit 0ac9c50, load average 21.4 (2 CPUs), ansible-core 2.19.14, Python 3.11.9

tests/integration/test_docs_figures.py reads docs/ with PATTERN: a figure without such a line, or with a line naming a
benchmark that does not exist, fails the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PATTERN = re.compile(
    r"Measured by benchmarks/(?P<benchmark>[a-z_]+\.py) on (?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}) UTC, "
    r"commit (?P<commit>[0-9a-f]{7,40})(?P<dirty> \+ uncommitted changes)?, load average (?P<load>\d+\.\d) \((?P<cpus>\d+) CPUs\), "
    r"ansible-core (?P<core>[0-9.a-z]+), Python (?P<python>[0-9.]+)")


def commit():
    """The checkout's commit, and whether the measured code (plugins/, benchmarks/) differs from it."""
    def git(*args):
        return subprocess.run(("git", "-C", ROOT) + args, capture_output=True, text=True, check=False).stdout.strip()
    return git("rev-parse", "--short", "HEAD") or "0000000", bool(git("status", "--porcelain", "--", "plugins", "benchmarks"))


def line(script):
    """The provenance line of a run of benchmarks/<script> that ends now."""
    from ansible.release import __version__  # pylint: disable=import-outside-toplevel
    sha, dirty = commit()
    text = "Measured by benchmarks/%s on %s UTC, commit %s%s, load average %.1f (%d CPUs), ansible-core %s, Python %s" % (
        os.path.basename(script), time.strftime("%Y-%m-%d %H:%M", time.gmtime()), sha, " + uncommitted changes" if dirty else "",
        os.getloadavg()[0], os.cpu_count(), __version__, sys.version.split()[0])
    assert PATTERN.fullmatch(text), text
    return text
