// SPDX-License-Identifier: GPL-2.0-or-later
#include "captureerror.h"

#include "memtapconfig.h"

#include <QList>
#include <QRegularExpression>

#include <cstring>
#include <string.h>

namespace memtap {

namespace {

QList<QByteArray> lines(const QByteArray &text)
{
    QList<QByteArray> result;
    for (const QByteArray &line : text.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            result.append(trimmed);
    }
    return result;
}

// The first line containing needle, or an empty array.
QByteArray lineWith(const QList<QByteArray> &lines, QByteArrayView needle)
{
    for (const QByteArray &line : lines) {
        if (line.contains(needle))
            return line;
    }
    return {};
}

QByteArray lastLineStartingWith(const QList<QByteArray> &lines, QByteArrayView prefix)
{
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->startsWith(prefix))
            return *it;
    }
    return {};
}

// Exit statuses of memtap-probe, documented at the top of probes/helper/memtap-probe.cpp.
constexpr int helperExitUsage = 2;
constexpr int helperExitNotRoot = 3;
constexpr int helperExitScriptRefused = 4;
constexpr int helperExitTracerMissing = 5;
constexpr int helperExitTracefsUnavailable = 6;
constexpr int helperExitTracerEndedEarly = 7;
constexpr int helperExitTracerKilled = 8;
constexpr int helperExitTracerFailedBase = 100;
constexpr int helperExitTracerSignalBase = 128;

// bpftrace prints this on every start on machines with a low memlock limit; it
// is harmless and never the reason anything failed.
bool isHarmlessNoise(const QByteArray &line)
{
    return line.contains("couldn't set RLIMIT_MEMLOCK");
}

// The line a user would quote when asking for help: the tracer's last ERROR
// line, else its last line that is not noise, else what the helper said.
QByteArray mostTellingLine(const QList<QByteArray> &lines)
{
    const auto fromHelper
        = [](const QByteArray &line) { return line.startsWith("memtap-probe: "); };
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->contains("ERROR") && !isHarmlessNoise(*it) && !fromHelper(*it))
            return *it;
    }
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (!isHarmlessNoise(*it) && !it->startsWith("Tip:") && !fromHelper(*it))
            return *it;
    }
    return lines.isEmpty() || isHarmlessNoise(lines.constLast()) ? QByteArray() : lines.constLast();
}

QString text(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

QString backendName(CaptureBackend backend)
{
    return captureBackendDisplayName(backend);
}

} // namespace

CaptureError::CaptureError(Kind kind, QString message, QString detail)
    : m_kind(kind)
    , m_message(std::move(message))
    , m_detail(std::move(detail))
{ }

QString CaptureError::signalName(int signalNumber)
{
    const char *abbreviation = ::sigabbrev_np(signalNumber);
    if (abbreviation)
        return QStringLiteral("SIG") + QString::fromLatin1(abbreviation);
    return QString::number(signalNumber);
}

CaptureError CaptureError::helperMissing(const QString &helperPath)
{
    return {Kind::HelperMissing,
        tr("The capture helper is not installed at %1: install memtap "
           "(\"sudo cmake --install <build directory>\"), or name another helper with --helper.")
            .arg(helperPath)};
}

CaptureError CaptureError::elevationToolMissing(Elevation elevation)
{
    if (elevation == Elevation::Sudo) {
        return {Kind::ElevationToolMissing,
            tr("sudo is not installed: install it with \"apt install sudo\", or use pkexec "
               "elevation.")};
    }
    return {Kind::ElevationToolMissing,
        tr("pkexec is not installed: install it with \"apt install pkexec polkitd\", or use sudo "
           "elevation.")};
}

CaptureError CaptureError::tracerMissing(CaptureBackend backend)
{
    if (backend == CaptureBackend::Stap) {
        return {Kind::TracerMissing,
            tr("SystemTap is not installed: install it with \"apt install systemtap\", or use the "
               "bpftrace backend.")};
    }
    return {Kind::TracerMissing,
        tr("bpftrace is not installed: install it with \"apt install bpftrace\".")};
}

CaptureError CaptureError::kernelHeadersMissing(const QString &kernelRelease)
{
    return {Kind::KernelHeadersMissing,
        tr("SystemTap needs the headers of the running kernel, which are not installed: install "
           "them with \"apt install linux-headers-%1\", or use the bpftrace backend.")
            .arg(kernelRelease)};
}

CaptureError CaptureError::moduleLoadingUnsupported()
{
    return {Kind::ModuleLoadingUnsupported,
        tr("This kernel cannot load modules, which SystemTap needs: use the bpftrace backend.")};
}

CaptureError CaptureError::noBackendAvailable()
{
    return {Kind::NoBackendAvailable,
        tr("Neither SystemTap nor bpftrace can run on this machine: install bpftrace with \"apt "
           "install bpftrace\".")};
}

CaptureError CaptureError::streamUnreadable(const QString &parserError)
{
    return {Kind::StreamUnreadable,
        tr("The capture helper sent a stream memtap cannot read (%1): install a helper from the "
           "same memtap version.")
            .arg(parserError),
        parserError};
}

CaptureError CaptureError::outputFailed(const QString &what)
{
    return {Kind::OutputFailed,
        tr("Writing the captured stream failed (%1): make room on the disk, or keep the reader "
           "of the output reading, then start the capture again.")
            .arg(what),
        what};
}

CaptureError CaptureError::endedUnasked(CaptureBackend backend, bool wasRunning)
{
    if (wasRunning) {
        return {Kind::TracerDied,
            tr("%1 stopped on its own while capturing: start the capture again, and check the "
               "kernel log (dmesg) if it keeps stopping.")
                .arg(backendName(backend))};
    }
    return {Kind::HelperFailed,
        tr("The capture helper ended before %1 started, without saying why: start the capture "
           "again, and check the system log if it happens again.")
            .arg(backendName(backend))};
}

CaptureError CaptureError::fromStartFailure(Elevation elevation, const QString &program,
    QProcess::ProcessError error, const QString &errorString)
{
    if (error == QProcess::FailedToStart) {
        switch (elevation) {
        case Elevation::Pkexec:
        case Elevation::Sudo:
            return elevationToolMissing(elevation);
        case Elevation::None:
            return helperMissing(program);
        }
    }
    return {Kind::StartFailed,
        tr("Could not start %1 (%2): check that it is installed and executable.")
            .arg(program, errorString),
        errorString};
}

CaptureError CaptureError::fromHelperExit(const HelperExit &exit)
{
    const QList<QByteArray> errorLines = lines(exit.standardError);
    const QString tracer = backendName(exit.backend);

    // pkexec's own terminal agent aborts (SIGTRAP) when the password prompt
    // reads end-of-file, and dies of SIGINT on Ctrl-C: both are a dismissal.
    if (exit.crashed && exit.elevation == Elevation::Pkexec
        && (!lineWith(errorLines, "AUTHENTICATING FOR").isEmpty()
            || !lineWith(errorLines, "unexpected EOF while reading from controlling terminal")
                    .isEmpty())) {
        return {Kind::AuthorizationDismissed,
            tr("The password prompt was dismissed, so the capture did not start: start it "
               "again and authenticate as an administrator."),
            text(lineWith(errorLines, "unexpected EOF"))};
    }

    if (exit.crashed) {
        return {Kind::HelperDied,
            tr("The capture helper was killed by signal %1: start the capture again.")
                .arg(signalName(exit.exitCode)),
            text(mostTellingLine(errorLines))};
    }

    // pkexec exits 126 and 127 only for its own reasons (the helper never uses
    // those codes), so these are authorization results, whatever else was said.
    if (exit.elevation == Elevation::Pkexec && (exit.exitCode == 126 || exit.exitCode == 127)) {
        const QByteArray pkexecLine = lineWith(errorLines, "Error ");
        if (exit.exitCode == 126 || pkexecLine.contains("Request dismissed")) {
            return {Kind::AuthorizationDismissed,
                tr("The password prompt was dismissed, so the capture did not start: start it "
                   "again and authenticate as an administrator."),
                text(pkexecLine)};
        }
        if (pkexecLine.contains("Not authorized")) {
            return {Kind::AuthorizationDenied,
                tr("You are not authorized to start memtap's capture helper (wrong password, or "
                   "polkit action %1 denied): start again with an administrator's password, or "
                   "ask an administrator to grant you that action.")
                    .arg(QStringLiteral(MEMTAP_POLKIT_ACTION)),
                text(pkexecLine)};
        }
        if (pkexecLine.contains("No authentication agent found")
            || pkexecLine.contains("Error creating textual authentication agent")) {
            return {Kind::NoAuthenticationAgent,
                tr("No polkit authentication agent is running to ask for the administrator "
                   "password: start your desktop's polkit agent, run the capture from a "
                   "terminal, or use sudo elevation."),
                text(pkexecLine)};
        }
        if (pkexecLine.contains("Error getting authority")) {
            return {Kind::PolkitUnavailable,
                tr("The polkit service cannot be reached on the system D-Bus: start it with "
                   "\"systemctl start polkit\", or use sudo elevation."),
                text(pkexecLine)};
        }
        if (pkexecLine.contains("Error accessing") || pkexecLine.contains("Cannot run program")) {
            CaptureError error = helperMissing(exit.helperPath);
            error.m_detail = text(pkexecLine);
            return error;
        }
        return {Kind::AuthorizationDenied,
            tr("pkexec could not start the capture helper (%1): check that polkit works, or use "
               "sudo elevation.")
                .arg(text(pkexecLine.isEmpty() ? mostTellingLine(errorLines) : pkexecLine)),
            text(pkexecLine)};
    }

    if (exit.elevation == Elevation::Sudo) {
        // sudo words these with or without its "sudo: " prefix, by version.
        const auto firstOf = [&](std::initializer_list<QByteArrayView> needles) {
            for (const QByteArrayView needle : needles) {
                const QByteArray line = lineWith(errorLines, needle);
                if (!line.isEmpty())
                    return line;
            }
            return QByteArray();
        };
        const QByteArray passwordLine = firstOf(
            {"sudo: a password is required", "a terminal is required to read the password"});
        if (!passwordLine.isEmpty()) {
            return {Kind::SudoPasswordRequired,
                tr("sudo needs a password, which memtap cannot type (it runs \"sudo -n\"): run "
                   "\"sudo -v\" first, allow %1 without a password in sudoers, or use pkexec "
                   "elevation.")
                    .arg(exit.helperPath),
                text(passwordLine)};
        }
        const QByteArray refusedLine = firstOf(
            {"is not in the sudoers file", "may not run sudo on", "is not allowed to execute"});
        if (!refusedLine.isEmpty()) {
            return {Kind::SudoNotAllowed,
                tr("sudo does not allow you to run the capture helper: ask an administrator for a "
                   "sudoers rule for %1, or use pkexec elevation.")
                    .arg(exit.helperPath),
                text(refusedLine)};
        }
        const QByteArray notFoundLine = firstOf({": command not found"});
        if (notFoundLine.startsWith("sudo: ")) {
            CaptureError error = helperMissing(exit.helperPath);
            error.m_detail = text(notFoundLine);
            return error;
        }
    }

    // memtap-probe's own exit statuses (probes/helper/memtap-probe.cpp); each
    // comes with one "memtap-probe: ..." line on stderr.
    const QByteArray helperLine = lastLineStartingWith(errorLines, "memtap-probe: ");
    const QString helperSays = text(helperLine.mid(qsizetype(sizeof("memtap-probe: ")) - 1));
    switch (exit.exitCode) {
    case helperExitNotRoot:
        return {Kind::HelperNotRoot,
            tr("The capture helper did not run as root: start the capture through pkexec or "
               "sudo, or as root."),
            helperSays};
    case helperExitScriptRefused:
        return {Kind::HelperScriptRefused,
            tr("The capture helper refused to run its tracer script, which must belong to root "
               "and be writable by root alone: reinstall memtap (the helper said: %1).")
                .arg(helperSays),
            helperSays};
    case helperExitTracerMissing: {
        CaptureError error = tracerMissing(exit.backend);
        error.m_detail = helperSays;
        return error;
    }
    case helperExitTracefsUnavailable:
        return {Kind::TracefsMissing,
            tr("The kernel's tracing file system (tracefs) is not mounted and the helper could "
               "not mount it: mount it with \"mount -t tracefs nodev /sys/kernel/tracing\" and "
               "try again."),
            helperSays};
    case helperExitTracerKilled:
        return {Kind::TracerKilledOnStop,
            tr("%1 did not stop in time and the helper killed it, so the last events of the "
               "capture may be missing: check the system load, and the kernel log (dmesg) if it "
               "happens again.")
                .arg(tracer),
            helperSays};
    case helperExitTracerEndedEarly: {
        CaptureError error = endedUnasked(exit.backend, true);
        error.m_detail = helperSays;
        return error;
    }
    default:
        break;
    }
    if (exit.exitCode > helperExitTracerSignalBase
        && exit.exitCode <= helperExitTracerSignalBase + 64) {
        const int signalNumber = exit.exitCode - helperExitTracerSignalBase;
        return {Kind::TracerDied,
            tr("%1 was killed by signal %2: start the capture again, and check the kernel log "
               "(dmesg) if it happens again.")
                .arg(tracer, signalName(signalNumber)),
            helperSays};
    }

    // The tracer's own words, most specific first. They are looked for even
    // after a zero exit: a tracer that failed to start may still exit 0.
    static const QRegularExpression headersCheck(
        QStringLiteral(R"(Checking "/lib/modules/([^/"]+)/build/\.config" failed)"));
    const QByteArray headersLine = lineWith(errorLines, "/build/.config\" failed");
    if (!headersLine.isEmpty()) {
        const auto match = headersCheck.match(text(headersLine));
        const QString release
            = match.hasMatch() ? match.captured(1) : QStringLiteral("$(uname -r)");
        CaptureError error = kernelHeadersMissing(release);
        error.m_detail = text(headersLine);
        return error;
    }

    const QByteArray signingLine = lineWith(errorLines, "requires module signing");
    if (!signingLine.isEmpty()) {
        return {Kind::ModuleSignatureRequired,
            tr("The kernel only loads signed modules (Secure Boot or kernel lockdown), so it "
               "cannot load SystemTap's module: use the bpftrace backend."),
            text(signingLine)};
    }

    const QByteArray insertLine = lineWith(errorLines, "Couldn't insert module");
    if (!insertLine.isEmpty()) {
        const QByteArray reason = insertLine.mid(insertLine.lastIndexOf(": ") + 2);
        if (reason.contains("Function not implemented")) {
            CaptureError error = moduleLoadingUnsupported();
            error.m_detail = text(insertLine);
            return error;
        }
        if (reason.contains("Required key not available") || reason.contains("Key was rejected")
            || reason.contains("Operation not permitted")) {
            return {Kind::ModuleSignatureRequired,
                tr("The kernel refused SystemTap's unsigned module (Secure Boot or kernel "
                   "lockdown): use the bpftrace backend."),
                text(insertLine)};
        }
        if (reason.contains("Invalid module format")) {
            return {Kind::ModuleRejected,
                tr("The kernel refused SystemTap's module as built for another kernel: install "
                   "the headers of the running kernel (\"apt install linux-headers-$(uname -r)\"), "
                   "or use the bpftrace backend."),
                text(insertLine)};
        }
        return {Kind::ModuleRejected,
            tr("The kernel refused to load SystemTap's module (%1): use the bpftrace backend.")
                .arg(text(reason)),
            text(insertLine)};
    }

    if (!lineWith(errorLines, "Pass 4: compilation failed").isEmpty()) {
        const QByteArray compilerLine = lineWith(errorLines, "error:");
        return {Kind::StapCompilationFailed,
            tr("SystemTap could not compile its module for this kernel (pass 4), usually because "
               "this SystemTap release does not support it: use the bpftrace backend, or update "
               "systemtap."),
            text(compilerLine.isEmpty() ? lineWith(errorLines, "Pass 4") : compilerLine)};
    }

    if (!lineWith(errorLines, "Pass 2: analysis failed").isEmpty()
        || !lineWith(errorLines, "semantic error:").isEmpty()) {
        const QByteArray semanticLine = lineWith(errorLines, "semantic error:");
        return {Kind::StapProbeResolutionFailed,
            tr("SystemTap could not resolve the kernel events it traces on this kernel (pass 2): "
               "use the bpftrace backend."),
            text(semanticLine.isEmpty() ? lineWith(errorLines, "Pass 2") : semanticLine)};
    }

    const QByteArray notRootLine = [&] {
        const QByteArray stapLine = lineWith(errorLines, "run systemtap as a normal user");
        return stapLine.isEmpty() ? lineWith(errorLines, "only supports running as the root user")
                                  : stapLine;
    }();
    if (!notRootLine.isEmpty()) {
        return {Kind::TracerNotRoot,
            tr("%1 did not run as root: start the capture through pkexec or sudo, or as root.")
                .arg(tracer),
            text(notRootLine)};
    }

    const QByteArray lockdownLine = lineWith(errorLines, "Kernel lockdown is enabled");
    if (!lockdownLine.isEmpty()) {
        return {Kind::BpfLockdown,
            tr("Kernel lockdown in confidentiality mode blocks the BPF features bpftrace needs: "
               "boot the kernel without lockdown=confidentiality (see kernel_lockdown(7))."),
            text(lockdownLine)};
    }

    const QByteArray tracefsLine = [&] {
        const QByteArray mounted = lineWith(errorLines, "is tracefs mounted?");
        return mounted.isEmpty() ? lineWith(errorLines, "tracepoint not found: syscalls:")
                                 : mounted;
    }();
    if (!tracefsLine.isEmpty()) {
        return {Kind::TracefsMissing,
            tr("bpftrace cannot find the kernel's syscall tracepoints, because tracefs is not "
               "mounted or the kernel lacks CONFIG_FTRACE_SYSCALLS: mount it with \"mount -t "
               "tracefs nodev /sys/kernel/tracing\" and try again."),
            text(tracefsLine)};
    }

    const QByteArray btfLine = lineWith(errorLines, "install BTF information");
    if (!btfLine.isEmpty()) {
        return {Kind::BtfUnavailable,
            tr("bpftrace could not read the kernel's type information (BTF): run the capture as "
               "root on the host itself, not in a container, on a kernel built with "
               "CONFIG_DEBUG_INFO_BTF (Debian's kernels are)."),
            text(btfLine)};
    }

    const QByteArray bpfLine = [&] {
        for (const QByteArray &line : errorLines) {
            if (line.contains("Creation of the required BPF maps has failed")
                || ((line.contains("failed to create") || line.contains("Error loading program")
                        || line.contains("Error attaching probe"))
                    && (line.contains("Operation not permitted")
                        || line.contains("Permission denied")))) {
                return line;
            }
        }
        return QByteArray();
    }();
    if (!bpfLine.isEmpty()) {
        return {Kind::BpfNotPermitted,
            tr("The kernel did not let bpftrace load its BPF maps and programs: run the capture "
               "as root on the host itself, not in a container or sandbox that withholds "
               "CAP_BPF or CAP_SYS_ADMIN."),
            text(bpfLine)};
    }

    if (exit.exitCode == helperExitUsage) {
        return {Kind::HelperRefused,
            tr("The capture helper at %1 refused its arguments, so it comes from another memtap "
               "version: reinstall memtap.")
                .arg(exit.helperPath),
            text(mostTellingLine(errorLines))};
    }

    if (exit.exitCode != 0) {
        const QByteArray telling = mostTellingLine(errorLines);
        if (telling.isEmpty()) {
            return {Kind::HelperFailed,
                tr("The capture helper ended with exit code %1 without saying why: start the "
                   "capture again, and check the system log if it happens again.")
                    .arg(exit.exitCode)};
        }
        // The helper passes the tracer's own status on as 100 + status.
        const bool tracerStatus = exit.exitCode > helperExitTracerFailedBase
            && exit.exitCode < helperExitTracerSignalBase;
        if (!tracerStatus) {
            return {Kind::HelperFailed,
                tr("The capture helper failed with exit code %1 (%2): start the capture again, "
                   "and report a bug if it happens again.")
                    .arg(exit.exitCode)
                    .arg(text(telling)),
                text(telling)};
        }
        return {Kind::TracerFailed,
            tr("%1 failed (%2): check that it works on this kernel, or use the other backend.")
                .arg(tracer, text(telling)),
            text(telling)};
    }
    return {};
}

CaptureEndReason CaptureError::endReason(bool wasRunning) const
{
    switch (m_kind) {
    case Kind::None:
        return CaptureEndReason::None;
    case Kind::AuthorizationDismissed:
        return CaptureEndReason::AuthorizationDismissed;
    case Kind::AuthorizationDenied:
    case Kind::SudoNotAllowed:
        return CaptureEndReason::AuthorizationDenied;
    case Kind::HelperRefused:
        return CaptureEndReason::HelperRefused;
    case Kind::StreamUnreadable:
        return CaptureEndReason::StreamError;
    case Kind::OutputFailed:
        return CaptureEndReason::OutputFailed;
    case Kind::HelperDied:
    case Kind::TracerDied:
    case Kind::TracerKilledOnStop:
        return CaptureEndReason::TracerDied;
    default:
        return wasRunning ? CaptureEndReason::TracerDied : CaptureEndReason::StartFailed;
    }
}

} // namespace memtap
