// SPDX-License-Identifier: GPL-2.0-only
#include "moving-users-helper.h"

#include "ns3/abort.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inference-client-application.h"
#include "ns3/pointer.h"
#include "ns3/position-allocator.h"
#include "ns3/random-walk-2d-mobility-model.h"
#include "ns3/random-waypoint-mobility-model.h"
#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// A uniform variable on [min, max] on its own stream.
Ptr<UniformRandomVariable>
Uniform(double min, double max, int64_t stream)
{
    auto variable = CreateObject<UniformRandomVariable>();
    variable->SetAttribute("Min", DoubleValue(min));
    variable->SetAttribute("Max", DoubleValue(max));
    variable->SetStream(stream);
    return variable;
}

/// Uniformly random points of \p area, on streams \p stream and \p stream + 1.
Ptr<RandomRectanglePositionAllocator>
RandomPoints(const Rectangle& area, int64_t stream)
{
    auto points = CreateObject<RandomRectanglePositionAllocator>();
    points->SetAttribute("X", PointerValue(Uniform(area.xMin, area.xMax, stream)));
    points->SetAttribute("Y", PointerValue(Uniform(area.yMin, area.yMax, stream + 1)));
    return points;
}
} // namespace

MovingUsersHelper::MovingUsersHelper(const MobilitySpec& spec)
    : m_spec(spec)
{
}

void
MovingUsersHelper::PlaceAccessNodes(const NodeContainer& access) const
{
    const uint32_t columns =
        m_spec.accessColumns ? std::min(m_spec.accessColumns, access.GetN()) : access.GetN();
    for (uint32_t i = 0; i < access.GetN(); ++i)
    {
        Ptr<Node> node = access.Get(i);
        Ptr<MobilityModel> position = node->GetObject<MobilityModel>();
        if (!position)
        {
            position = CreateObject<ConstantPositionMobilityModel>();
            node->AggregateObject(position);
        }
        position->SetPosition(Vector((i % columns) * m_spec.accessSpacing,
                                     (i / columns) * m_spec.accessSpacing,
                                     0));
    }
}

Rectangle
MovingUsersHelper::GetArea(uint32_t accessNodes) const
{
    const uint32_t columns = std::max<uint32_t>(
        1,
        m_spec.accessColumns ? std::min(m_spec.accessColumns, accessNodes) : accessNodes);
    const uint32_t rows = (std::max<uint32_t>(accessNodes, 1) + columns - 1) / columns;
    const double s = m_spec.accessSpacing;
    return Rectangle(-s / 2, (columns - 1) * s + s / 2, -s / 2, (rows - 1) * s + s / 2);
}

Ptr<MobilityModel>
MovingUsersHelper::CreateModel(const MovingUsersSpec& group,
                               uint32_t index,
                               const Rectangle& area,
                               int64_t stream) const
{
    // Streams: the client takes stream + 0..9 (AssignStreams), the model + 10..14,
    // the start + 15..16.
    const Vector start = RandomPoints(area, stream + 15)->GetNext();
    Ptr<MobilityModel> model;
    if (group.model == "static")
    {
        model = CreateObject<ConstantPositionMobilityModel>();
    }
    else if (group.model == "constant-velocity")
    {
        auto moving = CreateObject<ConstantVelocityMobilityModel>();
        // The position first: setting it stops the model.
        moving->SetPosition(start);
        const double speed = Uniform(group.minSpeed, group.maxSpeed, stream + 10)->GetValue();
        moving->SetVelocity(Vector(index % 2 == 0 ? speed : -speed, 0, 0));
        return moving;
    }
    else if (group.model == "random-walk")
    {
        auto walk = CreateObject<RandomWalk2dMobilityModel>();
        walk->SetAttribute("Bounds", RectangleValue(area));
        walk->SetAttribute("Mode", EnumValue(RandomWalk2dMobilityModel::MODE_TIME));
        walk->SetAttribute("Time", TimeValue(Seconds(5)));
        walk->SetAttribute("Speed", PointerValue(Uniform(group.minSpeed, group.maxSpeed, 0)));
        walk->AssignStreams(stream + 10);
        model = walk;
    }
    else if (group.model == "random-waypoint")
    {
        auto waypoint = CreateObject<RandomWaypointMobilityModel>();
        waypoint->SetAttribute("Speed", PointerValue(Uniform(group.minSpeed, group.maxSpeed, 0)));
        auto pause = CreateObject<ConstantRandomVariable>();
        pause->SetAttribute("Constant", DoubleValue(group.pause.GetSeconds()));
        waypoint->SetAttribute("Pause", PointerValue(pause));
        waypoint->SetAttribute("PositionAllocator", PointerValue(RandomPoints(area, 0)));
        waypoint->AssignStreams(stream + 10);
        model = waypoint;
    }
    NS_ABORT_MSG_UNLESS(model, "moving users '" << group.name << "': unknown model '" << group.model
                                                << "'");
    model->SetPosition(start);
    return model;
}

MovingUsers
MovingUsersHelper::Install(InferenceClientHelper& clients,
                           const NodeContainer& access,
                           const std::vector<Address>& schedulers,
                           double load,
                           int64_t stream) const
{
    NS_ABORT_MSG_UNLESS(schedulers.size() == access.GetN(),
                        "MovingUsersHelper::Install: one scheduler per access node");
    const Rectangle area = GetArea(access.GetN());
    MovingUsers users;
    uint32_t index = 0;
    for (const auto& group : m_spec.users)
    {
        clients.SetAttribute("Rate", DoubleValue(group.rate * load));
        for (uint32_t k = 0; k < group.count; ++k, ++index)
        {
            const int64_t own = stream + kStreamsPerUser * index;
            Ptr<Node> node = CreateObject<Node>();
            Ptr<MobilityModel> model = CreateModel(group, index, area, own);
            node->AggregateObject(model);
            auto client = DynamicCast<InferenceClientApplication>(clients.Install(node).Get(0));
            client->AssignStreams(own);
            auto handover = CreateObject<NearestAccessHandover>();
            for (uint32_t i = 0; i < access.GetN(); ++i)
            {
                handover->AddAccessNode(access.Get(i), schedulers[i]);
            }
            handover->SetUser(client, model);
            handover->Start();
            users.nodes.Add(node);
            users.clients.Add(client);
            users.handovers.push_back(handover);
        }
    }
    return users;
}

} // namespace ns3
