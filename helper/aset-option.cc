// SPDX-License-Identifier: GPL-2.0-only
#include "aset-option.h"

#include "aset-scenario.h"

#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/split.hpp>

#include <algorithm>
#include <map>

namespace ns3
{

namespace
{
/// AddTextOption's CommandLine callback.
bool
AssignText(std::string name, EmptyText empty, std::string* target, std::string text)
{
    if (text.empty() && empty == EmptyText::REFUSED)
    {
        throw std::invalid_argument("--" + name + ": expected a value, got none");
    }
    *target = std::move(text);
    return true;
}

/// AddSwitchOption's CommandLine callback.
bool
AssignSwitch(std::string name, bool* target, std::string text)
{
    const std::string word = boost::algorithm::to_lower_copy(text);
    if (word.empty() || word == "true" || word == "t" || word == "1" || word == "yes" || word == "on")
    {
        *target = true;
    }
    else if (word == "false" || word == "f" || word == "0" || word == "no" || word == "off")
    {
        *target = false;
    }
    else
    {
        throw std::invalid_argument("--" + name + ": expected true or false, got '" + text + "'");
    }
    return true;
}

/// Whether \p text is a whole finite number (no sign needed, none refused).
bool
ReadNumber(const std::string& text, double& value)
{
    const char* first = text.data() + (!text.empty() && text.front() == '+');
    const char* last = text.data() + text.size();
    const auto [end, error] = std::from_chars(first, last, value);
    return first != last && error == std::errc() && end == last && std::isfinite(value);
}

/// Whether \p text is a time as ns-3's Time(std::string) reads it (a number,
/// then s, ms, us, ns, ps, fs, min, h, d, y or nothing for seconds) that
/// ns-3's Time, in nanoseconds, can hold.
bool
IsReadableTime(const std::string& text)
{
    static const std::map<std::string, double> seconds = {
        {"", 1},      {"s", 1},       {"ms", 1e-3},  {"us", 1e-6},    {"ns", 1e-9},
        {"ps", 1e-12}, {"fs", 1e-15}, {"min", 60},   {"h", 3600},     {"d", 86400},
        {"y", 365 * 86400.0}};
    const std::size_t unitAt = text.find_first_not_of("+-0123456789.eE");
    const auto unit = seconds.find(unitAt == std::string::npos ? "" : text.substr(unitAt));
    double value = 0;
    return unit != seconds.end() && ReadNumber(text.substr(0, unitAt), value) &&
           std::abs(value * unit->second) <= 1e9;
}
/// Whether \p text is a whole number, of either sign if \p isSigned.
bool
IsInteger(const std::string& text, bool isSigned)
{
    const std::size_t digits = !text.empty() && (text[0] == '+' || (isSigned && text[0] == '-'));
    return text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos;
}

/// Whether ns-3 can read \p text as a value of \p kind without aborting:
/// its numbers and times abort, rather than fail, on text they cannot read.
bool
IsReadable(const std::string& kind, const std::string& text)
{
    double number = 0;
    return kind == "ns3::DoubleValue"     ? ReadNumber(text, number)
           : kind == "ns3::TimeValue"     ? IsReadableTime(text)
           : kind == "ns3::UintegerValue" ? IsInteger(text, false)
           : kind == "ns3::IntegerValue"  ? IsInteger(text, true)
                                          : true;
}

/// The checker of attribute path or global value \p name; null if \p name is neither.
Ptr<const AttributeChecker>
FindChecker(const std::string& option, const std::string& name)
{
    const std::size_t colons = name.rfind("::");
    if (colons == std::string::npos)
    {
        for (auto global = GlobalValue::Begin(); global != GlobalValue::End(); ++global)
        {
            if ((*global)->GetName() == name)
            {
                return (*global)->GetChecker();
            }
        }
        return nullptr; // one of the program's own options
    }
    TypeId tid;
    TypeId::AttributeInformation info;
    if (!TypeId::LookupByNameFailSafe(name.substr(0, colons), &tid) ||
        !tid.LookupAttributeByName(name.substr(colons + 2), &info))
    {
        throw std::invalid_argument(option + ": no such attribute (" + name.substr(0, colons) +
                                    " has no attribute '" + name.substr(colons + 2) + "')");
    }
    return info.checker;
}
} // namespace

void
CheckAttributeOptions(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        const std::size_t equals = arg.find('=');
        if (arg.rfind("--", 0) != 0 || equals == std::string::npos)
        {
            continue;
        }
        const std::string option = arg.substr(0, equals);
        const std::string text = arg.substr(equals + 1);
        const Ptr<const AttributeChecker> checker = FindChecker(option, option.substr(2));
        if (!checker)
        {
            continue;
        }
        const std::string kind = checker->GetValueTypeName();
        // RngSeed's checker allows seeds that ns-3's generator refuses later, with an abort.
        const bool seedInRange = option != "--RngSeed" || !IsInteger(text, false) ||
                                 text.size() > 10 || std::stoull(text) <= AsetScenario::kMaxSeed;
        if (!IsReadable(kind, text) || !seedInRange || !checker->CreateValidValue(StringValue(text)))
        {
            std::string expected = checker->GetUnderlyingTypeInformation();
            if (kind == "ns3::TimeValue")
            {
                expected = "a time such as 20ms, 1.5s or 2min, within 1e9 s";
            }
            else if (option == "--RngSeed")
            {
                expected = "an integer from 1 to " + std::to_string(AsetScenario::kMaxSeed);
            }
            throw std::invalid_argument(option + ": expected " + expected + ", got '" + text + "'");
        }
    }
}

void
AddTextOption(CommandLine& cmd,
              const std::string& name,
              const std::string& help,
              std::string& value,
              EmptyText empty)
{
    cmd.AddValue(name, help, MakeBoundCallback(&AssignText, name, empty, &value), value);
}

void
AddSwitchOption(CommandLine& cmd, const std::string& name, const std::string& help, bool& value)
{
    cmd.AddValue(name, help, MakeBoundCallback(&AssignSwitch, name, &value), value ? "true" : "false");
}

std::vector<std::string>
SplitOptionList(const std::string& option, const std::string& text)
{
    std::vector<std::string> items;
    if (!text.empty())
    {
        boost::split(items, text, [](char c) { return c == ','; });
    }
    if (std::find(items.begin(), items.end(), "") != items.end())
    {
        throw std::invalid_argument("--" + option + ": an item of '" + text + "' is empty");
    }
    return items;
}

} // namespace ns3
