// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "models/processdetail.h"
#include "storage/databaseurl.h"
#include "storage/storedsession.h"
#include "trace/tracemetadata.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <cstdint>
#include <optional>

namespace memtap {

class SessionLoader;

// Shows a stored session again (File > Open Session, or the GUI after a
// restart): loads it in a thread of its own with a connection of its own, so
// the GUI thread never waits for the database.
//
// load() reads the session and every process's figures as the capture
// stored them when it ended (live bytes and the split figures included):
// loaded() follows. The first requestDetail() replays the session's baseline
// records and events through an Accountant (replayProgress() meanwhile), which
// gives every process's live mappings at the session's end; the timeline is
// the one the capture stored. detailReady() follows each request.
class SessionReader : public QObject
{
    Q_OBJECT

public:
    explicit SessionReader(QObject *parent = nullptr);
    // Cancels a replay and joins the thread.
    ~SessionReader() override;

    // Replaces what was loaded before. password: for MySQL/MariaDB (unset:
    // MEMTAP_DB_PASSWORD or the keychain).
    void load(const DatabaseUrl &url, qint64 sessionId,
        const std::optional<QString> &password = std::nullopt);
    void requestDetail(std::uint64_t processKey);

    const DatabaseUrl &url() const { return m_url; }
    qint64 sessionId() const { return m_sessionId; }

Q_SIGNALS:
    void loaded(const memtap::StoredSession &session, const memtap::TraceMetadata &metadata,
        const memtap::ProcessUpdate &processes);
    // While the first detail request replays the session: records applied of total.
    void replayProgress(quint64 done, quint64 total);
    void detailReady(const memtap::ProcessDetail &detail);
    // One sentence: what went wrong and what to do.
    void failed(const QString &message);

private:
    QThread m_thread;
    SessionLoader *m_loader = nullptr;
    std::atomic<int> m_generation {0}; // bumped by load(): an older replay gives up
    DatabaseUrl m_url;
    qint64 m_sessionId = 0;
};

} // namespace memtap
