// SPDX-License-Identifier: GPL-2.0-or-later
#include "capture/captureerror.h"

#include <QFile>
#include <QTest>

#include <csignal>

using namespace memtap;
using Kind = CaptureError::Kind;

// The classifier, fed with what pkexec 122, sudo 1.9.13, SystemTap 4.8 and
// bpftrace 0.17 really print (tests/capture/data/README.md says how each
// recording was made; short messages are quoted inline from the same tools).
class TestCaptureError : public QObject
{
    Q_OBJECT

private:
    static QByteArray recorded(const char *name)
    {
        const QString path = QFINDTESTDATA(QStringLiteral("data/") + QLatin1String(name));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("missing test data %s", name);
        return file.readAll();
    }

private Q_SLOTS:
    void classifiesHelperExits_data()
    {
        QTest::addColumn<Elevation>("elevation");
        QTest::addColumn<CaptureBackend>("backend");
        QTest::addColumn<bool>("crashed");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("standardError");
        QTest::addColumn<Kind>("kind");
        // Words the sentence must contain: the cause and the fix.
        QTest::addColumn<QStringList>("mentions");
        QTest::addColumn<CaptureEndReason>("endReasonBeforeRunning");

        const auto pkexec = Elevation::Pkexec;
        const auto sudo = Elevation::Sudo;
        const auto none = Elevation::None;
        const auto stap = CaptureBackend::Stap;
        const auto bpftrace = CaptureBackend::Bpftrace;

        // pkexec
        QTest::newRow("pkexec dismissed (126)")
            << pkexec << bpftrace << false << 126
            << QByteArray("Error executing command as another user: Request dismissed\n")
            << Kind::AuthorizationDismissed << QStringList {QStringLiteral("dismissed")}
            << CaptureEndReason::AuthorizationDismissed;
        QTest::newRow("pkexec not authorized (127)")
            << pkexec << bpftrace << false << 127
            << QByteArray("Error executing command as another user: Not authorized\n\nThis "
                          "incident has been reported.\n")
            << Kind::AuthorizationDenied
            << QStringList {QStringLiteral("not authorized"), QStringLiteral("org.memtap.capture")}
            << CaptureEndReason::AuthorizationDenied;
        QTest::newRow("pkexec terminal prompt got end-of-file")
            << pkexec << bpftrace << true << SIGTRAP
            << QByteArray("\n** (process:17899): ERROR **: 20:41:48.732: Got unexpected EOF while "
                          "reading from controlling terminal.\n")
            << Kind::AuthorizationDismissed << QStringList {QStringLiteral("dismissed")}
            << CaptureEndReason::AuthorizationDismissed;
        QTest::newRow("pkexec without agent (122, no terminal)")
            << pkexec << bpftrace << false << 127
            << QByteArray("Error creating textual authentication agent: Error opening current "
                          "controlling terminal for the process (`/dev/tty'): No such device or "
                          "address\n")
            << Kind::NoAuthenticationAgent
            << QStringList {QStringLiteral("authentication agent"), QStringLiteral("sudo")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("pkexec without agent (older wording)")
            << pkexec << bpftrace << false << 127
            << QByteArray(
                   "Error executing command as another user: No authentication agent found.\n")
            << Kind::NoAuthenticationAgent << QStringList {QStringLiteral("authentication agent")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("pkexec without polkitd")
            << pkexec << stap << false << 127
            << QByteArray("Error getting authority: Error initializing authority: Could not "
                          "connect: No such file or directory\n")
            << Kind::PolkitUnavailable << QStringList {QStringLiteral("systemctl start polkit")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("pkexec helper missing")
            << pkexec << bpftrace << false << 127
            << QByteArray("Error accessing /nonexistent/memtap-probe: No such file or directory\n")
            << Kind::HelperMissing << QStringList {QStringLiteral("/nonexistent/memtap-probe")}
            << CaptureEndReason::StartFailed;

        // sudo -n
        QTest::newRow("sudo needs a password")
            << sudo << bpftrace << false << 1 << QByteArray("sudo: a password is required\n")
            << Kind::SudoPasswordRequired
            << QStringList {QStringLiteral("sudo -v"), QStringLiteral("/nonexistent/memtap-probe")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("sudo needs a terminal")
            << sudo << bpftrace << false << 1
            << QByteArray("sudo: a terminal is required to read the password; either use the -S "
                          "option to read from standard input or configure an askpass helper\n")
            << Kind::SudoPasswordRequired << QStringList {QStringLiteral("pkexec")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("sudo user not in sudoers")
            << sudo << stap << false << 1
            << QByteArray("alice is not in the sudoers file.\nThis incident has been reported to "
                          "the administrator.\n")
            << Kind::SudoNotAllowed << QStringList {QStringLiteral("sudoers")}
            << CaptureEndReason::AuthorizationDenied;
        QTest::newRow("sudo user may not run the helper")
            << sudo << stap << false << 1
            << QByteArray("Sorry, user alice is not allowed to execute "
                          "'/nonexistent/memtap-probe stap' as root on build01.\n")
            << Kind::SudoNotAllowed << QStringList {QStringLiteral("sudoers")}
            << CaptureEndReason::AuthorizationDenied;
        QTest::newRow("sudo helper missing")
            << sudo << stap << false << 1
            << QByteArray("sudo: /nonexistent/memtap-probe: command not found\n")
            << Kind::HelperMissing << QStringList {QStringLiteral("--helper")}
            << CaptureEndReason::StartFailed;

        // SystemTap
        QTest::newRow("stap kernel headers missing")
            << none << stap << false << 1 << recorded("stap-noheaders.err")
            << Kind::KernelHeadersMissing
            << QStringList {QStringLiteral("apt install linux-headers-6.18.44-fc-v657"),
                   QStringLiteral("bpftrace")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap kernel without module support")
            << none << stap << false << 1 << recorded("stap-insert-enosys.err")
            << Kind::ModuleLoadingUnsupported
            << QStringList {QStringLiteral("cannot load modules"), QStringLiteral("bpftrace")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap module refused by Secure Boot")
            << pkexec << stap << false << 1
            << QByteArray("ERROR: Couldn't insert module "
                          "'/tmp/stapU8iGBx/stap_0e3f4b6a5b1c2d3e4f5a6b7c8d9e0f1a_12345.ko': "
                          "Required key not available\nWARNING: /usr/bin/staprun exited with "
                          "status: 1\nPass 5: run failed.  [man error::pass5]\n")
            << Kind::ModuleSignatureRequired
            << QStringList {QStringLiteral("Secure Boot"), QStringLiteral("bpftrace")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap module refused by lockdown")
            << pkexec << stap << false << 1
            << QByteArray("ERROR: Couldn't insert module '/tmp/stapXz/stap_1.ko': Operation not "
                          "permitted\nWARNING: /usr/bin/staprun exited with status: 1\nPass 5: "
                          "run failed.  [man error::pass5]\n")
            << Kind::ModuleSignatureRequired << QStringList {QStringLiteral("lockdown")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap host requires signing")
            << pkexec << stap << false << 1
            << QByteArray("This host requires module signing.\nThe kernel on your system requires "
                          "modules to be signed for loading.\nThe module created by compiling "
                          "your script must be signed by a systemtap compile-server.  [man "
                          "stap-server]\n")
            << Kind::ModuleSignatureRequired << QStringList {QStringLiteral("bpftrace")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap module for another kernel")
            << pkexec << stap << false << 1
            << QByteArray("ERROR: Couldn't insert module "
                          "'/tmp/stapPu3dP4/stap_60e9ed8117298b3743496b850b4dbe36_1046.ko': "
                          "Invalid module format\nWARNING: /usr/local/bin/staprun exited with "
                          "status: 1\nPass 5: run failed.  [man error::pass5]\n")
            << Kind::ModuleRejected << QStringList {QStringLiteral("another kernel")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap pass 4 compilation failure")
            << none << stap << false << 1 << recorded("stap-pass4.err")
            << Kind::StapCompilationFailed
            << QStringList {QStringLiteral("compile"), QStringLiteral("bpftrace")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap pass 2 resolution failure")
            << none << stap << false << 1 << recorded("stap-pass2.err")
            << Kind::StapProbeResolutionFailed << QStringList {QStringLiteral("bpftrace")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("stap not root")
            << none << stap << false << 1 << recorded("stap-notroot.err") << Kind::TracerNotRoot
            << QStringList {QStringLiteral("SystemTap"), QStringLiteral("root")}
            << CaptureEndReason::StartFailed;

        // bpftrace
        QTest::newRow("bpftrace not root")
            << none << bpftrace << false << 1 << recorded("bpftrace-notroot.err")
            << Kind::TracerNotRoot
            << QStringList {QStringLiteral("bpftrace"), QStringLiteral("root")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("bpftrace maps not permitted")
            << none << bpftrace << false << 1 << recorded("bpftrace-nocaps-map.err")
            << Kind::BpfNotPermitted << QStringList {QStringLiteral("CAP_BPF")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("bpftrace BTF unreadable")
            << none << bpftrace << false << 1 << recorded("bpftrace-nocaps-btf.err")
            << Kind::BtfUnavailable << QStringList {QStringLiteral("BTF")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("bpftrace without tracefs")
            << none << bpftrace << false << 1 << recorded("bpftrace-notracefs.err")
            << Kind::TracefsMissing << QStringList {QStringLiteral("mount -t tracefs")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("bpftrace under lockdown")
            << pkexec << bpftrace << false << 1
            << QByteArray("Kernel lockdown is enabled and set to 'confidentiality'. Lockdown mode "
                          "blocks\nparts of BPF which makes it impossible for bpftrace to "
                          "function. Please see \nhttps://github.com/iovisor/bpftrace/blob/"
                          "master/INSTALL.md#disable-lockdown\nfor more details on lockdown and "
                          "how to disable it.\n")
            << Kind::BpfLockdown << QStringList {QStringLiteral("lockdown")}
            << CaptureEndReason::StartFailed;

        // the helper itself
        QTest::newRow("helper refused its arguments")
            << none << bpftrace << false << 2 << QByteArray("usage: memtap-probe stap|bpftrace\n")
            << Kind::HelperRefused
            << QStringList {QStringLiteral("/nonexistent/memtap-probe"),
                   QStringLiteral("reinstall")}
            << CaptureEndReason::HelperRefused;
        QTest::newRow("helper killed")
            << none << bpftrace << true << SIGKILL << QByteArray() << Kind::HelperDied
            << QStringList {QStringLiteral("SIGKILL")} << CaptureEndReason::TracerDied;
        QTest::newRow("unknown failure keeps the tracer's words")
            << none << bpftrace << false << 101
            << QByteArray("ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK for bpftrace. If "
                          "your program is not loading, you can try \"ulimit -l 8192\" to fix the "
                          "problem\nERROR: Error attaching probe: 'kprobe:nonexistent'\n"
                          "memtap-probe: bpftrace failed with exit status 1.\n")
            << Kind::TracerFailed << QStringList {QStringLiteral("kprobe:nonexistent")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("silent failure")
            << none << stap << false << 1 << QByteArray() << Kind::HelperFailed
            << QStringList {QStringLiteral("exit code 1")} << CaptureEndReason::StartFailed;
        QTest::newRow("helper internal error")
            << none << stap << false << 1
            << QByteArray("memtap-probe: cannot create pipes: Too many open files\n")
            << Kind::HelperFailed << QStringList {QStringLiteral("cannot create pipes")}
            << CaptureEndReason::StartFailed;

        // memtap-probe's exit statuses, with its own lines (probes/helper/memtap-probe.cpp)
        QTest::newRow("helper via stap without headers (101)")
            << pkexec << stap << false << 101 << recorded("helper-stap-noheaders.err")
            << Kind::KernelHeadersMissing
            << QStringList {QStringLiteral("linux-headers-6.18.44-fc-v657")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("helper saw its tracer killed (128 + 9)")
            << pkexec << bpftrace << false << 137 << recorded("helper-bpftrace-killed.err")
            << Kind::TracerDied
            << QStringList {QStringLiteral("bpftrace"), QStringLiteral("SIGKILL")}
            << CaptureEndReason::TracerDied;
        QTest::newRow("helper not root (3)")
            << none << bpftrace << false << 3
            << QByteArray("memtap-probe: must run as root (memtap starts it through pkexec or "
                          "sudo).\n")
            << Kind::HelperNotRoot << QStringList {QStringLiteral("pkexec")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("helper refused its script (4)")
            << pkexec << bpftrace << false << 4
            << QByteArray("memtap-probe: refusing to run /usr/local/share/memtap/probes/memtap.bt: "
                          "it must be owned by root and not writable by group or others.\n")
            << Kind::HelperScriptRefused
            << QStringList {QStringLiteral("reinstall memtap"),
                   QStringLiteral("/usr/local/share/memtap/probes/memtap.bt")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("helper found no tracer (5)")
            << pkexec << stap << false << 5
            << QByteArray("memtap-probe: cannot run stap (No such file or directory); install the "
                          "systemtap package.\n")
            << Kind::TracerMissing << QStringList {QStringLiteral("apt install systemtap")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("helper could not mount tracefs (6)")
            << pkexec << bpftrace << false << 6
            << QByteArray(
                   "memtap-probe: tracefs is not mounted at /sys/kernel/tracing and mounting "
                   "it failed (Operation not permitted); mount it with: mount -t tracefs "
                   "nodev /sys/kernel/tracing\n")
            << Kind::TracefsMissing << QStringList {QStringLiteral("mount -t tracefs")}
            << CaptureEndReason::StartFailed;
        QTest::newRow("tracer killed while stopping (8)")
            << pkexec << bpftrace << false << 8
            << QByteArray(
                   "memtap-probe: bpftrace did not stop within 1.75 s and was killed; events "
                   "at the end may be missing.\n")
            << Kind::TracerKilledOnStop << QStringList {QStringLiteral("may be missing")}
            << CaptureEndReason::TracerDied;
        QTest::newRow("tracer ended on its own (7)")
            << pkexec << bpftrace << false << 7
            << QByteArray("memtap-probe: bpftrace ended before it was asked to stop.\n")
            << Kind::TracerDied << QStringList {QStringLiteral("on its own")}
            << CaptureEndReason::TracerDied;
    }

    void classifiesHelperExits()
    {
        QFETCH(Elevation, elevation);
        QFETCH(CaptureBackend, backend);
        QFETCH(bool, crashed);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, standardError);
        QFETCH(Kind, kind);
        QFETCH(QStringList, mentions);
        QFETCH(CaptureEndReason, endReasonBeforeRunning);

        CaptureError::HelperExit exit;
        exit.elevation = elevation;
        exit.backend = backend;
        exit.helperPath = QStringLiteral("/nonexistent/memtap-probe");
        exit.crashed = crashed;
        exit.exitCode = exitCode;
        exit.standardError = standardError;
        const CaptureError error = CaptureError::fromHelperExit(exit);

        QCOMPARE(error.kind(), kind);
        QVERIFY(error.isError());
        const QString message = error.message();
        for (const QString &mention : mentions)
            QVERIFY2(message.contains(mention, Qt::CaseInsensitive),
                qPrintable(QStringLiteral("\"%1\" does not mention \"%2\"").arg(message, mention)));
        // One sentence: what happened, a colon, what to do; no raw tool output.
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
        QVERIFY2(message.endsWith(QLatin1Char('.')), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String(": ")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("RLIMIT_MEMLOCK")), qPrintable(message));
        QCOMPARE(error.endReason(false), endReasonBeforeRunning);
    }

    void cleanExitIsNoError_data()
    {
        QTest::addColumn<Elevation>("elevation");
        QTest::addColumn<QByteArray>("standardError");
        QTest::newRow("bpftrace noise only")
            << Elevation::None
            << QByteArray("ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK for bpftrace. If "
                          "your program is not loading, you can try \"ulimit -l 8192\" to fix the "
                          "problem\n");
        QTest::newRow("nothing") << Elevation::Pkexec << QByteArray();
        QTest::newRow("stap warning") << Elevation::Sudo
                                      << QByteArray("WARNING: Kernel function symbol table "
                                                    "missing [man warning::symbols]\n");
    }

    void cleanExitIsNoError()
    {
        QFETCH(Elevation, elevation);
        QFETCH(QByteArray, standardError);
        CaptureError::HelperExit exit;
        exit.elevation = elevation;
        exit.exitCode = 0;
        exit.standardError = standardError;
        const CaptureError error = CaptureError::fromHelperExit(exit);
        QCOMPARE(error.kind(), Kind::None);
        QVERIFY(!error.isError());
        QCOMPARE(error.endReason(true), CaptureEndReason::None);
    }

    void tracerFailingLaterHasDied()
    {
        CaptureError::HelperExit exit;
        exit.backend = CaptureBackend::Bpftrace;
        exit.exitCode = 1;
        exit.standardError = "ERROR: something broke\n";
        const CaptureError error = CaptureError::fromHelperExit(exit);
        QCOMPARE(error.endReason(false), CaptureEndReason::StartFailed);
        QCOMPARE(error.endReason(true), CaptureEndReason::TracerDied);

        const CaptureError unasked = CaptureError::endedUnasked(CaptureBackend::Bpftrace, true);
        QCOMPARE(unasked.kind(), Kind::TracerDied);
        QCOMPARE(unasked.endReason(true), CaptureEndReason::TracerDied);
        QVERIFY(unasked.message().contains(QLatin1String("bpftrace")));
    }

    void startFailures_data()
    {
        QTest::addColumn<Elevation>("elevation");
        QTest::addColumn<QString>("program");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("mention");
        QTest::newRow("pkexec") << Elevation::Pkexec << QStringLiteral("pkexec")
                                << Kind::ElevationToolMissing
                                << QStringLiteral("apt install pkexec");
        QTest::newRow("sudo") << Elevation::Sudo << QStringLiteral("sudo")
                              << Kind::ElevationToolMissing << QStringLiteral("apt install sudo");
        QTest::newRow("helper") << Elevation::None << QStringLiteral("/opt/nothing/memtap-probe")
                                << Kind::HelperMissing
                                << QStringLiteral("/opt/nothing/memtap-probe");
    }

    void startFailures()
    {
        QFETCH(Elevation, elevation);
        QFETCH(QString, program);
        QFETCH(Kind, kind);
        QFETCH(QString, mention);
        const CaptureError error = CaptureError::fromStartFailure(elevation, program,
            QProcess::FailedToStart, QStringLiteral("execve: No such file or directory"));
        QCOMPARE(error.kind(), kind);
        QVERIFY2(error.message().contains(mention), qPrintable(error.message()));
        QCOMPARE(error.endReason(false), CaptureEndReason::StartFailed);
    }

    void ownErrors()
    {
        QCOMPARE(CaptureError::streamUnreadable(QStringLiteral("line 1: format version 2"))
                     .endReason(true),
            CaptureEndReason::StreamError);
        QCOMPARE(
            CaptureError::outputFailed(QStringLiteral("No space left on device")).endReason(true),
            CaptureEndReason::OutputFailed);
        QVERIFY(CaptureError::tracerMissing(CaptureBackend::Stap)
                    .message()
                    .contains(QLatin1String("apt install systemtap")));
        QVERIFY(CaptureError::tracerMissing(CaptureBackend::Bpftrace)
                    .message()
                    .contains(QLatin1String("apt install bpftrace")));
    }

    void signalNames()
    {
        QCOMPARE(CaptureError::signalName(SIGKILL), QStringLiteral("SIGKILL"));
        QCOMPARE(CaptureError::signalName(SIGINT), QStringLiteral("SIGINT"));
        QCOMPARE(CaptureError::signalName(200), QStringLiteral("200"));
    }

    void endReasonNamesRoundTrip()
    {
        for (int value = 0; value <= static_cast<int>(CaptureEndReason::OutputFailed); ++value) {
            const auto reason = static_cast<CaptureEndReason>(value);
            const QString name = captureEndReasonName(reason);
            QVERIFY(!name.isEmpty());
            QCOMPARE(captureEndReasonFromName(name), std::optional<CaptureEndReason>(reason));
            QVERIFY(!captureEndReasonText(reason).isEmpty());
        }
        QCOMPARE(captureEndReasonName(CaptureEndReason::TracerDied), QStringLiteral("tracer-died"));
        QVERIFY(!captureEndReasonFromName(u"no-such-reason").has_value());
    }
};

QTEST_GUILESS_MAIN(TestCaptureError)
#include "tst_captureerror.moc"
