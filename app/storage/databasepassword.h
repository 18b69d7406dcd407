// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"

#include <QCoreApplication>
#include <QString>

#include <chrono>
#include <optional>

namespace memtap {

// The password of a MySQL/MariaDB account, from the environment variable
// MEMTAP_DB_PASSWORD or else from the desktop keychain (QtKeychain, Secret
// Service), stored under service "memtap" and key DatabaseUrl::accountKey().
// Never from a command line or the settings file, and never printed.
class DatabasePassword
{
    Q_DECLARE_TR_FUNCTIONS(DatabasePassword)

public:
    static constexpr const char *environmentVariable = "MEMTAP_DB_PASSWORD";
    static constexpr std::chrono::seconds keychainTimeout {5};

    struct Lookup
    {
        std::optional<QString> password; // none found: connect without one
        QString source; // "MEMTAP_DB_PASSWORD", "keychain" or empty
        QString keychainProblem; // why the keychain could not be asked, for error messages
    };

    // Blocks at most keychainTimeout on the keychain (an event loop runs meanwhile).
    static Lookup find(const DatabaseUrl &url);
    // Stores or replaces the password in the keychain; false and *error when
    // there is no usable keychain.
    static bool store(const DatabaseUrl &url, const QString &password, QString *error);
    static bool remove(const DatabaseUrl &url, QString *error);
    // Whether this build can use a keychain at all (QtKeychain was found).
    static bool keychainSupported();
};

} // namespace memtap
