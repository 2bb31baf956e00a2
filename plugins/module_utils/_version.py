# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PRIVATE to the telnyx.wireless collection. Kept equal to galaxy.yml's version by a unit test.
"""The collection's version, for the User-Agent."""

from __future__ import annotations

COLLECTION_VERSION = "0.1.0"
