// SPDX-License-Identifier: GPL-2.0-only
#include "model-catalogue.h"

#include "aset-csv-reader.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#ifndef ASET_DATA_DIR
#define ASET_DATA_DIR "data"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ModelCatalogue");
NS_OBJECT_ENSURE_REGISTERED(ModelCatalogue);

bool
ModelVariant::RunsOn(HardwareClass hw) const
{
    return !latencies[static_cast<uint8_t>(hw)].empty();
}

uint16_t
ModelVariant::GetMaxBatch(HardwareClass hw) const
{
    const auto& points = latencies[static_cast<uint8_t>(hw)];
    return points.empty() ? 0 : points.back().batchSize;
}

TypeId
ModelCatalogue::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ModelCatalogue")
                            .SetParent<Object>()
                            .SetGroupName("Aset")
                            .AddConstructor<ModelCatalogue>();
    return tid;
}

std::string
ModelCatalogue::GetDefaultPath()
{
    return std::string(ASET_DATA_DIR) + "/model-catalogue.csv";
}

Ptr<ModelCatalogue>
ModelCatalogue::LoadFromFile(const std::string& path)
{
    AsetCsvReader reader(path);
    Ptr<ModelCatalogue> catalogue = CreateObject<ModelCatalogue>();
    catalogue->Load(reader);
    return catalogue;
}

Ptr<ModelCatalogue>
ModelCatalogue::Parse(std::istream& in, const std::string& sourceName)
{
    AsetCsvReader reader(in, sourceName);
    Ptr<ModelCatalogue> catalogue = CreateObject<ModelCatalogue>();
    catalogue->Load(reader);
    return catalogue;
}

void
ModelCatalogue::Load(AsetCsvReader& reader)
{
    reader.RequireColumns(
        {"task", "variant", "accuracy", "hardware", "batch_size", "latency_ms", "memory_mb", "source"});
    while (reader.Next())
    {
        const std::string task = reader.GetString("task");
        const std::string name = reader.GetString("variant");
        // Names appear in CSV outputs and on command lines: keep them plain.
        const auto isName = [](const std::string& text) {
            return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '+';
            });
        };
        if (!isName(task))
        {
            reader.Fail("task", "expected a name of letters, digits and - _ . +, got '" + task + "'");
        }
        if (!isName(name))
        {
            reader.Fail("variant",
                        "expected a name of letters, digits and - _ . +, got '" + name + "'");
        }
        if (reader.GetString("source").empty())
        {
            reader.Fail("source", "every figure needs its public source");
        }
        HardwareClass hw;
        if (!ParseHardwareClass(reader.GetString("hardware"), hw))
        {
            reader.Fail("hardware",
                        "expected cpu, gpu or tpu, got '" + reader.GetString("hardware") + "'");
        }
        const double accuracy = reader.GetDouble("accuracy", 0.0, 100.0);
        const auto batch = static_cast<uint16_t>(reader.GetInteger("batch_size", 1, 4096));
        const double latencyMs = reader.GetDouble("latency_ms", 1e-6, 1e6);
        const double memoryMb = reader.GetDouble("memory_mb", 1e-6, 1e9);

        auto taskIt = m_taskIds.find(task);
        if (taskIt == m_taskIds.end())
        {
            taskIt = m_taskIds.emplace(task, static_cast<uint16_t>(m_tasks.size())).first;
            m_tasks.push_back(task);
            m_variantsByTask.emplace_back();
        }
        auto variantIt = m_variantIds.find(name);
        if (variantIt == m_variantIds.end())
        {
            ModelVariant variant;
            variant.id = static_cast<uint16_t>(m_variants.size());
            variant.name = name;
            variant.taskId = taskIt->second;
            variant.accuracy = accuracy;
            variant.memoryMb = memoryMb;
            variantIt = m_variantIds.emplace(name, variant.id).first;
            m_variantsByTask[variant.taskId].push_back(variant.id);
            m_variants.push_back(variant);
        }
        ModelVariant& variant = m_variants[variantIt->second];
        // A variant is one trained model: its task, accuracy and size do not depend on the row.
        if (variant.taskId != taskIt->second)
        {
            reader.Fail("task", "variant '" + name + "' was listed under task '" +
                                    m_tasks[variant.taskId] + "' before");
        }
        if (variant.accuracy != accuracy)
        {
            reader.Fail("accuracy", "differs from an earlier row of variant '" + name + "'");
        }
        if (variant.memoryMb != memoryMb)
        {
            reader.Fail("memory_mb", "differs from an earlier row of variant '" + name + "'");
        }
        auto& points = variant.latencies[static_cast<uint8_t>(hw)];
        const auto pos = std::lower_bound(
            points.begin(),
            points.end(),
            batch,
            [](const ModelVariant::BatchLatency& p, uint16_t b) { return p.batchSize < b; });
        if (pos != points.end() && pos->batchSize == batch)
        {
            reader.Fail("batch_size",
                        "variant '" + name + "' on " + ToString(hw) + " at batch " +
                            std::to_string(batch) + " is listed twice");
        }
        points.insert(pos, {batch, Seconds(latencyMs / 1000.0)});
    }
    if (m_variants.empty())
    {
        throw AsetInputError(reader.GetSourceName(), reader.GetLine(), "", "no model variants");
    }
}

std::size_t
ModelCatalogue::GetTaskCount() const
{
    return m_tasks.size();
}

const std::string&
ModelCatalogue::GetTaskName(uint16_t taskId) const
{
    NS_ABORT_MSG_IF(taskId >= m_tasks.size(), "unknown task id " << taskId);
    return m_tasks[taskId];
}

bool
ModelCatalogue::FindTask(const std::string& name, uint16_t& taskId) const
{
    const auto it = m_taskIds.find(name);
    if (it == m_taskIds.end())
    {
        return false;
    }
    taskId = it->second;
    return true;
}

std::size_t
ModelCatalogue::GetVariantCount() const
{
    return m_variants.size();
}

const ModelVariant&
ModelCatalogue::GetVariant(uint16_t variantId) const
{
    NS_ABORT_MSG_IF(variantId >= m_variants.size(), "unknown variant id " << variantId);
    return m_variants[variantId];
}

bool
ModelCatalogue::FindVariant(const std::string& name, uint16_t& variantId) const
{
    const auto it = m_variantIds.find(name);
    if (it == m_variantIds.end())
    {
        return false;
    }
    variantId = it->second;
    return true;
}

const std::vector<uint16_t>&
ModelCatalogue::GetVariantsForTask(uint16_t taskId) const
{
    NS_ABORT_MSG_IF(taskId >= m_variantsByTask.size(), "unknown task id " << taskId);
    return m_variantsByTask[taskId];
}

Time
ModelCatalogue::GetBatchLatency(uint16_t variantId, HardwareClass hw, uint16_t batchSize) const
{
    const auto& points = GetVariant(variantId).latencies[static_cast<uint8_t>(hw)];
    NS_ABORT_MSG_IF(points.empty(),
                    "variant " << GetVariant(variantId).name << " does not run on " << ToString(hw));
    NS_ABORT_MSG_IF(batchSize > points.back().batchSize,
                    "batch " << batchSize << " exceeds the catalogue's largest for "
                             << GetVariant(variantId).name);
    if (batchSize <= points.front().batchSize)
    {
        return points.front().latency;
    }
    const auto hi = std::lower_bound(
        points.begin(),
        points.end(),
        batchSize,
        [](const ModelVariant::BatchLatency& p, uint16_t b) { return p.batchSize < b; });
    if (hi->batchSize == batchSize)
    {
        return hi->latency;
    }
    const auto lo = hi - 1;
    const double fraction =
        double(batchSize - lo->batchSize) / double(hi->batchSize - lo->batchSize);
    // Downwards without a negative Time: ns-3 multiplies one by left-shifting a
    // negative number, which is undefined behaviour.
    return hi->latency >= lo->latency ? lo->latency + (hi->latency - lo->latency) * fraction
                                      : lo->latency - (lo->latency - hi->latency) * fraction;
}

} // namespace ns3
