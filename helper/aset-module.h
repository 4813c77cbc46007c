// SPDX-License-Identifier: GPL-2.0-only
//
// The aset module's public API in one header, like ns-3's <module>-module.h:
// a simulation script includes "ns3/aset-module.h" and nothing else of aset.
// It includes every public header and only those (test/check-public-api.py
// keeps this list equal to aset_headers in CMakeLists.txt). No header here
// includes libtorch, so a script compiles without it.
//
// Inside an ns-3 source tree, ns-3 generates this file itself from the same
// list (build_lib's HEADER_FILES).
#ifndef ASET_MODULE_H
#define ASET_MODULE_H

/**
 * \defgroup aset Scheduling DNN inference queries over edge clusters
 *
 * Applications (client, scheduler, cluster), scheduling policies (the
 * static ones and ASET), the model catalogue, the tiered topology helper,
 * the experiment runner (AsetExperiment, AsetSweep), the outcome collector, tracing and the results
 * writer. See doc/aset.rst, section "Helpers".
 */

#include "ns3/application-profile.h"
#include "ns3/aset-application-helper.h"
#include "ns3/aset-credit-ledger.h"
#include "ns3/aset-dqn-agent.h"
#include "ns3/aset-episode-generator.h"
#include "ns3/aset-experiment.h"
#include "ns3/aset-fault-timeline.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-mlp.h"
#include "ns3/aset-next-hop-routing-helper.h"
#include "ns3/aset-observation.h"
#include "ns3/aset-option.h"
#include "ns3/aset-outcome-collector.h"
#include "ns3/aset-policy-library.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-process-pool.h"
#include "ns3/aset-progress-reporter.h"
#include "ns3/aset-results.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/aset-scenario.h"
#include "ns3/aset-shield.h"
#include "ns3/aset-state-encoder.h"
#include "ns3/aset-statistics.h"
#include "ns3/aset-sweep.h"
#include "ns3/aset-tracing-helper.h"
#include "ns3/aset-types.h"
#include "ns3/aset-workload-trace.h"
#include "ns3/client-attachment.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/edge-cluster-application.h"
#include "ns3/edge-cluster-helper.h"
#include "ns3/hardware-power-model.h"
#include "ns3/inference-client-application.h"
#include "ns3/inference-client-helper.h"
#include "ns3/inference-query-header.h"
#include "ns3/model-catalogue.h"
#include "ns3/moving-users-helper.h"
#include "ns3/nearest-access-handover.h"
#include "ns3/pool-view.h"
#include "ns3/query-record.h"
#include "ns3/scheduler-application.h"
#include "ns3/scheduler-helper.h"
#include "ns3/scheduling-policy.h"
#include "ns3/shielded-policy.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/tiered-topology-description.h"
#include "ns3/tiered-topology-helper.h"
#include "ns3/tiered-topology-parameters.h"

#endif // ASET_MODULE_H
