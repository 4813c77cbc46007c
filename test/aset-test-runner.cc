// SPDX-License-Identifier: GPL-2.0-only
// Runs the aset module's ns-3 TestSuites, like ns-3's own test-runner:
//   aset-test-runner --list | --suite=NAME [--verbose]
#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
