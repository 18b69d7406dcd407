// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsupport.h"

#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionend.h"
#include "storage/sessionstart.h"
#include "trace/tracefile.h"

#include <QProcess>
#include <QtGlobal>

#include <unistd.h>

namespace memtap::test {

bool prerequisitesRequired()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

QString mariadbTestUrl()
{
    return qEnvironmentVariable("MEMTAP_TEST_MARIADB_URL");
}

ImportedSession importTrace(const QString &tracePath, const QString &databasePath)
{
    ImportedSession imported;
    imported.url = DatabaseUrl::sqlite(databasePath);
    TraceFile trace;
    if (!trace.open(tracePath)) {
        imported.error = trace.errorString();
        return imported;
    }
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = tracePath;
    start.resolveUserNames = false;
    EventStore store;
    if (!store.open(imported.url, start)) {
        imported.error = store.errorString();
        return imported;
    }
    IngestPipeline pipeline(&store);
    for (QByteArrayView chunk = trace.read(); !chunk.isEmpty(); chunk = trace.read()) {
        if (!pipeline.feed(chunk)) {
            imported.error = pipeline.errorString();
            return imported;
        }
    }
    SessionEnd end;
    end.reason = QStringLiteral("end-of-trace");
    if (!pipeline.finish(end)) {
        imported.error = pipeline.errorString();
        return imported;
    }
    imported.id = store.sessionId();
    return imported;
}

ProgramRun runProgram(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &environment, int timeoutMs)
{
    ProgramRun run;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.standardError = process.readAllStandardError()
            + QStringLiteral("\n%1 did not finish within %2 ms\n")
                  .arg(program)
                  .arg(timeoutMs)
                  .toLocal8Bit();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.standardOutput = process.readAllStandardOutput();
    run.standardError = process.readAllStandardError();
    return run;
}

} // namespace memtap::test
