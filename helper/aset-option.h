// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_OPTION_H
#define ASET_OPTION_H

#include "ns3/command-line.h"

#include <charconv>
#include <cmath>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief A numeric command-line value that checks itself as ns3::CommandLine parses it.
 *
 * CommandLine reads values with operator>>, which takes "-1" for an unsigned
 * 4294967295, and answers a value it cannot read with its whole help text and
 * exit code 1; a value it can read but ns-3 cannot use (a seed beyond the
 * generator's range, a rate below its attribute's minimum) ends later in an
 * NS_FATAL. An AsetOption reads the whole text strictly (no sign on integers,
 * no trailing characters, finite numbers only), checks it against [min, max]
 * and otherwise throws std::invalid_argument naming the option, the range and
 * what was given. Programs call CommandLine::Parse inside their try block, so
 * the error reaches the user as one line and exit code 2.
 *
 * The default value is accepted even outside [min, max]: it can mean "not set"
 * (0: the scenario's).
 *
 * \code
 *   AsetOption<double> load{"load", 0, 1e-6, 1e6};
 *   cmd.AddValue("load", "Multiplier of every access node's query rate", load);
 *   ...
 *   if (load.IsSet()) { scenario.load = load; }
 * \endcode
 */
template <typename T>
class AsetOption
{
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "a number");

  public:
    AsetOption(std::string name, T value, T min, T max)
        : m_name(std::move(name)),
          m_value(value),
          m_default(value),
          m_min(min),
          m_max(max)
    {
    }

    operator T() const
    {
        return m_value;
    }

    /// Whether the value differs from the default.
    bool IsSet() const
    {
        return m_value != m_default;
    }

    /// Reads \p text as the option's value; throws std::invalid_argument if it is not one.
    void Parse(const std::string& text)
    {
        T value{};
        const char* first = text.data();
        const char* last = first + text.size();
        const auto [end, error] = std::from_chars(first, last, value);
        const bool read = error == std::errc() && end == last && std::isfinite(double(value));
        if (!read || (value != m_default && (value < m_min || value > m_max)))
        {
            std::ostringstream problem;
            problem << "--" << m_name << ": expected "
                    << (std::is_integral_v<T> ? "an integer" : "a number") << " from " << m_min
                    << " to " << m_max;
            if (m_default < m_min || m_default > m_max)
            {
                problem << " (or " << m_default << ")";
            }
            problem << ", got '" << text << "'";
            throw std::invalid_argument(problem.str());
        }
        m_value = value;
    }

  private:
    std::string m_name;
    T m_value;
    T m_default;
    T m_min;
    T m_max;
};

/**
 * \ingroup aset
 * Checks every ns-3 attribute default given on a command line
 * ("--ns3::AsetPolicy::TieMargin=0.1") before CommandLine::Parse sets it:
 * ns-3 aborts on a number or a time it cannot read, and answers a value
 * outside the attribute's range with its whole help text. Throws
 * std::invalid_argument naming the option, what it expects and what was
 * given; options that are not attribute paths are left to CommandLine.
 */
void CheckAttributeOptions(int argc, char* argv[]);

/**
 * \ingroup aset
 * Adds the text option --\p name to \p cmd, whose value is the whole text
 * after '=': CommandLine reads a std::string with operator>>, which stops at
 * the first space (--output="my results" would write to "my") and answers an
 * empty value with its whole help text. An empty value is kept ("empty: the
 * scenario's"), or refused with std::invalid_argument naming the option when
 * \p empty is REFUSED.
 */
enum class EmptyText
{
    ALLOWED,
    REFUSED,
};
void AddTextOption(CommandLine& cmd,
                   const std::string& name,
                   const std::string& help,
                   std::string& value,
                   EmptyText empty = EmptyText::ALLOWED);

/**
 * \ingroup aset
 * Adds the switch --\p name to \p cmd: "--name" alone or with true, t, 1,
 * yes or on sets it, false, f, 0, no or off clears it (any case); anything
 * else throws std::invalid_argument naming the option, where CommandLine
 * would answer with its whole help text and exit code 1.
 */
void AddSwitchOption(CommandLine& cmd, const std::string& name, const std::string& help, bool& value);

/**
 * \ingroup aset
 * The items of --\p option's comma-separated list \p text (none when it is
 * empty). Throws std::invalid_argument naming the option for an empty item
 * ("a,,b"), which would otherwise reach a reader as an empty file name.
 */
std::vector<std::string> SplitOptionList(const std::string& option, const std::string& text);

/// CommandLine's reader: the whole remaining text is the value.
template <typename T>
std::istream&
operator>>(std::istream& is, AsetOption<T>& option)
{
    std::string text;
    std::getline(is, text);
    option.Parse(text);
    return is;
}

/// CommandLine's writer, for the default shown in --help.
template <typename T>
std::ostream&
operator<<(std::ostream& os, const AsetOption<T>& option)
{
    return os << T(option);
}

} // namespace ns3

#endif // ASET_OPTION_H
