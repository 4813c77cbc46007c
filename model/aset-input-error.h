// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_INPUT_ERROR_H
#define ASET_INPUT_ERROR_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstddef>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief A problem in a user-supplied input file, named by file, line and field.
 *
 * what() is one line: "file:line: field 'name': problem". Programs catch it
 * in main(), print it and exit non-zero, so bad input never crashes a run.
 */
class AsetInputError : public std::runtime_error
{
  public:
    AsetInputError(const std::string& file,
                   std::size_t line,
                   const std::string& field,
                   const std::string& problem);

    const std::string& GetFile() const;
    std::size_t GetLine() const;
    const std::string& GetField() const;

  private:
    std::string m_file;
    std::size_t m_line;
    std::string m_field;
};

/// The longest time an input file may give, in seconds (about 31 years; ns-3's Time holds 292).
constexpr double kMaxInputTimeSeconds = 1e9;

/// The fastest data rate an input file may give, in bit/s (10 Tbps).
constexpr double kMaxInputRateBps = 1e13;

/**
 * \ingroup aset
 * \brief Parses a time as input files write it: a non-negative decimal number
 * (an exponent allowed) and a unit, ns, us, ms, s, min or h ("30ms", "1.5 s",
 * "1e3ns", "2min"), up to kMaxInputTimeSeconds. Scenario files, fault
 * timelines and topology files all read times with it.
 * \returns false if \p text is not such a time; DescribeTimeWithUnit() says
 * what it expects, for messages.
 */
bool ParseTimeWithUnit(const std::string& text, Time& time);

/// What ParseTimeWithUnit accepts, for messages ("a time with a unit ... e.g. '30ms'").
std::string DescribeTimeWithUnit();

/**
 * \ingroup aset
 * \brief Parses a data rate as input files write it: a non-negative decimal
 * number and one of ns-3's DataRate units ("10Gbps", "1.5Mbps", "100KiB/s"),
 * from 1 bit/s to kMaxInputRateBps. Scenario files and topology files read
 * rates with it. \returns false if \p text is not such a rate.
 */
bool ParseRateWithUnit(const std::string& text, DataRate& rate);

/// What ParseRateWithUnit accepts, for messages ("a data rate with a unit ... e.g. '10Gbps'").
std::string DescribeRateWithUnit();

/**
 * \ingroup aset
 * Opens the input file \p path; if it cannot be read, returns null and says
 * why in \p problem. A folder opens as a stream but fails on the first read
 * (with an exception from the stream buffer, past the stream's own error
 * state), so it is refused here.
 */
std::unique_ptr<std::ifstream> TryOpenInputFile(const std::string& path, std::string& problem);

/**
 * \ingroup aset
 * Opens the input file \p path, or throws an AsetInputError naming it with
 * TryOpenInputFile()'s reason.
 */
std::unique_ptr<std::ifstream> OpenInputFile(const std::string& path);

} // namespace ns3

#endif // ASET_INPUT_ERROR_H
