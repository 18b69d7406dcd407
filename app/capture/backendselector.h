// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/captureerror.h"
#include "capture/captureoptions.h"

#include <QCoreApplication>
#include <QString>

namespace memtap {

// Decides, before anything asks for a password, which tracer a capture runs:
// SystemTap where it can load its module, else bpftrace, else a clear error.
// The decision is a pure function of HostFacts so that it can be tested for
// every kind of machine; probeHost() reads the facts of this one, unprivileged.
class BackendSelector
{
    Q_DECLARE_TR_FUNCTIONS(BackendSelector)

public:
    struct HostFacts
    {
        QString kernelRelease; // uname -r
        bool stapInstalled = false; // stap and staprun
        bool bpftraceInstalled = false;
        bool moduleSupport = false; // /proc/modules exists (CONFIG_MODULES)
        bool kernelHeadersInstalled
            = false; // /lib/modules/<release>/build/.config, what stap checks
        QString lockdown; // the active mode of /sys/kernel/security/lockdown, empty when absent
        bool moduleSignaturesEnforced = false; // /sys/module/module/parameters/sig_enforce
    };

    struct Selection
    {
        CaptureBackend backend = CaptureBackend::Auto; // Auto when error is set
        CaptureError error;
        // Why this backend, translated, e.g. "bpftrace, because this kernel cannot load modules".
        QString reason;
    };

    static HostFacts probeHost();
    static Selection select(CaptureBackend requested, const HostFacts &facts);

    // The directories a root helper finds its tools in, whatever PATH the user has.
    static QStringList systemToolDirectories();
    static QString findSystemTool(const QString &name);

private:
    // Empty when SystemTap can run, else why not (translated, lower case).
    static QString whyStapCannotRun(const HostFacts &facts);
};

} // namespace memtap
