// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/captureoptions.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

class QSettings;

namespace memtap {

// The user's choices, kept with QSettings (~/.config/memtap/memtap.conf):
// where sessions are stored, how captures run and how often views refresh.
// A value type: load(), change, save(). The MySQL/MariaDB password is never
// part of it; it lives in the keychain or only in memory.
class AppSettings
{
    Q_DECLARE_TR_FUNCTIONS(AppSettings)

public:
    enum class DatabaseKind { Sqlite, Mysql };
    // The names are those of memtap database URLs (tls=...).
    enum class TlsMode { Disabled, Required, VerifyCa, VerifyFull };

    static constexpr int defaultMysqlPort = 3306;
    static constexpr int defaultRefreshIntervalMs = 250; // the 4 Hz the pipeline sends at
    static constexpr int minimumRefreshIntervalMs = 100;
    static constexpr int maximumRefreshIntervalMs = 10'000;
    static constexpr int defaultShareTopCount = 10;
    static constexpr int minimumShareTopCount = 1;
    static constexpr int maximumShareTopCount = 50;

    // Everything at its default.
    AppSettings();

    static AppSettings load(const QSettings &settings);
    // From the application's QSettings (organization and application name "memtap").
    static AppSettings load();
    void save(QSettings &settings) const;
    void save() const;

    DatabaseKind databaseKind() const { return m_databaseKind; }
    void setDatabaseKind(DatabaseKind kind) { m_databaseKind = kind; }
    // Default: $XDG_DATA_HOME/memtap/memtap.sqlite
    QString sqlitePath() const { return m_sqlitePath; }
    void setSqlitePath(const QString &path) { m_sqlitePath = path; }
    static QString defaultSqlitePath();

    QString mysqlHost() const { return m_mysqlHost; }
    void setMysqlHost(const QString &host) { m_mysqlHost = host; }
    int mysqlPort() const { return m_mysqlPort; }
    void setMysqlPort(int port) { m_mysqlPort = port; }
    QString mysqlUser() const { return m_mysqlUser; }
    void setMysqlUser(const QString &user) { m_mysqlUser = user; }
    QString mysqlDatabase() const { return m_mysqlDatabase; }
    void setMysqlDatabase(const QString &database) { m_mysqlDatabase = database; }
    TlsMode mysqlTlsMode() const { return m_mysqlTlsMode; }
    void setMysqlTlsMode(TlsMode mode) { m_mysqlTlsMode = mode; }
    QString mysqlCaFile() const { return m_mysqlCaFile; }
    void setMysqlCaFile(const QString &file) { m_mysqlCaFile = file; }

    CaptureBackend captureBackend() const { return m_captureBackend; }
    void setCaptureBackend(CaptureBackend backend) { m_captureBackend = backend; }
    Elevation elevation() const { return m_elevation; }
    void setElevation(Elevation elevation) { m_elevation = elevation; }

    // How often live views take in new figures.
    int refreshIntervalMs() const { return m_refreshIntervalMs; }
    void setRefreshIntervalMs(int milliseconds);
    // Processes named in the share chart before "Other".
    int shareTopCount() const { return m_shareTopCount; }
    void setShareTopCount(int count);

    // The database as a memtap database URL (sqlite:/path or
    // mysql://user@host:port/database?tls=...&ca=...), for the storage layer
    // and memtapctl. Holds no password.
    QString databaseUrl() const;
    // The keychain entry of the MySQL/MariaDB password:
    // mysql://user@host:port/database.
    QString mysqlAccountKey() const;
    // "sqlite:/home/u/.local/share/memtap/memtap.sqlite" or
    // "user@host:3306/memtap", for the status bar.
    QString databaseDisplayName() const;

    static QString tlsModeName(TlsMode mode);
    static std::optional<TlsMode> tlsModeFromName(QStringView name);

    friend bool operator==(const AppSettings &, const AppSettings &) = default;

private:
    DatabaseKind m_databaseKind = DatabaseKind::Sqlite;
    QString m_sqlitePath;
    QString m_mysqlHost;
    int m_mysqlPort = defaultMysqlPort;
    QString m_mysqlUser;
    QString m_mysqlDatabase;
    TlsMode m_mysqlTlsMode = TlsMode::Disabled;
    QString m_mysqlCaFile;
    CaptureBackend m_captureBackend = CaptureBackend::Auto;
    Elevation m_elevation = Elevation::Pkexec;
    int m_refreshIntervalMs = defaultRefreshIntervalMs;
    int m_shareTopCount = defaultShareTopCount;
};

} // namespace memtap
