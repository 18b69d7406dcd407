// SPDX-License-Identifier: GPL-2.0-or-later
#include "processview.h"

#include "filterdebouncer.h"
#include "models/processfiltermodel.h"
#include "models/processmodel.h"
#include "processitemdelegate.h"

#include <QAction>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace memtap {

ProcessView::ProcessView(ProcessModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new ProcessFilterModel(this))
    , m_filter(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_debouncer(new FilterDebouncer(this))
{
    m_proxy->setSourceModel(model);

    m_filter->setObjectName(QStringLiteral("processFilter"));
    m_filter->setPlaceholderText(tr("Filter by name or PID"));
    m_filter->setClearButtonEnabled(true);
    if (QIcon::hasThemeIcon(QStringLiteral("edit-find")))
        m_filter->addAction(
            QIcon::fromTheme(QStringLiteral("edit-find")), QLineEdit::LeadingPosition);
    m_debouncer->watch(m_filter);
    connect(m_debouncer, &FilterDebouncer::filterChanged, this,
        [this] { m_proxy->setFilterText(m_filter->text()); });

    m_table->setObjectName(QStringLiteral("processTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new ProcessItemDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ProcessModel::RequestedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, &ProcessView::showHeaderMenu);
    // Sensible widths before any data: the header text or a typical value.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 2 * m_table->style()->pixelMetric(QStyle::PM_HeaderMargin) + 14;
    for (int column = 0; column < ProcessModel::ColumnCount; ++column) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        QString typical;
        switch (column) {
        case ProcessModel::PidColumn:
            typical = QStringLiteral("4194304");
            break;
        case ProcessModel::NameColumn:
            typical = QStringLiteral("systemd-journal");
            break;
        case ProcessModel::UserColumn:
            typical = QStringLiteral("nobody");
            break;
        case ProcessModel::RequestedColumn:
        case ProcessModel::ReleasedColumn:
        case ProcessModel::NetColumn:
            typical = QStringLiteral("1,023.9 MiB");
            break;
        case ProcessModel::LiveColumn:
            typical = QStringLiteral("≥ 1,023.9 MiB");
            break;
        case ProcessModel::FirstSeenColumn:
        case ProcessModel::LastSeenColumn:
            typical = QStringLiteral("00:00:00");
            break;
        default:
            typical = QStringLiteral("100,000");
            break;
        }
        header->resizeSection(column,
            std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(typical))
                + padding);
    }
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ProcessView::fitColumnsOnce);

    // Both: the current row can move without the selection changing, and a
    // row can be deselected (Ctrl+click) while staying current.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this] { Q_EMIT processSelected(selectedProcess()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { Q_EMIT processSelected(selectedProcess()); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
}

void ProcessView::fitColumnsOnce()
{
    // Fit the text columns to the first data once; afterwards widths are the
    // user's, and live updates never make columns jump.
    if (m_columnsFitted)
        return;
    m_columnsFitted = true;
    for (const int column : {ProcessModel::NameColumn, ProcessModel::UserColumn}) {
        // QTableView makes its override protected; the base one is public.
        const int fitted = static_cast<QAbstractItemView *>(m_table)->sizeHintForColumn(column);
        QHeaderView *header = m_table->horizontalHeader();
        header->resizeSection(column, std::clamp(fitted + 12, header->sectionSize(column), 320));
    }
}

std::uint64_t ProcessView::selectedProcess() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), {}))
        return 0;
    return current.data(ProcessModel::ProcessKeyRole).toULongLong();
}

bool ProcessView::selectProcess(std::uint64_t processKey)
{
    const QModelIndex source = m_model->indexOfProcess(processKey);
    if (!source.isValid())
        return false;
    QModelIndex shown = m_proxy->mapFromSource(source);
    if (!shown.isValid()) {
        m_filter->clear();
        m_debouncer->flush();
        m_proxy->setFilterText({});
        shown = m_proxy->mapFromSource(source);
    }
    m_table->selectionModel()->setCurrentIndex(
        shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(shown, QAbstractItemView::EnsureVisible);
    return true;
}

QByteArray ProcessView::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

void ProcessView::restoreHeaderState(const QByteArray &state)
{
    if (state.isEmpty())
        return;
    if (m_table->horizontalHeader()->restoreState(state))
        m_columnsFitted = true;
}

void ProcessView::showHeaderMenu(const QPoint &position)
{
    QHeaderView *header = m_table->horizontalHeader();
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    for (int column = 0; column < m_proxy->columnCount(); ++column) {
        QAction *action = menu.addAction(m_proxy->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        // The name keeps a row recognisable.
        action->setEnabled(column != ProcessModel::NameColumn);
        connect(action, &QAction::toggled, header,
            [header, column](bool visible) { header->setSectionHidden(column, !visible); });
    }
    menu.exec(header->mapToGlobal(position));
}

} // namespace memtap
