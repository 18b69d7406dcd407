// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"
#include "trace/event.h"
#include "trace/eventbatch.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <cstdint>
#include <memory>
#include <vector>

// Helpers shared by the storage tests: fresh databases of both kinds, and
// deterministic streams of events.
namespace memtap::test {

// Adds the rows "sqlite", "mariadb" (and optionally "mariadb-multirow", the
// path MySQL servers get) to a data-driven test with a QString column "backend".
void addBackendRows(bool withMultiRow = false);

// A database for one test: a new SQLite file, or a new, empty database on
// the fixture's MariaDB server (memtap_test_<suffix>). Returns an invalid URL
// when the backend is not available (see MEMTAP_REQUIRE_BACKEND).
class TestDatabase
{
public:
    explicit TestDatabase(const QString &backend, const QString &suffix = QString());
    ~TestDatabase();

    bool isAvailable() const { return m_url.isValid(); }
    const QString &unavailableReason() const { return m_reason; }
    const DatabaseUrl &url() const { return m_url; }
    // "mariadb-multirow": the EventStore must not use the bulk protocol.
    bool allowBulk() const { return m_allowBulk; }
    QString path() const { return m_url.path(); }

private:
    QString m_reason;
    DatabaseUrl m_url;
    bool m_allowBulk = true;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_mysqlDatabase;
};

// Whether the fixture's server answers, and why not.
bool mariadbAvailable(QString *reason);

// Events of several processes (with hostile names among them), calls of every
// kind, baseline records now and then, extreme field values; the same for
// the same seed.
std::vector<Event> generateEvents(std::size_t count, std::uint32_t seed, bool withBaseline = true);
// Splits events into batches of batchSize.
std::vector<EventBatchPtr> batches(const std::vector<Event> &events, std::size_t batchSize);

// A strict RFC 4180 reader for checking exports: rows of cells, quotes
// undone; an empty list when text is not well-formed CSV.
QList<QList<QByteArray>> parseCsv(const QByteArray &text);

// Names no storage layer may alter: quotes, backslashes, SQL, newlines,
// invalid UTF-8, formula starts.
QList<QByteArray> hostileNames();

} // namespace memtap::test

#define MEMTAP_REQUIRE_BACKEND(database)                                                           \
    MEMTAP_REQUIRE((database).isAvailable(), (database).unavailableReason())
