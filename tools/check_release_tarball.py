# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check that a built collection tarball carries its changelog: check_release_tarball.py TARBALL VERSION.

The tarball must hold changelogs/changelog.yaml with a release entry for VERSION that has changes (or new plugins), and
CHANGELOG.rst with a section for VERSION. Exits 1 with the reason otherwise.
"""

from __future__ import annotations

import sys
import tarfile

import yaml


def check(tarball, version):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
        if "changelogs/changelog.yaml" not in names or "CHANGELOG.rst" not in names:
            return "%s lacks changelogs/changelog.yaml or CHANGELOG.rst" % tarball
        changelog = yaml.safe_load(archive.extractfile("changelogs/changelog.yaml").read())
        rst = archive.extractfile("CHANGELOG.rst").read().decode("utf-8")
    release = (changelog.get("releases") or {}).get(version)
    if not release:
        return "changelogs/changelog.yaml in %s has no release %s (releases: %s)" % (tarball, version, sorted(changelog.get("releases") or {}))
    if not (release.get("changes") or release.get("plugins") or release.get("modules")):
        return "release %s in %s has no changes" % (version, tarball)
    if "v%s" % version not in rst:
        return "CHANGELOG.rst in %s has no section v%s" % (tarball, version)
    return None


def main():
    tarball, version = sys.argv[1:3]
    problem = check(tarball, version)
    if problem:
        print("FAILED: " + problem)
        return 1
    print("%s carries the changelog of %s" % (tarball, version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
