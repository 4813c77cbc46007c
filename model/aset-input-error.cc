// SPDX-License-Identifier: GPL-2.0-only
#include "aset-input-error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

namespace ns3
{

namespace
{
/// The longest number with a unit that ParseTimeWithUnit and ParseRateWithUnit read.
constexpr std::size_t kMaxUnitTextLength = 64;

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
    // One line, whatever the input quoted in it holds: control characters escaped.
    std::string text;
    for (const char c : where + ": " + problem)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n')
        {
            text += "\\n";
        }
        else if (c == '\r')
        {
            text += "\\r";
        }
        else if (byte < 0x20 || byte == 0x7f)
        {
            static const char digits[] = "0123456789abcdef";
            text += std::string("\\x") + digits[byte >> 4] + digits[byte & 15];
        }
        else
        {
            text += c;
        }
    }
    return text;
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
    static const std::pair<const char*, Time::Unit> units[] = {
        {"ns", Time::NS},
        {"us", Time::US},
        {"ms", Time::MS},
        {"s", Time::S},
        {"min", Time::MIN},
        {"h", Time::H},
    };
    std::smatch match;
    // std::regex recurses per character: a long text would overflow the stack.
    if (text.size() > kMaxUnitTextLength || !std::regex_match(text, match, pattern))
    {
        return false;
    }
    const double value = std::strtod(match[1].str().c_str(), nullptr);
    for (const auto& [name, unit] : units)
    {
        if (match[4] != name)
        {
            continue;
        }
        if (!std::isfinite(value) ||
            value * Time::FromInteger(1, unit).GetSeconds() > kMaxInputTimeSeconds)
        {
            return false;
        }
        const double whole = std::floor(value);
        time = value == whole && whole < 9e15 ? Time::FromInteger(static_cast<uint64_t>(whole), unit)
                                              : Time::FromDouble(value, unit);
        return true;
    }
    return false;
}

std::string
DescribeTimeWithUnit()
{
    return "a time with a unit (ns, us, ms, s, min, h) up to 1e9 s, e.g. '30ms'";
}

bool
ParseRateWithUnit(const std::string& text, DataRate& rate)
{
    const std::size_t unitStart = text.find_first_not_of("0123456789.");
    if (text.size() > kMaxUnitTextLength || unitStart == 0 || unitStart == std::string::npos)
    {
        return false;
    }
    const std::string number = text.substr(0, unitStart);
    const std::string unit = text.substr(unitStart);
    if (number == "." || std::count(number.begin(), number.end(), '.') > 1 ||
        unit.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/") !=
            std::string::npos)
    {
        return false;
    }
    // ns-3 knows the units; it converts the number itself without a range check.
    DataRate perUnit;
    std::istringstream in("1" + unit);
    if (!(in >> perUnit))
    {
        return false;
    }
    const double bps = std::strtod(number.c_str(), nullptr) * double(perUnit.GetBitRate());
    if (!(bps >= 1 && bps <= kMaxInputRateBps))
    {
        return false;
    }
    rate = DataRate(static_cast<uint64_t>(bps));
    return true;
}

std::string
DescribeRateWithUnit()
{
    return "a data rate with a unit (bps, kbps, Mbps, Gbps, ...) from 1bps to 10000Gbps, e.g. "
           "'10Gbps'";
}

std::unique_ptr<std::ifstream>
TryOpenInputFile(const std::string& path, std::string& problem)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
    {
        problem = "expected a file, got a folder";
        return nullptr;
    }
    auto in = std::make_unique<std::ifstream>(path);
    if (!*in)
    {
        problem = "cannot open the file for reading";
        return nullptr;
    }
    return in;
}

std::unique_ptr<std::ifstream>
OpenInputFile(const std::string& path)
{
    std::string problem;
    auto in = TryOpenInputFile(path, problem);
    if (!in)
    {
        throw AsetInputError(path, 0, "", problem);
    }
    return in;
}

} // namespace ns3
