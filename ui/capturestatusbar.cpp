// SPDX-License-Identifier: GPL-2.0-or-later
#include "capturestatusbar.h"

#include "models/displayformat.h"

#include <QFrame>
#include <QLabel>
#include <QLocale>

namespace memtap {

CaptureStatusBar::CaptureStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_backend(addField(QStringLiteral("backendStatus"), tr("Tracer that captures the calls")))
    , m_state(addField(QStringLiteral("stateStatus"), tr("State of the capture")))
    , m_rate(addField(QStringLiteral("rateStatus"), tr("Calls captured per second")))
    , m_total(addField(QStringLiteral("totalStatus"), tr("Calls captured in this session")))
    , m_dropped(addField(QStringLiteral("droppedStatus"),
          tr("Calls the tracer reported as lost because its buffers were full")))
    , m_malformed(addField(QStringLiteral("malformedStatus"),
          tr("Lines of the trace stream that could not be read")))
    , m_database(addField(QStringLiteral("databaseStatus"), tr("Where sessions are stored")))
{
    setSizeGripEnabled(true);
    m_database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setBackend(tr("No tracer"));
    setState(tr("Idle"));
    resetCounters();
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &CaptureStatusBar::refresh);
    m_refresh.start();
}

QLabel *CaptureStatusBar::addField(const QString &objectName, const QString &toolTip)
{
    if (!findChildren<QLabel *>().isEmpty()) {
        auto *separator = new QFrame(this);
        separator->setFrameShape(QFrame::VLine);
        separator->setFrameShadow(QFrame::Sunken);
        addPermanentWidget(separator);
    }
    auto *label = new QLabel(this);
    label->setObjectName(objectName);
    label->setToolTip(toolTip);
    label->setContentsMargins(6, 0, 6, 0);
    addPermanentWidget(label);
    return label;
}

void CaptureStatusBar::setWarning(QLabel *label, bool warning)
{
    QPalette colors = palette();
    if (warning)
        colors.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    label->setPalette(colors);
}

void CaptureStatusBar::setBackend(const QString &backend)
{
    m_backend->setText(backend);
}

void CaptureStatusBar::setState(const QString &state, bool problem)
{
    m_state->setText(state);
    setWarning(m_state, problem);
}

void CaptureStatusBar::setCounters(const ParserCounters &counters)
{
    m_eventCount = counters.events();
    m_lostCount = counters.lostEvents;
    m_malformedCount = counters.malformed;
    // The first counters after a reset start the rate clock.
    if (!m_sinceLastSample.isValid()) {
        m_sinceLastSample.start();
        m_eventsAtLastSample = m_eventCount;
    }
    showCounters();
}

void CaptureStatusBar::setStoredTotals(
    std::uint64_t events, std::uint64_t lostEvents, std::uint64_t malformed)
{
    resetCounters();
    m_eventCount = events;
    m_lostCount = lostEvents;
    m_malformedCount = malformed;
    showCounters();
}

void CaptureStatusBar::resetCounters()
{
    m_eventCount = 0;
    m_lostCount = 0;
    m_malformedCount = 0;
    m_eventsAtLastSample = 0;
    m_eventsPerSecond = 0;
    m_sinceLastSample.invalidate();
    refresh();
}

void CaptureStatusBar::refresh()
{
    if (m_sinceLastSample.isValid()) {
        const qint64 elapsedMs = m_sinceLastSample.restart();
        if (elapsedMs > 0 && m_eventCount >= m_eventsAtLastSample)
            m_eventsPerSecond
                = double(m_eventCount - m_eventsAtLastSample) * 1000.0 / double(elapsedMs);
        m_eventsAtLastSample = m_eventCount;
    }
    m_rate->setText(tr("%1 events/s").arg(QLocale().toString(m_eventsPerSecond, 'f', 0)));
    showCounters();
}

void CaptureStatusBar::showCounters()
{
    m_total->setText(tr("%1 events").arg(DisplayFormat::count(m_eventCount)));
    m_dropped->setText(tr("%1 dropped").arg(DisplayFormat::count(m_lostCount)));
    setWarning(m_dropped, m_lostCount > 0);
    m_malformed->setText(tr("%1 malformed").arg(DisplayFormat::count(m_malformedCount)));
    setWarning(m_malformed, m_malformedCount > 0);
}

void CaptureStatusBar::setDatabase(const QString &text, const QString &toolTip, bool problem)
{
    // A long path is elided in the middle; the tooltip has it whole.
    const QString shown = m_database->fontMetrics().elidedText(text, Qt::ElideMiddle, 360);
    m_database->setText(shown);
    m_database->setToolTip(toolTip.isEmpty() ? text : toolTip);
    setWarning(m_database, problem);
}

} // namespace memtap
