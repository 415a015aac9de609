# SPDX-License-Identifier: GPL-2.0
# Tests (filled in by the test suites below).
check: memstress
