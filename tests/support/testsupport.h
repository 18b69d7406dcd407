// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"

#include <QProcessEnvironment>
#include <QString>
#include <QTest>

namespace memtap::test {

// True in CI (CI=true), where every prerequisite of every test is installed by
// .ci/run: a missing one there is a failure, not a reason to skip.
bool prerequisitesRequired();

bool runningAsRoot();

// The MariaDB server the test fixture started, as a memtap database URL
// (mysql://user@127.0.0.1:port/database), or empty when none is configured.
// The password, if any, is in MEMTAP_DB_PASSWORD.
QString mariadbTestUrl();

// A session imported from a recorded trace as `memtapctl import` does it.
struct ImportedSession
{
    DatabaseUrl url;
    qint64 id = 0;
    QString error; // set when id is 0
};

// The trace through IngestPipeline into a new session of the SQLite file at
// databasePath.
ImportedSession importTrace(const QString &tracePath, const QString &databasePath);

// A program run to its end, as a user runs a command.
struct ProgramRun
{
    int exitCode = -1; // -1: it did not start, crashed or was killed at the timeout
    QByteArray standardOutput;
    QByteArray standardError; // says so when it did not finish in time
};

ProgramRun runProgram(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
    int timeoutMs = 300'000);

} // namespace memtap::test

// Skips the current test function with a message naming what it needs, or
// fails it where prerequisitesRequired() says everything must be present.
#define MEMTAP_REQUIRE(condition, what)                                                            \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            if (memtap::test::prerequisitesRequired())                                             \
                QFAIL(qPrintable(QStringLiteral("missing prerequisite in CI: ") + (what)));        \
            QSKIP(qPrintable(QStringLiteral("needs ") + (what)));                                  \
        }                                                                                          \
    } while (false)

#define MEMTAP_REQUIRE_ROOT()                                                                      \
    MEMTAP_REQUIRE(memtap::test::runningAsRoot(),                                                  \
        QStringLiteral("root (run the tests as root, e.g. sudo ctest)"))
