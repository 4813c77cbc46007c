// SPDX-License-Identifier: GPL-2.0-only
#ifndef HARDWARE_POWER_MODEL_H
#define HARDWARE_POWER_MODEL_H

#include "aset-types.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <array>
#include <istream>
#include <string>

namespace ns3
{

class AsetCsvReader;

/**
 * \ingroup aset
 * \brief The electrical power of one replica of a hardware class, busy and idle.
 */
struct HardwarePower
{
    std::string device; //!< what the figures were measured on, e.g. "tesla-v100-sxm2"
    double idleWatts{0};
    double busyWatts{0};

    /// Joules drawn in \p busy time serving batches and \p idle time waiting.
    double GetEnergy(Time busy, Time idle) const;
};

/**
 * \ingroup aset
 * \brief Busy and idle watts per hardware class, loaded from CSV.
 *
 * Columns: hardware (cpu, gpu or tpu), device, idle_w, busy_w, source; one row
 * a class at most. A class without a row has no power figures (HasClass()):
 * a cluster that deploys it cannot be given this model. Errors name the
 * file, line and field.
 */
class HardwarePowerModel : public Object
{
  public:
    static TypeId GetTypeId();

    /// Loads \p path; throws AsetInputError on a missing or malformed file.
    static Ptr<HardwarePowerModel> LoadFromFile(const std::string& path);
    /// Parses CSV text from \p in; \p sourceName names it in errors.
    static Ptr<HardwarePowerModel> Parse(std::istream& in, const std::string& sourceName);

    /// The power model shipped in the module's data/ folder.
    static std::string GetDefaultPath();

    /// Whether the model has figures for \p hw.
    bool HasClass(HardwareClass hw) const;
    /// The figures for \p hw; aborts if HasClass(hw) is false.
    const HardwarePower& GetPower(HardwareClass hw) const;
    /// The file or stream the model was read from.
    const std::string& GetSourceName() const;

  private:
    /// Fills this model from the rows of \p reader.
    void Load(AsetCsvReader& reader);

    std::array<HardwarePower, kHardwareClassCount> m_power;
    std::array<bool, kHardwareClassCount> m_known{};
    std::string m_sourceName;
};

} // namespace ns3

#endif // HARDWARE_POWER_MODEL_H
