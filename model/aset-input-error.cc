// SPDX-License-Identifier: GPL-2.0-only
#include "aset-input-error.h"

#include <cmath>
#include <cstdlib>
#include <regex>

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

bool
ParseTimeWithUnit(const std::string& text, Time& time)
{
    static const std::regex pattern(
        R"(([0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?)\s*(ns|us|ms|s|min|h))");
    std::smatch match;
    if (!std::regex_match(text, match, pattern))
    {
        return false;
    }
    static const std::pair<const char*, Time::Unit> units[] = {
        {"ns", Time::NS},
        {"us", Time::US},
        {"ms", Time::MS},
        {"s", Time::S},
        {"min", Time::MIN},
        {"h", Time::H},
    };
    const double value = std::strtod(match[1].str().c_str(), nullptr);
    if (!std::isfinite(value) || value > 1e9)
    {
        return false;
    }
    for (const auto& [name, unit] : units)
    {
        if (match[4] == name)
        {
            const double whole = std::floor(value);
            time = value == whole && whole < 9e15
                       ? Time::FromInteger(static_cast<uint64_t>(whole), unit)
                       : Time::FromDouble(value, unit);
            return true;
        }
    }
    return false;
}

} // namespace ns3
