// SPDX-License-Identifier: GPL-2.0-only
#include "aset-input-error.h"

namespace ns3
{

namespace
{
std::string
Compose(const std::string& file,
        std::size_t line,
        const std::string& field,
        const std::string& problem)
{
    std::string where = file;
    if (line > 0)
    {
        where += ":" + std::to_string(line);
    }
    if (!field.empty())
    {
        where += ": field '" + field + "'";
    }
    return where + ": " + problem;
}
} // namespace

AsetInputError::AsetInputError(const std::string& file,
                               std::size_t line,
                               const std::string& field,
                               const std::string& problem)
    : std::runtime_error(Compose(file, line, field, problem)),
      m_file(file),
      m_line(line),
      m_field(field)
{
}

const std::string&
AsetInputError::GetFile() const
{
    return m_file;
}

std::size_t
AsetInputError::GetLine() const
{
    return m_line;
}

const std::string&
AsetInputError::GetField() const
{
    return m_field;
}

} // namespace ns3
