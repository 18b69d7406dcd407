// SPDX-License-Identifier: GPL-2.0-or-later
#include "livemappingsmodel.h"

#include "models/displayformat.h"
#include "models/flagdecoder.h"

#include <algorithm>

#include <sys/mman.h>

namespace memtap {

namespace {

bool sameMapping(const LiveMapping &a, const LiveMapping &b)
{
    return a.start == b.start && a.end == b.end && a.prot == b.prot && a.flags == b.flags
        && a.fd == b.fd && a.offset == b.offset && a.path == b.path;
}

} // namespace

LiveMappingsModel::LiveMappingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void LiveMappingsModel::setMappings(std::uint64_t processKey, std::vector<LiveMapping> mappings)
{
    std::sort(mappings.begin(), mappings.end(),
        [](const LiveMapping &a, const LiveMapping &b) { return a.start < b.start; });
    if (processKey != m_processKey) {
        // Rows out, rows in, rather than a reset: views keep column widths
        // and sorting.
        if (!m_mappings.empty()) {
            beginRemoveRows({}, 0, int(m_mappings.size()) - 1);
            m_mappings.clear();
            endRemoveRows();
        }
        m_processKey = processKey;
        if (!mappings.empty()) {
            beginInsertRows({}, 0, int(mappings.size()) - 1);
            m_mappings = std::move(mappings);
            endInsertRows();
        }
        return;
    }

    // Walk both sorted lists: remove ranges that are gone, insert new ones,
    // update those that changed.
    std::size_t row = 0;
    for (const LiveMapping &mapping : mappings) {
        while (row < m_mappings.size() && m_mappings[row].start < mapping.start) {
            beginRemoveRows({}, int(row), int(row));
            m_mappings.erase(m_mappings.begin() + std::ptrdiff_t(row));
            endRemoveRows();
        }
        if (row < m_mappings.size() && m_mappings[row].start == mapping.start) {
            if (!sameMapping(m_mappings[row], mapping)) {
                m_mappings[row] = mapping;
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
            }
        } else {
            beginInsertRows({}, int(row), int(row));
            m_mappings.insert(m_mappings.begin() + std::ptrdiff_t(row), mapping);
            endInsertRows();
        }
        ++row;
    }
    if (row < m_mappings.size()) {
        beginRemoveRows({}, int(row), int(m_mappings.size()) - 1);
        m_mappings.resize(row);
        endRemoveRows();
    }
}

void LiveMappingsModel::clear()
{
    setMappings(0, {});
}

std::uint64_t LiveMappingsModel::totalBytes() const
{
    std::uint64_t total = 0;
    for (const LiveMapping &mapping : m_mappings)
        total += mapping.size();
    return total;
}

int LiveMappingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_mappings.size());
}

int LiveMappingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveMappingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(section == SizeColumn ? Qt::AlignRight | Qt::AlignVCenter
                                                         : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RangeColumn:
        return tr("Address range");
    case SizeColumn:
        return tr("Size");
    case ProtectionColumn:
        return tr("Protection");
    case FlagsColumn:
        return tr("Flags");
    case FileColumn:
        return tr("File");
    default:
        return {};
    }
}

QString LiveMappingsModel::fileText(const LiveMapping &mapping)
{
    if (!mapping.path.isEmpty())
        return DisplayFormat::processName(mapping.path);
    if (mapping.flags & MAP_ANONYMOUS)
        return tr("[anonymous]");
    if (mapping.fd >= 0)
        return tr("fd %1").arg(mapping.fd);
    return tr("[anonymous]");
}

QVariant LiveMappingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LiveMapping &mapping = m_mappings[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RangeColumn:
            return QStringLiteral("%1–%2").arg(
                DisplayFormat::address(mapping.start), DisplayFormat::address(mapping.end));
        case SizeColumn:
            return DisplayFormat::bytes(mapping.size());
        case ProtectionColumn:
            return FlagDecoder::protection(mapping.prot);
        case FlagsColumn:
            return FlagDecoder::mmapFlags(mapping.flags);
        case FileColumn:
            return fileText(mapping);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case SizeColumn:
            return DisplayFormat::exactBytes(mapping.size());
        case FileColumn:
            if (mapping.offset != 0)
                return tr("%1 at offset %2")
                    .arg(fileText(mapping), DisplayFormat::address(mapping.offset));
            return fileText(mapping);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(index.column() == SizeColumn ? Qt::AlignRight | Qt::AlignVCenter
                                                                : Qt::AlignLeft | Qt::AlignVCenter);
    case SortRole:
        switch (index.column()) {
        case RangeColumn:
            return QVariant::fromValue<qulonglong>(mapping.start);
        case SizeColumn:
            return QVariant::fromValue<qulonglong>(mapping.size());
        case ProtectionColumn:
            return QVariant::fromValue<qulonglong>(mapping.prot);
        case FlagsColumn:
            return FlagDecoder::mmapFlags(mapping.flags);
        case FileColumn:
            return fileText(mapping);
        }
        return {};
    case StartRole:
        return QVariant::fromValue<qulonglong>(mapping.start);
    case EndRole:
        return QVariant::fromValue<qulonglong>(mapping.end);
    default:
        return {};
    }
}

} // namespace memtap
