// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_TEMP_FOLDER_TEST_H
#define ASET_TEMP_FOLDER_TEST_H

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <unistd.h>

/// A GoogleTest fixture with a scratch folder of its own, removed after each test.
class TempFolderTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir =
            std::filesystem::temp_directory_path() / ("aset-" + std::to_string(::getpid()) + "-" +
                                                      info->test_suite_name() + "-" + info->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }

    void TearDown() override
    {
        std::filesystem::remove_all(m_dir);
    }

    /// \p name below the folder.
    std::string Path(const std::string& name) const
    {
        return (m_dir / name).string();
    }

    /// Writes \p text to \p name below the folder, creating its folders; returns its path.
    std::string Write(const std::string& name, const std::string& text) const
    {
        const auto path = m_dir / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
        return path.string();
    }

    static std::string Read(const std::string& path)
    {
        std::ostringstream text;
        text << std::ifstream(path).rdbuf();
        return text.str();
    }

    std::filesystem::path m_dir;
};

#endif // ASET_TEMP_FOLDER_TEST_H
