// SPDX-License-Identifier: GPL-2.0-or-later
#include "passworddialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace memtap {

PasswordDialog::PasswordDialog(
    const QString &where, const QString &keychainProblem, QWidget *parent)
    : QDialog(parent)
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember in the keychain"), this))
{
    setWindowTitle(tr("Database Password"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("memtap stores its sessions on the MySQL/MariaDB server "
                                "<b>%1</b>. Enter the password of this account.")
                                 .arg(where.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    form->addRow(tr("&Password:"), m_password);
    layout->addLayout(form);

    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    if (keychainProblem.isEmpty()) {
        m_remember->setChecked(true);
    } else {
        m_remember->setEnabled(false);
        auto *note = new QLabel(
            tr("%1 The password is kept in memory until memtap quits and asked for again at "
               "the next start.")
                .arg(keychainProblem),
            this);
        note->setWordWrap(true);
        note->setObjectName(QStringLiteral("keychainNote"));
        layout->addWidget(note);
    }
    layout->addWidget(m_remember);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_password->setFocus();
}

QString PasswordDialog::password() const
{
    return m_password->text();
}

bool PasswordDialog::rememberInKeychain() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

} // namespace memtap
