// SPDX-License-Identifier: GPL-2.0-or-later
#include "opensessiondialog.h"

#include "models/sessionlistmodel.h"
#include "storage/database.h"
#include "storage/sessionrepository.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace memtap {

OpenSessionDialog::OpenSessionDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new SessionListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("openSessionDialog"));
    setWindowTitle(tr("Open Session"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionListModel::SortRole);

    m_table->setObjectName(QStringLiteral("sessionTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SessionListModel::IdColumn, Qt::DescendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableView::activated, this, &QDialog::accept);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &OpenSessionDialog::updateButtons);

    m_status->setObjectName(QStringLiteral("sessionStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_watcher, &QFutureWatcher<Listing>::finished, this,
        [this] { showListing(m_watcher.result()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_buttons);
    resize(760, 420);
    updateButtons();
}

OpenSessionDialog::~OpenSessionDialog()
{
    // The worker holds no pointer to the dialog, but its connection must be
    // closed before the application can remove the driver.
    m_watcher.waitForFinished();
}

OpenSessionDialog::Listing OpenSessionDialog::readSessions(
    const DatabaseUrl &url, const std::optional<QString> &password)
{
    Listing listing;
    Database::OpenOptions options;
    options.password = password;
    auto database = Database::open(url, options, &listing.error);
    if (!database)
        return listing;
    SessionRepository repository(*database);
    listing.sessions = repository.sessions();
    if (repository.hasError())
        listing.error = repository.errorString();
    return listing;
}

void OpenSessionDialog::load(
    const DatabaseUrl &url, const std::optional<QString> &password, qint64 currentSessionId)
{
    m_preferredSession = currentSessionId;
    m_databaseName = url.toString();
    m_status->setText(tr("Reading the sessions in %1…").arg(m_databaseName));
    m_model->setSessions({});
    m_loading = true;
    m_watcher.setFuture(QtConcurrent::run(&OpenSessionDialog::readSessions, url, password));
    updateButtons();
}

void OpenSessionDialog::showListing(const Listing &listing)
{
    m_loading = false;
    if (!listing.error.isEmpty()) {
        m_status->setText(listing.error);
        m_model->setSessions({});
        updateButtons();
        Q_EMIT loaded();
        return;
    }
    m_model->setSessions(listing.sessions);
    if (listing.sessions.empty()) {
        m_status->setText(tr("There are no sessions in %1 yet: start a capture, or import a "
                             "trace with memtapctl import.")
                              .arg(m_databaseName));
    } else {
        m_status->setText(tr("%n session(s) in %1. Choose one to show it in every view.", nullptr,
            int(listing.sessions.size()))
                              .arg(m_databaseName));
        int row = m_model->rowOfSession(m_preferredSession);
        if (row < 0)
            row = 0; // the newest
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
        m_table->resizeColumnsToContents();
        m_table->horizontalHeader()->setSectionResizeMode(
            SessionListModel::HostColumn, QHeaderView::Stretch);
    }
    updateButtons();
    Q_EMIT loaded();
}

qint64 OpenSessionDialog::selectedSessionId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return rows.first().data(SessionListModel::SessionIdRole).toLongLong();
}

void OpenSessionDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(selectedSessionId() != 0);
}

} // namespace memtap
