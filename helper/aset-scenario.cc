// SPDX-License-Identifier: GPL-2.0-only
#include "aset-scenario.h"

#include "ns3/model-catalogue.h"

namespace ns3
{

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

} // namespace ns3
