// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "settings/appsettings.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

namespace memtap {

// The settings dialog's "Test connection": opens the configured database in
// a worker thread (its own short-lived QSqlDatabase connection, used only
// there) and says in one sentence whether it works and, if not, what to do.
// Nothing is created or changed: a SQLite file that does not exist yet is
// only checked for a writable place.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        bool ok = false;
        QString message;
    };

    // How long a MySQL/MariaDB server may take to answer.
    static constexpr int connectTimeoutSeconds = 5;

    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    // Starts a test; a test still running is left to finish unreported.
    void start(const AppSettings &settings, const QString &password);
    bool isRunning() const { return m_watcher.isRunning(); }

    // The test itself, blocking; safe in any thread.
    static Result test(const AppSettings &settings, const QString &password);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    QFutureWatcher<Result> m_watcher;
};

} // namespace memtap
