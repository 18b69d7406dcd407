// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/parsercounters.h"

#include <QElapsedTimer>
#include <QStatusBar>
#include <QTimer>

class QLabel;

namespace memtap {

// The main window's status bar: backend, capture state, events per second,
// total events, dropped and malformed records, and the database. Counters
// are shown as they arrive; the rate is computed once per second.
class CaptureStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    explicit CaptureStatusBar(QWidget *parent = nullptr);

    void setBackend(const QString &backend);
    // problem: shown as a warning (a failed capture).
    void setState(const QString &state, bool problem = false);
    void setCounters(const ParserCounters &counters);
    // The totals of a stored session as its capture ended; no rate.
    void setStoredTotals(std::uint64_t events, std::uint64_t lostEvents, std::uint64_t malformed);
    // Forgets the counters, e.g. for a new session.
    void resetCounters();
    // text: the database shown; problem: a warning, e.g. unreachable.
    void setDatabase(const QString &text, const QString &toolTip = {}, bool problem = false);

    QLabel *backendLabel() const { return m_backend; }
    QLabel *stateLabel() const { return m_state; }
    QLabel *rateLabel() const { return m_rate; }
    QLabel *totalLabel() const { return m_total; }
    QLabel *droppedLabel() const { return m_dropped; }
    QLabel *malformedLabel() const { return m_malformed; }
    QLabel *databaseLabel() const { return m_database; }

private:
    QLabel *addField(const QString &objectName, const QString &toolTip);
    void refresh();
    void showCounters();
    void setWarning(QLabel *label, bool warning);

    QLabel *m_backend;
    QLabel *m_state;
    QLabel *m_rate;
    QLabel *m_total;
    QLabel *m_dropped;
    QLabel *m_malformed;
    QLabel *m_database;
    QTimer m_refresh;
    std::uint64_t m_eventCount = 0;
    std::uint64_t m_lostCount = 0;
    std::uint64_t m_malformedCount = 0;
    std::uint64_t m_eventsAtLastSample = 0;
    QElapsedTimer m_sinceLastSample;
    double m_eventsPerSecond = 0;
};

} // namespace memtap
