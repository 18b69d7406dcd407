// SPDX-License-Identifier: GPL-2.0-or-later
#include "sharemodel.h"

#include "models/displayformat.h"
#include "models/processmodel.h"

#include <algorithm>

namespace memtap {

ShareModel::ShareModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(defaultRefreshIntervalMs);
    connect(&m_throttle, &QTimer::timeout, this, &ShareModel::refreshNow);
}

void ShareModel::setProcessModel(ProcessModel *processes)
{
    if (m_processes == processes)
        return;
    if (m_processes)
        disconnect(m_processes, nullptr, this, nullptr);
    m_processes = processes;
    if (m_processes) {
        connect(m_processes, &ProcessModel::processesChanged, this, &ShareModel::scheduleRefresh);
        connect(m_processes, &QAbstractItemModel::modelReset, this, &ShareModel::scheduleRefresh);
        connect(m_processes, &QAbstractItemModel::rowsRemoved, this, &ShareModel::scheduleRefresh);
    }
    refreshNow();
}

void ShareModel::setTopCount(int count)
{
    count = std::max(1, count);
    if (count == m_topCount)
        return;
    m_topCount = count;
    refreshNow();
}

void ShareModel::setRefreshInterval(int milliseconds)
{
    m_throttle.setInterval(std::max(0, milliseconds));
}

void ShareModel::scheduleRefresh()
{
    // The first change after a quiet spell starts the timer; later ones ride
    // along, so refreshes happen at most once per interval.
    if (!m_throttle.isActive())
        m_throttle.start();
}

std::vector<ShareModel::Entry> ShareModel::compute() const
{
    std::vector<Entry> all;
    if (!m_processes)
        return all;
    const int rows = m_processes->rowCount();
    all.reserve(std::size_t(rows));
    for (int row = 0; row < rows; ++row) {
        const ProcessFigures &process = m_processes->figures(row);
        if (process.requestedBytes == 0)
            continue;
        // Named below, once the top ones are known: thousands of processes.
        all.push_back(
            Entry {process.processKey, process.pid, QString(), process.requestedBytes, 1});
    }
    const auto byBytes = [](const Entry &a, const Entry &b) {
        if (a.bytes != b.bytes)
            return a.bytes > b.bytes;
        return a.processKey < b.processKey;
    };
    // A lone process left over gets its own row: "Other" always stands for
    // several processes.
    const std::size_t top = all.size() == std::size_t(m_topCount) + 1
        ? all.size()
        : std::min(all.size(), std::size_t(m_topCount));
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(top), all.end(), byBytes);
    for (std::size_t i = 0; i < top; ++i)
        all[i].name = DisplayFormat::processName(
            m_processes->figures(m_processes->rowOfProcess(all[i].processKey)).name);
    if (all.size() > top) {
        Entry other;
        other.processCount = static_cast<int>(all.size() - top);
        for (std::size_t i = top; i < all.size(); ++i)
            other.bytes += all[i].bytes;
        all.resize(top);
        all.push_back(other);
    }
    return all;
}

void ShareModel::refreshNow()
{
    m_throttle.stop();
    std::vector<Entry> entries = compute();
    std::uint64_t total = 0;
    for (const Entry &entry : entries)
        total += entry.bytes;
    if (entries == m_entries && total == m_totalBytes)
        return;

    const int oldCount = static_cast<int>(m_entries.size());
    const int newCount = static_cast<int>(entries.size());
    // Rows change in place; only the tail grows or shrinks, so views keep
    // their state and a chart can update its slices instead of rebuilding.
    if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        m_entries.resize(std::size_t(newCount));
        endRemoveRows();
    }
    const int common = std::min(oldCount, newCount);
    m_totalBytes = total;
    if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        m_entries.insert(m_entries.end(), entries.begin() + oldCount, entries.end());
        endInsertRows();
    }
    std::copy(entries.begin(), entries.begin() + common, m_entries.begin());
    if (newCount > 0)
        Q_EMIT dataChanged(index(0, 0), index(newCount - 1, ColumnCount - 1));
    Q_EMIT refreshed();
}

double ShareModel::percentOf(const Entry &entry) const
{
    if (m_totalBytes == 0)
        return 0.0;
    return 100.0 * static_cast<double>(entry.bytes) / static_cast<double>(m_totalBytes);
}

int ShareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int ShareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ShareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Process");
    case RequestedColumn:
        return tr("Requested");
    case PercentColumn:
        return tr("Share");
    default:
        return {};
    }
}

QVariant ShareModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return entry.isOther() ? tr("Other (%1 processes)").arg(entry.processCount)
                                   : tr("%1 (%2)").arg(entry.name).arg(entry.pid);
        case RequestedColumn:
            return DisplayFormat::bytes(entry.bytes);
        case PercentColumn:
            return DisplayFormat::percent(percentOf(entry));
        }
        return {};
    case Qt::ToolTipRole:
        return DisplayFormat::exactBytes(entry.bytes);
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return entry.name;
        case RequestedColumn:
            return QVariant::fromValue<qulonglong>(entry.bytes);
        case PercentColumn:
            return percentOf(entry);
        }
        return {};
    case ProcessKeyRole:
        return QVariant::fromValue<qulonglong>(entry.processKey);
    case PidRole:
        return entry.pid;
    case IsOtherRole:
        return entry.isOther();
    case BytesRole:
        return QVariant::fromValue<qulonglong>(entry.bytes);
    case PercentRole:
        return percentOf(entry);
    default:
        return {};
    }
}

} // namespace memtap
