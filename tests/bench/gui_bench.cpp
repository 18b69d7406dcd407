// SPDX-License-Identifier: GPL-2.0-or-later
// The desktop application under load (issue 4): with a 10-million-event
// session in SQLite, the GUI's memory while scrolling and jumping through the
// request log (target < 300 MB RSS) and the time from a jump to a random row
// until its rows are shown (target < 100 ms); and, while a writer thread
// ingests a synthetic trace into the shown session at 100,000 events/s, the
// GUI event loop's longest stall (target < 50 ms), measured as the lateness
// of a 5 ms timer.
//
//   cmake --build build/default --target bench_gui
//   QT_QPA_PLATFORM=offscreen build/default/bin/bench_gui
//
// The 10-million-event session is written once through EventStore
// (SyntheticTrace, seed 5) and kept in MEMTAP_BENCH_GUI_DB (default
// bench-gui.sqlite in the working directory). MEMTAP_BENCH_EVENTS changes its
// size, MEMTAP_BENCH_INGEST_SECONDS the length of the ingest run (default 20),
// MEMTAP_BENCH_INGEST_RATE its rate (default 100,000 events/s);
// MEMTAP_BENCH_GUI_LIVE_ONLY=1 measures the ingest part only. The slowest
// dispatches of the GUI thread during the ingest (MEMTAP_BENCH_GUI_SLOW_MS or
// longer in wall or CPU time, default 20) are listed with what ran.

#include "mainwindow.h"
#include "models/processmodel.h"
#include "models/requestlogmodel.h"
#include "requestlogview.h"
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionend.h"
#include "storage/sessionstart.h"
#include "trace/synthetictrace.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSettings>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace memtap;

namespace {

std::uint64_t positiveEnvironment(const char *name, std::uint64_t fallback)
{
    bool ok = false;
    const std::uint64_t value = qEnvironmentVariable(name).toULongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

// Resident memory of this process, in MiB.
double rssMib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Times every event the GUI thread dispatches from its event loop (not the
// ones sent from within another), so a stall can be put down to what ran:
// the receiver's class and object name and the event type, with the thread's
// CPU time beside the wall time (a stall with little CPU time is the thread
// waiting for a core, not work).
class ProfilingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    struct Dispatch
    {
        double wallMs = 0;
        double cpuMs = 0;
        QString what;
    };

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!profiling || depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Taken before: the event may delete its receiver.
        const char *receiverClass = receiver->metaObject()->className();
        const char *parentClass
            = receiver->parent() ? receiver->parent()->metaObject()->className() : "-";
        // Member timers have no parent: their interval tells them apart.
        const auto *timer = qobject_cast<QTimer *>(receiver);
        const int interval = timer ? timer->interval() : -1;
        const QPointer<QObject> guard(receiver);
        const int type = event->type();
        ++depth;
        QElapsedTimer wall;
        wall.start();
        const double cpu = threadCpuMs();
        const bool result = QApplication::notify(receiver, event);
        const double wallMs = double(wall.nsecsElapsed()) / 1e6;
        const double cpuMs = threadCpuMs() - cpu;
        --depth;
        if (wallMs >= slowMs || cpuMs >= slowMs) {
            QString what = QStringLiteral("%1 \"%2\" (parent %3), event type %4")
                               .arg(QLatin1String(receiverClass),
                                   guard ? guard->objectName() : QStringLiteral("(deleted)"),
                                   QLatin1String(parentClass))
                               .arg(type);
            if (interval >= 0)
                what += QStringLiteral(", interval %1 ms").arg(interval);
            slow.push_back({wallMs, cpuMs, what});
        }
        return result;
    }

    bool profiling = false;
    double slowMs = 20;
    std::vector<Dispatch> slow;

private:
    int depth = 0;
};

struct Stats
{
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Stats stats(std::vector<double> values)
{
    Stats s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    s.median = values[values.size() / 2];
    s.p95 = values[std::min(values.size() - 1, values.size() * 95 / 100)];
    s.max = values.back();
    return s;
}

QString sourceTag(std::uint64_t events)
{
    return QStringLiteral("bench_gui seed 5 events %1").arg(events);
}

std::int64_t findOrWriteSession(const DatabaseUrl &url, std::uint64_t events, QString *error)
{
    {
        auto database = Database::open(url, error);
        if (!database)
            return 0;
        QSqlQuery q(database->connection());
        q.prepare(QStringLiteral("SELECT id FROM sessions WHERE source_name = ? AND end_reason "
                                 "IS NOT NULL ORDER BY id DESC"));
        q.addBindValue(sourceTag(events));
        if (q.exec() && q.next())
            return q.value(0).toLongLong();
    }
    std::fprintf(stderr, "bench_gui: writing a %llu-event session to %s (once)...\n",
        static_cast<unsigned long long>(events), qPrintable(url.toString()));
    QElapsedTimer timer;
    timer.start();
    EventStore store;
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = sourceTag(events);
    start.resolveUserNames = false;
    if (!store.open(url, start)) {
        *error = store.errorString();
        return 0;
    }
    SyntheticTrace::Options options;
    options.seed = 5;
    options.events = events;
    SyntheticTrace trace(options);
    store.setMetadata(trace.metadata());
    for (;;) {
        auto batch = std::make_shared<EventBatch>();
        if (trace.generate(batch->events, 8192) == 0)
            break;
        if (!store.append(batch)) {
            *error = store.errorString();
            return 0;
        }
    }
    SessionEnd end;
    end.reason = QStringLiteral("end-of-trace");
    if (!store.finish(end)) {
        *error = store.errorString();
        return 0;
    }
    std::fprintf(stderr, "bench_gui: written in %.1f s\n", double(timer.elapsed()) / 1000.0);
    return store.sessionId();
}

// Rows the table shows from its top row.
std::pair<int, int> visibleRows(QTableView *table)
{
    const int first = std::max(0, table->rowAt(0));
    int last = table->rowAt(table->viewport()->height() - 1);
    if (last < 0)
        last = table->model()->rowCount() - 1;
    return {first, last};
}

// Waits until the rows on screen are loaded and painted; milliseconds.
double waitShown(RequestLogModel *model, QTableView *table, QElapsedTimer &clock, int timeoutMs)
{
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const auto [first, last] = visibleRows(table);
        if (model->isLoaded(first, last)) {
            table->viewport()->repaint();
            return double(clock.nsecsElapsed()) / 1e6;
        }
        if (clock.elapsed() > timeoutMs)
            return -1;
    }
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ProfilingApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("memtap-bench"));
    QApplication::setApplicationName(QStringLiteral("bench_gui"));
    QSettings().clear();

    const std::uint64_t events = positiveEnvironment("MEMTAP_BENCH_EVENTS", 10'000'000);
    const QString path
        = QFileInfo(qEnvironmentVariable("MEMTAP_BENCH_GUI_DB", QStringLiteral("bench-gui.sqlite")))
              .absoluteFilePath();
    const DatabaseUrl url = DatabaseUrl::sqlite(path);
    QString error;
    const std::int64_t sessionId = findOrWriteSession(url, events, &error);
    if (!sessionId) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(error));
        return 1;
    }

    // --- 1. Scrolling and jumping through 10 million rows ----------------------
    double rssBefore = 0;
    double rssMax = 0;
    std::vector<double> jumps;
    std::vector<double> pageDowns;
    double dragMs = 0;
    // MEMTAP_BENCH_GUI_LIVE_ONLY=1 skips this part (when working on the ingest part).
    if (qEnvironmentVariableIntValue("MEMTAP_BENCH_GUI_LIVE_ONLY") == 0) {
        MainWindow window;
        window.resize(1360, 860);
        window.show();
        window.requestsDock()->raise();
        QCoreApplication::processEvents();
        rssBefore = rssMib();
        RequestLogModel *model = window.requestLogModel();
        QTableView *table = window.requestLogView()->tableView();
        window.showSession(url, sessionId, false);
        QElapsedTimer clock;
        clock.start();
        while (!model->isCounted() && clock.elapsed() < 30000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (model->rowCount() != int(events)) {
            std::fprintf(stderr, "bench_gui: the request log counts %d rows, expected %llu (%s)\n",
                model->rowCount(), static_cast<unsigned long long>(events),
                qPrintable(model->errorString()));
            return 1;
        }
        std::printf("bench_gui: request log of %d rows counted in %.1f ms\n", model->rowCount(),
            double(clock.nsecsElapsed()) / 1e6);

        QRandomGenerator random(42);
        for (int i = 0; i < 300; ++i) {
            const int row = int(random.bounded(model->rowCount()));
            clock.restart();
            table->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtTop);
            const double ms = waitShown(model, table, clock, 10000);
            if (ms < 0) {
                std::fprintf(stderr, "bench_gui: row %d was not shown within 10 s\n", row);
                return 1;
            }
            jumps.push_back(ms);
            rssMax = std::max(rssMax, rssMib());
        }
        // Paging down through a stretch, as a reader holding Page Down.
        QScrollBar *bar = table->verticalScrollBar();
        bar->setValue(bar->maximum() / 3);
        waitShown(model, table, clock, 10000);
        for (int i = 0; i < 1000; ++i) {
            clock.restart();
            bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
            pageDowns.push_back(waitShown(model, table, clock, 10000));
            if (i % 50 == 0)
                rssMax = std::max(rssMax, rssMib());
        }
        // Dragging the scroll bar from top to bottom: 2,000 positions, each
        // painted, then the rows at the end.
        clock.restart();
        for (int i = 0; i <= 2000; ++i) {
            bar->setValue(int(qint64(bar->maximum()) * i / 2000));
            table->viewport()->repaint();
            QCoreApplication::processEvents();
        }
        waitShown(model, table, clock, 10000);
        dragMs = double(clock.nsecsElapsed()) / 1e6;
        rssMax = std::max(rssMax, rssMib());
        std::printf("bench_gui: pages cached at the end: %d (at most %d)\n",
            model->cachedPageCount(), RequestLogModel::cachedPages);
    }

    // --- 2. The event loop while 100,000 events/s are ingested ------------------
    const std::uint64_t rate = positiveEnvironment("MEMTAP_BENCH_INGEST_RATE", 100'000);
    const std::uint64_t seconds = positiveEnvironment("MEMTAP_BENCH_INGEST_SECONDS", 20);
    QTemporaryDir scratch;
    const DatabaseUrl liveUrl
        = DatabaseUrl::sqlite(scratch.filePath(QStringLiteral("bench-gui-live.sqlite")));
    double maxLatenessMs = 0;
    std::vector<double> lateness;
    std::atomic<std::uint64_t> ingested {0};
    double ingestSeconds = 0;
    double rssLiveMax = 0;
    {
        MainWindow window;
        window.resize(1360, 860);
        window.show();
        window.requestsDock()->raise();
        window.requestLogView()->setFollowing(true);
        std::atomic<bool> stop {false};
        QString writerError;
        std::thread writer([&] {
            EventStore store;
            SessionStart start;
            start.source = SessionStart::Source::Record;
            start.resolveUserNames = false;
            if (!store.open(liveUrl, start)) {
                writerError = store.errorString();
                return;
            }
            IngestPipeline pipeline(&store);
            QObject::connect(
                &pipeline, &IngestPipeline::processesUpdated, &window,
                [&window](const ProcessUpdate &update) { window.applyProcessUpdate(update); },
                Qt::QueuedConnection);
            SyntheticTrace::Options options;
            options.seed = 9;
            options.events = rate * seconds * 2;
            options.processes = 200;
            SyntheticTrace trace(options);
            pipeline.setMetadata(trace.metadata());
            const std::int64_t id = store.sessionId();
            QMetaObject::invokeMethod(
                &window, [&window, liveUrl, id] { window.showSession(liveUrl, id, true); },
                Qt::QueuedConnection);
            // 100 batches a second, each due at its time.
            const std::uint64_t perBatch = std::max<std::uint64_t>(1, rate / 100);
            const auto begin = std::chrono::steady_clock::now();
            std::uint64_t batches = 0;
            while (!stop.load()) {
                auto batch = std::make_shared<EventBatch>();
                std::size_t calls = 0;
                while (calls < perBatch) {
                    std::vector<Event> records;
                    if (trace.generate(records, perBatch - calls) == 0)
                        break;
                    for (const Event &e : records)
                        calls += isBaselineRecord(e.call) ? 0 : 1;
                    batch->events.insert(batch->events.end(), records.begin(), records.end());
                }
                if (batch->events.empty() || !pipeline.addBatch(batch))
                    break;
                ingested += calls;
                ++batches;
                std::this_thread::sleep_until(begin + std::chrono::milliseconds(batches * 10));
            }
            SessionEnd end;
            end.reason = QStringLiteral("user-stop");
            pipeline.finish(end);
        });

        QElapsedTimer run;
        run.start();
        QElapsedTimer sinceTick;
        sinceTick.start();
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(5);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const double late = double(sinceTick.nsecsElapsed()) / 1e6 - 5.0;
            sinceTick.restart();
            // The first second is the window settling and the first count.
            if (run.elapsed() > 1000) {
                lateness.push_back(std::max(0.0, late));
                maxLatenessMs = std::max(maxLatenessMs, late);
            }
        });
        ticker.start();
        app.slowMs = qEnvironmentVariableIsSet("MEMTAP_BENCH_GUI_SLOW_MS")
            ? qEnvironmentVariable("MEMTAP_BENCH_GUI_SLOW_MS").toDouble()
            : 20;
        app.profiling = true;
        QTimer sampler;
        QObject::connect(
            &sampler, &QTimer::timeout, [&] { rssLiveMax = std::max(rssLiveMax, rssMib()); });
        sampler.start(500);
        QTimer::singleShot(int(seconds * 1000), [&] {
            stop = true;
            QCoreApplication::quit();
        });
        QApplication::exec();
        ingestSeconds = double(run.elapsed()) / 1000.0;
        app.profiling = false;
        ticker.stop();
        writer.join();
        if (!writerError.isEmpty()) {
            std::fprintf(stderr, "bench_gui: %s\n", qPrintable(writerError));
            return 1;
        }
        std::printf("bench_gui: request log during ingest showed %d rows (follow %s); %d "
                    "processes\n",
            window.requestLogModel()->rowCount(),
            window.requestLogView()->isFollowing() ? "on" : "off",
            window.processModel()->rowCount());
    }

    const Stats jump = stats(jumps);
    const Stats page = stats(pageDowns);
    const Stats late = stats(lateness);
    std::printf("\nFigures (%llu-event SQLite session; GUI on the offscreen platform):\n\n",
        static_cast<unsigned long long>(events));
    std::printf("| measurement | figure | target |\n| --- | --- | --- |\n");
    std::printf("| jump to a random row -> rows shown (n=%zu) | median %.1f ms, p95 %.1f ms, "
                "slowest %.1f ms | < 100 ms |\n",
        jumps.size(), jump.median, jump.p95, jump.max);
    std::printf("| page down -> rows shown (n=%zu) | median %.1f ms, p95 %.1f ms, slowest %.1f ms "
                "| < 100 ms |\n",
        pageDowns.size(), page.median, page.p95, page.max);
    std::printf(
        "| drag the scroll bar top to bottom (2,001 positions painted) | %.0f ms | |\n", dragMs);
    std::printf("| GUI RSS while scrolling and jumping | %.0f MiB max (%.0f MiB before the "
                "session was shown) | < 300 MB |\n",
        rssMax, rssBefore);
    std::printf("| event-loop lateness of a 5 ms timer while ingesting %.0f events/s into the "
                "shown live session for %.0f s | max %.1f ms, p95 %.1f ms, median "
                "%.2f ms | < 50 ms |\n",
        double(ingested.load()) / ingestSeconds, ingestSeconds, maxLatenessMs, late.p95,
        late.median);
    std::printf("| GUI RSS during that ingest | %.0f MiB max | |\n", rssLiveMax);

    // What the GUI thread was doing in its slowest dispatches during the ingest.
    auto &slow = app.slow;
    std::printf("\nGUI-thread dispatches of %.0f ms or more (wall or CPU) during the ingest: %zu\n",
        app.slowMs, slow.size());
    const auto list = [&slow](const char *title, double ProfilingApplication::Dispatch::*key) {
        std::sort(slow.begin(), slow.end(),
            [key](const auto &a, const auto &b) { return a.*key > b.*key; });
        std::printf("%s\n", title);
        for (std::size_t i = 0; i < std::min<std::size_t>(slow.size(), 12); ++i)
            std::printf("  %6.1f ms wall, %6.1f ms CPU: %s\n", slow[i].wallMs, slow[i].cpuMs,
                qPrintable(slow[i].what));
    };
    list("slowest by wall time:", &ProfilingApplication::Dispatch::wallMs);
    list("slowest by CPU time:", &ProfilingApplication::Dispatch::cpuMs);
    return 0;
}
