// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "ctl/ctlcommand.h"

#include <QCoreApplication>

namespace memtap {

// `memtapctl export processes|requests [--db URL] [--session N] [--pid P]
// [--name NAME [--name-contains]] [--call CALL] --output FILE.csv`: a
// session (the newest by default) as CSV, with the columns and rules of
// CsvExport. --name takes the name's bytes with the trace format's escapes
// (\xHH, \\, \t, ...) for bytes a shell cannot pass. The file is written
// whole or not at all (a failed or cancelled export leaves no partial file);
// - writes to standard output. Exit status: 0 written, 1 failed, 2 usage.
class ExportCommand : public CtlCommand
{
    Q_DECLARE_TR_FUNCTIONS(ExportCommand)

public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace memtap
