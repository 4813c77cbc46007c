// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_INPUT_ERROR_H
#define ASET_INPUT_ERROR_H

#include "ns3/nstime.h"

#include <cstddef>
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

/**
 * \ingroup aset
 * \brief Parses a time as input files write it: a non-negative decimal number
 * (an exponent allowed) and a unit, ns, us, ms, s, min or h ("30ms", "1.5 s",
 * "1e3ns", "2min"). Scenario files, fault timelines and topology files all
 * read times with it. \returns false if \p text is not such a time.
 */
bool ParseTimeWithUnit(const std::string& text, Time& time);

} // namespace ns3

#endif // ASET_INPUT_ERROR_H
