// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/captureendreason.h"
#include "capture/captureoptions.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QProcess>
#include <QString>

namespace memtap {

// Turns what the elevation tool, the root helper and the tracer left behind
// (exit status and standard error, read with LC_ALL=C) into one sentence that
// says what happened and how to fix it. Knows the messages of pkexec 122,
// sudo 1.9, SystemTap 4.8, bpftrace 0.17 and memtap-probe.
class CaptureError
{
    Q_DECLARE_TR_FUNCTIONS(CaptureError)

public:
    enum class Kind {
        None,
        // elevation
        AuthorizationDismissed,
        AuthorizationDenied,
        NoAuthenticationAgent,
        PolkitUnavailable,
        SudoPasswordRequired,
        SudoNotAllowed,
        ElevationToolMissing,
        // helper
        HelperMissing,
        HelperRefused,
        HelperNotRoot,
        HelperScriptRefused,
        HelperDied,
        HelperFailed,
        // tracer
        NoBackendAvailable,
        TracerMissing,
        TracerNotRoot,
        KernelHeadersMissing,
        ModuleLoadingUnsupported,
        ModuleSignatureRequired,
        ModuleRejected,
        StapCompilationFailed,
        StapProbeResolutionFailed,
        BpfNotPermitted,
        BpfLockdown,
        BtfUnavailable,
        TracefsMissing,
        TracerFailed,
        TracerDied,
        TracerKilledOnStop, // the helper had to kill a tracer that did not stop
        // memtap's side
        StartFailed,
        StreamUnreadable,
        OutputFailed,
    };

    // How the helper process (or pkexec / sudo in front of it) ended.
    struct HelperExit
    {
        Elevation elevation = Elevation::None;
        CaptureBackend backend = CaptureBackend::Bpftrace; // the concrete one that ran
        QString helperPath;
        bool crashed = false; // killed by a signal
        int exitCode = 0; // the exit status, or the signal number when crashed
        QByteArray standardError;
    };

    CaptureError() = default;
    CaptureError(Kind kind, QString message, QString detail = {});

    // Kind::None when the helper ended normally and said nothing alarming.
    static CaptureError fromHelperExit(const HelperExit &exit);
    // QProcess could not start the program (pkexec, sudo or the helper itself).
    static CaptureError fromStartFailure(Elevation elevation, const QString &program,
        QProcess::ProcessError error, const QString &errorString);

    // Errors memtap finds itself, before or while running.
    static CaptureError helperMissing(const QString &helperPath);
    static CaptureError elevationToolMissing(Elevation elevation);
    static CaptureError tracerMissing(CaptureBackend backend);
    static CaptureError kernelHeadersMissing(const QString &kernelRelease);
    static CaptureError moduleLoadingUnsupported();
    static CaptureError noBackendAvailable();
    static CaptureError streamUnreadable(const QString &parserError);
    static CaptureError outputFailed(const QString &what);
    // The helper ended with status 0 and no complaint although nobody asked it to.
    static CaptureError endedUnasked(CaptureBackend backend, bool wasRunning);

    Kind kind() const { return m_kind; }
    bool isError() const { return m_kind != Kind::None; }
    // One translated sentence: what happened and what to do.
    QString message() const { return m_message; }
    // The tool's own line that gave it away, untranslated, for logs and details.
    QString detail() const { return m_detail; }
    // The end reason a session records for this error; wasRunning says whether
    // the stream had started (a tracer failing later has died, not failed to start).
    CaptureEndReason endReason(bool wasRunning) const;

    // "SIGKILL" for 9.
    static QString signalName(int signalNumber);

private:
    Kind m_kind = Kind::None;
    QString m_message;
    QString m_detail;
};

} // namespace memtap
