// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/captureoptions.h"
#include "ctl/ctlcommand.h"

#include <QCoreApplication>

namespace memtap {

class CaptureSession;

// `memtapctl record`: captures every memory call of every process through the
// root helper and writes the v1 stream, byte for byte as the helper sent it,
// to a file or stdout, and/or (--db) stores it as a new session of a database
// through IngestPipeline. Stops on --duration, Ctrl-C / SIGTERM / SIGHUP, or
// when the tracer ends, and always prints a summary (events by call,
// malformed lines, dropped events, duration, events/s, what the database holds).
class RecordCommand : public CtlCommand
{
    Q_DECLARE_TR_FUNCTIONS(RecordCommand)

public:
    QString name() const override { return QStringLiteral("record"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;

    // None when root; pkexec when polkit can ask for the password (pkexec's
    // own prompt on a controlling terminal, or the agent of a desktop session,
    // with the system bus running); else sudo -n (which works after "sudo -v"
    // or with a NOPASSWD rule); pkexec when sudo is not installed either, so
    // that its error explains what is missing.
    static Elevation defaultElevation();

    // The summary printed when the capture ends, one fact per line, numbers
    // without separators so that scripts can read them; outputName empty: no
    // "written" line.
    static QString formatSummary(
        const CaptureSession &session, const QString &outputName, qint64 bytesWritten);
};

} // namespace memtap
