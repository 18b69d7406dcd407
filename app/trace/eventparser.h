// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "event.h"
#include "parsercounters.h"
#include "tracemetadata.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
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
//
// Results do not depend on how the stream is cut into chunks.
class EventParser
{
    Q_DECLARE_TR_FUNCTIONS(EventParser)

public:
    struct Problem
    {
        std::uint64_t lineNumber = 0; // 1-based
        QString reason; // one sentence naming the line, for the user
    };
    static constexpr std::size_t maxKeptProblems = 20;
    static constexpr int formatVersion = 1;
    static constexpr int recordFieldCount = 14;
    // Longer lines are counted as malformed without being kept in memory. The
    // longest real line is a `cmdline` record: ARG_MAX-sized, escaped.
    static constexpr qsizetype maxLineLength = qsizetype(16) << 20;

    // Appends the records decoded from the complete lines in chunk to out.
    // An empty out gets room up front for as many records as chunk likely
    // holds, judged by the bytes per record so far.
    void feed(QByteArrayView chunk, std::vector<Event> &out);
    // End of input: an unterminated last line is counted as malformed (truncated).
    void finish(std::vector<Event> &out);

    const TraceMetadata &metadata() const { return m_metadata; }
    const ParserCounters &counters() const { return m_counters; }
    const std::vector<Problem> &problems() const { return m_problems; }
    // Set when the stream cannot be read at all (another format, another
    // version); records are no longer decoded once it is set.
    const QString &fatalError() const { return m_fatalError; }
    bool hasFatalError() const { return !m_fatalError.isEmpty(); }

private:
    enum class LineEnd { Terminated, Unterminated };

    void appendToPartialLine(const char *begin, const char *end);
    void finishPartialLine(LineEnd lineEnd, std::vector<Event> &out);
    void parseLine(QByteArrayView line, LineEnd lineEnd, std::vector<Event> &out);
    void reportOverlongLine();
    void parseRecordLine(QByteArrayView line, LineEnd lineEnd, std::vector<Event> &out);
    void parseHashLine(QByteArrayView line);
    void parseHeader(QByteArrayView line);
    void parseMeta(QByteArrayView line);
    void parseLost(QByteArrayView line);
    void parseTracerMessage(QByteArrayView line);
    bool acceptsAsFirstLine(QByteArrayView line);
    void addLostEvents(std::uint64_t count);
    void countMalformed(const QString &reason);
    template<typename MakeReason> void countMalformedLazily(MakeReason makeReason);
    void addProblem(QString reason);
    void setFatalError(QString error);

    QByteArray m_partialLine;
    bool m_partialLineOverlong = false;
    bool m_sawContent = false;
    // stap's "Skipped due to ...: N" lines break down the skipped probes its
    // "Number of errors: E, skipped probes: S" line already reported.
    std::uint64_t m_skippedProbesNotBrokenDown = 0;
    QByteArray m_nameScratch;
    TraceMetadata m_metadata;
    ParserCounters m_counters;
    std::uint64_t m_bytesFed = 0;
    std::vector<Problem> m_problems;
    QString m_fatalError;
};

} // namespace memtap
