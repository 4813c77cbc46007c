// SPDX-License-Identifier: GPL-2.0-only
#include "hardware-power-model.h"

#include "aset-csv-reader.h"

#include "ns3/abort.h"

#include <algorithm>

#ifndef ASET_DATA_DIR
#define ASET_DATA_DIR "data"
#endif

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(HardwarePowerModel);

double
HardwarePower::GetEnergy(Time busy, Time idle) const
{
    return busy.GetSeconds() * busyWatts + idle.GetSeconds() * idleWatts;
}

TypeId
HardwarePowerModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::HardwarePowerModel")
                            .SetParent<Object>()
                            .SetGroupName("Aset")
                            .AddConstructor<HardwarePowerModel>();
    return tid;
}

std::string
HardwarePowerModel::GetDefaultPath()
{
    return std::string(ASET_DATA_DIR) + "/hardware-power.csv";
}

Ptr<HardwarePowerModel>
HardwarePowerModel::LoadFromFile(const std::string& path)
{
    AsetCsvReader reader(path);
    Ptr<HardwarePowerModel> model = CreateObject<HardwarePowerModel>();
    model->Load(reader);
    return model;
}

Ptr<HardwarePowerModel>
HardwarePowerModel::Parse(std::istream& in, const std::string& sourceName)
{
    AsetCsvReader reader(in, sourceName);
    Ptr<HardwarePowerModel> model = CreateObject<HardwarePowerModel>();
    model->Load(reader);
    return model;
}

void
HardwarePowerModel::Load(AsetCsvReader& reader)
{
    m_sourceName = reader.GetSourceName();
    reader.RequireColumns({"hardware", "device", "idle_w", "busy_w", "source"});
    bool any = false;
    while (reader.Next())
    {
        HardwareClass hw;
        if (!ParseHardwareClass(reader.GetString("hardware"), hw))
        {
            reader.Fail("hardware",
                        "expected cpu, gpu or tpu, got '" + reader.GetString("hardware") + "'");
        }
        if (m_known[hw])
        {
            reader.Fail("hardware", "'" + ToString(hw) + "' is listed twice");
        }
        HardwarePower power;
        power.device = reader.GetString("device");
        if (power.device.empty())
        {
            reader.Fail("device", "expected the device the figures were measured on");
        }
        if (reader.GetString("source").empty())
        {
            reader.Fail("source", "every figure needs its public source");
        }
        // 100 kW bounds a rack; a replica anywhere near it is a typo (mW, kW).
        power.idleWatts = reader.GetDouble("idle_w", 0.0, 1e5);
        power.busyWatts = reader.GetDouble("busy_w", 0.0, 1e5);
        if (power.busyWatts < power.idleWatts)
        {
            reader.Fail("busy_w", "expected at least idle_w (" + reader.GetString("idle_w") + ")");
        }
        m_power[hw] = power;
        m_known[hw] = true;
        any = true;
    }
    if (!any)
    {
        throw AsetInputError(reader.GetSourceName(), reader.GetLine(), "", "no hardware classes");
    }
}

bool
HardwarePowerModel::HasClass(HardwareClass hw) const
{
    return hw < kHardwareClassCount && m_known[hw];
}

const HardwarePower&
HardwarePowerModel::GetPower(HardwareClass hw) const
{
    NS_ABORT_MSG_IF(!HasClass(hw), m_sourceName << " has no power figures for " << ToString(hw));
    return m_power[hw];
}

const std::string&
HardwarePowerModel::GetSourceName() const
{
    return m_sourceName;
}

} // namespace ns3
