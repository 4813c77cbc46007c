// SPDX-License-Identifier: GPL-2.0-only
#include "aset-process-pool.h"

#include "aset-progress-reporter.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace ns3
{

namespace
{
/// Starts \p command with its output in its log file; returns its process id.
pid_t
Start(const AsetProcessPool::Command& command)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions,
                                     STDOUT_FILENO,
                                     command.logPath.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const auto& arg : command.argv)
    {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int error = posix_spawn(&pid, args.front(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0)
    {
        throw std::runtime_error("cannot start " + command.argv.front() + ": " +
                                 std::strerror(error));
    }
    return pid;
}
} // namespace

AsetProcessPool::AsetProcessPool(std::string label, unsigned parallel)
    : m_label(std::move(label)),
      m_parallel(std::max(1u, parallel))
{
}

void
AsetProcessPool::SetShowProgress(bool show)
{
    m_showProgress = show;
}

void
AsetProcessPool::SetStopOnFailure(bool stop)
{
    m_stopOnFailure = stop;
}

std::vector<int>
AsetProcessPool::Run(const std::vector<Command>& commands, const FailureReporter& onFailure)
{
    AsetProgressLine line;
    const auto start = std::chrono::steady_clock::now();
    std::vector<int> status(commands.size(), -1);
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    std::size_t done = 0;
    std::size_t failed = 0;
    auto lastShown = start;
    const auto show = [&]() {
        if (!m_showProgress)
        {
            return;
        }
        lastShown = std::chrono::steady_clock::now();
        const double wall = std::chrono::duration<double>(lastShown - start).count();
        std::ostringstream text;
        text << m_label << ": " << done << "/" << commands.size() << " jobs done";
        if (failed > 0)
        {
            text << " (" << failed << " failed)";
        }
        text << " | " << running.size() << " running | "
             << AsetProgressLine::WallAndEta(wall, double(done) / commands.size());
        line.Show(text.str());
    };
    const auto mayStart = [&]() { return !(m_stopOnFailure && failed > 0); };
    while (!running.empty() || (next < commands.size() && mayStart()))
    {
        while (running.size() < m_parallel && next < commands.size() && mayStart())
        {
            running[Start(commands[next])] = next;
            ++next;
            show();
        }
        int raw = 0;
        const pid_t pid = waitpid(-1, &raw, WNOHANG);
        if (pid == 0)
        {
            // Children still running: keep the wall time on the line moving, once a second.
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (std::chrono::steady_clock::now() - lastShown >= std::chrono::seconds(1))
            {
                show();
            }
            continue;
        }
        if (pid < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
        }
        const auto it = running.find(pid);
        if (it == running.end())
        {
            continue;
        }
        const std::size_t index = it->second;
        running.erase(it);
        status[index] =
            WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + (WIFSIGNALED(raw) ? WTERMSIG(raw) : 0);
        ++done;
        if (status[index] != 0)
        {
            ++failed;
            line.Clear();
            onFailure(index, status[index]);
        }
        show();
    }
    return status;
}

std::string
AsetProcessPool::GetSelfPath(const char* argv0)
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::absolute(argv0).string() : self.string();
}

} // namespace ns3
