// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionlistmodel.h"

#include "models/displayformat.h"
#include "storage/wallclock.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace memtap {

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SessionListModel::setSessions(std::vector<StoredSession> sessions)
{
    std::reverse(sessions.begin(), sessions.end());
    beginResetModel();
    m_sessions = std::move(sessions);
    endResetModel();
}

int SessionListModel::rowOfSession(std::int64_t sessionId) const
{
    for (std::size_t row = 0; row < m_sessions.size(); ++row) {
        if (m_sessions[row].id == sessionId)
            return int(row);
    }
    return -1;
}

QString SessionListModel::durationText(std::int64_t nanoseconds)
{
    const std::int64_t seconds = nanoseconds / 1'000'000'000;
    if (seconds >= 3600)
        return tr("%1 h %2 min")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'));
    if (seconds >= 60)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 s").arg(QLocale().toString(double(nanoseconds) / 1e9, 'f', 1));
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int SessionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

std::int64_t startNs(const StoredSession &session)
{
    return session.startWallNs().value_or(session.createdAtNs);
}

} // namespace

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StoredSession &s = m_sessions[std::size_t(index.row())];
    if (role == SessionIdRole)
        return qint64(s.id);
    if (role == SortRole) {
        switch (static_cast<Column>(index.column())) {
        case IdColumn:
            return qint64(s.id);
        case HostColumn:
            return DisplayFormat::processName(s.host);
        case BackendColumn:
            return s.backend;
        case StartColumn:
            return qint64(startNs(s));
        case DurationColumn:
            return qint64(s.durationNs().value_or(-1));
        case EventsColumn:
            return quint64(s.eventCount);
        case DroppedColumn:
            return quint64(s.lostEvents);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (static_cast<Column>(index.column())) {
        case IdColumn:
            return qint64(s.id);
        case HostColumn:
            return DisplayFormat::processName(s.host);
        case BackendColumn:
            return s.backend;
        case StartColumn:
            return QLocale().toString(
                QDateTime::fromMSecsSinceEpoch(startNs(s) / 1'000'000), QLocale::ShortFormat);
        case DurationColumn: {
            const auto duration = s.durationNs();
            const QString text = duration ? durationText(*duration) : QString();
            switch (s.state(wallClockNowNs())) {
            case StoredSession::State::Recording:
                return tr("%1 (recording)").arg(text).trimmed();
            case StoredSession::State::Interrupted:
                return tr("%1 (interrupted)").arg(text).trimmed();
            case StoredSession::State::Ended:
                break;
            }
            return text;
        }
        case EventsColumn:
            return DisplayFormat::count(s.eventCount);
        case DroppedColumn:
            return DisplayFormat::count(s.lostEvents);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        QString text = s.source == QLatin1String("import")
            ? tr("Imported from %1").arg(s.sourceName)
            : tr("Recorded on %1 (kernel %2)")
                  .arg(DisplayFormat::processName(s.host), s.kernelRelease);
        switch (s.state(wallClockNowNs())) {
        case StoredSession::State::Recording:
            break;
        case StoredSession::State::Ended:
            text += u'\n' + tr("Ended: %1").arg(s.endReason);
            break;
        case StoredSession::State::Interrupted:
            text += u'\n'
                + tr("Interrupted: nothing has written to it since %1. memtap was closed without "
                     "ending it (killed, crashed, or the machine stopped), or its writer cannot "
                     "reach the database.")
                      .arg(QLocale().toString(
                          QDateTime::fromMSecsSinceEpoch(*s.heartbeatAtNs / 1'000'000),
                          QLocale::ShortFormat));
            break;
        }
        if (s.continuesSession)
            text += u'\n'
                + tr("The records the database had not taken when session %1 stopped writing")
                      .arg(*s.continuesSession);
        if (s.continuedIn)
            text += u'\n'
                + tr("The records the database had not taken when writing stopped are in "
                     "session %1")
                      .arg(*s.continuedIn);
        if (s.malformedLines > 0)
            text += u'\n' + tr("%n malformed line(s) skipped", nullptr, int(s.malformedLines));
        return text;
    }
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == IdColumn || index.column() == EventsColumn
            || index.column() == DroppedColumn || index.column() == DurationColumn;
        return QVariant::fromValue((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    return {};
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case IdColumn:
        return tr("Session");
    case HostColumn:
        return tr("Host");
    case BackendColumn:
        return tr("Tracer");
    case StartColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case EventsColumn:
        return tr("Events");
    case DroppedColumn:
        return tr("Dropped");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace memtap
