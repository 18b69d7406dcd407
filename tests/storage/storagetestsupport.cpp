// SPDX-License-Identifier: GPL-2.0-or-later
#include "storagetestsupport.h"

#include "testsupport.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

namespace memtap::test {

void addBackendRows(bool withMultiRow)
{
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("mariadb") << QStringLiteral("mariadb");
    if (withMultiRow)
        QTest::newRow("mariadb-multirow") << QStringLiteral("mariadb-multirow");
}

namespace {

// Runs sql as the test user on the fixture's server, without a database.
bool runOnServer(const QStringList &statements, QString *error)
{
    const DatabaseUrl url = DatabaseUrl::parse(mariadbTestUrl());
    if (!url.isValid()) {
        *error = QStringLiteral("a MariaDB server (MEMTAP_TEST_MARIADB_URL is not set: run the "
                                "tests through ctest, whose mariadb fixture starts one)");
        return false;
    }
    const QString name = QStringLiteral("memtap-test-admin-") + QUuid::createUuid().toString();
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setConnectOptions(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5"));
        if (!db.open(url.user(), qEnvironmentVariable("MEMTAP_DB_PASSWORD"))) {
            *error = QStringLiteral("a MariaDB server at %1:%2 (the mariadb fixture; install "
                                    "mariadb-server): %3")
                         .arg(url.host())
                         .arg(url.port())
                         .arg(db.lastError().text());
            ok = false;
        }
        for (const QString &statement : statements) {
            if (!ok)
                break;
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                *error = query.lastError().text();
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

bool mariadbAvailable(QString *reason)
{
    return runOnServer({QStringLiteral("SELECT 1")}, reason);
}

TestDatabase::TestDatabase(const QString &backend, const QString &suffix)
{
    if (backend == QLatin1String("sqlite")) {
        m_dir = std::make_unique<QTemporaryDir>();
        m_url = DatabaseUrl::sqlite(m_dir->filePath(QStringLiteral("memtap.sqlite")));
        return;
    }
    m_allowBulk = backend != QLatin1String("mariadb-multirow");
    const DatabaseUrl base = DatabaseUrl::parse(mariadbTestUrl());
    QString tag = suffix.isEmpty() ? QString::fromLatin1(QTest::currentTestFunction()) : suffix;
    if (QTest::currentDataTag())
        tag += u'_' + QString::fromLatin1(QTest::currentDataTag());
    tag.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]")), QStringLiteral("_"));
    m_mysqlDatabase = (base.databaseName() + u'_' + tag).left(64);
    const QString quoted = u'`' + m_mysqlDatabase + u'`';
    if (!runOnServer({QStringLiteral("DROP DATABASE IF EXISTS ") + quoted,
                         QStringLiteral("CREATE DATABASE ") + quoted},
            &m_reason))
        return;
    m_url = DatabaseUrl::mysql(base.host(), base.port(), base.user(), m_mysqlDatabase);
}

TestDatabase::~TestDatabase()
{
    if (!m_mysqlDatabase.isEmpty() && m_url.isValid()
        && !qEnvironmentVariableIsSet("MEMTAP_TEST_KEEP_DATABASES")) {
        QString ignored;
        runOnServer(
            {QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(m_mysqlDatabase)}, &ignored);
    }
}

QList<QByteArray> hostileNames()
{
    return {
        QByteArray("plain"),
        QByteArray("it's"),
        QByteArray("say \"hi\""),
        QByteArray("back\\slash\\"),
        QByteArray("'); DROP TABLE events; --"),
        QByteArray("new\nline"),
        QByteArray("cr\rlf\r\n"),
        QByteArray("tab\tbed"),
        QByteArray("bad\xff\xfeutf8"),
        QByteArray("\xc3\xa9t\xc3\xa9"), // été, valid UTF-8
        QByteArray("\xe2\x82"), // truncated UTF-8 sequence
        QByteArray("=cmd|' /C calc'!A0"),
        QByteArray("+1"),
        QByteArray("-2"),
        QByteArray("@SUM(A1)"),
        QByteArray("\tstarts with tab"),
        QByteArray("'quoted"),
        QByteArray("a,b;c"),
        QByteArray(""),
        QByteArray("%s%n\x01\x7f"),
    };
}

std::vector<Event> generateEvents(std::size_t count, std::uint32_t seed, bool withBaseline)
{
    QRandomGenerator random(seed);
    const QList<QByteArray> names = hostileNames();
    std::vector<Event> events;
    events.reserve(count + count / 50);
    std::int64_t ts = 1'000'000'000;
    std::uint64_t address = 0x7f0000000000ull;
    for (std::size_t i = 0; i < count; ++i) {
        Event e;
        ts += 1 + random.bounded(5000);
        // Earlier records now and then: the stream is not in timestamp order.
        e.timestampNs = (i % 97 == 5) ? ts - 20000 : ts;
        const int process = int(random.bounded(12));
        e.pid = 1000 + process;
        e.tid = e.pid + int(random.bounded(3));
        e.ppid = process == 0 ? -1 : 1000;
        e.uid = process % 3 == 0 ? 0 : 1000;
        const QByteArray &name = names[(process * 7 + int(i / 5000)) % names.size()];
        e.name.assign(name);
        const quint32 kind = random.bounded(100);
        if (kind < 45) {
            e.call = Call::Mmap;
            e.length = 4096 * (1 + random.bounded(256));
            e.prot = 3;
            e.flags = 0x22;
            e.fd = -1;
            address += e.length;
            e.result = random.bounded(50) == 0 ? -12 : std::int64_t(address);
        } else if (kind < 80) {
            e.call = Call::Munmap;
            e.address = address;
            e.length = 4096 * (1 + random.bounded(64));
            e.result = 0;
        } else if (kind < 90) {
            e.call = Call::Brk;
            e.address = 0x5555'0000'0000ull + random.bounded(1 << 20);
            e.offset = 0x5555'0000'0000ull;
            e.result = std::int64_t(e.address);
        } else if (kind < 96) {
            e.call = Call::Mremap;
            e.address = address;
            e.length = 8192;
            e.offset = 4096;
            e.flags = 1;
            e.result = std::int64_t(address + 4096);
        } else if (kind < 97) {
            e.call = Call::Fork;
            e.flags = 0x1200011;
            e.result = 2000 + std::int64_t(i % 1000);
        } else if (kind < 98) {
            e.call = Call::Exec;
        } else if (kind < 99) {
            e.call = Call::Exit;
            e.result = 256;
        } else {
            // Extreme values must survive: unsigned fields with the top bit set.
            e.call = Call::Munmap;
            e.address = 0xffff'ffff'ffff'f000ull;
            e.length = 0xffff'ffff'ffff'ffffull;
            e.offset = 0x8000'0000'0000'0000ull;
            e.prot = 0xffff'ffff'ffff'ffffull;
            e.flags = 0x8000'0000'0000'0001ull;
            e.fd = std::numeric_limits<std::int64_t>::min();
            e.result = -22;
        }
        events.push_back(e);

        if (withBaseline && i % 400 == 3) {
            Event snapshot;
            snapshot.timestampNs = ts;
            snapshot.pid = e.pid;
            snapshot.tid = e.pid;
            snapshot.call = Call::Snapshot;
            snapshot.name = e.name;
            snapshot.result = 2;
            events.push_back(snapshot);
            for (int m = 0; m < 2; ++m) {
                Event map;
                map.timestampNs = ts + 1;
                map.pid = e.pid;
                map.tid = e.pid;
                map.call = Call::Map;
                map.address = 0x400000 + m * 0x1000;
                map.length = 0x1000;
                map.prot = 5;
                map.flags = 2;
                map.result = 1234 + m;
                map.text
                    = m == 0 ? QByteArray("/usr/bin/with space\n'quote\\") : QByteArray("[heap]");
                events.push_back(map);
            }
            Event cmdline;
            cmdline.timestampNs = ts + 2;
            cmdline.pid = e.pid;
            cmdline.tid = e.pid;
            cmdline.call = Call::Cmdline;
            cmdline.text = QByteArray("prog\0--flag\0\xff", 13);
            events.push_back(cmdline);
        }
    }
    return events;
}

QList<QList<QByteArray>> parseCsv(const QByteArray &text)
{
    QList<QList<QByteArray>> rows;
    QList<QByteArray> row;
    QByteArray cell;
    qsizetype at = 0;
    bool cellStarted = false;
    while (at < text.size()) {
        const char c = text[at];
        if (c == '"' && !cellStarted) {
            // A quoted cell runs to the next lone quote.
            ++at;
            for (;;) {
                if (at >= text.size())
                    return {};
                if (text[at] == '"') {
                    if (at + 1 < text.size() && text[at + 1] == '"') {
                        cell += '"';
                        at += 2;
                        continue;
                    }
                    ++at;
                    break;
                }
                cell += text[at++];
            }
            cellStarted = true;
            if (at < text.size() && text[at] != ',' && text[at] != '\r')
                return {};
            continue;
        }
        if (c == ',') {
            row << cell;
            cell.clear();
            cellStarted = false;
            ++at;
        } else if (c == '\r') {
            if (at + 1 >= text.size() || text[at + 1] != '\n')
                return {};
            row << cell;
            rows << row;
            row.clear();
            cell.clear();
            cellStarted = false;
            at += 2;
        } else if (c == '"' || c == '\n') {
            return {};
        } else {
            cell += c;
            cellStarted = true;
            ++at;
        }
    }
    if (!row.isEmpty() || !cell.isEmpty())
        return {}; // every row ends with CRLF
    return rows;
}

std::vector<EventBatchPtr> batches(const std::vector<Event> &events, std::size_t batchSize)
{
    std::vector<EventBatchPtr> result;
    for (std::size_t i = 0; i < events.size(); i += batchSize) {
        auto batch = std::make_shared<EventBatch>();
        batch->events.assign(
            events.begin() + i, events.begin() + std::min(events.size(), i + batchSize));
        result.push_back(std::move(batch));
    }
    return result;
}

} // namespace memtap::test
