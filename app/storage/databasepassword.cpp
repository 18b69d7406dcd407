// SPDX-License-Identifier: GPL-2.0-or-later
#include "databasepassword.h"

#include <QEventLoop>
#include <QTimer>

#ifdef MEMTAP_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace memtap {

namespace {

const QString keychainService = QStringLiteral("memtap");

#ifdef MEMTAP_HAVE_KEYCHAIN
// Runs a keychain job to its end or the timeout; true when it finished
// without error. Without a Secret Service some back-ends never answer, so
// the timeout keeps memtap from hanging.
bool runJob(QKeychain::Job &job, QString *error)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(DatabasePassword::keychainTimeout, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished) {
        if (error)
            *error = DatabasePassword::tr("the keychain did not answer within %1 seconds")
                         .arg(DatabasePassword::keychainTimeout.count());
        return false;
    }
    if (job.error() != QKeychain::NoError) {
        if (error)
            *error = job.errorString();
        return false;
    }
    return true;
}
#endif

} // namespace

DatabasePassword::Lookup DatabasePassword::find(const DatabaseUrl &url)
{
    Lookup lookup;
    if (qEnvironmentVariableIsSet(environmentVariable)) {
        lookup.password = qEnvironmentVariable(environmentVariable);
        lookup.source = QString::fromLatin1(environmentVariable);
        return lookup;
    }
    if (!url.isMysql())
        return lookup;
#ifdef MEMTAP_HAVE_KEYCHAIN
    if (!QCoreApplication::instance()) {
        lookup.keychainProblem = tr("the keychain needs a running application");
        return lookup;
    }
    QKeychain::ReadPasswordJob job(keychainService);
    job.setKey(url.accountKey());
    QString problem;
    if (runJob(job, &problem)) {
        lookup.password = job.textData();
        lookup.source = QStringLiteral("keychain");
    } else if (job.error() != QKeychain::EntryNotFound) {
        lookup.keychainProblem = problem;
    }
#else
    lookup.keychainProblem = tr("this build of memtap has no keychain support");
#endif
    return lookup;
}

bool DatabasePassword::store(const DatabaseUrl &url, const QString &password, QString *error)
{
#ifdef MEMTAP_HAVE_KEYCHAIN
    QKeychain::WritePasswordJob job(keychainService);
    job.setKey(url.accountKey());
    job.setTextData(password);
    QString problem;
    if (runJob(job, &problem))
        return true;
    if (error)
        *error = tr("The password could not be stored in the keychain (%1); set "
                    "MEMTAP_DB_PASSWORD instead, or enter it at each start.")
                     .arg(problem);
    return false;
#else
    Q_UNUSED(url);
    Q_UNUSED(password);
    if (error)
        *error = tr("This build of memtap has no keychain support; set MEMTAP_DB_PASSWORD "
                    "instead.");
    return false;
#endif
}

bool DatabasePassword::remove(const DatabaseUrl &url, QString *error)
{
#ifdef MEMTAP_HAVE_KEYCHAIN
    QKeychain::DeletePasswordJob job(keychainService);
    job.setKey(url.accountKey());
    QString problem;
    if (runJob(job, &problem) || job.error() == QKeychain::EntryNotFound)
        return true;
    if (error)
        *error = tr("The password could not be removed from the keychain (%1).").arg(problem);
    return false;
#else
    Q_UNUSED(url);
    Q_UNUSED(error);
    return true;
#endif
}

bool DatabasePassword::keychainSupported()
{
#ifdef MEMTAP_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

} // namespace memtap
