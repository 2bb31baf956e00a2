# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Telnyx wireless API emulator, as the package ``emulator`` (with ``tests/`` on ``sys.path``).

Tests and benchmarks start it through one import, ``from emulator.harness import Emulator, wait_for``
(pytest.ini puts ``tests/`` on the path for pytest; benchmarks put it there themselves). Its modules import each
other package-relatively, so none of them (``api``, ``errors``, ``state``, ...) shadows another module of that name.
"""
