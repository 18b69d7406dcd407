// SPDX-License-Identifier: GPL-2.0-or-later
// Import throughput (issue 3: a 2-million-event trace at >= 500,000 events/s
// into SQLite and >= 250,000 events/s into MariaDB on the 2-core machine),
// next to the one-INSERT-per-event autocommit method of the original tool.
//
//   cmake --build build/default --target bench_storage
//   build/default/bin/bench_storage                      # SQLite only
//   MEMTAP_BENCH_MARIADB_URL=mysql://memtap@127.0.0.1:33061/memtap_test
//     MEMTAP_DB_PASSWORD=... build/default/bin/bench_storage
//
// (ctest -R mariadb_fixture_start starts a server with that account; see
// tests/storage/CMakeLists.txt.) MEMTAP_BENCH_EVENTS changes the trace size.
// The trace is a SyntheticTrace written to a v1 file first; an import reads
// it with TraceFile, parses, accounts and stores it exactly as
// `memtapctl import` does, and the time runs until the last row is committed.

#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "trace/synthetictrace.h"
#include "trace/tracefile.h"
#include "trace/tracewriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <time.h>

using namespace memtap;

namespace {

std::uint64_t traceEvents()
{
    bool ok = false;
    const std::uint64_t events = qEnvironmentVariable("MEMTAP_BENCH_EVENTS").toULongLong(&ok);
    return ok && events > 0 ? events : 2'000'000;
}

QTemporaryDir &workDirectory()
{
    static QTemporaryDir directory;
    return directory;
}

// The trace, written once.
const QString &tracePath()
{
    static QString path;
    if (path.isEmpty()) {
        path = workDirectory().filePath(QStringLiteral("bench.v1"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        SyntheticTrace::Options options;
        options.seed = 3;
        options.events = traceEvents();
        options.processes = 60;
        SyntheticTrace trace(options);
        TraceWriter writer(&file);
        trace.writeTo(writer);
        writer.flush();
    }
    return path;
}

DatabaseUrl mariadbUrl()
{
    return DatabaseUrl::parse(qEnvironmentVariable("MEMTAP_BENCH_MARIADB_URL"));
}

// A new, empty database of the kind asked for.
DatabaseUrl freshDatabase(bool mariadb, const QString &name)
{
    if (!mariadb) {
        const QString path = workDirectory().filePath(name + QStringLiteral(".sqlite"));
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(path + QLatin1String(suffix));
        return DatabaseUrl::sqlite(path);
    }
    const DatabaseUrl base = mariadbUrl();
    if (!base.isValid())
        return {};
    // Empty the tables rather than the database: the account may not create databases.
    QString error;
    auto db = Database::open(base, &error);
    if (!db) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    for (const char *table : {"events", "block_counts_by_pid", "block_counts_by_name",
             "block_counts_by_call", "baseline_records", "processes", "live_timelines",
             "sessions", "names"}) {
        QSqlQuery query(db->connection());
        query.exec(QStringLiteral("TRUNCATE TABLE %1").arg(QLatin1String(table)));
    }
    return base;
}

struct ImportResult
{
    bool ok = false;
    QString error;
    std::uint64_t events = 0;
    std::uint64_t records = 0;
    double seconds = 0;
    double producerCpuSeconds = 0; // reading, parsing, accounting
    double writerCpuSeconds = 0;
};

double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

ImportResult importTrace(const DatabaseUrl &url, bool accounting)
{
    ImportResult result;
    TraceFile trace;
    if (!trace.open(tracePath())) {
        result.error = trace.errorString();
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    const double cpuAtStart = threadCpuSeconds();
    EventStore store;
    SessionStart start;
    start.source = SessionStart::Source::Import;
    if (!store.open(url, start)) {
        result.error = store.errorString();
        return result;
    }
    // A failing transaction is retried; say why instead of waiting silently.
    QObject::connect(
        &store, &EventStore::writeFailed, &store,
        [](const QString &message) { std::fprintf(stderr, "%s\n", qPrintable(message)); },
        Qt::DirectConnection);
    IngestPipeline::Options options;
    options.accounting = accounting;
    IngestPipeline pipeline(&store, options);
    for (QByteArrayView chunk = trace.read(); !chunk.isEmpty(); chunk = trace.read()) {
        if (!pipeline.feed(chunk)) {
            result.error = pipeline.errorString();
            return result;
        }
    }
    if (!pipeline.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}})) {
        result.error = pipeline.errorString();
        return result;
    }
    result.seconds = timer.nsecsElapsed() / 1e9;
    result.producerCpuSeconds = threadCpuSeconds() - cpuAtStart;
    const EventStore::Status status = store.status();
    result.writerCpuSeconds = status.writerCpuSeconds;
    result.events = status.writtenEvents;
    result.records = status.writtenEvents + status.writtenBaselineRecords;
    if (result.events != pipeline.parser().counters().events()) {
        result.error = QStringLiteral("stored %1 events, the parser accepted %2")
                           .arg(result.events)
                           .arg(pipeline.parser().counters().events());
        return result;
    }
    result.ok = true;
    return result;
}

void importBenchmark(benchmark::State &state, bool mariadb, bool accounting)
{
    if (mariadb && !mariadbUrl().isValid()) {
        state.SkipWithError("set MEMTAP_BENCH_MARIADB_URL (and MEMTAP_DB_PASSWORD) to measure "
                            "MariaDB");
        return;
    }
    tracePath();
    ImportResult result;
    for (auto _ : state) {
        state.PauseTiming();
        const DatabaseUrl url = freshDatabase(mariadb, QStringLiteral("import"));
        state.ResumeTiming();
        result = importTrace(url, accounting);
        if (!result.ok) {
            state.SkipWithError(qPrintable(result.error));
            return;
        }
        state.SetIterationTime(result.seconds);
    }
    state.counters["events"] = double(result.events);
    state.counters["records"] = double(result.records);
    // The two threads run in parallel: on an otherwise idle 2-core machine the
    // import takes about as long as the busier one needs.
    state.counters["producer_cpu_s"] = result.producerCpuSeconds;
    state.counters["writer_cpu_s"] = result.writerCpuSeconds;
    state.counters["events_per_busiest_cpu_s"]
        = double(result.events) / std::max(result.producerCpuSeconds, result.writerCpuSeconds);
    state.counters["events_per_s"] = benchmark::Counter(
        double(result.events) * state.iterations(), benchmark::Counter::kIsRate);
}

// The original tool's method: one prepared single-row INSERT per event,
// each its own transaction (autocommit), through QtSql.
void autocommitBenchmark(benchmark::State &state, bool mariadb)
{
    if (mariadb && !mariadbUrl().isValid()) {
        state.SkipWithError("set MEMTAP_BENCH_MARIADB_URL (and MEMTAP_DB_PASSWORD) to measure "
                            "MariaDB");
        return;
    }
    const std::size_t count = std::size_t(state.range(0));
    SyntheticTrace::Options options;
    options.seed = 3;
    options.events = count;
    options.baselines = false;
    SyntheticTrace trace(options);
    std::vector<Event> events;
    trace.generate(events, count);

    for (auto _ : state) {
        state.PauseTiming();
        const DatabaseUrl url = freshDatabase(mariadb, QStringLiteral("autocommit"));
        QString error;
        auto db = Database::open(url, &error);
        if (!db) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        QSqlQuery insert(db->connection());
        insert.prepare(QStringLiteral(
            "INSERT INTO events (session_id, id, ts_ns, pid, tid, ppid, uid, call_type, address, "
            "length, prot, flags, fd, offset_value, result, name_id) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        state.ResumeTiming();
        std::int64_t id = 0;
        for (const Event &e : events) {
            insert.bindValue(0, 1);
            insert.bindValue(1, qint64(++id));
            insert.bindValue(2, qint64(e.timestampNs));
            insert.bindValue(3, e.pid);
            insert.bindValue(4, e.tid);
            insert.bindValue(5, e.ppid);
            insert.bindValue(6, qint64(e.uid));
            insert.bindValue(7, int(e.call));
            insert.bindValue(8, qint64(e.address));
            insert.bindValue(9, qint64(e.length));
            insert.bindValue(10, qint64(e.prot));
            insert.bindValue(11, qint64(e.flags));
            insert.bindValue(12, qint64(e.fd));
            insert.bindValue(13, qint64(e.offset));
            insert.bindValue(14, qint64(e.result));
            insert.bindValue(15, 1);
            if (!insert.exec()) {
                state.SkipWithError(qPrintable(db->describe(insert.lastError())));
                return;
            }
        }
    }
    state.counters["events_per_s"]
        = benchmark::Counter(double(count) * state.iterations(), benchmark::Counter::kIsRate);
}

void parseBenchmark(benchmark::State &state)
{
    std::uint64_t events = 0;
    for (auto _ : state) {
        TraceFile trace;
        trace.open(tracePath());
        EventParser parser;
        std::vector<Event> out;
        for (QByteArrayView chunk = trace.read(); !chunk.isEmpty(); chunk = trace.read()) {
            out.clear();
            parser.feed(chunk, out);
        }
        parser.finish(out);
        events = parser.counters().events();
    }
    state.counters["events_per_s"]
        = benchmark::Counter(double(events) * state.iterations(), benchmark::Counter::kIsRate);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    std::fprintf(stderr, "bench_storage: writing a %llu-event trace...\n",
        static_cast<unsigned long long>(traceEvents()));
    tracePath();

    benchmark::RegisterBenchmark("parse_only", parseBenchmark)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->UseRealTime();
    for (bool mariadb : {false, true}) {
        const std::string kind = mariadb ? "mariadb" : "sqlite";
        benchmark::RegisterBenchmark(("import/" + kind).c_str(),
            [mariadb](benchmark::State &state) { importBenchmark(state, mariadb, true); })
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->UseManualTime();
        benchmark::RegisterBenchmark(("import_without_accounting/" + kind).c_str(),
            [mariadb](benchmark::State &state) { importBenchmark(state, mariadb, false); })
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->UseManualTime();
        benchmark::RegisterBenchmark(("autocommit_insert_per_event/" + kind).c_str(),
            [mariadb](benchmark::State &state) { autocommitBenchmark(state, mariadb); })
            ->Arg(mariadb ? 5000 : 20000)
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->UseRealTime();
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
