// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <vector>

namespace memtap {

class Database;

// Brings a database's schema up to the newest version this program knows.
//
// The migrations are the files sql/<dialect>/NNN_description.sql, embedded as
// resources (:/sql/sqlite, :/sql/mysql). The table schema_version lists the
// versions applied. Each migration runs in its own transaction together with
// its schema_version row (SQLite: BEGIN IMMEDIATE, so two programs starting at
// once take turns; MySQL: under the named lock memtap_schema, and its DDL is
// written to be repeatable because MySQL commits DDL implicitly). A database
// whose schema is newer than the program is refused with a clear error rather
// than misread.
class SchemaMigrator
{
    Q_DECLARE_TR_FUNCTIONS(SchemaMigrator)

public:
    struct Migration
    {
        int version = 0;
        QString description; // from the file name
        QString resourcePath;
    };

    explicit SchemaMigrator(Database &database);

    // The embedded migrations of the database's dialect, in version order.
    std::vector<Migration> migrations() const;
    int newestKnownVersion() const;

    // Applies what is missing (or, with migrate false, only checks that
    // nothing is). False and a one-sentence *error when that fails.
    bool run(bool migrate, QString *error);
    // The schema version after run().
    int version() const { return m_version; }

    // The statements of a migration script: split at semicolons that end a
    // line, "--" comment lines dropped.
    static QStringList splitStatements(const QString &script);

private:
    bool readVersion(int *version, QString *error);
    bool apply(const Migration &migration, QString *error);

    Database &m_database;
    int m_version = 0;
};

} // namespace memtap
