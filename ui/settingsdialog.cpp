// SPDX-License-Identifier: GPL-2.0-or-later
#include "settingsdialog.h"

#include "connectiontester.h"
#include "passwordkeeper.h"
#include "ui_settingsdialog.h"

#include <QFileDialog>
#include <QPushButton>
#include <QStandardItemModel>

namespace memtap {

SettingsDialog::SettingsDialog(
    const AppSettings &settings, PasswordKeeper *passwords, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_passwords(passwords)
    , m_tester(new ConnectionTester(this))
{
    m_ui->setupUi(this);

    m_ui->tlsCombo->addItem(tr("Off"), static_cast<int>(AppSettings::TlsMode::Disabled));
    m_ui->tlsCombo->addItem(
        tr("Required (certificate not checked)"), static_cast<int>(AppSettings::TlsMode::Required));
    m_ui->tlsCombo->addItem(
        tr("Verify the certificate"), static_cast<int>(AppSettings::TlsMode::VerifyCa));
    m_ui->tlsCombo->addItem(tr("Verify the certificate and host name"),
        static_cast<int>(AppSettings::TlsMode::VerifyFull));
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    if (auto *items = qobject_cast<QStandardItemModel *>(m_ui->tlsCombo->model())) {
        QStandardItem *verifyFull = items->item(3);
        verifyFull->setEnabled(false);
        verifyFull->setToolTip(tr("Needs Qt 6.5 or newer"));
    }
#endif

    m_ui->backendCombo->addItem(tr("Automatic (SystemTap where it can run, otherwise bpftrace)"),
        static_cast<int>(CaptureBackend::Auto));
    m_ui->backendCombo->addItem(
        QStringLiteral("SystemTap"), static_cast<int>(CaptureBackend::Stap));
    m_ui->backendCombo->addItem(
        QStringLiteral("bpftrace"), static_cast<int>(CaptureBackend::Bpftrace));

    m_ui->elevationCombo->addItem(
        tr("pkexec (asks for the administrator password)"), static_cast<int>(Elevation::Pkexec));
    m_ui->elevationCombo->addItem(tr("sudo -n (never asks; needs sudo without a password)"),
        static_cast<int>(Elevation::Sudo));
    m_ui->elevationCombo->addItem(
        tr("None (memtap itself runs as root)"), static_cast<int>(Elevation::None));

    connect(m_ui->sqliteRadio, &QRadioButton::toggled, this, &SettingsDialog::updateEnabled);
    connect(m_ui->tlsCombo, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateEnabled);
    for (QLineEdit *edit : {m_ui->hostEdit, m_ui->userEdit, m_ui->databaseNameEdit})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::updatePasswordNote);
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, &SettingsDialog::updatePasswordNote);
    connect(m_ui->sqliteBrowseButton, &QPushButton::clicked, this, &SettingsDialog::browseSqlite);
    connect(m_ui->caFileBrowseButton, &QPushButton::clicked, this, &SettingsDialog::browseCaFile);
    connect(m_ui->testButton, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_tester, &ConnectionTester::finished, this, &SettingsDialog::showTestResult);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
        [this] { load(AppSettings()); });

    load(settings);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::load(const AppSettings &settings)
{
    const bool mysql = settings.databaseKind() == AppSettings::DatabaseKind::Mysql;
    m_ui->sqliteRadio->setChecked(!mysql);
    m_ui->mysqlRadio->setChecked(mysql);
    m_ui->sqlitePathEdit->setText(settings.sqlitePath());
    m_ui->hostEdit->setText(settings.mysqlHost());
    m_ui->portSpin->setValue(settings.mysqlPort());
    m_ui->userEdit->setText(settings.mysqlUser());
    m_ui->databaseNameEdit->setText(settings.mysqlDatabase());
    m_ui->tlsCombo->setCurrentIndex(
        m_ui->tlsCombo->findData(static_cast<int>(settings.mysqlTlsMode())));
    m_ui->caFileEdit->setText(settings.mysqlCaFile());
    m_ui->backendCombo->setCurrentIndex(
        m_ui->backendCombo->findData(static_cast<int>(settings.captureBackend())));
    m_ui->elevationCombo->setCurrentIndex(
        m_ui->elevationCombo->findData(static_cast<int>(settings.elevation())));
    m_ui->refreshSpin->setValue(settings.refreshIntervalMs());
    m_ui->topCountSpin->setValue(settings.shareTopCount());
    m_ui->testResultLabel->clear();
    updateEnabled();
    updatePasswordNote();
}

AppSettings SettingsDialog::settings() const
{
    AppSettings result;
    result.setDatabaseKind(m_ui->mysqlRadio->isChecked() ? AppSettings::DatabaseKind::Mysql
                                                         : AppSettings::DatabaseKind::Sqlite);
    const QString path = m_ui->sqlitePathEdit->text().trimmed();
    result.setSqlitePath(path.isEmpty() ? AppSettings::defaultSqlitePath() : path);
    result.setMysqlHost(m_ui->hostEdit->text().trimmed());
    result.setMysqlPort(m_ui->portSpin->value());
    result.setMysqlUser(m_ui->userEdit->text().trimmed());
    result.setMysqlDatabase(m_ui->databaseNameEdit->text().trimmed());
    result.setMysqlTlsMode(
        static_cast<AppSettings::TlsMode>(m_ui->tlsCombo->currentData().toInt()));
    result.setMysqlCaFile(m_ui->caFileEdit->text().trimmed());
    result.setCaptureBackend(
        static_cast<CaptureBackend>(m_ui->backendCombo->currentData().toInt()));
    result.setElevation(static_cast<Elevation>(m_ui->elevationCombo->currentData().toInt()));
    result.setRefreshIntervalMs(m_ui->refreshSpin->value());
    result.setShareTopCount(m_ui->topCountSpin->value());
    return result;
}

QString SettingsDialog::typedPassword() const
{
    return m_ui->passwordEdit->text();
}

void SettingsDialog::updateEnabled()
{
    const bool mysql = m_ui->mysqlRadio->isChecked();
    m_ui->sqliteGroup->setEnabled(!mysql);
    m_ui->mysqlGroup->setEnabled(mysql);
    const bool tls
        = m_ui->tlsCombo->currentData().toInt() != static_cast<int>(AppSettings::TlsMode::Disabled);
    m_ui->caFileEdit->setEnabled(tls);
    m_ui->caFileBrowseButton->setEnabled(tls);
    m_ui->caFileLabel->setEnabled(tls);
}

void SettingsDialog::updatePasswordNote()
{
    QString note;
    if (m_passwords && m_passwords->hasPassword()
        && m_passwords->account() == settings().mysqlAccountKey())
        note = tr("A password is known for this account; type a new one to replace it.");
    else if (m_passwords && !m_passwords->keychainProblem().isEmpty())
        note = tr("%1 A password typed here is kept until memtap quits.")
                   .arg(m_passwords->keychainProblem());
    m_ui->passwordNote->setText(note);
    m_ui->passwordNote->setVisible(!note.isEmpty());
}

void SettingsDialog::browseSqlite()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("SQLite Database"),
        m_ui->sqlitePathEdit->text(), tr("SQLite databases (*.sqlite *.db);;All files (*)"),
        nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_ui->sqlitePathEdit->setText(path);
}

void SettingsDialog::browseCaFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Certificate Authority"),
        m_ui->caFileEdit->text(), tr("Certificates (*.pem *.crt);;All files (*)"));
    if (!path.isEmpty())
        m_ui->caFileEdit->setText(path);
}

void SettingsDialog::testConnection()
{
    const AppSettings current = settings();
    QString password = typedPassword();
    if (password.isEmpty() && m_passwords && m_passwords->account() == current.mysqlAccountKey())
        password = m_passwords->password();
    m_ui->testButton->setEnabled(false);
    m_ui->testResultLabel->setPalette(palette());
    m_ui->testResultLabel->setText(tr("Testing…"));
    m_tester->start(current, password);
}

bool SettingsDialog::isTesting() const
{
    return m_tester->isRunning();
}

QString SettingsDialog::testResult() const
{
    return m_ui->testResultLabel->text();
}

void SettingsDialog::showTestResult(bool ok, const QString &message)
{
    m_ui->testButton->setEnabled(true);
    QPalette colors = palette();
    colors.setColor(QPalette::WindowText, ok ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc0, 0x39, 0x2b));
    m_ui->testResultLabel->setPalette(colors);
    m_ui->testResultLabel->setText(message);
    Q_EMIT connectionTested(ok, message);
}

void SettingsDialog::accept()
{
    const AppSettings result = settings();
    if (m_passwords && result.databaseKind() == AppSettings::DatabaseKind::Mysql
        && !typedPassword().isEmpty())
        m_passwords->store(result.mysqlAccountKey(), typedPassword());
    QDialog::accept();
}

} // namespace memtap
