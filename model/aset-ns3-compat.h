// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_NS3_COMPAT_H
#define ASET_NS3_COMPAT_H

// Bridges the ns-3 API changes between the releases aset builds against
// (3.37, Debian 12's, to the newest). ASET_NS3_MINOR is set by CMakeLists.txt
// from the ns-3 version found; only .cc files include this header.

#include "ns3/enum.h"

#ifndef ASET_NS3_MINOR
#error "ASET_NS3_MINOR must be defined by the build"
#endif

// 3.41 made the enum accessor a template on the enum type; before, it takes
// an int member. Our attribute enums are plain enums, so both accept them.
#if ASET_NS3_MINOR >= 41
#define ASET_ENUM_ACCESSOR(E, member) MakeEnumAccessor<E>(member)
#else
#define ASET_ENUM_ACCESSOR(E, member) MakeEnumAccessor(member)
#endif

// 3.42 renamed EventId::IsRunning to IsPending (the old name is deprecated).
#if ASET_NS3_MINOR >= 42
#define ASET_EVENT_PENDING(event) (event).IsPending()
#else
#define ASET_EVENT_PENDING(event) (event).IsRunning()
#endif

// 3.39 made Ipv4RoutingProtocol::RouteInput take its callbacks by const reference.
#if ASET_NS3_MINOR >= 39
#define ASET_ROUTE_CALLBACK(Callback) const Callback&
#else
#define ASET_ROUTE_CALLBACK(Callback) Callback
#endif

#endif // ASET_NS3_COMPAT_H
