// SPDX-License-Identifier: GPL-2.0-or-later
#include "importcommand.h"

#include "capture/interruptnotifier.h"
#include "ctl/terminalprogress.h"
#include "import/traceimport.h"
#include "storage/eventstore.h"
#include "trace/eventparser.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <memory>

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

    TraceImport import;
    if (!import.open(tracePath)) {
        err << prefix << import.errorString() << Qt::endl;
        return 1;
    }

    // Importing the records a capture could not store a second time would
    // store them twice.
    if (!parser.isSet(againOption)) {
        if (const std::int64_t earlier = import.earlierImport(url)) {
            err << prefix << import.alreadyImportedMessage(earlier) << ' '
                << tr("Add --again to do so all the same.") << Qt::endl;
            return 1;
        }
    }

    if (!import.createSession(url)) {
        err << prefix << import.errorString() << Qt::endl;
        return 1;
    }

    // The import runs in a thread of its own so that this one can show
    // progress and react to Ctrl-C even while the database makes it wait.
    TraceImport::Outcome outcome = TraceImport::Outcome::Imported;
    std::unique_ptr<QThread> worker(QThread::create([&] { outcome = import.run(); }));

    TerminalProgress progress;
    progress.start(
        tr("importing %1").arg(import.displayName()), import.progress().totalBytes, tr("events"));
    QEventLoop loop;
    InterruptNotifier interrupts;
    QObject::connect(&interrupts, &InterruptNotifier::interrupted, &loop, [&](int, int count) {
        progress.finish();
        if (count == 1) {
            err << prefix
                << tr("stopping; what was read so far is kept (Ctrl-C again to give up on what "
                      "the database has not taken yet).")
                << Qt::endl;
            import.cancel();
        } else {
            import.abort();
        }
    });
    bool reportedFailing = false;
    QTimer ticker;
    ticker.setInterval(100);
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const EventStore::Status status = import.storeStatus();
        if (status.failing != reportedFailing) {
            progress.finish();
            reportedFailing = status.failing;
            if (status.failing)
                err << prefix << status.lastError << ' ' << tr("Retrying; Ctrl-C stops the import.")
                    << Qt::endl;
            else
                err << prefix << tr("the database is writable again; continuing.") << Qt::endl;
        }
        const TraceImport::Progress now = import.progress();
        progress.update(now.bytesRead, now.events);
    });
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    ticker.start();
    worker->start();
    loop.exec();
    worker->wait();
    ticker.stop();
    progress.finish();

    const double seconds = import.seconds();
    const ParserCounters &counters = import.parser().counters();
    const EventStore::Status status = import.storeStatus();
    const QString traceName = import.displayName();

    // Malformed lines, with the line numbers the parser kept.
    for (const QString &line : import.problemReport())
        err << prefix << line << Qt::endl;

    switch (outcome) {
    case TraceImport::Outcome::Imported:
        break;
    case TraceImport::Outcome::Cancelled:
        err << prefix
            << tr("cancelled; session %1 keeps the %2 events read before.")
                   .arg(import.sessionId())
                   .arg(status.writtenEvents)
            << Qt::endl;
        break;
    case TraceImport::Outcome::ReadFailed:
    case TraceImport::Outcome::PipelineFailed:
        err << prefix << traceName << ": " << import.failure() << Qt::endl;
        err << prefix
            << tr("session %1 keeps the %2 events read before the error.")
                   .arg(import.sessionId())
                   .arg(status.writtenEvents)
            << Qt::endl;
        break;
    case TraceImport::Outcome::WriteFailed:
        err << prefix << import.failure() << Qt::endl;
        break;
    case TraceImport::Outcome::Incomplete:
        break; // said after the summary
    }

    out << tr("session: %1").arg(import.sessionId()) << "\n"
        << tr("database: %1").arg(url.toString()) << "\n"
        << tr("trace: %1").arg(traceName) << "\n"
        << tr("events: %1").arg(status.writtenEvents);
    if (status.writtenEvents > 0)
        out << " (" << callSummary(counters) << ")";
    out << "\n"
        << tr("baseline records: %1").arg(status.writtenBaselineRecords) << "\n"
        << tr("processes: %1").arg(import.processes()) << "\n"
        << tr("malformed lines: %1").arg(counters.malformed) << "\n"
        << tr("dropped events: %1").arg(counters.lostEvents) << "\n"
        << tr("seconds: %1").arg(seconds, 0, 'f', 2) << "\n"
        << tr("events per second: %1")
               .arg(seconds > 0 ? qint64(double(status.writtenEvents) / seconds) : 0)
        << Qt::endl;

    if (outcome == TraceImport::Outcome::Incomplete)
        err << prefix << import.failure() << Qt::endl;
    if (outcome != TraceImport::Outcome::Imported)
        return 1;
    return 0;
}

} // namespace memtap
