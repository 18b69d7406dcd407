// SPDX-License-Identifier: GPL-2.0-or-later
#include "backendselector.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <sys/utsname.h>

namespace memtap {

namespace {

QByteArray readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(4096).trimmed();
}

// "none [integrity] confidentiality" -> "integrity".
QString activeLockdownMode(const QByteArray &contents)
{
    static const QRegularExpression selected(QStringLiteral(R"(\[(\w+)\])"));
    const auto match = selected.match(QString::fromLatin1(contents));
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace

QStringList BackendSelector::systemToolDirectories()
{
    return {QStringLiteral("/usr/local/sbin"), QStringLiteral("/usr/local/bin"),
        QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"), QStringLiteral("/sbin"),
        QStringLiteral("/bin")};
}

QString BackendSelector::findSystemTool(const QString &name)
{
    return QStandardPaths::findExecutable(name, systemToolDirectories());
}

BackendSelector::HostFacts BackendSelector::probeHost()
{
    HostFacts facts;
    struct utsname names
    {
    };
    if (::uname(&names) == 0)
        facts.kernelRelease = QString::fromLocal8Bit(names.release);
    facts.stapInstalled = !findSystemTool(QStringLiteral("stap")).isEmpty()
        && !findSystemTool(QStringLiteral("staprun")).isEmpty();
    facts.bpftraceInstalled = !findSystemTool(QStringLiteral("bpftrace")).isEmpty();
    facts.moduleSupport = QFileInfo::exists(QStringLiteral("/proc/modules"));
    facts.kernelHeadersInstalled = !facts.kernelRelease.isEmpty()
        && QFileInfo::exists(
            QStringLiteral("/lib/modules/%1/build/.config").arg(facts.kernelRelease));
    facts.lockdown
        = activeLockdownMode(readSmallFile(QStringLiteral("/sys/kernel/security/lockdown")));
    facts.moduleSignaturesEnforced
        = readSmallFile(QStringLiteral("/sys/module/module/parameters/sig_enforce")) == "Y";
    return facts;
}

QString BackendSelector::whyStapCannotRun(const HostFacts &facts)
{
    if (!facts.stapInstalled)
        return tr("SystemTap is not installed");
    if (!facts.moduleSupport)
        return tr("this kernel cannot load modules");
    if (!facts.kernelHeadersInstalled)
        return tr("the headers of kernel %1 are not installed").arg(facts.kernelRelease);
    if (!facts.lockdown.isEmpty() && facts.lockdown != QLatin1String("none"))
        return tr("kernel lockdown (%1) refuses unsigned modules").arg(facts.lockdown);
    if (facts.moduleSignaturesEnforced)
        return tr("the kernel only loads signed modules");
    return {};
}

BackendSelector::Selection BackendSelector::select(CaptureBackend requested, const HostFacts &facts)
{
    Selection selection;
    switch (requested) {
    case CaptureBackend::Stap:
        // Lockdown and signatures are not refused here: an administrator may
        // have enrolled a key that SystemTap signs its modules with.
        if (!facts.stapInstalled)
            selection.error = CaptureError::tracerMissing(CaptureBackend::Stap);
        else if (!facts.moduleSupport)
            selection.error = CaptureError::moduleLoadingUnsupported();
        else if (!facts.kernelHeadersInstalled)
            selection.error = CaptureError::kernelHeadersMissing(facts.kernelRelease);
        else {
            selection.backend = CaptureBackend::Stap;
            selection.reason = tr("SystemTap, as requested");
        }
        return selection;
    case CaptureBackend::Bpftrace:
        if (!facts.bpftraceInstalled) {
            selection.error = CaptureError::tracerMissing(CaptureBackend::Bpftrace);
        } else {
            selection.backend = CaptureBackend::Bpftrace;
            selection.reason = tr("bpftrace, as requested");
        }
        return selection;
    case CaptureBackend::Auto:
        break;
    }

    const QString stapProblem = whyStapCannotRun(facts);
    if (stapProblem.isEmpty()) {
        selection.backend = CaptureBackend::Stap;
        selection.reason = tr("SystemTap, which can load its module on this kernel");
    } else if (facts.bpftraceInstalled) {
        selection.backend = CaptureBackend::Bpftrace;
        selection.reason = tr("bpftrace, because %1").arg(stapProblem);
    } else {
        selection.error = CaptureError::noBackendAvailable();
    }
    return selection;
}

} // namespace memtap
