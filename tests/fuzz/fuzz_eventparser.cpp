// SPDX-License-Identifier: GPL-2.0-or-later
//
// libFuzzer target for EventParser and the v1 codec. The input is the stream;
// its last bytes also choose where it is cut into chunks. Besides crashes and
// sanitizer findings it traps on any broken invariant:
//  - cutting the stream into chunks changes nothing;
//  - the counters agree with the events and problems;
//  - every event is within the limits of its fields;
//  - parse(write(events)) == events, and unescape(escape(bytes)) == bytes.

#include "trace/eventparser.h"
#include "trace/traceescaping.h"
#include "trace/tracewriter.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace memtap;

namespace {

[[noreturn]] void broken(const char *invariant)
{
    std::fprintf(stderr, "fuzz_eventparser: invariant broken: %s\n", invariant);
    std::fflush(stderr);
    __builtin_trap();
}

#define CHECK(condition)                                                                           \
    do {                                                                                           \
        if (!(condition))                                                                          \
            broken(#condition);                                                                    \
    } while (false)

bool sameEvent(const Event &a, const Event &b)
{
    return a.timestampNs == b.timestampNs && a.pid == b.pid && a.tid == b.tid && a.ppid == b.ppid
        && a.uid == b.uid && a.call == b.call && a.address == b.address && a.length == b.length
        && a.prot == b.prot && a.flags == b.flags && a.fd == b.fd && a.offset == b.offset
        && a.result == b.result && a.name == b.name && a.text == b.text
        && a.text.isNull() == b.text.isNull();
}

bool sameEvents(const std::vector<Event> &a, const std::vector<Event> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!sameEvent(a[i], b[i]))
            return false;
    }
    return true;
}

bool sameCounters(const ParserCounters &a, const ParserCounters &b)
{
    return a.lines == b.lines && a.records == b.records && a.malformed == b.malformed
        && a.lostEvents == b.lostEvents && a.tracerMessages == b.tracerMessages
        && a.byCall == b.byCall;
}

bool sameMetadata(const TraceMetadata &a, const TraceMetadata &b)
{
    return a.formatVersion == b.formatVersion && a.backend == b.backend && a.host == b.host
        && a.kernelRelease == b.kernelRelease && a.memTotalBytes == b.memTotalBytes
        && a.pageSize == b.pageSize && a.realtimeOffsetNs == b.realtimeOffsetNs
        && a.baselineStartNs == b.baselineStartNs && a.continuesSessionId == b.continuesSessionId
        && a.continuesSessionCreatedAtNs == b.continuesSessionCreatedAtNs
        && a.continuesSessionEndedAtNs == b.continuesSessionEndedAtNs
        && a.continuesSessionEndReason == b.continuesSessionEndReason;
}

bool sameProblems(
    const std::vector<EventParser::Problem> &a, const std::vector<EventParser::Problem> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].lineNumber != b[i].lineNumber || a[i].reason != b[i].reason)
            return false;
    }
    return true;
}

void checkConsistent(const EventParser &parser, const std::vector<Event> &events)
{
    const ParserCounters &counters = parser.counters();
    CHECK(counters.records == events.size());
    std::uint64_t byCall = 0;
    for (const std::uint64_t count : counters.byCall)
        byCall += count;
    CHECK(byCall == counters.records);
    CHECK(counters.lines >= counters.records + counters.malformed + counters.tracerMessages);
    CHECK(parser.problems().size()
        == std::min<std::uint64_t>(counters.malformed, EventParser::maxKeptProblems));
    std::uint64_t lastLine = 0;
    for (const EventParser::Problem &problem : parser.problems()) {
        CHECK(problem.lineNumber > lastLine);
        CHECK(problem.lineNumber <= counters.lines);
        CHECK(!problem.reason.isEmpty());
        lastLine = problem.lineNumber;
    }
    for (const Event &event : events) {
        CHECK(event.timestampNs >= 0);
        CHECK(event.pid >= 0 && event.tid >= 0 && event.ppid >= -1);
        CHECK(event.uid >= -1 && event.uid <= 4294967295);
        CHECK(static_cast<std::size_t>(event.call) < callCount);
        CHECK(event.name.size() <= ProcessName::capacity);
        CHECK(event.name.isEmpty() || event.name.view().back() != '\0');
        const bool carriesText = event.call == Call::Map || event.call == Call::Cmdline;
        CHECK(event.text.isNull() != carriesText);
        CHECK(!carriesText || event.name.isEmpty());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzedDataProvider provider(data, size);
    // Taken from the end: the seed files in corpus/ end with four extra
    // newlines for it, so that the rest of each is a plain stream.
    const auto cutSeed = provider.ConsumeIntegral<std::uint32_t>();
    const std::string input = provider.ConsumeRemainingBytesAsString();
    const QByteArrayView stream(input.data(), qsizetype(input.size()));

    EventParser whole;
    std::vector<Event> wholeEvents;
    whole.feed(stream, wholeEvents);
    whole.finish(wholeEvents);
    checkConsistent(whole, wholeEvents);

    // The same stream in chunks of 1 to 64 bytes, sizes drawn from the seed.
    EventParser chunked;
    std::vector<Event> chunkedEvents;
    std::uint32_t state = cutSeed | 1;
    for (qsizetype offset = 0; offset < stream.size();) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        const qsizetype length
            = std::min<qsizetype>(1 + qsizetype(state % 64), stream.size() - offset);
        chunked.feed(stream.sliced(offset, length), chunkedEvents);
        offset += length;
    }
    chunked.finish(chunkedEvents);
    CHECK(sameEvents(wholeEvents, chunkedEvents));
    CHECK(sameCounters(whole.counters(), chunked.counters()));
    CHECK(sameProblems(whole.problems(), chunked.problems()));
    CHECK(sameMetadata(whole.metadata(), chunked.metadata()));
    CHECK(whole.fatalError() == chunked.fatalError());

    // What was decoded writes and reads back the same.
    TraceWriter writer;
    if (whole.metadata().hasHeader())
        writer.writeMetadata(whole.metadata());
    writer.writeEvents(wholeEvents);
    EventParser reparsed;
    std::vector<Event> reparsedEvents;
    reparsed.feed(writer.buffer(), reparsedEvents);
    reparsed.finish(reparsedEvents);
    CHECK(!reparsed.hasFatalError());
    CHECK(reparsed.counters().malformed == 0);
    CHECK(sameEvents(wholeEvents, reparsedEvents));
    if (whole.metadata().hasHeader())
        CHECK(sameMetadata(whole.metadata(), reparsed.metadata()));

    // The codec on arbitrary bytes.
    const QByteArray escaped = TraceEscaping::escape(stream);
    CHECK(!escaped.contains('\n') && !escaped.contains('\t'));
    CHECK(TraceEscaping::unescape(escaped) == stream);
    CHECK(TraceEscaping::unescape(stream).size() <= stream.size());
    return 0;
}
