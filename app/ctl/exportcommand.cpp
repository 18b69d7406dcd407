// SPDX-License-Identifier: GPL-2.0-or-later
#include "exportcommand.h"

#include "ctl/terminalprogress.h"
#include "export/csvexport.h"
#include "storage/database.h"
#include "storage/sessionrepository.h"
#include "trace/traceescaping.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

namespace memtap {

namespace {

const QString prefix = QStringLiteral("memtapctl export: ");

QString callList()
{
    QStringList names;
    for (std::size_t i = 0; i < callCount; ++i) {
        if (!isBaselineRecord(static_cast<Call>(i)))
            names << QLatin1String(callNames[i]);
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

QString ExportCommand::summary() const
{
    return tr("Write a session's processes or requests as CSV");
}

int ExportCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Writes the processes or the requests of a session as CSV (RFC 4180, UTF-8)."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("processes|requests"), tr("What to export."));
    const QCommandLineOption dbOption(
        QStringLiteral("db"), DatabaseUrl::commandLineHelp(), QStringLiteral("URL"));
    const QCommandLineOption sessionOption(QStringLiteral("session"),
        tr("The session to export (see memtapctl sessions). Default: the newest."),
        QStringLiteral("N"));
    const QCommandLineOption pidOption(
        QStringLiteral("pid"), tr("Only this process id."), QStringLiteral("PID"));
    const QCommandLineOption nameOption(QStringLiteral("name"),
        tr("Only processes of this name (bytes; \\xHH escapes allowed)."), QStringLiteral("NAME"));
    const QCommandLineOption containsOption(QStringLiteral("name-contains"),
        tr("--name matches names containing it, ignoring ASCII case."));
    const QCommandLineOption callOption(QStringLiteral("call"),
        tr("Only requests of this call: %1.").arg(callList()), QStringLiteral("CALL"));
    const QCommandLineOption outputOption(
        QStringList {QStringLiteral("output"), QStringLiteral("o")},
        tr("The CSV file to write; - for standard output."), QStringLiteral("FILE"));
    parser.addOptions(
        {dbOption, sessionOption, pidOption, nameOption, containsOption, callOption, outputOption});
    if (!parser.parse(arguments)) {
        err << prefix << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1
        || (positional[0] != QLatin1String("processes")
            && positional[0] != QLatin1String("requests"))) {
        err << prefix << tr("say what to export: processes or requests.") << Qt::endl;
        return 2;
    }
    const CsvExport::Table table = positional[0] == QLatin1String("processes")
        ? CsvExport::Table::Processes
        : CsvExport::Table::Requests;
    if (!parser.isSet(outputOption)) {
        err << prefix
            << tr("give the file to write with --output FILE.csv (- for standard output).")
            << Qt::endl;
        return 2;
    }

    RequestFilter filter;
    if (parser.isSet(pidOption)) {
        bool ok = false;
        const int pid = parser.value(pidOption).toInt(&ok);
        if (!ok || pid < 0) {
            err << prefix
                << tr("--pid needs a process id, not \"%1\".").arg(parser.value(pidOption))
                << Qt::endl;
            return 2;
        }
        filter.pid = pid;
    }
    if (parser.isSet(nameOption)) {
        filter.name = TraceEscaping::unescape(parser.value(nameOption).toUtf8());
        if (parser.isSet(containsOption))
            filter.nameMatch = RequestFilter::NameMatch::Contains;
    }
    if (parser.isSet(callOption)) {
        const auto call = callFromName(parser.value(callOption).toUtf8());
        if (!call || isBaselineRecord(*call)) {
            err << prefix
                << tr("unknown call \"%1\"; use one of %2.")
                       .arg(parser.value(callOption), callList())
                << Qt::endl;
            return 2;
        }
        if (table == CsvExport::Table::Processes) {
            err << prefix << tr("--call only applies to requests.") << Qt::endl;
            return 2;
        }
        filter.call = call;
    }

    QString error;
    const DatabaseUrl url = DatabaseUrl::fromCommandLine(parser.value(dbOption), &error);
    if (!url.isValid()) {
        err << prefix << error << Qt::endl;
        return 2;
    }
    auto database = Database::open(url, &error);
    if (!database) {
        err << prefix << error << Qt::endl;
        return 1;
    }
    SessionRepository repository(*database);
    std::int64_t sessionId = 0;
    if (parser.isSet(sessionOption)) {
        bool ok = false;
        sessionId = parser.value(sessionOption).toLongLong(&ok);
        if (!ok || sessionId <= 0) {
            err << prefix
                << tr("--session needs a session id (see memtapctl sessions), not \"%1\".")
                       .arg(parser.value(sessionOption))
                << Qt::endl;
            return 2;
        }
        if (!repository.session(sessionId)) {
            err << prefix << repository.errorString() << Qt::endl;
            return 1;
        }
    } else {
        const auto newest = repository.newestSessionId();
        if (!newest) {
            err << prefix << repository.errorString() << Qt::endl;
            return 1;
        }
        sessionId = *newest;
    }

    const QString outputName = parser.value(outputOption);
    const bool toStdout = outputName == QLatin1String("-");
    QFile standardOutput;
    QSaveFile file(outputName);
    QIODevice *device = nullptr;
    if (toStdout) {
        out.flush();
        if (!standardOutput.open(stdout, QIODevice::WriteOnly)) {
            err << prefix << tr("cannot write to standard output.") << Qt::endl;
            return 1;
        }
        device = &standardOutput;
    } else {
        if (!file.open(QIODevice::WriteOnly)) {
            err << prefix << tr("cannot write %1: %2.").arg(outputName, file.errorString())
                << Qt::endl;
            return 1;
        }
        device = &file;
    }

    TerminalProgress progress;
    progress.start(
        tr("exporting %1 of session %2").arg(positional[0]).arg(sessionId), 0, tr("rows"));
    CsvExport exporter(*database, sessionId);
    const bool written
        = exporter.write(table, filter, device, [&](std::uint64_t done, std::uint64_t total) {
              if (total > 0 && done == 0)
                  progress.start(tr("exporting %1 of session %2").arg(positional[0]).arg(sessionId),
                      total, tr("rows"));
              progress.update(done);
              return true;
          });
    progress.finish();
    if (!exporter.warning().isEmpty())
        err << prefix << exporter.warning() << Qt::endl;
    if (!written) {
        if (!toStdout)
            file.cancelWriting();
        err << prefix << exporter.errorString() << Qt::endl;
        return 1;
    }
    if (toStdout) {
        standardOutput.flush();
    } else if (!file.commit()) {
        err << prefix << tr("cannot write %1: %2.").arg(outputName, file.errorString()) << Qt::endl;
        return 1;
    }
    if (!toStdout)
        err << prefix
            << tr("wrote %1 %2 of session %3 to %4.")
                   .arg(exporter.rowsWritten())
                   .arg(positional[0])
                   .arg(sessionId)
                   .arg(outputName)
            << Qt::endl;
    return 0;
}

} // namespace memtap
