// SPDX-License-Identifier: GPL-2.0-or-later
#include "passwordkeeper.h"

#include <qt6keychain/keychain.h>

namespace memtap {

namespace {

QString describeKeychainError(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return PasswordKeeper::tr("No keychain service (Secret Service or KWallet) is running.");
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return PasswordKeeper::tr("The keychain refused access.");
    default:
        return PasswordKeeper::tr("The keychain failed: %1").arg(job.errorString());
    }
}

} // namespace

PasswordKeeper::PasswordKeeper(QObject *parent)
    : QObject(parent)
{ }

void PasswordKeeper::lookUp(const QString &account)
{
    if (account != m_account) {
        m_password.clear();
        m_hasPassword = false;
    }
    m_account = account;
    auto *job = new QKeychain::ReadPasswordJob(QLatin1String(keychainService), this);
    job->setKey(account);
    ++m_pendingJobs;
    connect(job, &QKeychain::Job::finished, this, [this, job, account] {
        --m_pendingJobs;
        // The user may have switched accounts meanwhile.
        if (account != m_account)
            return;
        Outcome outcome;
        if (job->error() == QKeychain::NoError) {
            m_password = job->textData();
            m_hasPassword = true;
            m_keychainProblem.clear();
            outcome = Outcome::Found;
        } else if (job->error() == QKeychain::EntryNotFound) {
            m_keychainProblem.clear();
            outcome = Outcome::NotFound;
        } else {
            m_keychainProblem = describeKeychainError(*job);
            outcome = Outcome::KeychainUnavailable;
        }
        Q_EMIT lookupFinished(outcome);
    });
    job->start();
}

void PasswordKeeper::store(const QString &account, const QString &password)
{
    setSessionPassword(account, password);
    auto *job = new QKeychain::WritePasswordJob(QLatin1String(keychainService), this);
    job->setKey(account);
    job->setTextData(password);
    ++m_pendingJobs;
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        --m_pendingJobs;
        const bool stored = job->error() == QKeychain::NoError;
        m_keychainProblem = stored ? QString() : describeKeychainError(*job);
        Q_EMIT storeFinished(stored);
    });
    job->start();
}

void PasswordKeeper::setSessionPassword(const QString &account, const QString &password)
{
    m_account = account;
    m_password = password;
    m_hasPassword = true;
}

} // namespace memtap
