// SPDX-License-Identifier: GPL-2.0-or-later
// Every query the GUI and memtapctl make, on a 10-million-event session
// (issue 3 and issue 4: each answers in under 100 ms): sessions, process
// totals, the pie's top N, a page of the request log at a random position,
// and pages of views filtered by pid, name and call (applying the filter,
// then jumping to random rows of it, and reading the page at its start,
// middle and end).
//
//   cmake --build build/default --target bench_queries
//   build/default/bin/bench_queries                      # SQLite
//   MEMTAP_BENCH_MARIADB_URL=mysql://memtap@127.0.0.1:33061/memtap_test
//     MEMTAP_DB_PASSWORD=... build/default/bin/bench_queries
//
// The session is written once through EventStore (SyntheticTrace, seed 5)
// and kept for later runs: SQLite in MEMTAP_BENCH_QUERIES_DB (default
// bench-queries.sqlite in the working directory), MariaDB in the database of
// the URL. MEMTAP_BENCH_EVENTS changes the size (default 10,000,000),
// MEMTAP_BENCH_BLOCK_SIZE the store's block size (default: EventStore's; each
// size gets a session of its own). At the end the figures are printed as a
// Markdown table (median and slowest of each query's repetitions).

#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/requestlogquery.h"
#include "storage/sessionrepository.h"
#include "trace/synthetictrace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace memtap;

namespace {

constexpr std::size_t pageRows = 200;

std::uint64_t positiveEnvironment(const char *name, std::uint64_t fallback)
{
    bool ok = false;
    const std::uint64_t value = qEnvironmentVariable(name).toULongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

std::uint64_t sessionEvents()
{
    return positiveEnvironment("MEMTAP_BENCH_EVENTS", 10'000'000);
}

EventStore::Options storeOptions()
{
    EventStore::Options options;
    options.blockSize
        = int(positiveEnvironment("MEMTAP_BENCH_BLOCK_SIZE", std::uint64_t(options.blockSize)));
    return options;
}

QString sourceTag()
{
    return QStringLiteral("bench_queries seed 5 events %1 block %2")
        .arg(sessionEvents())
        .arg(storeOptions().blockSize);
}

// One line of the table printed at the end.
struct Figure
{
    std::string measurement;
    double medianMs = 0;
    double maxMs = 0;
    std::size_t repetitions = 0;
    std::string command;
};

// The name the running benchmark was registered with (State has no name in
// Google Benchmark 1.7).
std::string &currentBenchmark()
{
    static std::string name;
    return name;
}

std::vector<Figure> &figures()
{
    static std::vector<Figure> all;
    return all;
}

void addFigure(const std::string &name, std::vector<double> seconds)
{
    if (seconds.empty())
        return;
    std::sort(seconds.begin(), seconds.end());
    const std::size_t middle = seconds.size() / 2;
    const double median
        = seconds.size() % 2 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
    std::string command = "bench_queries --benchmark_filter='^" + name + "$'";
    if (name.rfind("mariadb/", 0) == 0)
        command = "MEMTAP_BENCH_MARIADB_URL=... MEMTAP_DB_PASSWORD=... " + command;
    figures().push_back({name, median * 1000, seconds.back() * 1000, seconds.size(), command});
}

void printFigures()
{
    if (figures().empty())
        return;
    std::printf("\nFigures (%llu-event session, block size %d, %zu-row pages):\n\n",
        static_cast<unsigned long long>(sessionEvents()), storeOptions().blockSize, pageRows);
    std::printf("| measurement | figure (median / slowest of n) | target | command to rerun |\n");
    std::printf("| --- | --- | --- | --- |\n");
    for (const Figure &figure : figures())
        std::printf("| %s | %.1f / %.1f ms (n=%zu) | < 100 ms | `%s` |\n",
            figure.measurement.c_str(), figure.medianMs, figure.maxMs, figure.repetitions,
            figure.command.c_str());
}

// One database under test, with its session and the filters worth timing.
struct Fixture
{
    std::unique_ptr<Database> database;
    std::int64_t sessionId = 0;
    std::int32_t busyPid = 0; // a process with many events
    std::int32_t quietPid = 0; // one with few, spread out
    QByteArray commonName;
    QString error;
};

std::int64_t findSession(Database &database)
{
    QSqlQuery q(database.connection());
    q.prepare(QStringLiteral("SELECT id FROM sessions WHERE source_name = ? AND end_reason IS NOT "
                             "NULL ORDER BY id DESC"));
    q.addBindValue(sourceTag());
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return 0;
}

std::int64_t writeSession(const DatabaseUrl &url, QString *error)
{
    std::fprintf(stderr, "bench_queries: writing a %llu-event session to %s (once)...\n",
        static_cast<unsigned long long>(sessionEvents()), qPrintable(url.toString()));
    QElapsedTimer timer;
    timer.start();
    EventStore store;
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = sourceTag();
    if (!store.open(url, start, storeOptions())) {
        *error = store.errorString();
        return 0;
    }
    SyntheticTrace::Options options;
    options.seed = 5;
    options.events = sessionEvents();
    SyntheticTrace trace(options);
    store.setMetadata(trace.metadata());
    // Process figures as the Accountant would report them: counted here,
    // which is enough for timing the queries that read them.
    std::map<std::int32_t, ProcessFigures> processes;
    for (;;) {
        auto batch = std::make_shared<EventBatch>();
        if (trace.generate(batch->events, 8192) == 0)
            break;
        for (const Event &e : batch->events) {
            ProcessFigures &p = processes[e.pid];
            if (p.processKey == 0) {
                p.processKey = std::uint64_t(e.pid);
                p.pid = e.pid;
                p.firstSeenNs = e.timestampNs;
            }
            p.name = e.name.toByteArray();
            p.lastSeenNs = e.timestampNs;
            if (e.call == Call::Mmap) {
                ++p.mmapCalls;
                if (e.result >= 0)
                    p.requestedBytes += e.length;
            } else if (e.call == Call::Munmap) {
                ++p.munmapCalls;
                p.releasedBytes += e.length;
            }
        }
        if (!store.append(batch)) {
            *error = store.errorString();
            return 0;
        }
    }
    ProcessUpdate update;
    for (auto &[pid, figures] : processes)
        update.push_back(figures);
    store.updateProcesses(std::move(update));
    if (!store.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}})) {
        *error = store.errorString();
        return 0;
    }
    std::fprintf(stderr, "bench_queries: written in %.1f s\n", double(timer.elapsed()) / 1000.0);
    return store.sessionId();
}

std::array<Fixture, 2> &fixtures()
{
    static std::array<Fixture, 2> both;
    return both;
}

Fixture &fixture(bool mariadb)
{
    Fixture &f = fixtures()[mariadb ? 1 : 0];
    if (f.database || !f.error.isEmpty())
        return f;
    DatabaseUrl url;
    if (mariadb) {
        url = DatabaseUrl::parse(qEnvironmentVariable("MEMTAP_BENCH_MARIADB_URL"));
        if (!url.isValid()) {
            f.error = QStringLiteral("set MEMTAP_BENCH_MARIADB_URL (and MEMTAP_DB_PASSWORD) to "
                                     "measure MariaDB");
            return f;
        }
    } else {
        const QString path = qEnvironmentVariable(
            "MEMTAP_BENCH_QUERIES_DB", QStringLiteral("bench-queries.sqlite"));
        url = DatabaseUrl::sqlite(QFileInfo(path).absoluteFilePath());
    }
    f.database = Database::open(url, &f.error);
    if (!f.database)
        return f;
    f.sessionId = findSession(*f.database);
    if (!f.sessionId) {
        f.sessionId = writeSession(url, &f.error);
        if (!f.sessionId) {
            f.database.reset();
            return f;
        }
    }
    // The busiest process, a quiet one and the most common name.
    SessionRepository repository(*f.database);
    auto processes = repository.processes(f.sessionId);
    std::sort(
        processes.begin(), processes.end(), [](const StoredProcess &a, const StoredProcess &b) {
            return a.figures.mmapCalls + a.figures.munmapCalls
                > b.figures.mmapCalls + b.figures.munmapCalls;
        });
    if (processes.empty()) {
        f.error = QStringLiteral("the session has no processes");
        f.database.reset();
        return f;
    }
    f.busyPid = processes.front().figures.pid;
    f.quietPid = processes[processes.size() / 2].figures.pid;
    std::map<QByteArray, int> names;
    for (const StoredProcess &p : processes)
        ++names[p.figures.name];
    f.commonName = std::max_element(names.begin(), names.end(), [](const auto &a, const auto &b) {
        return a.second < b.second;
    })->first;
    return f;
}

void report(benchmark::State &state, double maxSeconds, std::uint64_t rows)
{
    state.counters["max_ms"] = maxSeconds * 1000.0;
    state.counters["rows"] = double(rows);
}

// Something the GUI does once per refresh.
template<typename Query> void timeQuery(benchmark::State &state, bool mariadb, Query query)
{
    Fixture &f = fixture(mariadb);
    if (!f.database) {
        state.SkipWithError(qPrintable(f.error));
        return;
    }
    std::vector<double> times;
    std::uint64_t rows = 0;
    for (auto _ : state) {
        QElapsedTimer timer;
        timer.start();
        rows = query(f);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        state.SetIterationTime(seconds);
        times.push_back(seconds);
    }
    report(state, *std::max_element(times.begin(), times.end()), rows);
    addFigure(currentBenchmark(), times);
}

RequestFilter filterNamed(const Fixture &f, const std::string &name)
{
    RequestFilter filter;
    if (name == "pid_busy") {
        filter.pid = f.busyPid;
    } else if (name == "pid_quiet") {
        filter.pid = f.quietPid;
    } else if (name == "name") {
        filter.name = f.commonName;
    } else if (name == "name_contains") {
        filter.name = f.commonName.left(3).toUpper();
        filter.nameMatch = RequestFilter::NameMatch::Contains;
    } else if (name == "call_mmap") {
        filter.call = Call::Mmap;
    } else if (name == "call_exit") {
        filter.call = Call::Exit;
    } else if (name == "pid_and_call") {
        filter.pid = f.busyPid;
        filter.call = Call::Munmap;
    } else if (name == "name_and_call") {
        filter.name = f.commonName;
        filter.call = Call::Brk;
    }
    return filter;
}

// Applying a filter: the index is built from scratch and the first page read.
void applyFilter(benchmark::State &state, bool mariadb, const std::string &name)
{
    timeQuery(state, mariadb, [&](Fixture &f) -> std::uint64_t {
        RequestLogQuery log(*f.database, f.sessionId, filterNamed(f, name));
        if (!log.refresh())
            qFatal("%s", qPrintable(log.errorString()));
        const auto rows = log.rows(0, pageRows);
        benchmark::DoNotOptimize(rows.data());
        return log.rowCount();
    });
}

enum class Where { Random, Start, Middle, End };

// Reading a page of a view whose filter is applied: at random rows (the
// scroll bar), or at its start, middle and end.
void jump(benchmark::State &state, bool mariadb, const std::string &name, Where where)
{
    Fixture &f = fixture(mariadb);
    if (!f.database) {
        state.SkipWithError(qPrintable(f.error));
        return;
    }
    RequestLogQuery log(*f.database, f.sessionId, filterNamed(f, name));
    if (!log.refresh()) {
        state.SkipWithError(qPrintable(log.errorString()));
        return;
    }
    QRandomGenerator random(17);
    std::vector<double> times;
    for (auto _ : state) {
        const std::uint64_t lastStart = log.rowCount() > pageRows ? log.rowCount() - pageRows : 0;
        std::uint64_t row = 0;
        switch (where) {
        case Where::Random:
            row = lastStart > 0 ? random.bounded(quint64(0), quint64(lastStart)) : 0;
            break;
        case Where::Start:
            row = 0;
            break;
        case Where::Middle:
            row = lastStart / 2;
            break;
        case Where::End:
            row = lastStart;
            break;
        }
        QElapsedTimer timer;
        timer.start();
        const auto rows = log.rows(row, pageRows);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (rows.size() != std::min<std::uint64_t>(pageRows, log.rowCount()))
            qFatal("page at %llu has %zu rows", static_cast<unsigned long long>(row), rows.size());
        state.SetIterationTime(seconds);
        times.push_back(seconds);
    }
    report(state, *std::max_element(times.begin(), times.end()), log.rowCount());
    addFigure(currentBenchmark(), times);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    const std::vector<std::string> filters = {"none", "pid_busy", "pid_quiet", "name",
        "name_contains", "call_mmap", "call_exit", "pid_and_call", "name_and_call"};
    for (bool mariadb : {false, true}) {
        const std::string kind = mariadb ? "mariadb/" : "sqlite/";
        auto add = [&](const std::string &name, auto function, int iterations) {
            const std::string fullName = kind + name;
            benchmark::RegisterBenchmark(fullName.c_str(),
                [fullName, function](benchmark::State &state) {
                    currentBenchmark() = fullName;
                    function(state);
                })
                ->Unit(benchmark::kMillisecond)
                ->UseManualTime()
                ->Iterations(iterations);
        };
        add(
            "sessions",
            [mariadb](benchmark::State &state) {
                timeQuery(state, mariadb, [](Fixture &f) {
                    return std::uint64_t(SessionRepository(*f.database).sessions().size());
                });
            },
            20);
        add(
            "process_totals",
            [mariadb](benchmark::State &state) {
                timeQuery(state, mariadb, [](Fixture &f) {
                    return std::uint64_t(
                        SessionRepository(*f.database).processes(f.sessionId).size());
                });
            },
            20);
        add(
            "pie_top10",
            [mariadb](benchmark::State &state) {
                timeQuery(state, mariadb, [](Fixture &f) {
                    const auto share = SessionRepository(*f.database).requestShare(f.sessionId, 10);
                    return std::uint64_t(share ? share->top.size() : 0);
                });
            },
            20);
        for (const std::string &filter : filters) {
            if (filter != "none")
                add(
                    "apply_filter/" + filter,
                    [mariadb, filter](
                        benchmark::State &state) { applyFilter(state, mariadb, filter); },
                    10);
            add(
                "jump_page/" + filter,
                [mariadb, filter](
                    benchmark::State &state) { jump(state, mariadb, filter, Where::Random); },
                50);
            for (const auto &[where, label] : {std::pair {Where::Start, "start"},
                     std::pair {Where::Middle, "middle"}, std::pair {Where::End, "end"}}) {
                add(
                    "page_at_" + std::string(label) + "/" + filter,
                    [mariadb, filter, where = where](
                        benchmark::State &state) { jump(state, mariadb, filter, where); },
                    10);
            }
        }
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    printFigures();
    std::fflush(stdout);
    // Connections close while QtSql's registry of them still exists.
    for (Fixture &f : fixtures())
        f.database.reset();
    return 0;
}
