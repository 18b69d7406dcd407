// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "settings/appsettings.h"

#include <QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace memtap {

class ConnectionTester;
class PasswordKeeper;

// Settings: where sessions are stored (a SQLite file, or a MySQL/MariaDB
// server with TLS options), with "Test connection"; the capture backend and
// elevation; refresh interval and the share chart's top N. A password typed
// here goes to the keychain (or memory), never to the settings file.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(
        const AppSettings &settings, PasswordKeeper *passwords, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // What the dialog shows now.
    AppSettings settings() const;
    // The password field, empty when left alone.
    QString typedPassword() const;

    // Runs "Test connection"; the result appears in testResult().
    void testConnection();
    bool isTesting() const;
    QString testResult() const;

    void accept() override;

Q_SIGNALS:
    void connectionTested(bool ok, const QString &message);

private:
    void load(const AppSettings &settings);
    void updateEnabled();
    void updatePasswordNote();
    void browseSqlite();
    void browseCaFile();
    void showTestResult(bool ok, const QString &message);

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    PasswordKeeper *m_passwords;
    ConnectionTester *m_tester;
};

} // namespace memtap
