// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace memtap {

// The MySQL/MariaDB password of the configured account: kept in the desktop
// keychain (QtKeychain: Secret Service, KWallet) under service "memtap" and
// the account key mysql://user@host:port/database, the entry memtapctl and
// the storage layer read too. Without a usable keychain it is held in memory
// for this run only. Never written to the settings file or a log.
class PasswordKeeper : public QObject
{
    Q_OBJECT

public:
    enum class Outcome {
        Found, // read from the keychain
        NotFound, // the keychain works but has no entry for the account
        KeychainUnavailable, // no keychain (or it refused): ask the user
    };
    Q_ENUM(Outcome)

    static constexpr const char *keychainService = "memtap";

    explicit PasswordKeeper(QObject *parent = nullptr);

    // Asks the keychain for account's password; lookupFinished() follows.
    void lookUp(const QString &account);
    // Stores password for account in the keychain, replacing any; it is kept
    // in memory at once, and storeFinished() tells whether the keychain took it.
    void store(const QString &account, const QString &password);
    // Keeps password for this run only (the user typed it, no keychain).
    void setSessionPassword(const QString &account, const QString &password);

    QString account() const { return m_account; }
    bool hasPassword() const { return m_hasPassword; }
    // The password of account(), empty when none is known.
    QString password() const { return m_password; }
    // Why the keychain could not be used, one sentence; empty if it could.
    QString keychainProblem() const { return m_keychainProblem; }
    bool isBusy() const { return m_pendingJobs > 0; }

Q_SIGNALS:
    void lookupFinished(memtap::PasswordKeeper::Outcome outcome);
    void storeFinished(bool storedInKeychain);

private:
    QString m_account;
    QString m_password;
    bool m_hasPassword = false;
    QString m_keychainProblem;
    int m_pendingJobs = 0;
};

} // namespace memtap
