// SPDX-License-Identifier: GPL-2.0-only
// Command-line values: every bad value is an error naming the option, never an ns-3 abort.
#include "ns3/aset-option.h"
#include "ns3/aset-scenario.h"
#include "ns3/command-line.h"

#include <gtest/gtest.h>

#include <vector>

using namespace ns3;

namespace
{
/// The error CheckAttributeOptions gives for one option; empty if it accepts it.
std::string
AttributeError(const std::string& option)
{
    std::vector<std::string> args = {"program", option};
    std::vector<char*> argv;
    for (auto& a : args)
    {
        argv.push_back(a.data());
    }
    try
    {
        CheckAttributeOptions(static_cast<int>(argv.size()), argv.data());
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/// The error parsing "--x=<value>" with \p cmd gives; empty if none.
std::string
ParseArgument(CommandLine& cmd, const std::string& value)
{
    std::string arg = "--x=" + value;
    char program[] = "program";
    char* argv[] = {program, arg.data()};
    try
    {
        cmd.Parse(2, argv);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/// The error parsing \p value into \p option through CommandLine gives; empty if none.
template <typename T>
std::string
ParseError(AsetOption<T>& option, const std::string& value)
{
    CommandLine cmd;
    cmd.AddValue("x", "an option", option);
    return ParseArgument(cmd, value);
}

/// The text option's value after parsing "--x=<value>", or "error: " and the error.
std::string
ParseText(const std::string& value, EmptyText empty)
{
    CommandLine cmd;
    std::string text = "default";
    AddTextOption(cmd, "x", "a text option", text, empty);
    const std::string error = ParseArgument(cmd, value);
    return error.empty() ? text : "error: " + error;
}
} // namespace

TEST(Option, TextIsTheWholeValueSpacesIncluded)
{
    // CommandLine alone would read "my" and drop " results".
    EXPECT_EQ(ParseText("my results", EmptyText::ALLOWED), "my results");
    EXPECT_EQ(ParseText(" a=b, c ", EmptyText::REFUSED), " a=b, c ");
    EXPECT_EQ(ParseText("", EmptyText::ALLOWED), "");
    EXPECT_EQ(ParseText("", EmptyText::REFUSED), "error: --x: expected a value, got none");
}

TEST(Option, ReadsValuesInRange)
{
    AsetOption<uint32_t> seed{"x", 0, 1, AsetScenario::kMaxSeed};
    EXPECT_EQ(ParseError(seed, "4294944442"), "");
    EXPECT_EQ(uint32_t(seed), 4294944442u);
    EXPECT_TRUE(seed.IsSet());
    AsetOption<double> load{"x", 0, 1e-6, 1e6};
    EXPECT_EQ(ParseError(load, "1.5e2"), "");
    EXPECT_DOUBLE_EQ(load, 150.0);
    EXPECT_EQ(ParseError(load, "0"), ""); // the default, meaning "not set"
    EXPECT_FALSE(load.IsSet());
}

TEST(Option, RefusesWhatCommandLineWouldWrapOrNs3WouldAbortOn)
{
    AsetOption<uint32_t> seed{"x", 0, 1, AsetScenario::kMaxSeed};
    for (const char* bad : {"-1", "4294944443", "abc", "1.5", "", "99999999999999999999", "7 "})
    {
        const std::string error = ParseError(seed, bad);
        EXPECT_NE(error.find("--x: expected an integer from 1 to 4294944442 (or 0), got '" +
                             std::string(bad) + "'"),
                  std::string::npos)
            << bad << ": " << error;
    }
    AsetOption<double> load{"x", 0, 1e-6, 1e6};
    for (const char* bad : {"1e-12", "1e300", "inf", "nan", "-2", "1,5"})
    {
        EXPECT_NE(ParseError(load, bad).find("--x: expected a number from"), std::string::npos)
            << bad;
    }
}

TEST(Option, ChecksAttributeDefaultsBeforeNs3SetsThem)
{
    EXPECT_EQ(AttributeError("--ns3::AsetPolicy::TieMargin=0.1"), "");
    EXPECT_EQ(AttributeError("--ns3::SchedulerApplication::ResponseTimeout=20ms"), "");
    EXPECT_EQ(AttributeError("--RngRun=3"), "");
    EXPECT_EQ(AttributeError("--duration=abc"), ""); // a program's own: CommandLine's to check
    // ns-3 aborts on each of these, or refuses them with its whole help text.
    EXPECT_EQ(AttributeError("--ns3::AsetPolicy::TieMargin=abc"),
              "--ns3::AsetPolicy::TieMargin: expected double 0:1.79769e+308, got 'abc'");
    EXPECT_NE(AttributeError("--ns3::AsetPolicy::TieMargin=-1").find("got '-1'"),
              std::string::npos);
    EXPECT_NE(AttributeError("--ns3::SchedulerApplication::ResponseTimeout=1e300s")
                  .find("expected a time"),
              std::string::npos);
    EXPECT_NE(AttributeError("--ns3::SchedulerApplication::ResponseTimeout=5 parsecs")
                  .find("expected a time"),
              std::string::npos);
    EXPECT_NE(AttributeError("--RngRun=abc").find("--RngRun: expected"), std::string::npos);
    EXPECT_EQ(AttributeError("--RngSeed=4294967295"),
              "--RngSeed: expected an integer from 1 to 4294944442, got '4294967295'");
    EXPECT_EQ(AttributeError("--ns3::AsetPolicy::Bogus=1"),
              "--ns3::AsetPolicy::Bogus: no such attribute (ns3::AsetPolicy has no attribute "
              "'Bogus')");
    EXPECT_NE(AttributeError("--ns3::AsetPolicy::ActionSpace=xyz").find("instance|policy"),
              std::string::npos);
}

TEST(Option, ScenarioRatesStayWithinWhatClientsCanDraw)
{
    AsetScenario s = AsetScenario::Default();
    s.load = 1e6; // 1.5e8 queries per second per access node
    EXPECT_EQ(s.FindProblem().first, "workload.rate");
    s.load = 1000; // 600,000 per second in all
    s.duration = Seconds(10000);
    const auto [field, problem] = s.FindProblem();
    EXPECT_EQ(field, "workload");
    EXPECT_NE(problem.find("more than the 1e+09 one run can simulate"), std::string::npos);
    s = AsetScenario::Default();
    s.rateDistribution.kind = "zipf";
    s.rateDistribution.exponent = 1000; // every node but the first at 0 queries per second
    EXPECT_EQ(s.FindProblem().first, "workload.rate");
    EXPECT_THROW(s.GetAccessRates(s.topology.accessNodes), std::invalid_argument);
    s = AsetScenario::Default();
    s.seeds = {AsetScenario::kMaxSeed + 1};
    EXPECT_EQ(s.FindProblem().first, "seeds");
}

TEST(Option, SwitchTakesTrueOrFalseAndNothingElse)
{
    for (const auto& [text, expected] : std::vector<std::pair<std::string, bool>>{
             {"", true}, {"true", true}, {"On", true}, {"1", true}, {"no", false}, {"F", false}})
    {
        CommandLine cmd;
        bool value = !expected;
        AddSwitchOption(cmd, "x", "a switch", value);
        EXPECT_EQ(ParseArgument(cmd, text), "") << text;
        EXPECT_EQ(value, expected) << text;
    }
    CommandLine cmd;
    bool value = false;
    AddSwitchOption(cmd, "x", "a switch", value);
    EXPECT_EQ(ParseArgument(cmd, "maybe"), "--x: expected true or false, got 'maybe'");
}

TEST(Option, ListItemsMayNotBeEmpty)
{
    EXPECT_TRUE(SplitOptionList("x", "").empty());
    EXPECT_EQ(SplitOptionList("x", "a.json,b c.json"), (std::vector<std::string>{"a.json", "b c.json"}));
    for (const char* bad : {",", "a,", ",a", "a,,b"})
    {
        EXPECT_THROW(
            {
                try
                {
                    SplitOptionList("x", bad);
                }
                catch (const std::invalid_argument& e)
                {
                    EXPECT_EQ(std::string(e.what()), "--x: an item of '" + std::string(bad) + "' is empty");
                    throw;
                }
            },
            std::invalid_argument);
    }
}
