// SPDX-License-Identifier: GPL-2.0-or-later
#include "exportcsvdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace memtap {

namespace {

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setEnabled(false);
    label->setIndent(24);
    return label;
}

} // namespace

ExportCsvDialog::ExportCsvDialog(qint64 sessionId, const QString &processesNote,
    const QString &requestsNote, CsvExport::Table table, QWidget *parent)
    : QDialog(parent)
    , m_sessionId(sessionId)
    , m_processes(new QRadioButton(tr("&Processes: one row per process, with its totals"), this))
    , m_requests(new QRadioButton(tr("&Requests: one row per call"), this))
    , m_path(new QLineEdit(this))
{
    setObjectName(QStringLiteral("exportCsvDialog"));
    setWindowTitle(tr("Export CSV"));
    m_processes->setObjectName(QStringLiteral("exportProcesses"));
    m_requests->setObjectName(QStringLiteral("exportRequests"));
    m_path->setObjectName(QStringLiteral("exportPath"));
    (table == CsvExport::Table::Processes ? m_processes : m_requests)->setChecked(true);
    setPath(defaultPath(sessionId, table));

    auto *browseButton = new QPushButton(tr("&Browse…"), this);
    connect(browseButton, &QPushButton::clicked, this, &ExportCsvDialog::browse);
    // The default file name follows the choice until the user picks one.
    auto followChoice = [this] {
        const CsvExport::Table other = this->table() == CsvExport::Table::Processes
            ? CsvExport::Table::Requests
            : CsvExport::Table::Processes;
        if (m_path->text() == defaultPath(m_sessionId, other))
            setPath(defaultPath(m_sessionId, this->table()));
    };
    connect(m_processes, &QRadioButton::toggled, this, followChoice);
    connect(m_path, &QLineEdit::textChanged, this, &ExportCsvDialog::updateButtons);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Save);
    buttons->button(QDialogButtonBox::Save)->setText(tr("&Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browseButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("What to export from session %1:").arg(sessionId), this));
    layout->addWidget(m_processes);
    layout->addWidget(noteLabel(processesNote, this));
    layout->addWidget(m_requests);
    layout->addWidget(noteLabel(requestsNote, this));
    auto *form = new QFormLayout;
    form->addRow(tr("&File:"), fileRow);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
    updateButtons();
}

QString ExportCsvDialog::defaultPath(qint64 sessionId, CsvExport::Table table)
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    const QString what = table == CsvExport::Table::Processes ? QStringLiteral("processes")
                                                              : QStringLiteral("requests");
    return QDir(folder).filePath(
        QStringLiteral("memtap-session-%1-%2.csv").arg(sessionId).arg(what));
}

CsvExport::Table ExportCsvDialog::table() const
{
    return m_processes->isChecked() ? CsvExport::Table::Processes : CsvExport::Table::Requests;
}

QString ExportCsvDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportCsvDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

void ExportCsvDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export CSV"), path(), tr("CSV files (*.csv);;All files (*)"));
    if (!chosen.isEmpty())
        setPath(chosen);
}

void ExportCsvDialog::updateButtons()
{
    m_okButton->setEnabled(!path().isEmpty());
}

} // namespace memtap
