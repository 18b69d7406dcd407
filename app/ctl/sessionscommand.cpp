// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionscommand.h"

#include "export/csvwriter.h"
#include "export/isotime.h"
#include "storage/database.h"
#include "storage/sessionrepository.h"
#include "storage/wallclock.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace memtap {

namespace {

const QString prefix = QStringLiteral("memtapctl sessions: ");

QString bytesText(const QByteArray &bytes)
{
    return QString::fromUtf8(CsvWriter::escapeBytes(bytes));
}

QString startText(const StoredSession &session)
{
    if (const auto start = session.startWallNs())
        return QString::fromLatin1(IsoTime::fromNanoseconds(*start));
    return {};
}

QString durationText(const StoredSession &session)
{
    const auto duration = session.durationNs();
    if (!duration)
        return QStringLiteral("-");
    return QString::number(double(*duration) / 1e9, 'f', 1) + u's';
}

// An import of another session's unstored records says whose they are.
QString sourceText(const StoredSession &session)
{
    if (session.continuesSession)
        return SessionsCommand::tr("%1 (rest of %2)")
            .arg(session.source)
            .arg(*session.continuesSession);
    return session.source;
}

QString stateKeyword(StoredSession::State state)
{
    switch (state) {
    case StoredSession::State::Recording:
        break;
    case StoredSession::State::Interrupted:
        return QStringLiteral("interrupted");
    case StoredSession::State::Ended:
        return QStringLiteral("ended");
    }
    return QStringLiteral("recording");
}

QString endText(const StoredSession &session, std::int64_t nowWallNs)
{
    switch (session.state(nowWallNs)) {
    case StoredSession::State::Recording:
        return SessionsCommand::tr("(recording)");
    case StoredSession::State::Interrupted:
        return SessionsCommand::tr("(interrupted)");
    case StoredSession::State::Ended:
        break;
    }
    if (session.continuedIn)
        return SessionsCommand::tr("%1 (rest in %2)")
            .arg(session.endReason)
            .arg(*session.continuedIn);
    return session.endReason;
}

} // namespace

QString SessionsCommand::summary() const
{
    return tr("List the capture sessions in the database");
}

QByteArray SessionsCommand::toJson(
    const std::vector<StoredSession> &sessions, std::int64_t nowWallNs)
{
    QJsonArray array;
    auto optional = [](const std::optional<std::int64_t> &value) {
        return value ? QJsonValue(qint64(*value)) : QJsonValue();
    };
    for (const StoredSession &s : sessions) {
        QJsonObject o;
        o[QStringLiteral("id")] = qint64(s.id);
        o[QStringLiteral("source")] = s.source;
        o[QStringLiteral("source_name")]
            = s.sourceName.isEmpty() ? QJsonValue() : QJsonValue(s.sourceName);
        o[QStringLiteral("host")] = s.host.isNull() ? QJsonValue() : QJsonValue(bytesText(s.host));
        o[QStringLiteral("kernel_release")]
            = s.kernelRelease.isEmpty() ? QJsonValue() : QJsonValue(s.kernelRelease);
        o[QStringLiteral("backend")] = s.backend.isEmpty() ? QJsonValue() : QJsonValue(s.backend);
        const QString start = startText(s);
        o[QStringLiteral("start")] = start.isEmpty() ? QJsonValue() : QJsonValue(start);
        const auto duration = s.durationNs();
        o[QStringLiteral("duration_ns")] = optional(duration);
        o[QStringLiteral("created_at")]
            = QString::fromLatin1(IsoTime::fromNanoseconds(s.createdAtNs));
        o[QStringLiteral("ended_at")] = s.endedAtNs
            ? QJsonValue(QString::fromLatin1(IsoTime::fromNanoseconds(*s.endedAtNs)))
            : QJsonValue();
        o[QStringLiteral("end_reason")]
            = s.endReason.isEmpty() ? QJsonValue() : QJsonValue(s.endReason);
        o[QStringLiteral("state")] = stateKeyword(s.state(nowWallNs));
        o[QStringLiteral("heartbeat_at")] = s.heartbeatAtNs
            ? QJsonValue(QString::fromLatin1(IsoTime::fromNanoseconds(*s.heartbeatAtNs)))
            : QJsonValue();
        o[QStringLiteral("continues_session")] = optional(s.continuesSession);
        o[QStringLiteral("continued_in_session")] = optional(s.continuedIn);
        o[QStringLiteral("events")] = qint64(s.eventCount);
        o[QStringLiteral("baseline_records")] = qint64(s.baselineRecordCount);
        o[QStringLiteral("processes")] = qint64(s.processCount);
        o[QStringLiteral("dropped_events")] = qint64(s.lostEvents);
        o[QStringLiteral("malformed_lines")] = qint64(s.malformedLines);
        o[QStringLiteral("mem_total_bytes")] = optional(s.memTotalBytes);
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QString SessionsCommand::toTable(const std::vector<StoredSession> &sessions, std::int64_t nowWallNs)
{
    const QStringList header
        = {tr("ID"), tr("START (UTC)"), tr("DURATION"), tr("HOST"), tr("BACKEND"), tr("SOURCE"),
            tr("EVENTS"), tr("PROCESSES"), tr("DROPPED"), tr("MALFORMED"), tr("END")};
    std::vector<QStringList> rows;
    rows.push_back(header);
    for (const StoredSession &s : sessions) {
        QString start = startText(s);
        if (!start.isEmpty())
            start = start.left(19).replace(u'T', u' ');
        else
            start = QStringLiteral("-");
        rows.push_back({QString::number(s.id), start, durationText(s),
            s.host.isEmpty() ? QStringLiteral("-") : bytesText(s.host),
            s.backend.isEmpty() ? QStringLiteral("-") : s.backend, sourceText(s),
            QString::number(s.eventCount), QString::number(s.processCount),
            QString::number(s.lostEvents), QString::number(s.malformedLines),
            endText(s, nowWallNs)});
    }
    std::vector<qsizetype> widths(header.size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            // Numbers right-aligned, text left-aligned.
            const bool numeric = c == 0 || (c >= 6 && c <= 9);
            const QString cell
                = numeric ? row[c].rightJustified(widths[c]) : row[c].leftJustified(widths[c]);
            line += (c > 0 ? QStringLiteral("  ") : QString()) + cell;
        }
        while (line.endsWith(u' '))
            line.chop(1);
        text += line + u'\n';
    }
    return text;
}

int SessionsCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Lists the capture sessions stored in the database."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), DatabaseUrl::commandLineHelp(), QStringLiteral("URL"));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), tr("Write JSON instead of a table."));
    parser.addOption(dbOption);
    parser.addOption(jsonOption);
    if (!parser.parse(arguments)) {
        err << prefix << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << prefix
            << tr("unexpected argument \"%1\".").arg(parser.positionalArguments().constFirst())
            << Qt::endl;
        return 2;
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
    const std::vector<StoredSession> sessions = repository.sessions();
    const std::int64_t nowWallNs = wallClockNowNs();
    if (repository.hasError()) {
        err << prefix << repository.errorString() << Qt::endl;
        return 1;
    }
    if (parser.isSet(jsonOption)) {
        out << QString::fromUtf8(toJson(sessions, nowWallNs));
    } else if (sessions.empty()) {
        err << prefix << tr("%1 has no sessions yet; record or import one.").arg(url.toString())
            << Qt::endl;
    } else {
        out << toTable(sessions, nowWallNs);
    }
    out.flush();
    return 0;
}

} // namespace memtap
