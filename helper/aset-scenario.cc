// SPDX-License-Identifier: GPL-2.0-only
#include "aset-scenario.h"

#include "ns3/inference-query-header.h"
#include "ns3/model-catalogue.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ns3
{

uint16_t
DeploymentSpec::GetReplicas(double capacity) const
{
    return uint16_t(std::clamp<double>(std::round(replicas * capacity), 1, 65535));
}

AsetScenario
AsetScenario::Default()
{
    AsetScenario s;
    s.cataloguePath = ModelCatalogue::GetDefaultPath();
    // Far edge: a few CPU servers and one small GPU per site.
    s.farEdge = {
        {"resnet18", HardwareClass::CPU, 4, 64},
        {"yolov5n", HardwareClass::CPU, 4, 64},
        {"yolov5s", HardwareClass::GPU, 1, 64},
    };
    // Near edge (metro): a few GPUs.
    s.nearEdge = {
        {"resnet50", HardwareClass::GPU, 1, 128},
        {"yolov5s", HardwareClass::GPU, 1, 128},
        {"yolov5m", HardwareClass::GPU, 2, 128},
    };
    // Cloud: plenty of GPUs, far away.
    s.cloud = {
        {"resnet101", HardwareClass::GPU, 4, 256},
        {"yolov5m", HardwareClass::GPU, 4, 256},
        {"yolov5l", HardwareClass::GPU, 4, 256},
        {"yolov5x", HardwareClass::GPU, 4, 256},
    };
    // Requests are compressed camera frames: ~15 kB at 224 px, ~40-60 kB at 640 px.
    s.applications = {
        {"cognitive-assistance", "image-classification", MilliSeconds(30), 70.0, 15000, 200, 5},
        {"ar-object-detection", "object-detection", MilliSeconds(60), 28.0, 40000, 1000, 3},
        {"video-analytics", "object-detection", MilliSeconds(150), 45.0, 60000, 2000, 2},
    };
    return s;
}

std::vector<std::string>
AsetScenario::GetVariantNames()
{
    return {"default",
            "light",
            "far-edge-saturated",
            "lossy-access",
            "stale-beacons",
            "metro-throttled",
            "metro-throttled-peak",
            "edge-throttled",
            "far-edge-outage",
            "metro-link-failure"};
}

AsetScenario
AsetScenario::Variant(const std::string& name)
{
    AsetScenario s = Default();
    s.name = name;
    if (name == "default")
    {
        return s;
    }
    if (name == "light")
    {
        s.load = 0.5; // an off-peak hour
    }
    else if (name == "far-edge-saturated")
    {
        s.load = 2.5; // the far edge's one GPU and few CPUs cannot keep up
    }
    else if (name == "lossy-access")
    {
        // A congested radio access: 5% packet loss and twice the latency.
        s.topology.access.lossRate = 0.05;
        s.topology.access.delay = MilliSeconds(6);
    }
    else if (name == "stale-beacons")
    {
        // Load reports once a second: schedulers decide on old news.
        s.beaconInterval = Seconds(1);
        s.load = 2;
    }
    else if (name == "metro-throttled")
    {
        // The metro GPUs are shared with another tenant and run at a sixth of
        // the catalogue's speed, which the schedulers do not know.
        s.nearEdgeSlowdown = 6;
        s.load = 0.8;
    }
    else if (name == "metro-throttled-peak")
    {
        s.nearEdgeSlowdown = 6;
        s.load = 1.2;
    }
    else if (name == "edge-throttled")
    {
        // Both edge tiers slowed (far edge 3x, metro 6x): only the cloud runs as catalogued.
        s.farEdgeSlowdown = 3;
        s.nearEdgeSlowdown = 6;
        s.load = 1.2;
    }
    else if (name == "far-edge-outage")
    {
        // Far-edge site 0's cluster fails 5 s into the queries and is back 7 s
        // later; the schedulers find out from its missing beacons.
        s.faults = {
            {s.warmup + Seconds(5), FaultEvent::CLUSTER_DOWN, "far-edge-0"},
            {s.warmup + Seconds(12), FaultEvent::CLUSTER_UP, "far-edge-0"},
        };
    }
    else if (name == "metro-link-failure")
    {
        // The fibre from far-edge site 1 to the metro is cut 5 s into the
        // queries and repaired 7 s later: site 1 is left with its own cluster.
        s.faults = {
            {s.warmup + Seconds(5), FaultEvent::LINK_DOWN, "gateway-1--metro-0"},
            {s.warmup + Seconds(12), FaultEvent::LINK_UP, "gateway-1--metro-0"},
        };
    }
    else
    {
        throw std::invalid_argument("unknown scenario variant '" + name + "'");
    }
    return s;
}

void
AsetScenario::Validate(const ModelCatalogue& catalogue) const
{
    const auto fail = [this](const std::string& field, const std::string& problem) {
        throw std::invalid_argument("scenario '" + name + "': " + field + ": " + problem);
    };
    const std::pair<const char*, const std::vector<DeploymentSpec>*> tiers[] = {
        {"far-edge", &farEdge},
        {"near-edge", &nearEdge},
        {"cloud", &cloud},
    };
    for (const auto& [tier, deployments] : tiers)
    {
        for (const auto& d : *deployments)
        {
            const std::string field = std::string(tier) + " deployment '" + d.variant + "'";
            uint16_t variant;
            if (!catalogue.FindVariant(d.variant, variant))
            {
                fail(field, "the catalogue has no such variant");
            }
            if (!catalogue.GetVariant(variant).RunsOn(d.hardware))
            {
                fail(field, "the catalogue has no figure for it on " + ToString(d.hardware));
            }
            if (d.replicas == 0)
            {
                fail(field, "needs at least one replica");
            }
        }
    }
    if (applications.empty())
    {
        fail("applications", "the workload needs at least one application");
    }
    for (const auto& a : applications)
    {
        const std::string field = "application '" + a.name + "'";
        uint16_t task;
        if (!catalogue.FindTask(a.task, task))
        {
            fail(field, "the catalogue has no task '" + a.task + "'");
        }
        if (!a.deadline.IsStrictlyPositive() || !(a.weight > 0) || a.minAccuracy < 0 ||
            a.minAccuracy > 100)
        {
            fail(field, "needs a positive deadline and weight, and an accuracy in [0, 100]");
        }
        if (!InferenceQueryHeader::IsValidPayloadSize(a.requestSize) ||
            !InferenceQueryHeader::IsValidPayloadSize(a.responseSize))
        {
            fail(field,
                 "request and response sizes must be within [" +
                     std::to_string(InferenceQueryHeader::kSerializedSize) + ", " +
                     std::to_string(InferenceQueryHeader::kMaxPayloadSize) + "] bytes");
        }
    }
    const auto formats = TieredTopologyDescription::GetFormatNames();
    if (std::find(formats.begin(), formats.end(), topologyFormat) == formats.end())
    {
        fail("topologyFormat", "expected aset, inet, orbis or rocketfuel, got '" + topologyFormat + "'");
    }
    for (const auto& [tier, capacity] : {std::make_pair("farEdgeCapacity", topology.farEdgeCapacity),
                                         std::make_pair("nearEdgeCapacity", topology.nearEdgeCapacity),
                                         std::make_pair("cloudCapacity", topology.cloudCapacity)})
    {
        if (!(capacity > 0) || !std::isfinite(capacity))
        {
            fail(std::string("topology ") + tier, "must be a positive number");
        }
    }
    if (!(ratePerAccessNode > 0) || !(load > 0) || !duration.IsStrictlyPositive())
    {
        fail("workload", "rate, load and duration must be positive");
    }
    for (std::size_t i = 0; i < faults.size(); ++i)
    {
        faults[i].Check("scenario '" + name + "': faults[" + std::to_string(i) + "]", &catalogue);
    }
}

} // namespace ns3
