// SPDX-License-Identifier: GPL-2.0-or-later
#include "schemamigrator.h"

#include "storage/database.h"
#include "storage/wallclock.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace memtap {

namespace {

QString dialectDirectory(const Database &database)
{
    return database.isSqlite() ? QStringLiteral(":/sql/sqlite") : QStringLiteral(":/sql/mysql");
}

QString createVersionTableSql(const Database &database)
{
    if (database.isSqlite())
        return QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                              "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                              "applied_at_ns INTEGER NOT NULL)");
    return QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                          "version INT NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL, "
                          "applied_at_ns BIGINT NOT NULL) ENGINE=InnoDB");
}

} // namespace

SchemaMigrator::SchemaMigrator(Database &database)
    : m_database(database)
{ }

std::vector<SchemaMigrator::Migration> SchemaMigrator::migrations() const
{
    static const QRegularExpression fileName(QStringLiteral("^(\\d+)_(.+)\\.sql$"));
    std::vector<Migration> result;
    const QDir directory(dialectDirectory(m_database));
    for (const QString &entry : directory.entryList(QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch match = fileName.match(entry);
        if (!match.hasMatch())
            continue;
        Migration migration;
        migration.version = match.captured(1).toInt();
        migration.description = match.captured(2).replace(u'_', u' ');
        migration.resourcePath = directory.filePath(entry);
        result.push_back(migration);
    }
    std::sort(result.begin(), result.end(),
        [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return result;
}

int SchemaMigrator::newestKnownVersion() const
{
    const auto all = migrations();
    return all.empty() ? 0 : all.back().version;
}

QStringList SchemaMigrator::splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    const QStringList lines = script.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1String("--")))
            continue;
        // A trailing "-- comment" on a code line.
        QString code = line;
        const qsizetype comment = code.indexOf(QLatin1String(" -- "));
        if (comment >= 0)
            code.truncate(comment);
        code = code.trimmed();
        if (code.isEmpty())
            continue;
        if (!current.isEmpty())
            current += u'\n';
        current += code;
        if (code.endsWith(u';')) {
            current.chop(1);
            statements << current.trimmed();
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

bool SchemaMigrator::readVersion(int *version, QString *error)
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version"))) {
        *error = m_database.describe(query.lastError());
        return false;
    }
    *version = query.next() ? query.value(0).toInt() : 0;
    return true;
}

bool SchemaMigrator::run(bool migrate, QString *error)
{
    const QString where = m_database.url().toString();
    const auto all = migrations();
    if (all.empty()) {
        *error = tr("This memtap was built without its database schema (no migrations for this "
                    "database kind); rebuild it.");
        return false;
    }
    const int newest = all.back().version;

    QSqlDatabase db = m_database.connection();
    QString reason;
    {
        QSqlQuery query(db);
        if (!query.exec(createVersionTableSql(m_database))) {
            reason = m_database.describe(query.lastError());
            *error = tr("Could not read the schema version of %1: %2.").arg(where, reason);
            return false;
        }
    }

    // MySQL: serialise concurrent start-ups; SQLite: BEGIN IMMEDIATE does.
    bool locked = false;
    if (m_database.isMysql()) {
        QSqlQuery lock(db);
        if (!lock.exec(QStringLiteral("SELECT GET_LOCK('memtap_schema', 60)")) || !lock.next()
            || lock.value(0).toInt() != 1) {
            *error = tr("Another memtap has been updating the schema of %1 for a minute; try "
                        "again when it is done.")
                         .arg(where);
            return false;
        }
        locked = true;
    }
    auto unlock = qScopeGuard([&] {
        if (locked) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("SELECT RELEASE_LOCK('memtap_schema')"));
        }
    });

    int current = 0;
    if (!readVersion(&current, &reason)) {
        *error = tr("Could not read the schema version of %1: %2.").arg(where, reason);
        return false;
    }
    if (current > newest) {
        *error = tr("The database %1 has schema version %2, newer than the version %3 this "
                    "memtap knows; update memtap to read it, or use another database.")
                     .arg(where)
                     .arg(current)
                     .arg(newest);
        return false;
    }
    if (current < newest && !migrate) {
        *error = tr("The database %1 has schema version %2 and needs version %3; open it once "
                    "with memtap to update it.")
                     .arg(where)
                     .arg(current)
                     .arg(newest);
        return false;
    }
    for (const Migration &migration : all) {
        if (migration.version <= current)
            continue;
        if (!apply(migration, &reason)) {
            *error = tr("Could not update the schema of %1 to version %2 (%3): %4.")
                         .arg(where)
                         .arg(migration.version)
                         .arg(migration.description, reason);
            return false;
        }
        current = migration.version;
    }
    m_version = current;
    return true;
}

bool SchemaMigrator::apply(const Migration &migration, QString *error)
{
    QFile file(migration.resourcePath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("the embedded script %1 cannot be read").arg(migration.resourcePath);
        return false;
    }
    const QStringList statements = splitStatements(QString::fromUtf8(file.readAll()));

    QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    const QString begin = m_database.isSqlite() ? QStringLiteral("BEGIN IMMEDIATE")
                                                : QStringLiteral("START TRANSACTION");
    if (!query.exec(begin)) {
        *error = m_database.describe(query.lastError());
        return false;
    }
    auto rollback = [&] {
        QSqlQuery undo(db);
        undo.exec(QStringLiteral("ROLLBACK"));
    };
    // Another program may have applied it while this one waited for the lock.
    int current = 0;
    if (!readVersion(&current, error)) {
        rollback();
        return false;
    }
    if (current >= migration.version) {
        rollback();
        return true;
    }
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            // MySQL commits an ALTER TABLE at once: when a run stopped before
            // its schema_version row, the column is there already (error
            // 1060, duplicate column name), which is what the statement wants.
            if (m_database.isMysql() && query.lastError().nativeErrorCode() == u"1060"
                && statement.trimmed().startsWith(u"ALTER TABLE", Qt::CaseInsensitive))
                continue;
            *error = m_database.describe(query.lastError());
            rollback();
            return false;
        }
    }
    QSqlQuery record(db);
    record.prepare(QStringLiteral(
        "INSERT INTO schema_version (version, description, applied_at_ns) VALUES (?, ?, ?)"));
    record.addBindValue(migration.version);
    record.addBindValue(migration.description);
    record.addBindValue(qint64(wallClockNowNs()));
    if (!record.exec()) {
        *error = m_database.describe(record.lastError());
        rollback();
        return false;
    }
    if (!query.exec(QStringLiteral("COMMIT"))) {
        *error = m_database.describe(query.lastError());
        rollback();
        return false;
    }
    return true;
}

} // namespace memtap
