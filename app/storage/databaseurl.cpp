// SPDX-License-Identifier: GPL-2.0-or-later
#include "databaseurl.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace memtap {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString expandPath(const QString &path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

QString absolutePath(const QString &path)
{
    return QDir::cleanPath(QFileInfo(expandPath(path)).absoluteFilePath());
}

bool looksLikeBarePath(const QString &text)
{
    return text.startsWith(u'/') || text.startsWith(QLatin1String("./"))
        || text.startsWith(QLatin1String("../")) || text.startsWith(QLatin1String("~/"));
}

// Database names are identifiers in MySQL; refuse what would need quoting
// rather than quote it.
bool isPlainIdentifier(const QString &name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_' && c != u'$' && c != u'-')
            return false;
    }
    return true;
}

} // namespace

DatabaseUrl DatabaseUrl::parse(const QString &input, QString *error)
{
    const QString text = input.trimmed();
    if (text.isEmpty()) {
        fail(error,
            tr("The database URL is empty; give sqlite:/path/file.sqlite or "
               "mysql://user@host:port/database."));
        return {};
    }

    if (looksLikeBarePath(text))
        return sqlite(text);

    if (text.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        QString path = text.mid(7);
        // sqlite:///abs/path, the URL spelling of sqlite:/abs/path
        if (path.startsWith(QLatin1String("//"))) {
            if (!path.startsWith(QLatin1String("///"))) {
                fail(error,
                    tr("The SQLite URL \"%1\" names a host; write sqlite:/path/file.sqlite "
                       "for a local file.")
                        .arg(text));
                return {};
            }
            path = path.mid(2);
        }
        if (path.isEmpty()) {
            fail(error,
                tr("The SQLite URL \"%1\" has no file path; write "
                   "sqlite:/path/file.sqlite.")
                    .arg(text));
            return {};
        }
        return sqlite(path);
    }

    const bool isMysql = text.startsWith(QLatin1String("mysql://"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("mariadb://"), Qt::CaseInsensitive);
    if (!isMysql) {
        fail(error,
            tr("\"%1\" is not a database URL memtap knows; give sqlite:/path/file.sqlite "
               "or mysql://user@host:port/database.")
                .arg(text));
        return {};
    }

    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        fail(error,
            tr("The database URL \"%1\" cannot be parsed: %2.").arg(text, url.errorString()));
        return {};
    }
    if (!url.password().isEmpty()) {
        // Do not echo the URL: it holds the password.
        fail(error,
            tr("Passwords are not accepted in database URLs, where other users can "
               "read them; set MEMTAP_DB_PASSWORD or store the password in the keychain "
               "from the settings dialog."));
        return {};
    }
    DatabaseUrl result;
    result.m_kind = Kind::Mysql;
    result.m_host = url.host();
    result.m_user = url.userName();
    result.m_port = url.port(defaultMysqlPort);
    QString database = url.path();
    if (database.startsWith(u'/'))
        database = database.mid(1);
    result.m_database = database;
    if (result.m_host.isEmpty()) {
        fail(error,
            tr("The database URL \"%1\" has no host; write "
               "mysql://user@host:port/database.")
                .arg(text));
        return {};
    }
    if (result.m_user.isEmpty()) {
        fail(error,
            tr("The database URL \"%1\" has no user name; write "
               "mysql://user@host:port/database.")
                .arg(text));
        return {};
    }
    if (result.m_port <= 0 || result.m_port > 65535) {
        fail(error, tr("The port in \"%1\" is out of range.").arg(text));
        return {};
    }
    if (!isPlainIdentifier(database)) {
        fail(error,
            tr("The database URL \"%1\" needs a database name of letters, digits, _ "
               "and -; write mysql://user@host:port/database.")
                .arg(text));
        return {};
    }

    const QUrlQuery query(url);
    bool tlsGiven = false;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("tls")) {
            tlsGiven = true;
            if (value == QLatin1String("disabled"))
                result.m_tlsMode = TlsMode::Disabled;
            else if (value == QLatin1String("required"))
                result.m_tlsMode = TlsMode::Required;
            else if (value == QLatin1String("verify-ca"))
                result.m_tlsMode = TlsMode::VerifyCa;
            else if (value == QLatin1String("verify-full"))
                result.m_tlsMode = TlsMode::VerifyFull;
            else {
                fail(error,
                    tr("Unknown TLS mode \"%1\"; use tls=disabled, required, verify-ca "
                       "or verify-full.")
                        .arg(value));
                return {};
            }
        } else if (key == QLatin1String("ca")) {
            result.m_tlsCa = absolutePath(value);
        } else if (key == QLatin1String("cert")) {
            result.m_tlsCert = absolutePath(value);
        } else if (key == QLatin1String("key")) {
            result.m_tlsKey = absolutePath(value);
        } else {
            fail(error,
                tr("Unknown database URL option \"%1\"; the options are tls, ca, cert "
                   "and key.")
                    .arg(key));
            return {};
        }
    }
    // A CA or a client certificate on its own asks for TLS; verifying needs the CA.
    if (!tlsGiven && !result.m_tlsCa.isEmpty())
        result.m_tlsMode = TlsMode::VerifyCa;
    else if (!tlsGiven && !result.m_tlsCert.isEmpty())
        result.m_tlsMode = TlsMode::Required;
    if (result.m_tlsCert.isEmpty() != result.m_tlsKey.isEmpty()) {
        fail(error, tr("A client certificate needs both cert= and key= in the database URL."));
        return {};
    }
    if (result.m_tlsMode == TlsMode::Disabled
        && (!result.m_tlsCa.isEmpty() || !result.m_tlsCert.isEmpty())) {
        fail(error, tr("tls=disabled contradicts the certificate options in the database URL."));
        return {};
    }
    return result;
}

DatabaseUrl DatabaseUrl::sqlite(const QString &path)
{
    DatabaseUrl result;
    result.m_kind = Kind::Sqlite;
    result.m_path = absolutePath(path);
    return result;
}

DatabaseUrl DatabaseUrl::mysql(
    const QString &host, int port, const QString &user, const QString &database)
{
    DatabaseUrl result;
    result.m_kind = Kind::Mysql;
    result.m_host = host;
    result.m_port = port;
    result.m_user = user;
    result.m_database = database;
    return result;
}

QString DatabaseUrl::defaultSqlitePath()
{
    // GenericDataLocation is $XDG_DATA_HOME (or ~/.local/share) on Linux,
    // independent of the organisation and application names.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QLatin1String("/memtap/memtap.sqlite");
}

DatabaseUrl DatabaseUrl::defaultUrl()
{
    return sqlite(defaultSqlitePath());
}

DatabaseUrl DatabaseUrl::fromCommandLine(const QString &value, QString *error)
{
    if (value.trimmed().isEmpty())
        return defaultUrl();
    return parse(value, error);
}

QString DatabaseUrl::commandLineHelp()
{
    return tr("The database: sqlite:/path/file.sqlite or mysql://user@host:port/database"
              "[?tls=required|verify-ca|verify-full&ca=FILE] (password from MEMTAP_DB_PASSWORD "
              "or the keychain). Default: %1.")
        .arg(defaultUrl().toString());
}

void DatabaseUrl::setTls(
    TlsMode mode, const QString &caFile, const QString &certFile, const QString &keyFile)
{
    m_tlsMode = mode;
    m_tlsCa = caFile.isEmpty() ? QString() : absolutePath(caFile);
    m_tlsCert = certFile.isEmpty() ? QString() : absolutePath(certFile);
    m_tlsKey = keyFile.isEmpty() ? QString() : absolutePath(keyFile);
}

QString DatabaseUrl::tlsModeName(TlsMode mode)
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

QString DatabaseUrl::accountKey() const
{
    if (m_kind != Kind::Mysql)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("mysql"));
    url.setUserName(m_user);
    url.setHost(m_host);
    url.setPort(m_port);
    url.setPath(u'/' + m_database);
    return url.toString(QUrl::FullyEncoded);
}

QString DatabaseUrl::toString() const
{
    switch (m_kind) {
    case Kind::Invalid:
        return {};
    case Kind::Sqlite:
        return QLatin1String("sqlite:") + m_path;
    case Kind::Mysql:
        break;
    }
    QString text = accountKey();
    QUrlQuery query;
    if (m_tlsMode != TlsMode::Disabled)
        query.addQueryItem(QStringLiteral("tls"), tlsModeName(m_tlsMode));
    if (!m_tlsCa.isEmpty())
        query.addQueryItem(QStringLiteral("ca"), m_tlsCa);
    if (!m_tlsCert.isEmpty())
        query.addQueryItem(QStringLiteral("cert"), m_tlsCert);
    if (!m_tlsKey.isEmpty())
        query.addQueryItem(QStringLiteral("key"), m_tlsKey);
    if (!query.isEmpty())
        text += u'?' + query.toString(QUrl::FullyEncoded);
    return text;
}

} // namespace memtap
