// SPDX-License-Identifier: GPL-2.0-only
// AsetProcessPool: every child's exit status and output, at most the given
// number running at a time, failures reported, and no start after a failure
// when asked.
#include "temp-folder-test.h"

#include "ns3/aset-process-pool.h"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>

using namespace ns3;

namespace
{
class ProcessPool : public TempFolderTest
{
  protected:
    /// `sh -c script`, its output in <folder>/<index>.log.
    AsetProcessPool::Command Shell(const std::string& script, std::size_t index) const
    {
        return {{"/bin/sh", "-c", script}, Log(index)};
    }

    std::string Log(std::size_t index) const
    {
        return Path(std::to_string(index) + ".log");
    }
};
} // namespace

TEST_F(ProcessPool, GivesEveryStatusAndKeepsEveryOutput)
{
    const std::vector<AsetProcessPool::Command> commands = {
        Shell("echo out; echo err >&2", 0),
        Shell("exit 3", 1),
        Shell("kill -9 $$", 2),
        Shell("read line || echo end of input", 3), // stdin is /dev/null, not the terminal
    };
    AsetProcessPool pool("test", 2);
    pool.SetShowProgress(false);
    std::vector<std::pair<std::size_t, int>> failures;
    const auto status = pool.Run(commands, [&failures](std::size_t index, int s) {
        failures.emplace_back(index, s);
    });
    EXPECT_EQ(status, (std::vector<int>{0, 3, 128 + 9, 0}));
    EXPECT_EQ(Read(Log(0)), "out\nerr\n");
    EXPECT_EQ(Read(Log(3)), "end of input\n");
    std::sort(failures.begin(), failures.end());
    EXPECT_EQ(failures, (std::vector<std::pair<std::size_t, int>>{{1, 3}, {2, 137}}));
}

TEST_F(ProcessPool, RunsAtMostTheGivenNumberAtATime)
{
    // Each child counts the children running beside it through marker files.
    const std::string dir = m_dir.string();
    std::vector<AsetProcessPool::Command> commands;
    for (std::size_t i = 0; i < 6; ++i)
    {
        commands.push_back(Shell("touch " + dir + "/run-$$; ls " + dir + " | grep -c '^run-' >> " +
                                     dir + "/counts; sleep 0.2; rm " + dir + "/run-$$",
                                 i));
    }
    AsetProcessPool pool("test", 2);
    pool.SetShowProgress(false);
    EXPECT_EQ(pool.Run(commands, [](std::size_t, int) {}), std::vector<int>(6, 0));
    std::istringstream counts(Read(dir + "/counts"));
    int count = 0;
    int most = 0;
    while (counts >> count)
    {
        most = std::max(most, count);
    }
    EXPECT_EQ(most, 2);
}

TEST_F(ProcessPool, StopsStartingAfterAFailureWhenAsked)
{
    const std::vector<AsetProcessPool::Command> commands = {Shell("exit 2", 0),
                                                            Shell("true", 1),
                                                            Shell("true", 2)};
    AsetProcessPool pool("test", 1);
    pool.SetShowProgress(false);
    pool.SetStopOnFailure(true);
    EXPECT_EQ(pool.Run(commands, [](std::size_t, int) {}), (std::vector<int>{2, -1, -1}));
    EXPECT_FALSE(std::filesystem::exists(Log(1)));
}

TEST_F(ProcessPool, SelfPathIsThisProgram)
{
    EXPECT_EQ(std::filesystem::path(AsetProcessPool::GetSelfPath("x")).filename(),
              "aset-unit-tests");
}
