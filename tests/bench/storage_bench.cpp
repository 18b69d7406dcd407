// SPDX-License-Identifier: GPL-2.0-or-later
// Import throughput (issue 3: a 2-million-event trace at >= 500,000 events/s
// into SQLite and >= 250,000 events/s into MariaDB on the 2-core machine),
// next to the one-INSERT-per-event autocommit method of the original tool,
// and what address-range accounting adds to it (issue 5: at most 20%).
//
//   cmake --build build/default --target bench_storage
//   build/default/bin/bench_storage                      # SQLite only
//   MEMTAP_BENCH_MARIADB_URL=mysql://memtap@127.0.0.1:33061/memtap_test
//     MEMTAP_DB_PASSWORD=... build/default/bin/bench_storage
//
// (ctest -R mariadb_fixture_start starts a server with that account; see
// tests/storage/CMakeLists.txt.) MEMTAP_BENCH_EVENTS changes the trace size,
// MEMTAP_BENCH_REPEATS the number of repetitions (default 3),
// MEMTAP_BENCH_BLOCK_SIZE the store's block size (default: EventStore's).
//
// The trace is a SyntheticTrace written to a v1 file first; an import reads
// it with TraceFile, parses, accounts and stores it exactly as
// `memtapctl import` does, and the time runs until the last row is committed.
// Each repetition imports the same trace three times: with accounting (the
// product's way), without any (IngestPipeline::Options::accounting off: no
// process figures at all) and with the processes and their naive figures
// only (Options::addressRanges off: what the original tool knew, without the
// address ranges, live figures and timelines), in an order that rotates, so
// that the load of a shared machine falls on all alike; the figures are
// medians over the repetitions. At the end the figures are printed as a
// Markdown table for README's performance table.

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

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include <time.h>

using namespace memtap;

namespace {

std::uint64_t positiveEnvironment(const char *name, std::uint64_t fallback)
{
    bool ok = false;
    const std::uint64_t value = qEnvironmentVariable(name).toULongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

std::uint64_t traceEvents()
{
    return positiveEnvironment("MEMTAP_BENCH_EVENTS", 2'000'000);
}

int importRepeats()
{
    return int(positiveEnvironment("MEMTAP_BENCH_REPEATS", 3));
}

EventStore::Options storeOptions()
{
    EventStore::Options options;
    options.blockSize
        = int(positiveEnvironment("MEMTAP_BENCH_BLOCK_SIZE", std::uint64_t(options.blockSize)));
    return options;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// One line of the table printed at the end.
struct Figure
{
    std::string measurement;
    std::string figure;
    std::string target;
    std::string command;
};

std::vector<Figure> &figures()
{
    static std::vector<Figure> all;
    return all;
}

std::string format(const char *pattern, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

// 1234567 -> "1,234,567"
std::string thousands(double value)
{
    std::string digits = std::to_string(static_cast<long long>(value + 0.5));
    for (int at = int(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(std::size_t(at), ",");
    return digits;
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
    for (const char *table :
        {"events", "block_counts_by_pid", "block_counts_by_name", "block_counts_by_call",
            "baseline_records", "processes", "live_timelines", "sessions", "names"}) {
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

    double cpuSeconds() const { return producerCpuSeconds + writerCpuSeconds; }
};

double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// What an import computes besides storing the records.
enum class Figures { Full, None, NaiveOnly };
constexpr std::array<Figures, 3> allFigures {Figures::Full, Figures::None, Figures::NaiveOnly};

const char *figuresName(Figures figures)
{
    switch (figures) {
    case Figures::Full:
        return "accounting on      ";
    case Figures::None:
        return "accounting off     ";
    case Figures::NaiveOnly:
        return "naive figures only ";
    }
    return "";
}

ImportResult importTrace(const DatabaseUrl &url, Figures figures)
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
    if (!store.open(url, start, storeOptions())) {
        result.error = store.errorString();
        return result;
    }
    // A failing transaction is retried; say why instead of waiting silently.
    QObject::connect(
        &store, &EventStore::writeFailed, &store,
        [](const QString &message) { std::fprintf(stderr, "%s\n", qPrintable(message)); },
        Qt::DirectConnection);
    IngestPipeline::Options options;
    options.accounting = figures != Figures::None;
    options.addressRanges = figures == Figures::Full;
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
    if (figures != Figures::None && pipeline.progress().processes == 0) {
        result.error = QStringLiteral("the accountant saw no processes");
        return result;
    }
    result.ok = true;
    return result;
}

std::string rerunCommand(bool mariadb, const std::string &filter)
{
    std::string command = "bench_storage --benchmark_filter=" + filter;
    if (mariadb)
        command = "MEMTAP_BENCH_MARIADB_URL=... MEMTAP_DB_PASSWORD=... " + command;
    return command;
}

// Imports with and without accounting, and with the naive figures only (see
// the top of the file).
void importBenchmark(benchmark::State &state, bool mariadb)
{
    if (mariadb && !mariadbUrl().isValid()) {
        state.SkipWithError("set MEMTAP_BENCH_MARIADB_URL (and MEMTAP_DB_PASSWORD) to measure "
                            "MariaDB");
        return;
    }
    tracePath();
    const int repeats = importRepeats();
    std::vector<double> withSeconds, withoutSeconds, naiveSeconds, wallRatios, cpuRatios,
        rangeWallRatios, rangeCpuRatios, producerCpu, writerCpu, busiestRates;
    std::uint64_t events = 0, records = 0;
    for (auto _ : state) {
        for (int repeat = 0; repeat < repeats; ++repeat) {
            std::array<ImportResult, allFigures.size()> results; // by Figures
            for (std::size_t turn = 0; turn < allFigures.size(); ++turn) {
                const Figures figures
                    = allFigures[(turn + std::size_t(repeat)) % allFigures.size()];
                state.PauseTiming();
                const DatabaseUrl url = freshDatabase(mariadb, QStringLiteral("import"));
                state.ResumeTiming();
                ImportResult result = importTrace(url, figures);
                if (!result.ok) {
                    state.SkipWithError(qPrintable(result.error));
                    return;
                }
                std::fprintf(stderr,
                    "  %s %s: %.3f s, %.0f events/s, CPU producer %.3f s + writer %.3f s\n",
                    mariadb ? "mariadb" : "sqlite", figuresName(figures), result.seconds,
                    double(result.events) / result.seconds, result.producerCpuSeconds,
                    result.writerCpuSeconds);
                results[std::size_t(figures)] = std::move(result);
            }
            const ImportResult &with = results[std::size_t(Figures::Full)];
            const ImportResult &without = results[std::size_t(Figures::None)];
            const ImportResult &naive = results[std::size_t(Figures::NaiveOnly)];
            events = with.events;
            records = with.records;
            withSeconds.push_back(with.seconds);
            withoutSeconds.push_back(without.seconds);
            naiveSeconds.push_back(naive.seconds);
            producerCpu.push_back(with.producerCpuSeconds);
            writerCpu.push_back(with.writerCpuSeconds);
            // The two threads run in parallel: on an otherwise idle 2-core
            // machine the import takes about as long as the busier one needs.
            busiestRates.push_back(
                double(with.events) / std::max(with.producerCpuSeconds, with.writerCpuSeconds));
            wallRatios.push_back(with.seconds / without.seconds);
            cpuRatios.push_back(with.cpuSeconds() / without.cpuSeconds());
            rangeWallRatios.push_back(with.seconds / naive.seconds);
            rangeCpuRatios.push_back(with.cpuSeconds() / naive.cpuSeconds());
        }
        state.SetIterationTime(median(withSeconds));
    }
    const double eventsPerSecond = double(events) / median(withSeconds);
    const double eventsPerSecondWithout = double(events) / median(withoutSeconds);
    const double eventsPerSecondNaive = double(events) / median(naiveSeconds);
    const double wallOverhead = (median(wallRatios) - 1) * 100;
    const double cpuOverhead = (median(cpuRatios) - 1) * 100;
    const double rangeWallOverhead = (median(rangeWallRatios) - 1) * 100;
    const double rangeCpuOverhead = (median(rangeCpuRatios) - 1) * 100;
    state.counters["events"] = double(events);
    state.counters["records"] = double(records);
    state.counters["events_per_s"] = eventsPerSecond;
    state.counters["events_per_s_no_accounting"] = eventsPerSecondWithout;
    state.counters["events_per_s_naive_only"] = eventsPerSecondNaive;
    state.counters["producer_cpu_s"] = median(producerCpu);
    state.counters["writer_cpu_s"] = median(writerCpu);
    state.counters["events_per_busiest_cpu_s"] = median(busiestRates);
    state.counters["accounting_wall_pct"] = wallOverhead;
    state.counters["accounting_cpu_pct"] = cpuOverhead;
    state.counters["ranges_wall_pct"] = rangeWallOverhead;
    state.counters["ranges_cpu_pct"] = rangeCpuOverhead;

    const std::string kind = mariadb ? "MariaDB" : "SQLite";
    const std::string size = thousands(double(events));
    const std::string command
        = rerunCommand(mariadb, std::string("import/") + (mariadb ? "mariadb" : "sqlite"));
    const std::string medianOf = " (median of " + std::to_string(repeats) + ")";
    const std::string cpuOf = std::string(mariadb ? "; not the server's CPU), " : "), ");
    figures().push_back({"Import of a " + size + "-event trace into " + kind + medianOf,
        thousands(eventsPerSecond) + " events/s",
        mariadb ? ">= 250,000 events/s" : ">= 500,000 events/s", command});
    figures().push_back({"Same import, events per CPU second of the busier thread (its rate "
                         "with a core per thread), "
            + kind + medianOf,
        thousands(median(busiestRates)) + " events/s", "(diagnostic)", command});
    figures().push_back({"Same import without accounting, " + kind + medianOf,
        thousands(eventsPerSecondWithout) + " events/s", "(comparison)", command});
    figures().push_back({"Same import with the processes' naive figures only, " + kind + medianOf,
        thousands(eventsPerSecondNaive) + " events/s", "(comparison)", command});
    figures().push_back({"Time accounting adds to the import, " + kind + medianOf,
        format("%+.1f%%", wallOverhead), "<= 20%", command});
    figures().push_back({"CPU time accounting adds to the import (producer and writer threads"
            + cpuOf + kind + medianOf,
        format("%+.1f%%", cpuOverhead), "<= 20%", command});
    figures().push_back(
        {"Time address ranges add to the import with the naive figures, " + kind + medianOf,
            format("%+.1f%%", rangeWallOverhead), "<= 20%", command});
    figures().push_back({"CPU time address ranges add to the import with the naive figures "
                         "(producer and writer threads"
            + cpuOf + kind + medianOf,
        format("%+.1f%%", rangeCpuOverhead), "<= 20%", command});
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

    std::vector<double> rates;
    for (auto _ : state) {
        for (int repeat = 0; repeat < importRepeats(); ++repeat) {
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
                "INSERT INTO events (session_id, id, ts_ns, pid, tid, ppid, uid, call_type, "
                "address, length, prot, flags, fd, offset_value, result, name_id) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
            state.ResumeTiming();
            QElapsedTimer timer;
            timer.start();
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
            rates.push_back(double(count) / (double(timer.nsecsElapsed()) / 1e9));
        }
    }
    state.counters["events_per_s"] = median(rates);
    figures().push_back({std::string("One autocommitted INSERT per event (the original method), ")
            + (mariadb ? "MariaDB" : "SQLite") + ", " + thousands(double(count))
            + " events (median of " + std::to_string(rates.size()) + ")",
        thousands(median(rates)) + " events/s", "(comparison)",
        rerunCommand(mariadb,
            std::string("autocommit_insert_per_event/") + (mariadb ? "mariadb" : "sqlite"))});
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

void printFigures()
{
    if (figures().empty())
        return;
    std::printf("\nFigures (block size %d):\n\n", storeOptions().blockSize);
    std::printf("| measurement | figure | target | command to rerun |\n");
    std::printf("| --- | --- | --- | --- |\n");
    for (const Figure &figure : figures())
        std::printf("| %s | %s | %s | `%s` |\n", figure.measurement.c_str(), figure.figure.c_str(),
            figure.target.c_str(), figure.command.c_str());
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
            [mariadb](benchmark::State &state) { importBenchmark(state, mariadb); })
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->UseManualTime();
        benchmark::RegisterBenchmark(("autocommit_insert_per_event/" + kind).c_str(),
            [mariadb](benchmark::State &state) { autocommitBenchmark(state, mariadb); })
            ->Arg(mariadb ? 2000 : 20000)
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1)
            ->UseRealTime();
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    printFigures();
    return 0;
}
