// SPDX-License-Identifier: GPL-2.0-or-later
//
// Issue 6's elevation test: an unprivileged user runs `memtapctl record`,
// which elevates through pkexec and the helper at its installed path, with a
// system D-Bus, polkitd and polkit rules that this test starts and writes
// itself. Everything happens in a private mount namespace of the test
// process: the installed helper, its scripts, the polkit action and the rules
// are copied onto tmpfs mounts that nobody else sees, and vanish with it.

#include "memtapconfig.h"
#include "processscan.h"
#include "testsupport.h"
#include "trace/eventparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace memtap;
using namespace memtap::test;

namespace {

constexpr uid_t nobody = 65534;

QString polkitd()
{
    return QStringLiteral("/usr/lib/polkit-1/polkitd");
}

// The directory itself when it exists, else its nearest existing ancestor.
QString existingAncestor(QString path)
{
    while (!QFileInfo(path).isDir())
        path = QFileInfo(path).path();
    return path;
}

bool mountTmpfs(const QString &directory, QString *error)
{
    if (::mount("tmpfs", QFile::encodeName(directory).constData(), "tmpfs", MS_NOSUID | MS_NODEV,
            "mode=0755")
        != 0) {
        *error = QStringLiteral("mount tmpfs on %1: %2")
                     .arg(directory, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    return true;
}

bool copyFile(const QString &from, const QString &to, QFile::Permissions permissions)
{
    QFile::remove(to);
    return QFile::copy(from, to) && QFile::setPermissions(to, permissions);
}

QList<ProcessIdentity> processesRunning(const QString &executable)
{
    QList<ProcessIdentity> found;
    for (const ProcessIdentity &process : allProcesses()) {
        if (QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(process.pid)) == executable)
            found.append(process);
    }
    return found;
}

} // namespace

class TestElevation : public QObject
{
    Q_OBJECT

private:
    bool startPolkit(const QByteArray &rule, QString *error);
    void stopPolkit();
    // Runs memtapctl record as nobody; returns its exit code.
    int recordAsNobody(
        const QStringList &arguments, QByteArray *standardOutput, QByteArray *standardError);

    bool m_ready = false;
    QString m_notReady;
    QTemporaryDir m_directory;
    QProcess m_bus;
    QProcess m_polkitd;

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void recordsThroughPkexec_data();
    void recordsThroughPkexec();
};

void TestElevation::initTestCase()
{
    MEMTAP_REQUIRE_ROOT();
    for (const QString &tool : {QStringLiteral("/usr/bin/pkexec"), polkitd(),
             QStringLiteral("/usr/bin/dbus-daemon"), QStringLiteral("/usr/bin/dbus-send"),
             QStringLiteral("/usr/bin/setpriv"), QStringLiteral("/usr/bin/bpftrace")}) {
        MEMTAP_REQUIRE(QFileInfo(tool).isExecutable(),
            tool + QStringLiteral(" (apt install pkexec polkitd dbus-daemon util-linux bpftrace)"));
    }
    QVERIFY(QFileInfo(QStringLiteral(MEMTAP_INSTALLABLE_HELPER)).isExecutable());
    QVERIFY(QFileInfo(QStringLiteral(MEMTAP_POLICY_FILE)).isFile());
    QVERIFY(m_directory.isValid());
    QVERIFY(QFile::setPermissions(m_directory.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther
            | QFile::WriteOther | QFile::ExeOther));

    // Our own mount namespace, private so that nothing propagates to the host.
    QVERIFY2(::unshare(CLONE_NEWNS) == 0, strerror(errno));
    QVERIFY2(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0, strerror(errno));

    // "Install" the helper, its scripts and the action where the build says
    // they go, on fresh tmpfs mounts owned by root (the helper checks that).
    const QString helperDirectory = QFileInfo(QStringLiteral(MEMTAP_HELPER_PATH)).path();
    const QString probesDirectory = QStringLiteral(MEMTAP_PROBES_DIR);
    QStringList mountPoints {existingAncestor(helperDirectory), existingAncestor(probesDirectory)};
    std::sort(mountPoints.begin(), mountPoints.end());
    QString error;
    QString mounted;
    for (const QString &point : mountPoints) {
        if (!mounted.isEmpty() && (point == mounted || point.startsWith(mounted + u'/')))
            continue;
        QVERIFY2(mountTmpfs(point, &error), qPrintable(error));
        mounted = point;
    }
    QVERIFY(QDir().mkpath(helperDirectory) && QDir().mkpath(probesDirectory));
    QVERIFY(copyFile(QStringLiteral(MEMTAP_INSTALLABLE_HELPER), QStringLiteral(MEMTAP_HELPER_PATH),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
            | QFile::ReadOther | QFile::ExeOther));
    for (const char *script : {"memtap.bt", "memtap.stp"}) {
        QVERIFY(copyFile(QStringLiteral(MEMTAP_SOURCE_DIR "/probes/") + QLatin1String(script),
            probesDirectory + u'/' + QLatin1String(script),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    }
    const QString actions = QStringLiteral(MEMTAP_POLKIT_ACTIONS_DIR);
    QVERIFY2(mountTmpfs(actions, &error), qPrintable(error));
    QVERIFY(copyFile(QStringLiteral(MEMTAP_POLICY_FILE),
        actions + QStringLiteral("/org.memtap.capture.policy"),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY2(mountTmpfs(QStringLiteral("/etc/polkit-1/rules.d"), &error), qPrintable(error));

    // A system bus of our own.
    QVERIFY2(mountTmpfs(QStringLiteral("/run/dbus"), &error), qPrintable(error));
    m_bus.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_bus.start(QStringLiteral("/usr/bin/dbus-daemon"),
        {QStringLiteral("--system"), QStringLiteral("--nofork"), QStringLiteral("--nopidfile")});
    QVERIFY(m_bus.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(
        QFileInfo::exists(QStringLiteral("/run/dbus/system_bus_socket")), 10000);
    m_ready = true;
}

bool TestElevation::startPolkit(const QByteArray &rule, QString *error)
{
    QFile rules(QStringLiteral("/etc/polkit-1/rules.d/10-memtap-test.rules"));
    if (!rules.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || rules.write(rule) != rule.size()) {
        *error = rules.errorString();
        return false;
    }
    rules.close();
    m_polkitd.setProcessChannelMode(QProcess::MergedChannels);
    m_polkitd.start(polkitd(), {QStringLiteral("--no-debug")});
    if (!m_polkitd.waitForStarted(5000)) {
        *error = m_polkitd.errorString();
        return false;
    }
    // Ready once it owns its name on the bus.
    for (int attempt = 0; attempt < 100; ++attempt) {
        QProcess ask;
        ask.start(QStringLiteral("/usr/bin/dbus-send"),
            {QStringLiteral("--system"), QStringLiteral("--print-reply"),
                QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("/"),
                QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                QStringLiteral("string:org.freedesktop.PolicyKit1")});
        if (ask.waitForFinished(5000) && ask.readAllStandardOutput().contains("boolean true"))
            return true;
        QTest::qWait(100);
    }
    *error = QStringLiteral("polkitd did not appear on the bus: ")
        + QString::fromLocal8Bit(m_polkitd.readAll());
    return false;
}

void TestElevation::stopPolkit()
{
    if (m_polkitd.state() != QProcess::NotRunning) {
        m_polkitd.terminate();
        if (!m_polkitd.waitForFinished(5000))
            m_polkitd.kill();
        m_polkitd.waitForFinished(5000);
    }
}

void TestElevation::cleanup()
{
    stopPolkit();
}

void TestElevation::cleanupTestCase()
{
    stopPolkit();
    if (m_bus.state() != QProcess::NotRunning) {
        m_bus.terminate();
        if (!m_bus.waitForFinished(5000))
            m_bus.kill();
        m_bus.waitForFinished(5000);
    }
}

int TestElevation::recordAsNobody(
    const QStringList &arguments, QByteArray *standardOutput, QByteArray *standardError)
{
    QProcess record;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_directory.path());
    environment.remove(QStringLiteral("XDG_RUNTIME_DIR"));
    record.setProcessEnvironment(environment);
    record.setWorkingDirectory(m_directory.path());
    // No controlling terminal, or pkexec would ask for a password on it.
    record.setChildProcessModifier([] { ::setsid(); });
    record.start(QStringLiteral("/usr/bin/setpriv"),
        QStringList {QStringLiteral("--reuid=%1").arg(nobody),
            QStringLiteral("--regid=%1").arg(nobody), QStringLiteral("--clear-groups"),
            QStringLiteral(MEMTAP_CTL_PATH), QStringLiteral("record")}
            + arguments);
    // No terminal, no desktop: pkexec has nobody to ask but polkit's rules.
    record.closeWriteChannel();
    if (!record.waitForFinished(120000)) {
        record.kill();
        record.waitForFinished(5000);
    }
    *standardOutput = record.readAllStandardOutput();
    *standardError = record.readAllStandardError();
    return record.exitStatus() == QProcess::NormalExit ? record.exitCode() : -1;
}

void TestElevation::recordsThroughPkexec_data()
{
    QTest::addColumn<QByteArray>("rule");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("granted without password") << QByteArray(
        "polkit.addRule(function(action, subject) {\n"
        "    if (action.id == \"org.memtap.capture\" && subject.user == \"nobody\")\n"
        "        return polkit.Result.YES;\n"
        "});\n") << 0 << QStringLiteral("capturing with bpftrace");
    QTest::newRow("denied") << QByteArray(
        "polkit.addRule(function(action, subject) {\n"
        "    if (action.id == \"org.memtap.capture\")\n"
        "        return polkit.Result.NO;\n"
        "});\n") << 1 << QStringLiteral("You are not authorized to start memtap's capture helper");
    QTest::newRow("password needed, nobody to ask")
        << QByteArray("// the action's defaults: auth_admin_keep\n") << 1
        << QStringLiteral("No polkit authentication agent is running");
}

void TestElevation::recordsThroughPkexec()
{
    QFETCH(QByteArray, rule);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    if (!m_ready)
        QSKIP("the namespace could not be prepared");
    QString error;
    QVERIFY2(startPolkit(rule, &error), qPrintable(error));

    const QString output = m_directory.filePath(QStringLiteral("elevated.v1"));
    QFile::remove(output);
    const QList<ProcessIdentity> helpersBefore
        = processesRunning(QStringLiteral(MEMTAP_HELPER_PATH));
    QByteArray standardOutput;
    QByteArray standardError;
    const int exit = recordAsNobody(
        {QStringLiteral("--backend"), QStringLiteral("bpftrace"), QStringLiteral("--duration"),
            QStringLiteral("2"), QStringLiteral("--output"), output, QStringLiteral("--elevation"),
            QStringLiteral("pkexec")},
        &standardOutput, &standardError);
    qInfo("%s%s", standardError.constData(), standardOutput.constData());
    QCOMPARE(exit, exitCode);
    QVERIFY2(standardError.contains(message.toUtf8()), standardError.constData());
    QVERIFY(standardError.contains("waiting for authorization (pkexec)"));

    if (exitCode == 0) {
        QVERIFY(standardError.contains("authorized; starting bpftrace."));
        QVERIFY(standardOutput.contains("duration reached"));
        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QFileInfo(output).ownerId(), uint(nobody));
        EventParser parser;
        std::vector<Event> events;
        parser.feed(file.readAll(), events);
        parser.finish(events);
        QVERIFY2(!parser.hasFatalError(), qPrintable(parser.fatalError()));
        QCOMPARE(parser.metadata().backend, QByteArray("bpftrace"));
        QVERIFY(parser.counters().events() > 0);
    } else {
        // Nothing ran as root, and nothing was left behind.
        QVERIFY(!standardError.contains("authorized; starting"));
        QVERIFY(!QFileInfo::exists(output));
    }
    // No helper (of this run) outlives memtapctl.
    QTRY_COMPARE_WITH_TIMEOUT(
        processesRunning(QStringLiteral(MEMTAP_HELPER_PATH)).size(), helpersBefore.size(), 3000);
}

QTEST_GUILESS_MAIN(TestElevation)
#include "tst_elevation.moc"
