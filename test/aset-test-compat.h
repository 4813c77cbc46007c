// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_TEST_COMPAT_H
#define ASET_TEST_COMPAT_H

// ns-3 3.42 renamed the test type and duration enums; 3.46 removed the old names.
#include "ns3/test.h"

#if ASET_NS3_MINOR >= 42
#define ASET_UNIT_SUITE ns3::TestSuite::Type::UNIT
#define ASET_SYSTEM_SUITE ns3::TestSuite::Type::SYSTEM
#define ASET_QUICK ns3::TestCase::Duration::QUICK
#define ASET_EXTENSIVE ns3::TestCase::Duration::EXTENSIVE
#else
#define ASET_UNIT_SUITE ns3::TestSuite::UNIT
#define ASET_SYSTEM_SUITE ns3::TestSuite::SYSTEM
#define ASET_QUICK ns3::TestCase::QUICK
#define ASET_EXTENSIVE ns3::TestCase::EXTENSIVE
#endif

#endif // ASET_TEST_COMPAT_H
