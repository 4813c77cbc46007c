// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_INPUT_ERROR_H
#define ASET_INPUT_ERROR_H

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

} // namespace ns3

#endif // ASET_INPUT_ERROR_H
