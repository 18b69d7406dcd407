// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace memtap {

// Asks for the password of a MySQL/MariaDB account when the keychain has
// none (or there is no keychain), optionally offering to remember it there.
class PasswordDialog : public QDialog
{
    Q_OBJECT

public:
    // where: "user@host:port/database"; keychainProblem: why the keychain
    // cannot keep it (empty when it can, which enables "Remember").
    PasswordDialog(const QString &where, const QString &keychainProblem, QWidget *parent = nullptr);

    QString password() const;
    bool rememberInKeychain() const;

private:
    QLineEdit *m_password;
    QCheckBox *m_remember;
};

} // namespace memtap
