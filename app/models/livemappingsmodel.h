// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <vector>

namespace memtap {

// The live mapped ranges of one process (Accountant::liveMappings()), for the
// process detail view. Refreshing the same process merges by start address,
// so selection and scroll position survive; showing another process replaces
// the rows (never a reset, so views keep their column widths).
class LiveMappingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RangeColumn, SizeColumn, ProtectionColumn, FlagsColumn, FileColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1,
        StartRole,
        EndRole,
    };

    explicit LiveMappingsModel(QObject *parent = nullptr);

    // mappings may come in any order; they are kept sorted by start address.
    void setMappings(std::uint64_t processKey, std::vector<LiveMapping> mappings);
    void clear();

    std::uint64_t processKey() const { return m_processKey; }
    const std::vector<LiveMapping> &mappings() const { return m_mappings; }
    std::uint64_t totalBytes() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // What backs a range: its path, "fd 5" for a traced file mapping whose
    // path is not known, or "[anonymous]".
    static QString fileText(const LiveMapping &mapping);

private:
    std::uint64_t m_processKey = 0;
    std::vector<LiveMapping> m_mappings;
};

} // namespace memtap
