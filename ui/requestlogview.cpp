// SPDX-License-Identifier: GPL-2.0-or-later
#include "requestlogview.h"

#include "filterdebouncer.h"
#include "themeicon.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace memtap {

RequestLogView::RequestLogView(QWidget *parent)
    : QWidget(parent)
    , m_pid(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_call(new QComboBox(this))
    , m_follow(new QToolButton(this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(m_stack))
    , m_unavailable(new QLabel(m_stack))
    , m_filterBar(new QWidget(this))
    , m_debouncer(new FilterDebouncer(this))
{
    m_pid->setObjectName(QStringLiteral("requestPidFilter"));
    m_pid->setPlaceholderText(tr("PID"));
    m_pid->setClearButtonEnabled(true);
    m_pid->setValidator(new QIntValidator(0, std::numeric_limits<int>::max(), m_pid));
    m_pid->setMaximumWidth(m_pid->fontMetrics().horizontalAdvance(QStringLiteral("4194304")) + 48);
    m_pid->setToolTip(tr("Show only the calls of this process ID"));

    m_name->setObjectName(QStringLiteral("requestNameFilter"));
    m_name->setPlaceholderText(tr("Process name"));
    m_name->setClearButtonEnabled(true);
    m_name->setToolTip(tr("Show only the calls of processes whose name contains this text"));

    m_call->setObjectName(QStringLiteral("requestCallFilter"));
    m_call->addItem(tr("All calls"));
    for (const Call call :
        {Call::Mmap, Call::Munmap, Call::Mremap, Call::Brk, Call::Fork, Call::Exec, Call::Exit})
        m_call->addItem(QLatin1String(callName(call)), static_cast<int>(call));
    m_call->setToolTip(tr("Show only calls of this kind"));

    m_follow->setObjectName(QStringLiteral("requestFollow"));
    m_follow->setText(tr("&Follow"));
    m_follow->setIcon(ThemeIcon::get(QStringLiteral("go-bottom"), QStyle::SP_ArrowDown));
    m_follow->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest call in view while capturing"));

    m_debouncer->watch(m_pid);
    m_debouncer->watch(m_name);
    connect(m_call, &QComboBox::currentIndexChanged, m_debouncer, [this] {
        m_debouncer->poke();
        m_debouncer->flush();
    });
    connect(m_debouncer, &FilterDebouncer::filterChanged, this,
        [this] { Q_EMIT filterChanged(filter()); });
    connect(m_follow, &QToolButton::toggled, this, [this](bool follow) {
        if (follow)
            scrollToNewest();
        Q_EMIT followChanged(follow);
    });

    auto *bar = new QHBoxLayout(m_filterBar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_pid);
    bar->addWidget(m_name, 1);
    bar->addWidget(m_call);
    bar->addWidget(m_follow);

    m_table->setObjectName(QStringLiteral("requestTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Millions of rows: fixed row heights keep scrolling cheap.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Scrolling up by hand means the user wants to read: stop following.
    connect(m_table->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this](int action) {
        if (action != QAbstractSlider::SliderNoAction && m_follow->isChecked()
            && m_table->verticalScrollBar()->sliderPosition()
                < m_table->verticalScrollBar()->maximum())
            m_follow->setChecked(false);
    });

    m_unavailable->setObjectName(QStringLiteral("requestLogUnavailable"));
    m_unavailable->setAlignment(Qt::AlignCenter);
    m_unavailable->setWordWrap(true);
    m_unavailable->setEnabled(false);
    m_unavailable->setText(tr(
        "Start a capture, or open a stored session with File > Open Session, to see every call."));

    m_stack->addWidget(m_unavailable);
    m_stack->addWidget(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_stack);
    setModel(nullptr);
}

void RequestLogView::setModel(QAbstractItemModel *model)
{
    if (m_table->model()) {
        disconnect(m_table->model(), nullptr, this, nullptr);
    }
    const bool firstModel = m_table->model() == nullptr && model != nullptr;
    m_table->setModel(model);
    m_filterBar->setEnabled(model != nullptr);
    if (firstModel) {
        // Widths for typical contents: rows load lazily, so they cannot be measured.
        const QFontMetrics metrics = m_table->fontMetrics();
        const QString samples[] = {QStringLiteral("00:00:00.000000"), QStringLiteral("4194304"),
            QStringLiteral("gnome-shell-cal"), QStringLiteral("munmap"),
            QStringLiteral("134,217,728"), QStringLiteral("128.00"),
            QStringLiteral("0x7f0000000000"), QStringLiteral("PROT_READ|PROT_WRITE"),
            QStringLiteral("MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE"), QStringLiteral("anonymous"),
            QStringLiteral("0x7f0000000000")};
        const int columns = std::min<int>(model->columnCount(), int(std::size(samples)));
        for (int column = 0; column < columns; ++column) {
            const int header
                = metrics.horizontalAdvance(model->headerData(column, Qt::Horizontal).toString())
                + 28;
            m_table->setColumnWidth(
                column, std::max(header, metrics.horizontalAdvance(samples[column]) + 16));
        }
    }
    m_stack->setCurrentWidget(model ? static_cast<QWidget *>(m_table) : m_unavailable);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
            if (m_follow->isChecked())
                scrollToNewest();
        });
        connect(model, &QAbstractItemModel::modelReset, this, [this] {
            if (m_follow->isChecked())
                scrollToNewest();
        });
    }
}

QAbstractItemModel *RequestLogView::model() const
{
    return m_table->model();
}

void RequestLogView::setUnavailableText(const QString &text)
{
    m_unavailable->setText(text);
}

RequestFilter RequestLogView::filter() const
{
    RequestFilter result;
    bool ok = false;
    const int pid = m_pid->text().trimmed().toInt(&ok);
    if (ok)
        result.pid = pid;
    result.name = m_name->text().trimmed().toUtf8();
    result.nameMatch = RequestFilter::NameMatch::Contains;
    const QVariant call = m_call->currentData();
    if (call.isValid())
        result.call = static_cast<Call>(call.toInt());
    return result;
}

void RequestLogView::setLive(bool live)
{
    m_follow->setEnabled(live);
    m_follow->setToolTip(live ? tr("Keep the newest call in view while capturing")
                              : tr("Follow is available while the session is being captured"));
    if (live && m_follow->isChecked())
        scrollToNewest();
}

bool RequestLogView::isFollowing() const
{
    return m_follow->isChecked();
}

void RequestLogView::setFollowing(bool follow)
{
    m_follow->setChecked(follow);
}

void RequestLogView::scrollToNewest()
{
    if (m_table->model())
        m_table->scrollToBottom();
}

} // namespace memtap
