// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "export/csvexport.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QRadioButton;

namespace memtap {

// File > Export CSV: processes or requests of the shown session (as the
// views filter them) and the file to write.
class ExportCsvDialog : public QDialog
{
    Q_OBJECT

public:
    // processesNote, requestsNote: what each choice writes (the filters).
    ExportCsvDialog(qint64 sessionId, const QString &processesNote, const QString &requestsNote,
        CsvExport::Table table, QWidget *parent = nullptr);

    CsvExport::Table table() const;
    QString path() const;
    void setPath(const QString &path);

    QRadioButton *processesButton() const { return m_processes; }
    QRadioButton *requestsButton() const { return m_requests; }
    QLineEdit *pathEdit() const { return m_path; }

    // ~/Documents/memtap-session-N-processes.csv (or requests).
    static QString defaultPath(qint64 sessionId, CsvExport::Table table);

private:
    void browse();
    void updateButtons();

    qint64 m_sessionId;
    QRadioButton *m_processes;
    QRadioButton *m_requests;
    QLineEdit *m_path;
    QWidget *m_okButton = nullptr;
};

} // namespace memtap
