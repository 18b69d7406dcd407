// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace memtap {

// Where memtap stores its sessions, as given to `memtapctl --db` and kept in
// the settings:
//
//   sqlite:/path/file.sqlite          (also sqlite:relative/path, sqlite:///abs,
//                                      or a bare path starting with / ./ ../ ~/)
//   mysql://user@host:port/database   (mariadb:// too; port defaults to 3306)
//       ?tls=disabled|required|verify-ca|verify-full&ca=FILE&cert=FILE&key=FILE
//
// A URL never holds a password: one given in it is refused, and the password
// comes from MEMTAP_DB_PASSWORD or the keychain (DatabasePassword). So
// toString() is safe to print, log and store.
class DatabaseUrl
{
    Q_DECLARE_TR_FUNCTIONS(DatabaseUrl)

public:
    enum class Kind { Invalid, Sqlite, Mysql };
    enum class TlsMode {
        Disabled, // no TLS options: the client library's plain connection
        Required, // encrypted or refused; the certificate is not checked
        VerifyCa, // encrypted, and the server's certificate chain checked against the CA
        VerifyFull, // as VerifyCa, and the certificate must name the host
    };
    static constexpr int defaultMysqlPort = 3306;

    DatabaseUrl() = default;

    // An invalid URL and a one-sentence reason in *error when text is not one.
    static DatabaseUrl parse(const QString &text, QString *error = nullptr);
    static DatabaseUrl sqlite(const QString &path);
    static DatabaseUrl mysql(
        const QString &host, int port, const QString &user, const QString &database);
    // $XDG_DATA_HOME/memtap/memtap.sqlite
    static DatabaseUrl defaultUrl();
    static QString defaultSqlitePath();
    // The value of a --db option: empty means defaultUrl().
    static DatabaseUrl fromCommandLine(const QString &value, QString *error);
    // Help text of a --db option, translated.
    static QString commandLineHelp();

    bool isValid() const { return m_kind != Kind::Invalid; }
    Kind kind() const { return m_kind; }
    bool isSqlite() const { return m_kind == Kind::Sqlite; }
    bool isMysql() const { return m_kind == Kind::Mysql; }

    // SQLite: the absolute file path.
    const QString &path() const { return m_path; }

    // MySQL/MariaDB:
    const QString &host() const { return m_host; }
    int port() const { return m_port; }
    const QString &user() const { return m_user; }
    const QString &databaseName() const { return m_database; }
    TlsMode tlsMode() const { return m_tlsMode; }
    const QString &tlsCaFile() const { return m_tlsCa; }
    const QString &tlsCertFile() const { return m_tlsCert; }
    const QString &tlsKeyFile() const { return m_tlsKey; }
    void setTls(TlsMode mode, const QString &caFile = {}, const QString &certFile = {},
        const QString &keyFile = {});

    // The canonical text form; parse(toString()) == *this.
    QString toString() const;
    // Identifies the account for the keychain: mysql://user@host:port/database.
    QString accountKey() const;

    static QString tlsModeName(TlsMode mode);

    friend bool operator==(const DatabaseUrl &, const DatabaseUrl &) = default;

private:
    Kind m_kind = Kind::Invalid;
    QString m_path;
    QString m_host;
    int m_port = defaultMysqlPort;
    QString m_user;
    QString m_database;
    TlsMode m_tlsMode = TlsMode::Disabled;
    QString m_tlsCa;
    QString m_tlsCert;
    QString m_tlsKey;
};

} // namespace memtap
