// SPDX-License-Identifier: GPL-2.0-only
#include "aset-csv-reader.h"

#include <boost/algorithm/string/trim.hpp>
#include <boost/tokenizer.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace ns3
{

AsetCsvReader::AsetCsvReader(const std::string& path)
    : m_owned(OpenInputFile(path)),
      m_in(m_owned.get()),
      m_sourceName(path)
{
    ReadHeader();
}

AsetCsvReader::AsetCsvReader(std::istream& in, const std::string& sourceName)
    : m_in(&in),
      m_sourceName(sourceName)
{
    ReadHeader();
}

std::vector<std::string>
AsetCsvReader::Split(const std::string& line) const
{
    using Separator = boost::escaped_list_separator<char>;
    std::vector<std::string> fields;
    try
    {
        boost::tokenizer<Separator> tokens(line, Separator('\\', ',', '"'));
        for (const auto& token : tokens)
        {
            fields.push_back(boost::algorithm::trim_copy(token));
        }
    }
    catch (const boost::escaped_list_error& e)
    {
        throw AsetInputError(m_sourceName, m_line, "", std::string("malformed CSV: ") + e.what());
    }
    return fields;
}

void
AsetCsvReader::ReadHeader()
{
    if (!Next())
    {
        throw AsetInputError(m_sourceName, m_line, "", "no header row: the file is empty");
    }
    for (std::size_t i = 0; i < m_fields.size(); ++i)
    {
        if (!m_columns.emplace(m_fields[i], i).second)
        {
            Fail(m_fields[i], "column named twice in the header row");
        }
    }
    m_fields.clear();
}

void
AsetCsvReader::RequireColumns(const std::vector<std::string>& columns) const
{
    for (const auto& column : columns)
    {
        if (!HasColumn(column))
        {
            throw AsetInputError(m_sourceName, 1, column, "missing column in the header row");
        }
    }
}

bool
AsetCsvReader::HasColumn(const std::string& column) const
{
    return m_columns.count(column) > 0;
}

bool
AsetCsvReader::Next()
{
    std::string line;
    while (std::getline(*m_in, line))
    {
        ++m_line;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        const std::string trimmed = boost::algorithm::trim_copy(line);
        if (trimmed.empty() || trimmed.front() == '#')
        {
            continue;
        }
        m_fields = Split(line);
        if (!m_columns.empty() && m_fields.size() != m_columns.size())
        {
            Fail("", "expected " + std::to_string(m_columns.size()) + " fields, found " +
                         std::to_string(m_fields.size()));
        }
        return true;
    }
    return false;
}

std::size_t
AsetCsvReader::GetLine() const
{
    return m_line;
}

const std::string&
AsetCsvReader::GetSourceName() const
{
    return m_sourceName;
}

std::string
AsetCsvReader::GetString(const std::string& column) const
{
    const auto it = m_columns.find(column);
    if (it == m_columns.end())
    {
        throw AsetInputError(m_sourceName, 1, column, "missing column in the header row");
    }
    return it->second < m_fields.size() ? m_fields[it->second] : std::string();
}

double
AsetCsvReader::GetDouble(const std::string& column, double min, double max) const
{
    const std::string text = GetString(column);
    std::size_t used = 0;
    double value = std::numeric_limits<double>::quiet_NaN();
    try
    {
        value = std::stod(text, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (text.empty() || used != text.size() || !std::isfinite(value))
    {
        Fail(column, "expected a number, got '" + text + "'");
    }
    if (value < min || value > max)
    {
        std::ostringstream range;
        range << "expected a number in [" << min << ", " << max << "], got " << text;
        Fail(column, range.str());
    }
    return value;
}

int64_t
AsetCsvReader::GetInteger(const std::string& column, int64_t min, int64_t max) const
{
    const std::string text = GetString(column);
    std::size_t used = 0;
    long long value = 0;
    try
    {
        value = std::stoll(text, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (text.empty() || used != text.size())
    {
        Fail(column, "expected an integer, got '" + text + "'");
    }
    if (value < min || value > max)
    {
        Fail(column,
             "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                 "], got " + text);
    }
    return value;
}

void
AsetCsvReader::Fail(const std::string& column, const std::string& problem) const
{
    throw AsetInputError(m_sourceName, m_line, column, problem);
}

} // namespace ns3
