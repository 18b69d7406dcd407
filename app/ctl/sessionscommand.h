// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "ctl/ctlcommand.h"

#include <QCoreApplication>

#include <cstdint>
#include <vector>

namespace memtap {

struct StoredSession;

// `memtapctl sessions [--db URL] [--json]`: the sessions of a database,
// oldest first, with host, backend, start time, duration and the event,
// process, drop and malformed-line counts, and which sessions continue which
// (an import of the records the database had not taken when a session's
// writing stopped: "import (rest of 12)", "user-stop (rest in 15)"), and
// which are "(recording)" or "(interrupted)". --json writes an array of
// objects (bytes such as host names as text with CsvWriter's \xHH escapes for invalid UTF-8).
class SessionsCommand : public CtlCommand
{
    Q_DECLARE_TR_FUNCTIONS(SessionsCommand)

public:
    QString name() const override { return QStringLiteral("sessions"); }
    QString summary() const override;
    int run(const QStringList &arguments) override;

    // A session not ended whose writer is silent is shown as interrupted
    // (StoredSession::state()) as of nowWallNs (UTC ns).
    static QByteArray toJson(const std::vector<StoredSession> &sessions, std::int64_t nowWallNs);
    static QString toTable(const std::vector<StoredSession> &sessions, std::int64_t nowWallNs);
};

} // namespace memtap
