// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_CSV_READER_H
#define ASET_CSV_READER_H

#include "aset-input-error.h"

#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Reads a CSV file with a header row, and names the file, line and
 * column in every error.
 *
 * Lines that are empty or start with '#' are skipped. Fields may be quoted
 * ("a, b") so that free text such as a source citation can hold commas;
 * inside quotes a backslash escapes a quote (\"), as boost's
 * escaped_list_separator reads it (not RFC 4180's doubled "").
 * Columns are looked up by name, so their order in the file is free.
 */
class AsetCsvReader
{
  public:
    /// Opens \p path; throws AsetInputError if it cannot be read.
    explicit AsetCsvReader(const std::string& path);
    /// Reads from \p in; \p sourceName names it in error messages.
    AsetCsvReader(std::istream& in, const std::string& sourceName);

    /// Throws unless every name in \p columns is in the header row.
    void RequireColumns(const std::vector<std::string>& columns) const;
    bool HasColumn(const std::string& column) const;

    /// Advances to the next data row; false at the end of the input.
    bool Next();

    std::size_t GetLine() const;
    const std::string& GetSourceName() const;

    /// The raw text of \p column in the current row (empty if the row is short).
    std::string GetString(const std::string& column) const;
    /// A finite number within [min, max].
    double GetDouble(const std::string& column, double min, double max) const;
    /// An integer within [min, max].
    int64_t GetInteger(const std::string& column, int64_t min, int64_t max) const;

    /// Throws an AsetInputError for \p column on the current line.
    [[noreturn]] void Fail(const std::string& column, const std::string& problem) const;

  private:
    void ReadHeader();
    std::vector<std::string> Split(const std::string& line) const;

    std::unique_ptr<std::istream> m_owned;
    std::istream* m_in;
    std::string m_sourceName;
    std::size_t m_line{0};
    std::map<std::string, std::size_t> m_columns;
    std::vector<std::string> m_fields;
};

} // namespace ns3

#endif // ASET_CSV_READER_H
