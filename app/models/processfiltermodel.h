// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace memtap {

// Sorts a ProcessModel by the raw values of its SortRole (sizes as numbers,
// not as "1.5 MiB") and filters it by a process name substring or a pid.
class ProcessFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ProcessFilterModel(QObject *parent = nullptr);

    // A ProcessModel's bulk updates are sorted and filtered once at their end.
    void setSourceModel(QAbstractItemModel *model) override;

    // A number matches that pid exactly and names containing it; any other
    // text matches names containing it, ignoring case. Empty shows all.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }
    // Whether filterText (trimmed) shows a process with this pid and name
    // (DisplayFormat::processName()): a name containing it, ignoring case,
    // or the pid it spells. Thread-safe, for exporting the same processes.
    static bool acceptsProcess(const QString &filterText, qint64 pid, const QString &displayName);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void holdSorting();
    void resumeSorting();

    QString m_filterText;
    qint64 m_filterPid = -1;
};

} // namespace memtap
