// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "ctl/ctlcommand.h"

#include <QCoreApplication>

namespace memtap {

// `memtapctl import TRACE [--db URL] [--again]`: replays a recorded v1 trace (plain or
// gzip, or standard input) into a new session, through the same
// EventParser -> Accountant -> EventStore pipeline as a live capture
// (IngestPipeline). Shows progress on a terminal, reports malformed lines
// with their line numbers and a file in another format with a clear error,
// and ends with a summary. Ctrl-C stops the import and keeps what was read
// as a session ended "import-cancelled" (a second Ctrl-C gives up on what
// the database has not taken yet). A file of the records a capture could not
// store whose records the database holds already (an earlier import of it)
// is refused unless --again is given. Exit status: 0 imported, 1 failed,
// refused or cancelled, 2 usage.
class ImportCommand : public CtlCommand
{
    Q_DECLARE_TR_FUNCTIONS(ImportCommand)

public:
    QString name() const override { return QStringLiteral("import"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace memtap
