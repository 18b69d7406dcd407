// SPDX-License-Identifier: GPL-2.0-or-later
//
// Throughput of the trace format code: parsing (lines/s and MB/s, the
// >= 3 million lines/s requirement), writing, escaping, generating, gunzip.
//
//   build/default/bin/bench_parser
//   build/default/bin/bench_parser --benchmark_filter=Parse

#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/traceescaping.h"
#include "trace/tracefile.h"
#include "trace/tracewriter.h"

#include <QFile>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>

using namespace memtap;

namespace {

// About a million records as the helper writes them: memory calls of 200
// processes, forks, execs, exits and their baselines, some hostile names.
const QByteArray &helperStream()
{
    static const QByteArray stream = [] {
        SyntheticTrace::Options options;
        options.events = 1'000'000;
        options.processes = 200;
        options.seed = 2026;
        return SyntheticTrace::text(options);
    }();
    return stream;
}

// Output of probes/memtap.bt recorded on this machine without the helper
// (names padded with \x00 escapes), repeated to a million lines.
const QByteArray &rawBpftraceStream()
{
    static const QByteArray stream = [] {
        QFile file(QStringLiteral(MEMTAP_SOURCE_DIR "/tests/trace/data/bpftrace-raw.v1"));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
            std::abort();
        }
        const QByteArray sample = file.readAll();
        // Only the records: the header and "Attaching" once.
        const qsizetype firstRecord = sample.indexOf("\n1") + 1;
        const QByteArray records = sample.mid(firstRecord);
        QByteArray stream = sample.left(firstRecord);
        while (stream.count('\n') < 1'000'000)
            stream += records;
        return stream;
    }();
    return stream;
}

void parse(benchmark::State &state, const QByteArray &stream)
{
    const auto chunkSize = static_cast<qsizetype>(state.range(0));
    std::vector<Event> events;
    events.reserve(std::size_t(chunkSize / 40 + 16));
    std::uint64_t lines = 0;
    std::uint64_t records = 0;
    for (auto _ : state) {
        EventParser parser;
        for (qsizetype offset = 0; offset < stream.size(); offset += chunkSize) {
            parser.feed(
                QByteArrayView(stream).sliced(offset, std::min(chunkSize, stream.size() - offset)),
                events);
            // Consumers take each batch away, as CaptureSession does.
            benchmark::DoNotOptimize(events.data());
            events.clear();
        }
        parser.finish(events);
        if (parser.counters().malformed != 0 || parser.hasFatalError()) {
            state.SkipWithError("the benchmark stream does not parse cleanly");
            return;
        }
        lines += parser.counters().lines;
        records += parser.counters().records;
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * stream.size());
    state.counters["lines/s"] = benchmark::Counter(double(lines), benchmark::Counter::kIsRate);
    state.counters["records/s"] = benchmark::Counter(double(records), benchmark::Counter::kIsRate);
    state.counters["bytes/line"] = double(stream.size()) / double(lines / state.iterations());
}

void BM_ParseHelperStream(benchmark::State &state)
{
    parse(state, helperStream());
}
BENCHMARK(BM_ParseHelperStream)
    ->Arg(4096)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);

void BM_ParseRawBpftraceStream(benchmark::State &state)
{
    parse(state, rawBpftraceStream());
}
BENCHMARK(BM_ParseRawBpftraceStream)->Arg(64 << 10)->Unit(benchmark::kMillisecond);

// The worst case: the stream arrives a byte at a time.
void BM_ParseOneByteChunks(benchmark::State &state)
{
    const QByteArray stream = helperStream().left(2 << 20);
    std::vector<Event> events;
    std::uint64_t lines = 0;
    for (auto _ : state) {
        EventParser parser;
        for (const char &byte : stream) {
            parser.feed(QByteArrayView(&byte, 1), events);
            events.clear();
        }
        parser.finish(events);
        lines += parser.counters().lines;
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * stream.size());
    state.counters["lines/s"] = benchmark::Counter(double(lines), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseOneByteChunks)->Unit(benchmark::kMillisecond);

void BM_WriteEvents(benchmark::State &state)
{
    SyntheticTrace::Options options;
    options.events = 200'000;
    SyntheticTrace trace(options);
    std::vector<Event> events;
    trace.generate(events, std::size_t(-1));
    QByteArray out;
    for (auto _ : state) {
        out.resize(0);
        for (const Event &event : events)
            TraceWriter::appendEvent(out, event);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * out.size());
    state.counters["lines/s"] = benchmark::Counter(
        double(state.iterations() * events.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteEvents)->Unit(benchmark::kMillisecond);

// What storage and accounting benchmarks pay for their 10M-event sessions.
void BM_GenerateEvents(benchmark::State &state)
{
    std::uint64_t events = 0;
    std::vector<Event> batch;
    batch.reserve(4096);
    for (auto _ : state) {
        SyntheticTrace::Options options;
        options.events = 500'000;
        options.processes = 200;
        SyntheticTrace trace(options);
        while (trace.generate(batch, 4096) > 0)
            batch.clear();
        events += trace.eventsGenerated();
    }
    state.counters["events/s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateEvents)->Unit(benchmark::kMillisecond);

void BM_EscapeNames(benchmark::State &state)
{
    const QByteArrayView names[]
        = {"bash", "Web Content", "caf\xc3\xa9", "tab\there", "exactly15bytes!"};
    QByteArray out;
    std::uint64_t count = 0;
    for (auto _ : state) {
        out.resize(0);
        for (const QByteArrayView name : names)
            TraceEscaping::appendEscaped(out, name);
        benchmark::DoNotOptimize(out.data());
        count += std::size(names);
    }
    state.counters["names/s"] = benchmark::Counter(double(count), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EscapeNames);

void BM_TraceFileGunzip(benchmark::State &state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.v1.gz"));
    const QByteArray &stream = helperStream();
    {
        gzFile file = gzopen(QFile::encodeName(path).constData(), "wb6");
        gzwrite(file, stream.constData(), unsigned(stream.size()));
        gzclose(file);
    }
    for (auto _ : state) {
        TraceFile trace;
        if (!trace.open(path)) {
            state.SkipWithError(qPrintable(trace.errorString()));
            return;
        }
        qint64 total = 0;
        for (QByteArrayView chunk = trace.read(); !chunk.isEmpty(); chunk = trace.read())
            total += chunk.size();
        if (total != stream.size() || trace.hasError()) {
            state.SkipWithError("gunzip gave other bytes");
            return;
        }
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * stream.size());
}
BENCHMARK(BM_TraceFileGunzip)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
