// SPDX-License-Identifier: GPL-2.0-or-later
#include "importcommand.h"

#include "capture/interruptnotifier.h"
#include "ctl/terminalprogress.h"
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionrepository.h"
#include "trace/eventparser.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace memtap {

namespace {

const QString prefix = QStringLiteral("memtapctl import: ");

QString callSummary(const ParserCounters &counters)
{
    QStringList parts;
    for (std::size_t i = 0; i < callCount; ++i) {
        const Call call = static_cast<Call>(i);
        if (!isBaselineRecord(call) && counters.byCall[i] > 0)
            parts << QStringLiteral("%1 %2")
                         .arg(QLatin1String(callName(call)))
                         .arg(counters.byCall[i]);
    }
    return parts.join(QStringLiteral(", "));
}

// The session that already holds the records of a file of unstored records
// (metadata names the session they belong to), or 0. A database that cannot be
// read here is left to the import to report.
std::int64_t earlierImportOf(const DatabaseUrl &url, const TraceMetadata &metadata)
{
    if (metadata.continuesSessionId <= 0)
        return 0;
    QString error;
    const auto database = Database::open(url, &error);
    if (!database)
        return 0;
    const auto original = SessionRepository(*database).session(metadata.continuesSessionId);
    // Another database's session with the same id is not the one meant.
    if (!original || original->createdAtNs != metadata.continuesSessionCreatedAtNs)
        return 0;
    return original->continuedIn.value_or(0);
}

} // namespace

QString ImportCommand::summary() const
{
    return tr("Replay a recorded trace (plain or gzip) into a new session of the database");
}

int ImportCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Replays a recorded trace (format v1, plain or gzip-compressed) into a new session of "
           "the database, as if it were being captured now."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("TRACE"),
        tr("The trace file (memtapctl record --output); - reads standard input."));
    const QCommandLineOption dbOption(
        QStringLiteral("db"), DatabaseUrl::commandLineHelp(), QStringLiteral("URL"));
    parser.addOption(dbOption);
    const QCommandLineOption againOption(QStringLiteral("again"),
        tr("Import a file of unstored records even though the database holds them already."));
    parser.addOption(againOption);
    if (!parser.parse(arguments)) {
        err << prefix << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) {
        err << prefix << tr("give exactly one trace file (or - for standard input).") << Qt::endl;
        return 2;
    }
    const QString tracePath = parser.positionalArguments().constFirst();
    QString error;
    const DatabaseUrl url = DatabaseUrl::fromCommandLine(parser.value(dbOption), &error);
    if (!url.isValid()) {
        err << prefix << error << Qt::endl;
        return 2;
    }

    TraceFile trace;
    if (!trace.open(tracePath)) {
        err << prefix << trace.errorString() << Qt::endl;
        return 1;
    }
    // Look at the start before a session is created: a file in another
    // format must not leave an empty session behind.
    const QByteArray firstChunk = trace.read().toByteArray();
    if (trace.hasError()) {
        err << prefix << trace.errorString() << Qt::endl;
        return 1;
    }
    EventParser probe;
    {
        std::vector<Event> ignored;
        probe.feed(firstChunk, ignored);
        if (firstChunk.isEmpty())
            probe.finish(ignored);
    }
    if (probe.hasFatalError()) {
        err << prefix << trace.displayName() << ": " << probe.fatalError() << Qt::endl;
        return 1;
    }
    if (firstChunk.isEmpty()) {
        err << prefix
            << tr("%1 is empty; give a trace recorded with memtapctl record.")
                   .arg(trace.displayName())
            << Qt::endl;
        return 1;
    }

    // Importing the records a capture could not store a second time would
    // store them twice.
    if (!parser.isSet(againOption)) {
        if (const std::int64_t earlier = earlierImportOf(url, probe.metadata())) {
            err << prefix
                << tr("%1 holds the records that session %2 could not store, and session %3 "
                      "holds them already: importing them again would store them twice. Add "
                      "--again to do so all the same.")
                       .arg(trace.displayName())
                       .arg(probe.metadata().continuesSessionId)
                       .arg(earlier)
                << Qt::endl;
            return 1;
        }
    }

    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = tracePath == QLatin1String("-") ? trace.displayName() : tracePath;
    // User names can only be looked up on the machine that recorded the trace.
    start.resolveUserNames = !probe.metadata().host.isEmpty()
        && probe.metadata().host == QSysInfo::machineHostName().toUtf8();
    EventStore store;
    if (!store.open(url, start)) {
        err << prefix << store.errorString() << Qt::endl;
        return 1;
    }

    IngestPipeline pipeline(&store);
    std::atomic<std::uint64_t> bytesRead {0};
    std::atomic<std::uint64_t> eventsRead {0};
    std::atomic<bool> cancelled {false};
    enum class Outcome { Imported, ReadFailed, PipelineFailed, Cancelled, WriteFailed };
    Outcome outcome = Outcome::Imported;
    QString failure;
    QElapsedTimer clock;
    clock.start();

    // The import runs in a thread of its own so that this one can show
    // progress and react to Ctrl-C even while the database makes it wait.
    std::unique_ptr<QThread> worker(QThread::create([&] {
        bool ok = pipeline.feed(firstChunk);
        while (ok && !cancelled.load()) {
            const QByteArrayView chunk = trace.read();
            bytesRead.store(std::uint64_t(trace.position()));
            if (chunk.isEmpty())
                break;
            ok = pipeline.feed(chunk);
            eventsRead.store(pipeline.progress().events);
        }
        SessionEnd end;
        if (!ok) {
            outcome = Outcome::PipelineFailed;
            failure = pipeline.errorString();
            end.reason = QStringLiteral("import-failed");
        } else if (cancelled.load()) {
            outcome = Outcome::Cancelled;
            end.reason = QStringLiteral("import-cancelled");
        } else if (trace.hasError()) {
            outcome = Outcome::ReadFailed;
            failure = trace.errorString();
            end.reason = QStringLiteral("import-failed");
        } else {
            end.reason = QStringLiteral("end-of-trace");
        }
        if (!pipeline.finish(end) && outcome == Outcome::Imported) {
            outcome = Outcome::WriteFailed;
            failure = pipeline.errorString();
        }
        eventsRead.store(pipeline.progress().events);
    }));

    TerminalProgress progress;
    progress.start(tr("importing %1").arg(trace.displayName()),
        std::uint64_t(std::max<qint64>(0, trace.size())), tr("events"));
    QEventLoop loop;
    InterruptNotifier interrupts;
    QObject::connect(&interrupts, &InterruptNotifier::interrupted, &loop, [&](int, int count) {
        progress.finish();
        if (count == 1) {
            err << prefix
                << tr("stopping; what was read so far is kept (Ctrl-C again to give up on what "
                      "the database has not taken yet).")
                << Qt::endl;
            cancelled.store(true);
        } else {
            cancelled.store(true);
            store.abort();
        }
    });
    bool reportedFailing = false;
    QTimer ticker;
    ticker.setInterval(100);
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const EventStore::Status status = store.status();
        if (status.failing != reportedFailing) {
            progress.finish();
            reportedFailing = status.failing;
            if (status.failing)
                err << prefix << status.lastError << ' ' << tr("Retrying; Ctrl-C stops the import.")
                    << Qt::endl;
            else
                err << prefix << tr("the database is writable again; continuing.") << Qt::endl;
        }
        progress.update(bytesRead.load(), eventsRead.load());
    });
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    ticker.start();
    worker->start();
    loop.exec();
    worker->wait();
    ticker.stop();
    progress.finish();

    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const ParserCounters &counters = pipeline.parser().counters();
    const EventStore::Status status = store.status();

    // Malformed lines, with the line numbers the parser kept.
    for (const EventParser::Problem &problem : pipeline.parser().problems())
        err << prefix << trace.displayName() << ':' << problem.lineNumber << ": " << problem.reason
            << Qt::endl;
    if (counters.malformed > pipeline.parser().problems().size())
        err << prefix
            << tr("... and %1 more malformed lines.")
                   .arg(counters.malformed - pipeline.parser().problems().size())
            << Qt::endl;

    switch (outcome) {
    case Outcome::Imported:
        break;
    case Outcome::Cancelled:
        err << prefix
            << tr("cancelled; session %1 keeps the %2 events read before.")
                   .arg(store.sessionId())
                   .arg(status.writtenEvents)
            << Qt::endl;
        break;
    case Outcome::ReadFailed:
    case Outcome::PipelineFailed:
        err << prefix << trace.displayName() << ": " << failure << Qt::endl;
        err << prefix
            << tr("session %1 keeps the %2 events read before the error.")
                   .arg(store.sessionId())
                   .arg(status.writtenEvents)
            << Qt::endl;
        break;
    case Outcome::WriteFailed:
        err << prefix << failure << Qt::endl;
        break;
    }

    out << tr("session: %1").arg(store.sessionId()) << "\n"
        << tr("database: %1").arg(url.toString()) << "\n"
        << tr("trace: %1").arg(trace.displayName()) << "\n"
        << tr("events: %1").arg(status.writtenEvents);
    if (status.writtenEvents > 0)
        out << " (" << callSummary(counters) << ")";
    out << "\n"
        << tr("baseline records: %1").arg(status.writtenBaselineRecords) << "\n"
        << tr("processes: %1").arg(pipeline.progress().processes) << "\n"
        << tr("malformed lines: %1").arg(counters.malformed) << "\n"
        << tr("dropped events: %1").arg(counters.lostEvents) << "\n"
        << tr("seconds: %1").arg(seconds, 0, 'f', 2) << "\n"
        << tr("events per second: %1")
               .arg(seconds > 0 ? qint64(double(status.writtenEvents) / seconds) : 0)
        << Qt::endl;

    if (outcome != Outcome::Imported)
        return 1;
    // Nothing lost: what the parser accepted is what the database holds.
    if (status.writtenEvents != counters.events()
        || status.writtenBaselineRecords != counters.records - counters.events()) {
        err << prefix
            << tr("the database holds %1 events and %2 baseline records, but the trace had %3 "
                  "and %4; the import is incomplete.")
                   .arg(status.writtenEvents)
                   .arg(status.writtenBaselineRecords)
                   .arg(counters.events())
                   .arg(counters.records - counters.events())
            << Qt::endl;
        return 1;
    }
    return 0;
}

} // namespace memtap
