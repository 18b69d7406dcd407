// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/requestfilter.h"

#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace memtap {

class FilterDebouncer;

// The Requests dock: a filter bar (pid, name, call), a "follow" toggle that
// keeps the newest row in view while capturing, and the table of every call.
// The table is backed by a model over the session database that the caller
// sets with setModel(); until then the dock says the log is not available
// and its controls are disabled.
class RequestLogView : public QWidget
{
    Q_OBJECT

public:
    explicit RequestLogView(QWidget *parent = nullptr);

    // Shows model (not owned); nullptr shows the "not available" note again.
    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const;
    void setUnavailableText(const QString &text);

    RequestFilter filter() const;
    // Whether the session shown is being captured: only then can Follow
    // keep the newest call in view.
    void setLive(bool live);
    bool isFollowing() const;
    void setFollowing(bool follow);

    QTableView *tableView() const { return m_table; }
    QLineEdit *pidEdit() const { return m_pid; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *callCombo() const { return m_call; }
    QToolButton *followButton() const { return m_follow; }

Q_SIGNALS:
    // The filter bar changed (debounced 300 ms; Enter applies at once).
    void filterChanged(const memtap::RequestFilter &filter);
    void followChanged(bool follow);

private:
    void scrollToNewest();

    QLineEdit *m_pid;
    QLineEdit *m_name;
    QComboBox *m_call;
    QToolButton *m_follow;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QLabel *m_unavailable;
    QWidget *m_filterBar;
    FilterDebouncer *m_debouncer;
};

} // namespace memtap
