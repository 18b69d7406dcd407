// SPDX-License-Identifier: GPL-2.0-or-later
#include "capture/backendselector.h"

#include <QFileInfo>
#include <QTest>

#include <sys/utsname.h>

using namespace memtap;
using Facts = BackendSelector::HostFacts;

Q_DECLARE_METATYPE(memtap::BackendSelector::HostFacts)

// Which backend a capture gets on which kind of machine.
class TestBackendSelector : public QObject
{
    Q_OBJECT

private:
    static Facts debianWithHeaders()
    {
        Facts facts;
        facts.kernelRelease = QStringLiteral("6.1.0-56-amd64");
        facts.stapInstalled = true;
        facts.bpftraceInstalled = true;
        facts.moduleSupport = true;
        facts.kernelHeadersInstalled = true;
        facts.lockdown = QStringLiteral("none");
        return facts;
    }

private Q_SLOTS:
    void selects_data()
    {
        QTest::addColumn<CaptureBackend>("requested");
        QTest::addColumn<Facts>("facts");
        QTest::addColumn<CaptureBackend>("selected"); // Auto: refused
        QTest::addColumn<CaptureError::Kind>("error");
        QTest::addColumn<QString>("reasonMentions");

        const Facts good = debianWithHeaders();
        Facts noHeaders = good;
        noHeaders.kernelHeadersInstalled = false;
        Facts noModules = good;
        noModules.moduleSupport = false;
        Facts lockedDown = good;
        lockedDown.lockdown = QStringLiteral("integrity");
        Facts noLockdownFile = good;
        noLockdownFile.lockdown.clear();
        Facts signaturesEnforced = good;
        signaturesEnforced.moduleSignaturesEnforced = true;
        Facts noStap = good;
        noStap.stapInstalled = false;
        Facts nothing = noStap;
        nothing.bpftraceInstalled = false;
        Facts onlyStapWithoutHeaders = noHeaders;
        onlyStapWithoutHeaders.bpftraceInstalled = false;

        const auto Auto = CaptureBackend::Auto;
        const auto Stap = CaptureBackend::Stap;
        const auto Bpftrace = CaptureBackend::Bpftrace;
        using Kind = CaptureError::Kind;

        QTest::newRow("auto, SystemTap can run")
            << Auto << good << Stap << Kind::None << QStringLiteral("SystemTap");
        QTest::newRow("auto, lockdown file absent")
            << Auto << noLockdownFile << Stap << Kind::None << QStringLiteral("SystemTap");
        QTest::newRow("auto, no headers")
            << Auto << noHeaders << Bpftrace << Kind::None << QStringLiteral("6.1.0-56-amd64");
        QTest::newRow("auto, no module support")
            << Auto << noModules << Bpftrace << Kind::None << QStringLiteral("modules");
        QTest::newRow("auto, lockdown")
            << Auto << lockedDown << Bpftrace << Kind::None << QStringLiteral("integrity");
        QTest::newRow("auto, signatures enforced")
            << Auto << signaturesEnforced << Bpftrace << Kind::None << QStringLiteral("signed");
        QTest::newRow("auto, no stap")
            << Auto << noStap << Bpftrace << Kind::None << QStringLiteral("not installed");
        QTest::newRow("auto, nothing installed")
            << Auto << nothing << Auto << Kind::NoBackendAvailable << QString();
        QTest::newRow("auto, stap unusable, no bpftrace")
            << Auto << onlyStapWithoutHeaders << Auto << Kind::NoBackendAvailable << QString();
        QTest::newRow("stap requested, can run")
            << Stap << good << Stap << Kind::None << QStringLiteral("requested");
        QTest::newRow("stap requested, lockdown is left to stap (it may sign)")
            << Stap << lockedDown << Stap << Kind::None << QStringLiteral("requested");
        QTest::newRow("stap requested, no headers")
            << Stap << noHeaders << Auto << Kind::KernelHeadersMissing << QString();
        QTest::newRow("stap requested, no modules")
            << Stap << noModules << Auto << Kind::ModuleLoadingUnsupported << QString();
        QTest::newRow("stap requested, not installed")
            << Stap << noStap << Auto << Kind::TracerMissing << QString();
        QTest::newRow("bpftrace requested")
            << Bpftrace << good << Bpftrace << Kind::None << QStringLiteral("requested");
        QTest::newRow("bpftrace requested, not installed")
            << Bpftrace << nothing << Auto << Kind::TracerMissing << QString();
    }

    void selects()
    {
        QFETCH(CaptureBackend, requested);
        QFETCH(Facts, facts);
        QFETCH(CaptureBackend, selected);
        QFETCH(CaptureError::Kind, error);
        QFETCH(QString, reasonMentions);

        const auto selection = BackendSelector::select(requested, facts);
        QCOMPARE(selection.backend, selected);
        QCOMPARE(selection.error.kind(), error);
        if (error == CaptureError::Kind::None) {
            QVERIFY2(selection.reason.contains(reasonMentions), qPrintable(selection.reason));
        } else {
            QVERIFY(!selection.error.message().isEmpty());
        }
    }

    void headersMessageNamesThePackage()
    {
        Facts facts = debianWithHeaders();
        facts.kernelHeadersInstalled = false;
        const auto selection = BackendSelector::select(CaptureBackend::Stap, facts);
        QVERIFY2(selection.error.message().contains(
                     QLatin1String("apt install linux-headers-6.1.0-56-amd64")),
            qPrintable(selection.error.message()));
    }

    // The facts of this machine, read the way a user's session reads them.
    void probesThisHost()
    {
        const Facts facts = BackendSelector::probeHost();
        struct utsname names
        {
        };
        QCOMPARE(::uname(&names), 0);
        QCOMPARE(facts.kernelRelease, QString::fromLocal8Bit(names.release));
        QCOMPARE(facts.moduleSupport, QFileInfo::exists(QStringLiteral("/proc/modules")));
        QCOMPARE(facts.bpftraceInstalled,
            QFileInfo(QStringLiteral("/usr/bin/bpftrace")).isExecutable()
                || QFileInfo(QStringLiteral("/usr/local/bin/bpftrace")).isExecutable());
        QCOMPARE(facts.kernelHeadersInstalled,
            QFileInfo::exists(
                QStringLiteral("/lib/modules/%1/build/.config").arg(facts.kernelRelease)));
        QVERIFY(facts.lockdown.isEmpty() || facts.lockdown == QLatin1String("none")
            || facts.lockdown == QLatin1String("integrity")
            || facts.lockdown == QLatin1String("confidentiality"));
    }
};

QTEST_GUILESS_MAIN(TestBackendSelector)
#include "tst_backendselector.moc"
