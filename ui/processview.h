// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QWidget>

#include <cstdint>

class QLineEdit;
class QTableView;

namespace memtap {

class FilterDebouncer;
class ProcessFilterModel;
class ProcessModel;

// The Processes dock: a debounced filter box (name or pid) over the sortable
// process table. Live merges keep the selection and the scroll position.
class ProcessView : public QWidget
{
    Q_OBJECT

public:
    explicit ProcessView(ProcessModel *model, QWidget *parent = nullptr);

    QTableView *tableView() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    ProcessFilterModel *filterModel() const { return m_proxy; }

    // 0 when nothing is selected.
    std::uint64_t selectedProcess() const;
    // Selects and shows the process; clears a filter that hides it.
    bool selectProcess(std::uint64_t processKey);

    // Column widths, order, hidden columns and sort order.
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

Q_SIGNALS:
    // The selected process changed; 0 when none is selected.
    void processSelected(std::uint64_t processKey);

private:
    void showHeaderMenu(const QPoint &position);
    void fitColumnsOnce();

    ProcessModel *m_model;
    ProcessFilterModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
    FilterDebouncer *m_debouncer;
    bool m_columnsFitted = false;
};

} // namespace memtap
