// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "event.h"
#include "parsercounters.h"
#include "tracemetadata.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <vector>

namespace memtap {

// Streaming decoder of the trace line format v1 (probes/README.md).
//
// Feed it byte chunks as they arrive, in any sizes: it decodes every complete
// line straight from the chunk and only keeps an unfinished last line until the
// next chunk. A line that does not parse is counted and skipped, never fatal;
// the first few are kept with their line numbers for error messages.
class EventParser
{
public:
    struct Problem
    {
        std::uint64_t lineNumber = 0; // 1-based
        QString reason;
    };
    static constexpr std::size_t maxKeptProblems = 20;

    // Appends the records decoded from the complete lines in chunk to out.
    void feed(QByteArrayView chunk, std::vector<Event> &out);
    // End of input: an unterminated last line is counted as malformed (truncated).
    void finish(std::vector<Event> &out);

    const TraceMetadata &metadata() const { return m_metadata; }
    const ParserCounters &counters() const { return m_counters; }
    const std::vector<Problem> &problems() const { return m_problems; }
    // Set when the stream cannot be read at all (another format, another
    // version); records are no longer decoded once it is set.
    const QString &fatalError() const { return m_fatalError; }

private:
    void parseLine(QByteArrayView line, std::vector<Event> &out);
    void addProblem(QString reason);

    QByteArray m_partialLine;
    TraceMetadata m_metadata;
    ParserCounters m_counters;
    std::vector<Problem> m_problems;
    QString m_fatalError;
};

} // namespace memtap
