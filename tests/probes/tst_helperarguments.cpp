// SPDX-License-Identifier: GPL-2.0-or-later
//
// The root helper accepts exactly one word from its enumeration, refuses
// everything else with exit status 2 (never pkexec's 126/127) without
// starting anything, refuses to run without root, ignores the caller's
// environment and refuses scripts that anyone but root could have changed.

#include "forkwatcher.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString helperPath = QStringLiteral(MEMTAP_BUILD_HELPER_PATH);
const QString trustCheckHelperPath = QStringLiteral(MEMTAP_TRUSTCHECK_HELPER_PATH);
const QString trustCheckProbesDir = QStringLiteral(MEMTAP_TRUSTCHECK_PROBES_DIR);

struct HelperRun
{
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray standardOutput;
    QByteArray standardError;
    qint64 pid = 0;
};

// The environment helpers run with. In a sanitizer build, LeakSanitizer's
// check at exit clones a tracer task, which the fork watcher would take for
// a process the helper started: the helper's leaks are checked by the tests
// that run it through a capture instead.
QProcessEnvironment helperEnvironment(
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment())
{
    const QString asanOptions = environment.value(QStringLiteral("ASAN_OPTIONS"));
    if (!asanOptions.isEmpty())
        environment.insert(
            QStringLiteral("ASAN_OPTIONS"), asanOptions + QStringLiteral(":detect_leaks=0"));
    return environment;
}

HelperRun runHelper(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &environment = helperEnvironment(), const QByteArray &input = {},
    int timeoutMs = 10000)
{
    HelperRun run;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(5000))
        return run;
    run.pid = process.processId();
    if (!input.isNull())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return run;
    }
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.standardOutput = process.readAllStandardOutput();
    run.standardError = process.readAllStandardError();
    return run;
}

// What a running helper writes until its stream header (at most 30 s), or
// until it exits.
QByteArray readUntilHeader(QProcess &helper)
{
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (!output.contains("#memtap\t1\t") && timer.elapsed() < 30000
        && helper.state() == QProcess::Running) {
        helper.waitForReadyRead(200);
        output += helper.readAllStandardOutput();
    }
    return output;
}

bool haveProgram(const QString &name)
{
    return !QStandardPaths::findExecutable(name).isEmpty();
}

} // namespace

class TestHelperArguments : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void refusesArgumentsOutsideTheEnumeration_data();
    void refusesArgumentsOutsideTheEnumeration();
    void printsItsVersion();
    void refusesToRunWithoutRoot();
    void ignoresTheCallersEnvironment();
    void refusesUntrustedScripts_data();
    void refusesUntrustedScripts();
    void trustsStickyDirectories();
};

void TestHelperArguments::initTestCase()
{
    QVERIFY2(QFile::exists(helperPath), qPrintable(helperPath));
    QVERIFY2(QFile::exists(trustCheckHelperPath), qPrintable(trustCheckHelperPath));
}

void TestHelperArguments::refusesArgumentsOutsideTheEnumeration_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("none") << QStringList {};
    QTest::newRow("two backends") << QStringList {
        QStringLiteral("bpftrace"), QStringLiteral("stap")};
    QTest::newRow("backend and extra word")
        << QStringList {QStringLiteral("bpftrace"), QStringLiteral("extra")};
    QTest::newRow("one word with a space") << QStringList {QStringLiteral("bpftrace extra")};
    QTest::newRow("bash") << QStringList {QStringLiteral("bash")};
    QTest::newRow("script option") << QStringList {QStringLiteral("--script=/tmp/x")};
    QTest::newRow("relative path") << QStringList {QStringLiteral("../x")};
    QTest::newRow("absolute tracer path") << QStringList {QStringLiteral("/usr/bin/bpftrace")};
    QTest::newRow("empty string") << QStringList {QString()};
    QTest::newRow("upper case") << QStringList {QStringLiteral("BPFTRACE")};
    QTest::newRow("trailing newline") << QStringList {QStringLiteral("bpftrace\n")};
    QTest::newRow("prefix") << QStringList {QStringLiteral("bpf")};
    QTest::newRow("help") << QStringList {QStringLiteral("--help")};
    QTest::newRow("version and backend")
        << QStringList {QStringLiteral("--version"), QStringLiteral("bpftrace")};
    QTest::newRow("script file") << QStringList {QStringLiteral("/tmp/evil.bt")};
}

void TestHelperArguments::refusesArgumentsOutsideTheEnumeration()
{
    QFETCH(QStringList, arguments);

    // As root, the process events connector shows whether anything was started.
    memtap::test::ForkWatcher watcher;
    const HelperRun run = runHelper(helperPath, arguments);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY(run.exitCode != 126 && run.exitCode != 127);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.standardOutput.isEmpty(), run.standardOutput.constData());
    QVERIFY2(run.standardError.contains("usage: memtap-probe stap|bpftrace"),
        run.standardError.constData());
    QCOMPARE(run.standardError.count('\n'), 1);

    if (watcher.isListening()) {
        watcher.collect(100);
        QVERIFY(!watcher.overflowed());
        QVERIFY2(watcher.childrenOf(int(run.pid)).isEmpty(), "the helper started a process");
    } else {
        qInfo("not checked whether anything was started: the process events connector needs root");
    }
}

void TestHelperArguments::printsItsVersion()
{
    const HelperRun run = runHelper(helperPath, {QStringLiteral("--version")});
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.standardOutput.startsWith("memtap-probe "));
    // The build-tree helper trusts the scripts of the source tree, nothing else.
    QVERIFY2(run.standardOutput.contains(QByteArray(MEMTAP_SOURCE_DIR "/probes")),
        run.standardOutput.constData());
}

void TestHelperArguments::refusesToRunWithoutRoot()
{
    QString program = helperPath;
    QStringList arguments {QStringLiteral("bpftrace")};
    if (memtap::test::runningAsRoot()) {
        MEMTAP_REQUIRE(haveProgram(QStringLiteral("setpriv")),
            QStringLiteral("setpriv (util-linux) to drop root"));
        program = QStringLiteral("setpriv");
        arguments = QStringList {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                        QStringLiteral("--clear-groups"), helperPath}
            + arguments;
    }
    memtap::test::ForkWatcher watcher;
    const HelperRun run = runHelper(program, arguments);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.standardOutput.isEmpty());
    QVERIFY2(run.standardError.contains("must run as root"), run.standardError.constData());
    if (watcher.isListening()) {
        watcher.collect(100);
        QVERIFY(watcher.childrenOf(int(run.pid)).isEmpty());
    }
}

// A tracer named on the caller's PATH, and variables that would steer
// bpftrace, must not reach the tracer: its environment is the helper's fixed one.
void TestHelperArguments::ignoresTheCallersEnvironment()
{
    MEMTAP_REQUIRE_ROOT();
    MEMTAP_REQUIRE(haveProgram(QStringLiteral("bpftrace")),
        QStringLiteral("bpftrace (apt-get install bpftrace)"));

    QTemporaryDir fakeBin;
    QVERIFY(fakeBin.isValid());
    const QString marker = fakeBin.filePath(QStringLiteral("fake-tracer-ran"));
    const QString fakeTracer = fakeBin.filePath(QStringLiteral("bpftrace"));
    {
        QFile script(fakeTracer);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\ntouch '" + marker.toUtf8() + "'\necho '#memtap\t1\tbpftrace'\n");
    }
    QVERIFY(QFile::setPermissions(
        fakeTracer, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"),
        fakeBin.path() + QLatin1Char(':') + environment.value(QStringLiteral("PATH")));
    environment.insert(QStringLiteral("BPFTRACE_PERF_RB_PAGES"), QStringLiteral("1"));
    environment.insert(QStringLiteral("BPFTRACE_BTF"), fakeBin.filePath(QStringLiteral("none")));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
    environment.insert(QStringLiteral("MEMTAP_TEST_SECRET"), QStringLiteral("do-not-pass"));

    memtap::test::ForkWatcher watcher;
    QVERIFY(watcher.isListening());
    QProcess helper;
    helper.setProcessEnvironment(helperEnvironment(environment));
    helper.start(helperPath, {QStringLiteral("bpftrace")});
    QVERIFY(helper.waitForStarted(5000));
    const qint64 helperPid = helper.processId();
    const QByteArray output = readUntilHeader(helper);
    QVERIFY2(
        output.startsWith("#memtap\t1\tbpftrace\n"), helper.readAllStandardError().constData());

    // The tracer is the helper's only child.
    QByteArray tracerEnvironment;
    QByteArray tracerExecutable;
    qint64 tracerPid = 0;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == helperPid) {
            QFile environ(QStringLiteral("/proc/%1/environ").arg(entry));
            QVERIFY(environ.open(QIODevice::ReadOnly));
            tracerEnvironment = environ.readAll();
            tracerPid = entry.toLongLong();
            tracerExecutable = QFile::encodeName(
                QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(entry)));
        }
    }
    helper.write("quit\n");
    helper.closeWriteChannel();
    QVERIFY(helper.waitForFinished(10000));
    QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
    QVERIFY2(helper.exitCode() == 0, helper.readAllStandardError().constData());

    QVERIFY2(!QFile::exists(marker), "the helper ran the bpftrace found on the caller's PATH");
    // The watcher that proves other runs started nothing sees this one start
    // its tracer, and nothing else.
    watcher.collect(100);
    QVERIFY(!watcher.overflowed());
    QCOMPARE(watcher.childrenOf(int(helperPid)), QList<int> {int(tracerPid)});
    QVERIFY2(!tracerExecutable.startsWith(QFile::encodeName(fakeBin.path())),
        tracerExecutable.constData());
    QList<QByteArray> variables = tracerEnvironment.split('\0');
    variables.removeAll(QByteArray());
    std::sort(variables.begin(), variables.end());
    // The ring size depends on the number of CPUs: a power of two, 256..4096.
    QVERIFY(!variables.isEmpty() && variables.first().startsWith("BPFTRACE_PERF_RB_PAGES="));
    const int pages = variables.takeFirst().mid(23).toInt();
    QVERIFY2(pages >= 256 && pages <= 4096 && (pages & (pages - 1)) == 0,
        qPrintable(QString::number(pages)));
    const QList<QByteArray> expected {
        "HOME=/root", "LC_ALL=C", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
    QCOMPARE(variables, expected);
}

void TestHelperArguments::refusesUntrustedScripts_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QByteArray>("expectedMessage");
    QTest::newRow("missing script") << QStringLiteral("missing") << QByteArray("cannot be found");
    QTest::newRow("group-writable script")
        << QStringLiteral("script g+w") << QByteArray("must be owned by root");
    QTest::newRow("world-writable script")
        << QStringLiteral("script o+w") << QByteArray("must be owned by root");
    QTest::newRow("script owned by nobody")
        << QStringLiteral("script nobody") << QByteArray("must be owned by root");
    QTest::newRow("world-writable directory")
        << QStringLiteral("directory o+w") << QByteArray("the directory");
    QTest::newRow("directory owned by nobody")
        << QStringLiteral("directory nobody") << QByteArray("the directory");
    QTest::newRow("script is a directory")
        << QStringLiteral("script directory") << QByteArray("is not a regular file");
}

// A helper built to trust a directory of the build tree, whose ownership and
// modes the test changes.
void TestHelperArguments::refusesUntrustedScripts()
{
    MEMTAP_REQUIRE_ROOT();
    QFETCH(QString, change);
    QFETCH(QByteArray, expectedMessage);

    const QString script = trustCheckProbesDir + QStringLiteral("/memtap.bt");
    QDir(trustCheckProbesDir).removeRecursively();
    QVERIFY(QDir().mkpath(trustCheckProbesDir));
    QVERIFY(::chmod(QFile::encodeName(trustCheckProbesDir).constData(), 0755) == 0);
    if (change == QLatin1String("script directory")) {
        QVERIFY(QDir().mkpath(script));
    } else if (change != QLatin1String("missing")) {
        QVERIFY(QFile::copy(QStringLiteral(MEMTAP_SOURCE_DIR "/probes/memtap.bt"), script));
        QVERIFY(::chmod(QFile::encodeName(script).constData(), 0644) == 0);
    }
    const QByteArray scriptPath = QFile::encodeName(script);
    const QByteArray directoryPath = QFile::encodeName(trustCheckProbesDir);
    if (change == QLatin1String("script g+w"))
        QVERIFY(::chmod(scriptPath.constData(), 0664) == 0);
    else if (change == QLatin1String("script o+w"))
        QVERIFY(::chmod(scriptPath.constData(), 0646) == 0);
    else if (change == QLatin1String("script nobody"))
        QVERIFY(::chown(scriptPath.constData(), 65534, 65534) == 0);
    else if (change == QLatin1String("directory o+w"))
        QVERIFY(::chmod(directoryPath.constData(), 0757) == 0);
    else if (change == QLatin1String("directory nobody"))
        QVERIFY(::chown(directoryPath.constData(), 65534, 65534) == 0);

    memtap::test::ForkWatcher watcher;
    const HelperRun run = runHelper(trustCheckHelperPath, {QStringLiteral("bpftrace")});
    QDir(trustCheckProbesDir).removeRecursively();

    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 4);
    QVERIFY(run.standardOutput.isEmpty());
    QVERIFY2(run.standardError.contains(expectedMessage), run.standardError.constData());
    if (watcher.isListening()) {
        watcher.collect(100);
        QVERIFY(watcher.childrenOf(int(run.pid)).isEmpty());
    }
}

// A directory anyone may write to but with the sticky bit, like /tmp (where
// a clone of the project may well live): others cannot rename or remove
// root's script in it, so the helper runs it.
void TestHelperArguments::trustsStickyDirectories()
{
    MEMTAP_REQUIRE_ROOT();
    if (!haveProgram(QStringLiteral("bpftrace")))
        QSKIP("bpftrace is not installed");
    const QString script = trustCheckProbesDir + QStringLiteral("/memtap.bt");
    QDir(trustCheckProbesDir).removeRecursively();
    QVERIFY(QDir().mkpath(trustCheckProbesDir));
    QVERIFY(QFile::copy(QStringLiteral(MEMTAP_SOURCE_DIR "/probes/memtap.bt"), script));
    QVERIFY(::chmod(QFile::encodeName(script).constData(), 0644) == 0);
    QVERIFY(::chmod(QFile::encodeName(trustCheckProbesDir).constData(), 01777) == 0);

    QProcess helper;
    helper.setProcessEnvironment(helperEnvironment());
    helper.start(trustCheckHelperPath, {QStringLiteral("bpftrace")});
    QVERIFY(helper.waitForStarted(5000));
    const QByteArray output = readUntilHeader(helper);
    helper.terminate();
    if (!helper.waitForFinished(10000)) {
        helper.kill();
        helper.waitForFinished(2000);
    }
    QDir(trustCheckProbesDir).removeRecursively();
    QVERIFY2(
        output.startsWith("#memtap\t1\tbpftrace\n"), helper.readAllStandardError().constData());
}

QTEST_GUILESS_MAIN(TestHelperArguments)
#include "tst_helperarguments.moc"
