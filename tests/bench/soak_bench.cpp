// SPDX-License-Identifier: GPL-2.0-or-later
// Soak (issue 6): a long import at a steady rate, the way a live capture
// feeds the store, while the process's resident memory is sampled. After the
// warm-up the memory must stay flat: growth under 10 MB.
//
//   cmake --build build/default --target bench_soak
//   build/default/bin/bench_soak                       # 10 min, 20,000 events/s, SQLite
//   MEMTAP_SOAK_DB=mysql://memtap@127.0.0.1:33061/memtap_test MEMTAP_DB_PASSWORD=...
//     build/default/bin/bench_soak                     # into MariaDB
//
// MEMTAP_SOAK_SECONDS (600), MEMTAP_SOAK_RATE (events/s, 20000),
// MEMTAP_SOAK_WARMUP (seconds, 60), MEMTAP_SOAK_SAMPLE (seconds, 10) and
// MEMTAP_SOAK_SPOOL=1 (Overflow::Spool, as a live capture stores),
// MEMTAP_SOAK_PROCESSES (processes alive, 100) and MEMTAP_SOAK_ACCOUNTING=0
// (no figures: the store's share of the memory alone) change the run. The stream is a
// SyntheticTrace written as v1 text in 50 ms slices and fed through IngestPipeline (parser,
// accountant, EventStore) exactly as `memtapctl import` does; the text never exists as a whole, so
// the generator's memory is part of what is measured (it is bounded by the processes alive). Exit
// status 0 when the growth is under the bound.

#include "accounting/accountant.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "trace/synthetictrace.h"
#include "trace/tracewriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace memtap;

namespace {

std::uint64_t positiveEnvironment(const char *name, std::uint64_t fallback)
{
    bool ok = false;
    const std::uint64_t value = qEnvironmentVariable(name).toULongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

// VmRSS of this process, in bytes.
std::uint64_t residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toULongLong() * 1024;
    }
    return 0;
}

double mib(std::uint64_t bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const std::uint64_t seconds = positiveEnvironment("MEMTAP_SOAK_SECONDS", 600);
    const std::uint64_t rate = positiveEnvironment("MEMTAP_SOAK_RATE", 20000);
    const std::uint64_t warmupSeconds = positiveEnvironment("MEMTAP_SOAK_WARMUP", 60);
    const std::uint64_t sampleSeconds = positiveEnvironment("MEMTAP_SOAK_SAMPLE", 10);
    const bool spool = qEnvironmentVariable("MEMTAP_SOAK_SPOOL") == QLatin1String("1");
    const bool accounting = qEnvironmentVariable("MEMTAP_SOAK_ACCOUNTING") != QLatin1String("0");
    const int processes = int(positiveEnvironment("MEMTAP_SOAK_PROCESSES", 100));
    constexpr double boundMib = 10.0;

    QTemporaryDir dir;
    const QString dbText = qEnvironmentVariable("MEMTAP_SOAK_DB");
    QString error;
    const DatabaseUrl url = dbText.isEmpty()
        ? DatabaseUrl::sqlite(dir.filePath(QStringLiteral("soak.sqlite")))
        : DatabaseUrl::parse(dbText, &error);
    if (!url.isValid()) {
        std::fprintf(stderr, "bench_soak: %s\n", qPrintable(error));
        return 2;
    }

    EventStore store;
    EventStore::Options options;
    if (spool) {
        options.overflow = EventStore::Options::Overflow::Spool;
        options.spoolDirectory = dir.filePath(QStringLiteral("spool"));
    }
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = QStringLiteral("soak");
    if (!store.open(url, start, options)) {
        std::fprintf(stderr, "bench_soak: %s\n", qPrintable(store.errorString()));
        return 2;
    }

    SyntheticTrace::Options traceOptions;
    traceOptions.seed = 20;
    traceOptions.events = seconds * rate;
    traceOptions.processes = processes;
    SyntheticTrace trace(traceOptions);
    IngestPipeline::Options pipelineOptions;
    pipelineOptions.accounting = accounting;
    IngestPipeline pipeline(&store, pipelineOptions);
    TraceWriter header;
    header.writeMetadata(trace.metadata());
    pipeline.feed(header.takeBuffer());

    std::printf("bench_soak: %llu s at %llu events/s into %s%s; RSS every %llu s, warm-up %llu s\n",
        qulonglong(seconds), qulonglong(rate), qPrintable(url.toString()),
        spool ? " (spool on)" : "", qulonglong(sampleSeconds), qulonglong(warmupSeconds));
    // processes: seen in the session; in_memory: the accountant's, alive or exited recently.
    std::printf("%8s %12s %12s %10s %10s %10s %10s\n", "time_s", "events", "written", "queued",
        "rss_mib", "processes", "in_memory");
    if (!accounting)
        std::printf("(accounting off)\n");
    std::fflush(stdout);

    struct Sample
    {
        double seconds;
        std::uint64_t rss;
    };
    std::vector<Sample> samples;
    std::vector<Event> records;
    QByteArray text;
    QElapsedTimer clock;
    clock.start();
    qint64 nextSampleMs = 0;
    bool ok = true;
    std::uint64_t behindMs = 0;
    while (ok) {
        const qint64 now = clock.elapsed();
        if (now >= nextSampleMs) {
            const EventStore::Status status = store.status();
            const std::uint64_t rss = residentBytes();
            samples.push_back({double(now) / 1000.0, rss});
            std::printf("%8.1f %12llu %12llu %10llu %10.1f %10llu %10llu\n", double(now) / 1000.0,
                qulonglong(trace.eventsGenerated()), qulonglong(status.writtenEvents),
                qulonglong(status.queuedRecords), mib(rss),
                qulonglong(pipeline.accountant() ? pipeline.accountant()->processesSeen() : 0),
                qulonglong(
                    pipeline.accountant() ? pipeline.accountant()->allProcesses().size() : 0));
            std::fflush(stdout);
            nextSampleMs += qint64(sampleSeconds) * 1000;
        }
        if (trace.atEnd() || now >= qint64(seconds) * 1000)
            break;
        // The events due by now, as text, through the whole import path.
        const std::uint64_t due = std::uint64_t(double(rate) * double(now) / 1000.0);
        if (trace.eventsGenerated() < due) {
            records.clear();
            text.clear();
            while (trace.eventsGenerated() < due && trace.generate(records, 1000) > 0) { }
            for (const Event &event : records)
                TraceWriter::appendEvent(text, event);
            ok = pipeline.feed(text);
            if (trace.eventsGenerated() + rate / 10 < due)
                behindMs = std::uint64_t(now);
        }
        QThread::msleep(50);
    }
    const std::uint64_t generated = trace.eventsGenerated();
    const bool finished
        = ok && pipeline.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}});
    const EventStore::Status status = store.status();
    const double elapsed = double(clock.elapsed()) / 1000.0;

    std::uint64_t atWarmup = 0;
    std::uint64_t maxAfter = 0;
    std::uint64_t minAfter = std::numeric_limits<std::uint64_t>::max();
    for (const Sample &sample : samples) {
        if (sample.seconds + 0.5 < double(warmupSeconds))
            continue;
        if (atWarmup == 0)
            atWarmup = sample.rss;
        maxAfter = std::max(maxAfter, sample.rss);
        minAfter = std::min(minAfter, sample.rss);
    }
    const double growth = atWarmup ? mib(maxAfter) - mib(atWarmup) : 0.0;
    std::printf("\nbench_soak: %llu events generated, %llu stored (%s) in %.1f s, %.0f events/s\n",
        qulonglong(generated), qulonglong(status.writtenEvents),
        finished ? "finished" : qPrintable(pipeline.errorString()), elapsed,
        double(status.writtenEvents) / elapsed);
    if (behindMs)
        std::printf("bench_soak: the feed fell behind the rate (last at %.1f s)\n",
            double(behindMs) / 1000.0);
    std::printf("bench_soak: RSS at warm-up end %.1f MiB, after it %.1f .. %.1f MiB: growth "
                "%.1f MiB (bound %.0f MiB) -> %s\n",
        mib(atWarmup), minAfter == std::numeric_limits<std::uint64_t>::max() ? 0.0 : mib(minAfter),
        mib(maxAfter), growth, boundMib, growth < boundMib ? "flat" : "GROWS");
    const bool complete = finished && status.writtenEvents == generated;
    if (!complete)
        std::printf("bench_soak: not every generated event was stored\n");
    return complete && growth < boundMib ? 0 : 1;
}
