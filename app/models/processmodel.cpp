// SPDX-License-Identifier: GPL-2.0-or-later
#include "processmodel.h"

#include "models/displayformat.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <limits>

#include <pwd.h>
#include <unistd.h>

namespace memtap {

namespace {

constexpr std::int64_t nsPerMs = 1'000'000;

Qt::Alignment alignmentOf(int column)
{
    switch (column) {
    case ProcessModel::NameColumn:
    case ProcessModel::UserColumn:
        return Qt::AlignLeft | Qt::AlignVCenter;
    default:
        return Qt::AlignRight | Qt::AlignVCenter;
    }
}

} // namespace

ProcessModel::ProcessModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ProcessModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ProcessModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(alignmentOf(section));
    if (role == Qt::DisplayRole) {
        switch (static_cast<Column>(section)) {
        case PidColumn:
            return tr("PID");
        case NameColumn:
            return tr("Name");
        case UserColumn:
            return tr("User");
        case MmapCallsColumn:
            return tr("mmap calls");
        case MunmapCallsColumn:
            return tr("munmap calls");
        case RequestedColumn:
            return tr("Requested");
        case ReleasedColumn:
            return tr("Released");
        case NetColumn:
            return tr("Net");
        case LiveColumn:
            return tr("Live mapped");
        case RamShareColumn:
            return tr("% of RAM");
        case FirstSeenColumn:
            return tr("First seen");
        case LastSeenColumn:
            return tr("Last seen");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case PidColumn:
            return tr("Process ID");
        case NameColumn:
            return tr("Process name (comm) as of its last exec");
        case UserColumn:
            return tr("User the process runs as");
        case MmapCallsColumn:
            return tr("mmap calls, including failed ones");
        case MunmapCallsColumn:
            return tr("munmap calls, including failed ones");
        case RequestedColumn:
            return tr("Bytes requested by successful mmap calls, mremap growth and brk growth");
        case ReleasedColumn:
            return tr("Bytes released by successful munmap calls, mremap shrinkage and brk "
                      "shrinkage");
        case NetColumn:
            return tr("Requested minus released, never below zero, as the original tool "
                      "computed it: the naive figure, which drifts with partial unmaps, "
                      "MAP_FIXED, mremap and exit");
        case LiveColumn:
            return tr("Exact size of the address ranges the process has mapped now (without "
                      "[stack], [vdso], [vvar] and [vsyscall])");
        case RamShareColumn:
            return tr("Live mapped bytes as a share of the system's RAM (MemTotal). Mapped "
                      "address space is not resident memory: a process that reserves more "
                      "than it uses (PROT_NONE or MAP_NORESERVE regions, sanitizer shadow "
                      "memory) can show far more than 100 %");
        case FirstSeenColumn:
            return tr("When memtap first saw the process");
        case LastSeenColumn:
            return tr("When memtap last saw the process make a call, or when it exited");
        case ColumnCount:
            break;
        }
    }
    return {};
}

QVariant ProcessModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProcessFigures &process = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(process, index.column());
    case Qt::ToolTipRole:
        return toolTip(process, index.column());
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(alignmentOf(index.column()));
    case SortRole:
        return sortData(process, index.column());
    case ProcessKeyRole:
        return QVariant::fromValue<qulonglong>(process.processKey);
    case PidRole:
        return process.pid;
    case NameRole:
        return DisplayFormat::processName(process.name);
    case ExitedRole:
        return process.exitNs >= 0;
    case LiveExactRole:
        return process.liveExact;
    default:
        return {};
    }
}

QVariant ProcessModel::displayData(const ProcessFigures &process, int column) const
{
    switch (static_cast<Column>(column)) {
    case PidColumn:
        return process.pid;
    case NameColumn:
        if (process.exitNs >= 0)
            return tr("%1 (exited)").arg(DisplayFormat::processName(process.name));
        return DisplayFormat::processName(process.name);
    case UserColumn:
        return userName(process.uid);
    case MmapCallsColumn:
        return DisplayFormat::count(process.mmapCalls);
    case MunmapCallsColumn:
        return DisplayFormat::count(process.munmapCalls);
    case RequestedColumn:
        return DisplayFormat::bytes(process.requestedBytes);
    case ReleasedColumn:
        return DisplayFormat::bytes(process.releasedBytes);
    case NetColumn:
        return DisplayFormat::bytes(process.netBytes());
    case LiveColumn:
        // Without a baseline only the ranges seen being mapped are known:
        // the process holds at least that much.
        if (!process.liveExact)
            return tr("≥ %1").arg(DisplayFormat::bytes(process.liveBytes));
        return DisplayFormat::bytes(process.liveBytes);
    case RamShareColumn:
        if (m_memoryTotal <= 0)
            return {};
        return DisplayFormat::percent(ramSharePercent(process, m_memoryTotal));
    case FirstSeenColumn:
        return timeText(process.firstSeenNs);
    case LastSeenColumn:
        return timeText(process.exitNs >= 0 ? process.exitNs : process.lastSeenNs);
    case ColumnCount:
        break;
    }
    return {};
}

std::partial_ordering ProcessModel::compareSortValues(int leftRow, int rightRow, int column) const
{
    const ProcessFigures &a = m_rows[std::size_t(leftRow)];
    const ProcessFigures &b = m_rows[std::size_t(rightRow)];
    switch (static_cast<Column>(column)) {
    case PidColumn:
        return a.pid <=> b.pid;
    case MmapCallsColumn:
        return a.mmapCalls <=> b.mmapCalls;
    case MunmapCallsColumn:
        return a.munmapCalls <=> b.munmapCalls;
    case RequestedColumn:
        return a.requestedBytes <=> b.requestedBytes;
    case ReleasedColumn:
        return a.releasedBytes <=> b.releasedBytes;
    case NetColumn:
        return a.netBytes() <=> b.netBytes();
    case LiveColumn:
        return a.liveBytes <=> b.liveBytes;
    case RamShareColumn:
        return ramSharePercent(a, m_memoryTotal) <=> ramSharePercent(b, m_memoryTotal);
    case FirstSeenColumn:
        return a.firstSeenNs <=> b.firstSeenNs;
    case LastSeenColumn:
        return (a.exitNs >= 0 ? a.exitNs : a.lastSeenNs)
            <=> (b.exitNs >= 0 ? b.exitNs : b.lastSeenNs);
    case NameColumn:
    case UserColumn:
    case ColumnCount:
        break;
    }
    return std::partial_ordering::unordered;
}

QVariant ProcessModel::sortData(const ProcessFigures &process, int column) const
{
    switch (static_cast<Column>(column)) {
    case PidColumn:
        return process.pid;
    case NameColumn:
        return DisplayFormat::processName(process.name);
    case UserColumn:
        return userName(process.uid);
    case MmapCallsColumn:
        return QVariant::fromValue<qulonglong>(process.mmapCalls);
    case MunmapCallsColumn:
        return QVariant::fromValue<qulonglong>(process.munmapCalls);
    case RequestedColumn:
        return QVariant::fromValue<qulonglong>(process.requestedBytes);
    case ReleasedColumn:
        return QVariant::fromValue<qulonglong>(process.releasedBytes);
    case NetColumn:
        return QVariant::fromValue<qulonglong>(process.netBytes());
    case LiveColumn:
        return QVariant::fromValue<qulonglong>(process.liveBytes);
    case RamShareColumn:
        return ramSharePercent(process, m_memoryTotal);
    case FirstSeenColumn:
        return QVariant::fromValue<qlonglong>(process.firstSeenNs);
    case LastSeenColumn:
        return QVariant::fromValue<qlonglong>(
            process.exitNs >= 0 ? process.exitNs : process.lastSeenNs);
    case ColumnCount:
        break;
    }
    return {};
}

QString ProcessModel::toolTip(const ProcessFigures &process, int column) const
{
    switch (static_cast<Column>(column)) {
    case PidColumn:
    case NameColumn: {
        QString text = tr("PID %1, parent %2").arg(process.pid).arg(process.ppid);
        if (!process.cmdline.isEmpty())
            text += QLatin1Char('\n')
                + tr("Command line: %1").arg(DisplayFormat::commandLine(process.cmdline));
        if (process.exitNs >= 0)
            text += QLatin1Char('\n') + tr("Exited at %1").arg(timeText(process.exitNs));
        return text;
    }
    case UserColumn:
        return process.uid >= 0 ? tr("User ID %1").arg(process.uid) : QString();
    case MmapCallsColumn:
    case MunmapCallsColumn:
        return tr("mmap %1, munmap %2, mremap %3, brk %4; %5 failed")
            .arg(DisplayFormat::count(process.mmapCalls), DisplayFormat::count(process.munmapCalls),
                DisplayFormat::count(process.mremapCalls), DisplayFormat::count(process.brkCalls),
                DisplayFormat::count(process.failedCalls));
    case RequestedColumn:
        return DisplayFormat::exactBytes(process.requestedBytes);
    case ReleasedColumn:
        return DisplayFormat::exactBytes(process.releasedBytes);
    case NetColumn:
        return DisplayFormat::exactBytes(process.netBytes());
    case LiveColumn: {
        QString text = DisplayFormat::exactBytes(process.liveBytes) + QLatin1Char('\n')
            + tr("Anonymous %1, file-backed %2\nPrivate %3, shared %4")
                  .arg(DisplayFormat::bytes(process.liveAnonymousBytes),
                      DisplayFormat::bytes(process.liveFileBytes),
                      DisplayFormat::bytes(process.livePrivateBytes),
                      DisplayFormat::bytes(process.liveSharedBytes));
        if (!process.liveExact)
            text += QLatin1Char('\n')
                + tr("Not exact: the process existed before its first baseline, so only the "
                     "ranges seen being mapped are counted.");
        return text;
    }
    case RamShareColumn:
        if (m_memoryTotal <= 0)
            return tr("The system's RAM size is not known for this session.");
        return tr("%1 of %2 RAM")
            .arg(DisplayFormat::bytes(process.liveBytes),
                DisplayFormat::bytes(static_cast<std::uint64_t>(m_memoryTotal)));
    case FirstSeenColumn:
        return preciseTimeText(process.firstSeenNs);
    case LastSeenColumn:
        return preciseTimeText(process.exitNs >= 0 ? process.exitNs : process.lastSeenNs);
    case ColumnCount:
        break;
    }
    return {};
}

QString ProcessModel::preciseTimeText(std::int64_t timestampNs) const
{
    if (m_realtimeOffsetNs != 0) {
        const std::int64_t realtimeNs = timestampNs + m_realtimeOffsetNs;
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(realtimeNs / nsPerMs);
        return QLocale().toString(time, QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QLatin1Char('.')
            + QStringLiteral("%1").arg(realtimeNs % 1'000'000'000, 9, 10, QLatin1Char('0'));
    }
    return tr("%1 ns after the first process was seen")
        .arg(QLocale().toString(static_cast<qlonglong>(timestampNs - m_earliestNs)));
}

double ProcessModel::ramSharePercent(const ProcessFigures &process, std::int64_t memoryTotal)
{
    if (memoryTotal <= 0)
        return 0.0;
    return 100.0 * static_cast<double>(process.liveBytes) / static_cast<double>(memoryTotal);
}

QString ProcessModel::timeText(std::int64_t timestampNs) const
{
    if (m_realtimeOffsetNs != 0) {
        const QDateTime time
            = QDateTime::fromMSecsSinceEpoch((timestampNs + m_realtimeOffsetNs) / nsPerMs);
        return QLocale().toString(time.time(), QStringLiteral("HH:mm:ss"));
    }
    const double seconds = static_cast<double>(timestampNs - m_earliestNs) / 1e9;
    return tr("+%1 s").arg(QLocale().toString(seconds, 'f', 1));
}

QString ProcessModel::userName(std::int64_t uid) const
{
    if (uid < 0)
        return tr("unknown");
    auto cached = m_userNames.constFind(uid);
    if (cached != m_userNames.constEnd())
        return *cached;
    QString name = QString::number(uid);
    long bufferSize = sysconf(_SC_GETPW_R_SIZE_MAX);
    QByteArray buffer(bufferSize > 0 ? bufferSize : 16384, Qt::Uninitialized);
    passwd entry {};
    passwd *found = nullptr;
    if (getpwuid_r(
            static_cast<uid_t>(uid), &entry, buffer.data(), std::size_t(buffer.size()), &found)
            == 0
        && found)
        name = QString::fromLocal8Bit(found->pw_name);
    m_userNames.insert(uid, name);
    return name;
}

int ProcessModel::rowOfProcess(std::uint64_t processKey) const
{
    return m_rowByKey.value(processKey, -1);
}

QModelIndex ProcessModel::indexOfProcess(std::uint64_t processKey, int column) const
{
    const int row = rowOfProcess(processKey);
    return row < 0 ? QModelIndex() : index(row, column);
}

void ProcessModel::mergeUpdate(const ProcessUpdate &update)
{
    if (update.empty())
        return;
    std::vector<const ProcessFigures *> added;
    const bool hadRows = !m_rows.empty();
    std::int64_t earliest = hadRows ? m_earliestNs : std::numeric_limits<std::int64_t>::max();
    std::size_t known = 0;
    for (const ProcessFigures &process : update) {
        if (m_rowByKey.contains(process.processKey))
            ++known;
    }
    // Many changed rows: one pass, announced, so that a sorting proxy sorts
    // once afterwards instead of moving each row on its own.
    const bool bulk = known > std::size_t(bulkUpdateRows);
    std::vector<int> changedRows;
    if (bulk) {
        Q_EMIT bulkUpdateAboutToStart();
        changedRows.reserve(known);
    }
    for (const ProcessFigures &process : update) {
        earliest = std::min(earliest, process.firstSeenNs);
        const auto found = m_rowByKey.constFind(process.processKey);
        if (found == m_rowByKey.constEnd()) {
            added.push_back(&process);
            continue;
        }
        const int row = *found;
        ProcessFigures &figures = m_rows[std::size_t(row)];
        m_totalRequested += process.requestedBytes - figures.requestedBytes;
        figures = process;
        if (bulk) {
            changedRows.push_back(row);
            continue;
        }
        // One row per signal, right after it changed: a sorting proxy moves a
        // changed row by comparing it with rows it assumes are in order, so
        // it must never see two changed rows at once.
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (bulk) {
        // One signal per run of neighbouring rows.
        std::sort(changedRows.begin(), changedRows.end());
        changedRows.erase(std::unique(changedRows.begin(), changedRows.end()), changedRows.end());
        std::size_t runStart = 0;
        for (std::size_t i = 1; i <= changedRows.size(); ++i) {
            if (i < changedRows.size() && changedRows[i] == changedRows[i - 1] + 1)
                continue;
            Q_EMIT dataChanged(
                index(changedRows[runStart], 0), index(changedRows[i - 1], ColumnCount - 1));
            runStart = i;
        }
        Q_EMIT bulkUpdateFinished();
    }

    const bool timeOriginMoved = earliest != m_earliestNs;
    m_earliestNs = earliest;

    if (!added.empty()) {
        // The same process twice in one update: the later figures win.
        std::vector<const ProcessFigures *> unique;
        QHash<std::uint64_t, std::size_t> positionByKey;
        for (const ProcessFigures *process : added) {
            const auto seen = positionByKey.constFind(process->processKey);
            if (seen != positionByKey.constEnd()) {
                unique[*seen] = process;
                continue;
            }
            positionByKey.insert(process->processKey, unique.size());
            unique.push_back(process);
        }
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(unique.size()) - 1);
        for (const ProcessFigures *process : unique) {
            m_rowByKey.insert(process->processKey, static_cast<int>(m_rows.size()));
            m_rows.push_back(*process);
            m_totalRequested += process->requestedBytes;
        }
        endInsertRows();
    }

    if (timeOriginMoved && m_realtimeOffsetNs == 0 && hadRows) {
        Q_EMIT dataChanged(
            index(0, FirstSeenColumn), index(static_cast<int>(m_rows.size()) - 1, LastSeenColumn));
    }
    Q_EMIT processesChanged();
}

void ProcessModel::clear()
{
    if (m_rows.empty())
        return;
    beginRemoveRows({}, 0, static_cast<int>(m_rows.size()) - 1);
    m_rows.clear();
    m_rowByKey.clear();
    m_totalRequested = 0;
    m_earliestNs = 0;
    endRemoveRows();
    Q_EMIT processesChanged();
}

void ProcessModel::setMemoryTotal(std::int64_t bytes)
{
    if (bytes == m_memoryTotal)
        return;
    m_memoryTotal = bytes;
    if (!m_rows.empty())
        Q_EMIT dataChanged(
            index(0, RamShareColumn), index(static_cast<int>(m_rows.size()) - 1, RamShareColumn));
}

void ProcessModel::setRealtimeOffsetNs(std::int64_t offsetNs)
{
    if (offsetNs == m_realtimeOffsetNs)
        return;
    m_realtimeOffsetNs = offsetNs;
    if (!m_rows.empty())
        Q_EMIT dataChanged(
            index(0, FirstSeenColumn), index(static_cast<int>(m_rows.size()) - 1, LastSeenColumn));
}

} // namespace memtap
