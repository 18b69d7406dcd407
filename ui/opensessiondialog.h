// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"
#include "storage/storedsession.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include <optional>
#include <vector>

class QDialogButtonBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace memtap {

class SessionListModel;

// File > Open Session: the capture sessions stored in a database (host,
// tracer, start, duration, events, dropped), read in a worker thread with a
// connection of its own; the chosen one is selectedSessionId().
class OpenSessionDialog : public QDialog
{
    Q_OBJECT

public:
    struct Listing
    {
        std::vector<StoredSession> sessions;
        QString error;
    };

    explicit OpenSessionDialog(QWidget *parent = nullptr);
    ~OpenSessionDialog() override;

    // Reads the sessions of url; currentSessionId (the one shown now) is
    // selected when it is among them, else the newest.
    void load(const DatabaseUrl &url, const std::optional<QString> &password,
        qint64 currentSessionId = 0);
    // Reads the sessions in the calling thread (opens and closes its own connection).
    static Listing readSessions(const DatabaseUrl &url, const std::optional<QString> &password);

    // The chosen session; 0 when none.
    qint64 selectedSessionId() const;
    // From load() until the list is shown.
    bool isLoading() const { return m_loading; }
    SessionListModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    // The list has been read (or failed: statusLabel() says why).
    void loaded();

private:
    void showListing(const Listing &listing);
    void updateButtons();

    SessionListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QFutureWatcher<Listing> m_watcher;
    qint64 m_preferredSession = 0;
    bool m_loading = false;
    QString m_databaseName;
};

} // namespace memtap
