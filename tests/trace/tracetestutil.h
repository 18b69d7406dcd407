// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Helpers shared by the trace test suites.

#include "trace/event.h"
#include "trace/eventparser.h"
#include "trace/traceescaping.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <algorithm>
#include <vector>

namespace memtap::test {

// Every field of an event on one line, for readable QCOMPAREs.
inline QByteArray describe(const Event &event)
{
    QByteArray text;
    text += "ts=" + QByteArray::number(qlonglong(event.timestampNs));
    text += " pid=" + QByteArray::number(event.pid);
    text += " tid=" + QByteArray::number(event.tid);
    text += " ppid=" + QByteArray::number(event.ppid);
    text += " uid=" + QByteArray::number(qlonglong(event.uid));
    text += QByteArray(" call=") + callName(event.call);
    text += " address=0x" + QByteArray::number(qulonglong(event.address), 16);
    text += " length=" + QByteArray::number(qulonglong(event.length));
    text += " prot=" + QByteArray::number(qulonglong(event.prot));
    text += " flags=" + QByteArray::number(qulonglong(event.flags));
    text += " fd=" + QByteArray::number(qlonglong(event.fd));
    text += " offset=" + QByteArray::number(qulonglong(event.offset));
    text += " result=" + QByteArray::number(qlonglong(event.result));
    text += " name=[" + TraceEscaping::escape(event.name.view()) + "]";
    text += " text="
        + (event.text.isNull() ? QByteArray("null")
                               : "[" + TraceEscaping::escape(event.text) + "]");
    return text;
}

inline QList<QByteArray> describe(const std::vector<Event> &events)
{
    QList<QByteArray> lines;
    lines.reserve(qsizetype(events.size()));
    for (const Event &event : events)
        lines.append(describe(event));
    return lines;
}

inline bool sameEvent(const Event &a, const Event &b)
{
    return a.timestampNs == b.timestampNs && a.pid == b.pid && a.tid == b.tid && a.ppid == b.ppid
        && a.uid == b.uid && a.call == b.call && a.address == b.address && a.length == b.length
        && a.prot == b.prot && a.flags == b.flags && a.fd == b.fd && a.offset == b.offset
        && a.result == b.result && a.name == b.name && a.text == b.text
        && a.text.isNull() == b.text.isNull();
}

inline bool sameEvents(const std::vector<Event> &a, const std::vector<Event> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameEvent);
}

// Everything a parser tells about a stream, to compare two runs.
struct ParseOutcome
{
    std::vector<Event> events;
    ParserCounters counters;
    QList<QString> problems;
    TraceMetadata metadata;
    QString fatalError;

    QByteArray summary() const
    {
        QByteArray text = "lines=" + QByteArray::number(qulonglong(counters.lines))
            + " records=" + QByteArray::number(qulonglong(counters.records))
            + " malformed=" + QByteArray::number(qulonglong(counters.malformed))
            + " lost=" + QByteArray::number(qulonglong(counters.lostEvents))
            + " messages=" + QByteArray::number(qulonglong(counters.tracerMessages));
        for (std::size_t i = 0; i < callCount; ++i)
            text += QByteArray(" ") + callNames[i] + "="
                + QByteArray::number(qulonglong(counters.byCall[i]));
        text += " version=" + QByteArray::number(metadata.formatVersion) + " backend="
            + metadata.backend + " host=" + metadata.host + " kernel=" + metadata.kernelRelease
            + " memtotal=" + QByteArray::number(qlonglong(metadata.memTotalBytes))
            + " page=" + QByteArray::number(qlonglong(metadata.pageSize))
            + " offset=" + QByteArray::number(qlonglong(metadata.realtimeOffsetNs))
            + " start=" + QByteArray::number(qlonglong(metadata.baselineStartNs))
            + " fatal=" + fatalError.toUtf8();
        for (const QString &problem : problems)
            text += "\n" + problem.toUtf8();
        return text;
    }
};

inline ParseOutcome outcomeOf(const EventParser &parser, const std::vector<Event> &events)
{
    ParseOutcome outcome;
    outcome.events = events;
    outcome.counters = parser.counters();
    for (const EventParser::Problem &problem : parser.problems())
        outcome.problems.append(
            QString::number(problem.lineNumber) + QLatin1String(": ") + problem.reason);
    outcome.metadata = parser.metadata();
    outcome.fatalError = parser.fatalError();
    return outcome;
}

// Feeds stream cut at the given positions (ascending), then finishes.
inline ParseOutcome parseInPieces(QByteArrayView stream, const std::vector<qsizetype> &cuts)
{
    EventParser parser;
    std::vector<Event> events;
    qsizetype begin = 0;
    for (const qsizetype cut : cuts) {
        parser.feed(stream.sliced(begin, cut - begin), events);
        begin = cut;
    }
    parser.feed(stream.sliced(begin), events);
    parser.finish(events);
    return outcomeOf(parser, events);
}

// Empty when a and b agree, else what differs, readably.
inline QByteArray differences(const ParseOutcome &a, const ParseOutcome &b)
{
    QByteArray text;
    if (a.summary() != b.summary())
        text += "summary:\n" + a.summary() + "\nversus\n" + b.summary() + "\n";
    if (!sameEvents(a.events, b.events)) {
        const QList<QByteArray> left = describe(a.events);
        const QList<QByteArray> right = describe(b.events);
        text += "events: " + QByteArray::number(left.size()) + " versus "
            + QByteArray::number(right.size()) + "\n";
        for (qsizetype i = 0; i < std::max(left.size(), right.size()); ++i) {
            if (left.value(i) != right.value(i)) {
                text += "first difference at " + QByteArray::number(i) + ":\n" + left.value(i)
                    + "\n" + right.value(i);
                break;
            }
        }
    }
    return text;
}

inline ParseOutcome parseWhole(QByteArrayView stream)
{
    return parseInPieces(stream, {});
}

} // namespace memtap::test
