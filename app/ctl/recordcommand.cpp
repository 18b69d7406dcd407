// SPDX-License-Identifier: GPL-2.0-or-later
#include "recordcommand.h"

#include "capture/backendselector.h"
#include "capture/capturesession.h"
#include "capture/interruptnotifier.h"
#include "capture/rawstreamwriter.h"
#include "live/livecapture.h"
#include "memtapconfig.h"
#include "storage/eventstore.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <cmath>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace memtap {

namespace {

constexpr int exitOk = 0;
constexpr int exitFailed = 1;
constexpr int exitUsage = 2;
constexpr int exitForced = 130; // a second Ctrl-C: 128 + SIGINT
// How long the output may take for what is still queued once the capture ended.
constexpr int outputDrainTimeoutMs = 30000;

bool hasControllingTerminal()
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

// A write to a closed pipe (`memtapctl record --output - | head`) must fail
// with EPIPE and end the capture cleanly, not kill us before the summary. A
// handler rather than SIG_IGN: an ignored signal would stay ignored in the
// helper and its tracer.
void ignoreBrokenPipe(int) { }

class BrokenPipeGuard
{
public:
    BrokenPipeGuard()
    {
        struct sigaction action
        {
        };
        action.sa_handler = &ignoreBrokenPipe;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGPIPE, &action, &m_previous);
    }
    ~BrokenPipeGuard() { ::sigaction(SIGPIPE, &m_previous, nullptr); }
    BrokenPipeGuard(const BrokenPipeGuard &) = delete;
    BrokenPipeGuard &operator=(const BrokenPipeGuard &) = delete;

private:
    struct sigaction m_previous
    {
    };
};

QString seconds(qint64 milliseconds)
{
    return QString::number(static_cast<double>(milliseconds) / 1000.0, 'f', 2);
}

} // namespace

QString RecordCommand::summary() const
{
    return tr("Capture every memory call of every process into a v1 trace file");
}

Elevation RecordCommand::defaultElevation()
{
    if (::geteuid() == 0)
        return Elevation::None;
    const bool pkexecInstalled
        = !BackendSelector::findSystemTool(QStringLiteral("pkexec")).isEmpty();
    const bool systemBus = QFileInfo::exists(QStringLiteral("/run/dbus/system_bus_socket"));
    const bool graphicalSession = !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("DISPLAY");
    if (pkexecInstalled && systemBus && (hasControllingTerminal() || graphicalSession))
        return Elevation::Pkexec;
    if (!BackendSelector::findSystemTool(QStringLiteral("sudo")).isEmpty())
        return Elevation::Sudo;
    return Elevation::Pkexec;
}

QString RecordCommand::formatSummary(
    const CaptureSession &session, const QString &outputName, qint64 bytesWritten)
{
    const ParserCounters counters = session.counters();
    const qint64 durationMs = session.runningDurationMs();
    const std::uint64_t events = counters.events();
    const double perSecond = durationMs > 0
        ? static_cast<double>(events) * 1000.0 / static_cast<double>(durationMs)
        : 0.0;

    QString text;
    QTextStream out(&text);
    out << tr("memtapctl record: %1, %2 after %3 s")
               .arg(captureBackendDisplayName(session.backend()),
                   captureEndReasonText(session.endReason()), seconds(durationMs))
        << "\n";
    out << tr("events: %1 (%2/s)").arg(events).arg(perSecond, 0, 'f', 1) << "\n";
    std::uint64_t baselineRecords = 0;
    QStringList baselineParts;
    for (std::size_t i = 0; i < callCount; ++i) {
        const auto call = static_cast<Call>(i);
        const QString name = QString::fromLatin1(callName(call));
        if (isBaselineRecord(call)) {
            baselineRecords += counters.byCall[i];
            baselineParts << QStringLiteral("%1: %2").arg(name).arg(counters.byCall[i]);
        } else {
            out << QStringLiteral("  %1: %2").arg(name).arg(counters.byCall[i]) << "\n";
        }
    }
    out << tr("baseline records: %1 (%2)").arg(baselineRecords).arg(baselineParts.join(u", "))
        << "\n";
    out << tr("malformed lines: %1").arg(counters.malformed) << "\n";
    out << tr("dropped events: %1").arg(counters.lostEvents) << "\n";
    if (!outputName.isEmpty())
        out << tr("written: %1, %2 bytes").arg(outputName).arg(bytesWritten) << "\n";
    return text;
}

int RecordCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString prefix = QStringLiteral("memtapctl record: ");

    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    parser.addHelpOption();
    const QCommandLineOption backendOption(QStringLiteral("backend"),
        tr("Tracer: auto (SystemTap where it can load its module, else bpftrace), stap or "
           "bpftrace."),
        QStringLiteral("auto|stap|bpftrace"), QStringLiteral("auto"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        tr("Stop after this many seconds of capture (from the moment the tracer is attached). "
           "Without it, the capture runs until Ctrl-C."),
        QStringLiteral("seconds"));
    const QCommandLineOption outputOption(QStringLiteral("output"),
        tr("Where to write the v1 stream; - writes it to standard output (the summary then goes "
           "to standard error)."),
        QStringLiteral("file"));
    const QCommandLineOption elevationOption(QStringLiteral("elevation"),
        tr("How to start the root helper: pkexec, sudo (runs sudo -n, never prompts) or none "
           "(already root). Default: none as root; pkexec when polkit can ask for the password "
           "(on this terminal or through the desktop's agent); else sudo."),
        QStringLiteral("pkexec|sudo|none"));
    const QCommandLineOption helperOption(QStringLiteral("helper"),
        tr("The root helper to run (for development and tests; pkexec only accepts the "
           "installed one). Default: %1.")
            .arg(QStringLiteral(MEMTAP_HELPER_PATH)),
        QStringLiteral("path"), QStringLiteral(MEMTAP_HELPER_PATH));
    const QCommandLineOption dbOption(QStringLiteral("db"),
        tr("Also store the capture as a new session in a database (empty: the default one). "
           "%1")
            .arg(DatabaseUrl::commandLineHelp()),
        QStringLiteral("URL"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
        tr("Also print what the tracer and the helper write to standard error."));
    parser.addOptions({backendOption, durationOption, outputOption, elevationOption, helperOption,
        dbOption, verboseOption});

    if (!parser.parse(arguments)) {
        err << prefix << parser.errorText() << "\n";
        return exitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        help.replace(0, help.indexOf(u'\n'), tr("Usage: memtapctl record [options]"));
        out << help;
        return exitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << prefix
            << tr("unexpected argument \"%1\"; see memtapctl record --help.")
                   .arg(parser.positionalArguments().constFirst())
            << "\n";
        return exitUsage;
    }

    CaptureOptions options;
    const auto backend = captureBackendFromName(parser.value(backendOption));
    if (!backend) {
        err << prefix
            << tr("unknown backend \"%1\"; use auto, stap or bpftrace.")
                   .arg(parser.value(backendOption))
            << "\n";
        return exitUsage;
    }
    options.backend = *backend;
    if (parser.isSet(elevationOption)) {
        const auto elevation = elevationFromName(parser.value(elevationOption));
        if (!elevation) {
            err << prefix
                << tr("unknown elevation \"%1\"; use pkexec, sudo or none.")
                       .arg(parser.value(elevationOption))
                << "\n";
            return exitUsage;
        }
        options.elevation = *elevation;
    } else {
        options.elevation = defaultElevation();
    }
    options.helperPath = QFileInfo(parser.value(helperOption)).absoluteFilePath();
    if (parser.isSet(durationOption)) {
        bool ok = false;
        const double durationSeconds = parser.value(durationOption).toDouble(&ok);
        if (!ok || !std::isfinite(durationSeconds) || durationSeconds <= 0
            || durationSeconds > 365.0 * 24 * 3600) {
            err << prefix
                << tr("--duration needs a positive number of seconds, not \"%1\".")
                       .arg(parser.value(durationOption))
                << "\n";
            return exitUsage;
        }
        options.duration = std::chrono::milliseconds(std::llround(durationSeconds * 1000.0));
    }
    const bool toDatabase = parser.isSet(dbOption);
    const bool toFile = parser.isSet(outputOption);
    if ((!toFile && !toDatabase) || (toFile && parser.value(outputOption).isEmpty())) {
        err << prefix
            << tr("--output FILE is required (- for standard output), unless --db stores the "
                  "capture.")
            << "\n";
        return exitUsage;
    }
    DatabaseUrl databaseUrl;
    if (toDatabase) {
        QString urlError;
        databaseUrl = DatabaseUrl::fromCommandLine(parser.value(dbOption), &urlError);
        if (!databaseUrl.isValid()) {
            err << prefix << urlError << "\n";
            return exitUsage;
        }
    }

    // Open the output and the database before anything asks for a password.
    const QString outputName = toFile ? parser.value(outputOption) : QString();
    const bool toStdout = outputName == QLatin1String("-");
    QFile output;
    bool createdOutput = false; // only a file we created may be removed again
    bool opened = !toFile;
    if (!toFile) {
        // the database is the only destination
    } else if (toStdout) {
        opened = output.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered,
            QFileDevice::DontCloseHandle);
    } else {
        output.setFileName(outputName);
        createdOutput = !QFileInfo::exists(outputName);
        opened = output.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered);
    }
    if (!opened) {
        err << prefix
            << tr("cannot write %1 (%2): choose a writable file with --output.")
                   .arg(outputName, output.errorString())
            << "\n";
        return exitFailed;
    }
    QTextStream &report = toStdout ? err : out;
    const bool verbose = parser.isSet(verboseOption);
    const bool interactive = ::isatty(STDERR_FILENO) == 1;

    BrokenPipeGuard brokenPipeGuard;
    // The database is opened (in LiveCapture's ingest thread, which may wait
    // on a slow or unreachable server while this thread keeps answering
    // Ctrl-C) before the helper starts, so nothing asks for a password when
    // the capture could not be stored.
    LiveCapture capture;
    std::unique_ptr<RawStreamWriter> writer;
    if (toFile) {
        writer = std::make_unique<RawStreamWriter>(output.handle());
        capture.setRawStreamSink([writer = writer.get()](QByteArrayView chunk, QString *error) {
            return writer->append(chunk, error);
        });
    }
    LiveCapture::Settings settings;
    if (toDatabase)
        settings.database = databaseUrl;
    // Figures are only stored; without a database nothing needs them.
    settings.accounting = toDatabase;

    QEventLoop loop;
    InterruptNotifier interrupts;
    bool forced = false;
    bool waitedForAuthorization = false;
    bool databaseProblemShown = false;
    QObject::connect(
        &interrupts, &InterruptNotifier::interrupted, &loop, [&](int signalNumber, int count) {
            if (capture.isStoring()) {
                err << prefix
                    << tr("%1 received, giving up on what the database has not taken yet.")
                           .arg(CaptureError::signalName(signalNumber))
                    << Qt::endl;
                capture.giveUpStoring();
            } else if (count == 1 && capture.isActive()) {
                if (interactive)
                    err << "\n";
                err << prefix
                    << tr("%1 received, stopping the capture (again to quit without waiting).")
                           .arg(CaptureError::signalName(signalNumber))
                    << Qt::endl;
                capture.stop();
            } else {
                forced = true;
                loop.exit(exitForced);
            }
        });
    QObject::connect(&capture, &LiveCapture::stateChanged, &loop, [&](CaptureSession::State state) {
        switch (state) {
        case CaptureSession::State::Starting:
            if (waitedForAuthorization) {
                err << prefix
                    << tr("authorized; starting %1.")
                           .arg(captureBackendDisplayName(capture.session().backend()))
                    << Qt::endl;
            }
            break;
        case CaptureSession::State::WaitingForAuthorization:
            waitedForAuthorization = true;
            err << prefix << tr("waiting for authorization (%1)...").arg(QStringLiteral("pkexec"))
                << Qt::endl;
            break;
        case CaptureSession::State::Running:
            err << prefix
                // The reason names the backend: "bpftrace, because ...".
                << tr("capturing with %1; Ctrl-C stops.").arg(capture.session().backendReason())
                << Qt::endl;
            break;
        case CaptureSession::State::Stopped:
        case CaptureSession::State::Failed:
            // Otherwise the command would seem to hang after the capture.
            if (databaseProblemShown)
                err << prefix
                    << tr("the capture ended; waiting for the database to take the rest "
                          "(Ctrl-C gives up and saves it to a file).")
                    << Qt::endl;
            break;
        default:
            break;
        }
    });
    // Transitions only: the status text's counts change all the time.
    QObject::connect(&capture, &LiveCapture::databaseStatusChanged, &loop,
        [&](const QString &text, bool problem) {
            if (problem == databaseProblemShown)
                return;
            databaseProblemShown = problem;
            if (interactive)
                err << "\n";
            err << prefix << (problem ? text : tr("the database takes records again.")) << Qt::endl;
        });
    QObject::connect(&capture, &LiveCapture::tracerMessage, &loop, [&](const QString &line) {
        if (verbose)
            err << "  " << line << Qt::endl;
    });
    QObject::connect(&capture, &LiveCapture::stopTimedOut, &loop,
        [&](const QString &message) { err << prefix << message << Qt::endl; });
    QObject::connect(&capture, &LiveCapture::finished, &loop, [&] { loop.exit(exitOk); });

    QTimer progress;
    if (interactive && !toStdout) {
        progress.setInterval(1000);
        QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
            const CaptureSession &session = capture.session();
            if (session.state() != CaptureSession::State::Running)
                return;
            const ParserCounters counters = session.counters();
            err << "\r"
                << tr("%1 events, %2 dropped, %3 s")
                       .arg(counters.events())
                       .arg(counters.lostEvents)
                       .arg(session.runningDurationMs() / 1000)
                << "   " << Qt::flush;
        });
        progress.start();
    }

    capture.start(options, settings);
    // Valid until the next start(): the session this capture runs.
    const CaptureSession &session = capture.session();
    loop.exec();
    progress.stop();
    if (interactive && !toStdout)
        err << "\r" << Qt::flush;
    if (forced) {
        capture.abortStore();
    } else if (capture.isActive()) {
        capture.waitForFinished(-1);
    }
    // The capture thread is done with the writer; what is queued goes out now,
    // while Ctrl-C still works.
    const QDeadlineTimer drainDeadline(forced ? 0 : outputDrainTimeoutMs);
    QElapsedTimer draining;
    draining.start();
    bool toldWaiting = false;
    while (writer && !forced && !drainDeadline.hasExpired() && !writer->drain(QDeadlineTimer(100))
        && writer->errorString().isEmpty()) {
        if (!toldWaiting && draining.elapsed() > 1000) {
            toldWaiting = true;
            err << prefix
                << tr("waiting for the output to take the last %1 KiB (Ctrl-C to give up).")
                       .arg(writer->queuedBytes() / 1024)
                << Qt::endl;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    const bool allWritten = !writer || writer->finish(QDeadlineTimer(0));
    const qint64 bytesWritten = writer ? writer->bytesWritten() : 0;
    const QString writeError = writer ? writer->errorString() : QString();

    // The database could not be opened: the helper never ran.
    if (toDatabase && !forced && capture.sessionId() == 0) {
        writer.reset();
        output.close();
        if (createdOutput)
            output.remove();
        err << prefix << capture.storeError() << "\n";
        return exitFailed;
    }
    if (forced)
        capture.shutdown();
    writer.reset(); // gives the descriptor its flags back
    output.close();

    // A capture that never got going leaves no empty file behind.
    if (createdOutput && bytesWritten == 0 && session.error().isError()
        && QFileInfo(outputName).isFile())
        output.remove();

    bool stored = true;
    QString databaseSummary;
    if (toDatabase) {
        const EventStore::Status status = capture.storeStatus();
        stored = capture.stored();
        databaseSummary = tr("database: %1, session %2, %3 events and %4 baseline records stored")
                              .arg(databaseUrl.toString())
                              .arg(capture.sessionId())
                              .arg(status.writtenEvents)
                              .arg(status.writtenBaselineRecords)
            + QLatin1Char('\n');
    }

    if (forced) {
        err << prefix << tr("quit without waiting; the output may be incomplete.") << Qt::endl;
        report << formatSummary(session, outputName, bytesWritten) << databaseSummary << Qt::flush;
        return exitForced;
    }

    CaptureError error = session.error();
    if (!allWritten && !error.isError())
        error = CaptureError::outputFailed(writeError);
    const bool everRan = session.runningDurationMs() > 0 || session.counters().lines > 0;
    if (everRan || !error.isError())
        report << formatSummary(session, outputName, bytesWritten) << databaseSummary << Qt::flush;
    if (error.isError()) {
        err << prefix << error.message() << "\n";
        if (verbose && !error.detail().isEmpty())
            err << "  " << error.detail() << "\n";
        err << Qt::flush;
    }
    if (!stored) {
        // The store's sentences say which records a file holds.
        err << prefix
            << (capture.storeStatus().unstoredPath.isEmpty()
                       ? tr("storing the capture in %1 failed (%2): what is missing there is only "
                            "in the output file, if one was written.")
                       : tr("storing the capture in %1 failed: %2"))
                   .arg(databaseUrl.toString(), capture.storeError())
            << Qt::endl;
    }
    return isRequestedEnd(session.endReason()) && allWritten && stored ? exitOk : exitFailed;
}

} // namespace memtap
