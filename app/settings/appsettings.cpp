// SPDX-License-Identifier: GPL-2.0-or-later
#include "appsettings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace memtap {

namespace {

// Keys of the settings file; part of the file format, never renamed.
const QString databaseKindKey = QStringLiteral("database/kind");
const QString sqlitePathKey = QStringLiteral("database/sqlitePath");
const QString mysqlHostKey = QStringLiteral("database/mysqlHost");
const QString mysqlPortKey = QStringLiteral("database/mysqlPort");
const QString mysqlUserKey = QStringLiteral("database/mysqlUser");
const QString mysqlDatabaseKey = QStringLiteral("database/mysqlDatabase");
const QString mysqlTlsKey = QStringLiteral("database/mysqlTls");
const QString mysqlCaFileKey = QStringLiteral("database/mysqlCaFile");
const QString backendKey = QStringLiteral("capture/backend");
const QString elevationKey = QStringLiteral("capture/elevation");
const QString refreshIntervalKey = QStringLiteral("view/refreshIntervalMs");
const QString shareTopCountKey = QStringLiteral("view/shareTopCount");

QString loginName()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("memtap") : user;
}

} // namespace

AppSettings::AppSettings()
    : m_sqlitePath(defaultSqlitePath())
    , m_mysqlHost(QStringLiteral("localhost"))
    , m_mysqlUser(loginName())
    , m_mysqlDatabase(QStringLiteral("memtap"))
{ }

QString AppSettings::defaultSqlitePath()
{
    // GenericDataLocation is $XDG_DATA_HOME (~/.local/share) whatever the
    // application name, which is where memtapctl looks too.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("memtap/memtap.sqlite"));
}

AppSettings AppSettings::load(const QSettings &settings)
{
    AppSettings result;
    if (settings.value(databaseKindKey).toString() == QLatin1String("mysql"))
        result.m_databaseKind = DatabaseKind::Mysql;
    result.m_sqlitePath = settings.value(sqlitePathKey, result.m_sqlitePath).toString();
    if (result.m_sqlitePath.isEmpty())
        result.m_sqlitePath = defaultSqlitePath();
    result.m_mysqlHost = settings.value(mysqlHostKey, result.m_mysqlHost).toString();
    const int port = settings.value(mysqlPortKey, defaultMysqlPort).toInt();
    result.m_mysqlPort = port > 0 && port < 65536 ? port : defaultMysqlPort;
    result.m_mysqlUser = settings.value(mysqlUserKey, result.m_mysqlUser).toString();
    result.m_mysqlDatabase = settings.value(mysqlDatabaseKey, result.m_mysqlDatabase).toString();
    result.m_mysqlTlsMode
        = tlsModeFromName(settings.value(mysqlTlsKey).toString()).value_or(TlsMode::Disabled);
    result.m_mysqlCaFile = settings.value(mysqlCaFileKey).toString();
    result.m_captureBackend = captureBackendFromName(settings.value(backendKey).toString())
                                  .value_or(CaptureBackend::Auto);
    result.m_elevation
        = elevationFromName(settings.value(elevationKey).toString()).value_or(Elevation::Pkexec);
    result.setRefreshIntervalMs(
        settings.value(refreshIntervalKey, defaultRefreshIntervalMs).toInt());
    result.setShareTopCount(settings.value(shareTopCountKey, defaultShareTopCount).toInt());
    return result;
}

AppSettings AppSettings::load()
{
    const QSettings settings;
    return load(settings);
}

void AppSettings::save(QSettings &settings) const
{
    settings.setValue(databaseKindKey,
        m_databaseKind == DatabaseKind::Mysql ? QStringLiteral("mysql") : QStringLiteral("sqlite"));
    settings.setValue(sqlitePathKey, m_sqlitePath);
    settings.setValue(mysqlHostKey, m_mysqlHost);
    settings.setValue(mysqlPortKey, m_mysqlPort);
    settings.setValue(mysqlUserKey, m_mysqlUser);
    settings.setValue(mysqlDatabaseKey, m_mysqlDatabase);
    settings.setValue(mysqlTlsKey, tlsModeName(m_mysqlTlsMode));
    settings.setValue(mysqlCaFileKey, m_mysqlCaFile);
    settings.setValue(backendKey, captureBackendName(m_captureBackend));
    settings.setValue(elevationKey, elevationName(m_elevation));
    settings.setValue(refreshIntervalKey, m_refreshIntervalMs);
    settings.setValue(shareTopCountKey, m_shareTopCount);
}

void AppSettings::save() const
{
    QSettings settings;
    save(settings);
}

void AppSettings::setRefreshIntervalMs(int milliseconds)
{
    m_refreshIntervalMs
        = std::clamp(milliseconds, minimumRefreshIntervalMs, maximumRefreshIntervalMs);
}

void AppSettings::setShareTopCount(int count)
{
    m_shareTopCount = std::clamp(count, minimumShareTopCount, maximumShareTopCount);
}

QString AppSettings::tlsModeName(TlsMode mode)
{
    switch (mode) {
    case TlsMode::Disabled:
        return QStringLiteral("disabled");
    case TlsMode::Required:
        return QStringLiteral("required");
    case TlsMode::VerifyCa:
        return QStringLiteral("verify-ca");
    case TlsMode::VerifyFull:
        return QStringLiteral("verify-full");
    }
    return {};
}

std::optional<AppSettings::TlsMode> AppSettings::tlsModeFromName(QStringView name)
{
    for (const TlsMode mode :
        {TlsMode::Disabled, TlsMode::Required, TlsMode::VerifyCa, TlsMode::VerifyFull}) {
        if (name == tlsModeName(mode))
            return mode;
    }
    return std::nullopt;
}

QString AppSettings::databaseUrl() const
{
    if (m_databaseKind == DatabaseKind::Sqlite)
        return QStringLiteral("sqlite:") + QDir::cleanPath(m_sqlitePath);
    QUrl url(mysqlAccountKey());
    if (m_mysqlTlsMode != TlsMode::Disabled) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("tls"), tlsModeName(m_mysqlTlsMode));
        if (!m_mysqlCaFile.isEmpty())
            query.addQueryItem(QStringLiteral("ca"), m_mysqlCaFile);
        url.setQuery(query);
    }
    return url.toString(QUrl::FullyEncoded);
}

QString AppSettings::mysqlAccountKey() const
{
    // Spelled as the storage layer's DatabaseUrl::accountKey(), which finds
    // the same keychain entry.
    QUrl url;
    url.setScheme(QStringLiteral("mysql"));
    url.setUserName(m_mysqlUser);
    url.setHost(m_mysqlHost);
    url.setPort(m_mysqlPort);
    url.setPath(QLatin1Char('/') + m_mysqlDatabase);
    return url.toString(QUrl::FullyEncoded);
}

QString AppSettings::databaseDisplayName() const
{
    if (m_databaseKind == DatabaseKind::Sqlite)
        return QDir::toNativeSeparators(m_sqlitePath);
    return QStringLiteral("%1@%2:%3/%4")
        .arg(m_mysqlUser, m_mysqlHost)
        .arg(m_mysqlPort)
        .arg(m_mysqlDatabase);
}

} // namespace memtap
