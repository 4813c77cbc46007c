// SPDX-License-Identifier: GPL-2.0-only
#ifndef MODEL_CATALOGUE_H
#define MODEL_CATALOGUE_H

#include "aset-types.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <array>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class AsetCsvReader;

/**
 * \ingroup aset
 * \brief One DNN model variant: which task it serves, how accurately, and how
 * long a batch takes on each hardware class.
 */
struct ModelVariant
{
    /// Time to run one batch of a given size.
    struct BatchLatency
    {
        uint16_t batchSize;
        Time latency;
    };

    uint16_t id{0};
    std::string name;
    uint16_t taskId{0};
    double accuracy{0};  //!< task metric in percent (top-1 for classification, mAP for detection)
    double memoryMb{0};
    /// Measured points per hardware class, sorted by batch size; empty if the variant does not run there.
    std::array<std::vector<BatchLatency>, kHardwareClassCount> latencies;

    bool RunsOn(HardwareClass hw) const;
    /// Largest batch size the catalogue has a figure for on \p hw (0 if it does not run there).
    uint16_t GetMaxBatch(HardwareClass hw) const;
};

/**
 * \ingroup aset
 * \brief The tasks and model variants a scenario may deploy, loaded from CSV.
 *
 * Each CSV row is one measured point: a variant on one hardware class at one
 * batch size. Columns: task, variant, accuracy, hardware, batch_size,
 * latency_ms (time for the whole batch), memory_mb, source. Task and variant
 * ids follow the order of first appearance, so every node that loads the same
 * file agrees on them. Errors name the file, line and field.
 */
class ModelCatalogue : public Object
{
  public:
    static TypeId GetTypeId();

    /// Loads \p path; throws AsetInputError on a missing or malformed file.
    static Ptr<ModelCatalogue> LoadFromFile(const std::string& path);
    /// Parses CSV text from \p in; \p sourceName names it in errors.
    static Ptr<ModelCatalogue> Parse(std::istream& in, const std::string& sourceName);

    /// The catalogue shipped in the module's data/ folder.
    static std::string GetDefaultPath();

    std::size_t GetTaskCount() const;
    const std::string& GetTaskName(uint16_t taskId) const;
    /// Looks a task up by name; false if unknown.
    bool FindTask(const std::string& name, uint16_t& taskId) const;

    std::size_t GetVariantCount() const;
    const ModelVariant& GetVariant(uint16_t variantId) const;
    bool FindVariant(const std::string& name, uint16_t& variantId) const;
    /// Variant ids serving \p taskId, in catalogue order.
    const std::vector<uint16_t>& GetVariantsForTask(uint16_t taskId) const;

    /**
     * Time to serve a batch of \p batchSize on \p hw, interpolated linearly
     * between the catalogue's measured batch sizes. Below the smallest
     * measured size the smallest size's time is used (a conservative bound);
     * sizes above the largest are not allowed.
     */
    Time GetBatchLatency(uint16_t variantId, HardwareClass hw, uint16_t batchSize) const;

  private:
    /// Fills this catalogue from the rows of \p reader.
    void Load(AsetCsvReader& reader);

    std::vector<std::string> m_tasks;
    std::vector<ModelVariant> m_variants;
    std::vector<std::vector<uint16_t>> m_variantsByTask;
    std::map<std::string, uint16_t> m_taskIds;
    std::map<std::string, uint16_t> m_variantIds;
};

} // namespace ns3

#endif // MODEL_CATALOGUE_H
