// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"
#include "accounting/processfigures.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QProgressBar;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QValueAxis;

namespace memtap {

class LiveMappingsModel;

// The per-process detail dock: the live mapped ranges of the selected process
// (range, size, protection, flags, file) and a timeline of its live bytes
// over the session. It shows what it is given (showDetail()); the window asks
// whoever owns the Accountant for it, since that lives in the capture thread.
class ProcessDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit ProcessDetailView(QWidget *parent = nullptr);

    // The process whose detail is shown, 0 for none.
    std::uint64_t processKey() const { return m_processKey; }
    // Shows "select a process" until the next showDetail().
    void clear();
    // The figures of the process (name, pid, split of live bytes) for the
    // summary line; mappings and timeline as Accountant::liveMappings() and
    // liveTimeline() return them. A running process's last sample is drawn
    // up to knownUntilNs (ProcessDetail), where given.
    void showDetail(const ProcessFigures &figures, std::vector<LiveMapping> mappings,
        const std::vector<LiveSample> &timeline, std::int64_t knownUntilNs = -1);
    // While a stored session is replayed for the first detail: records applied
    // of all. showDetail() and clear() end it.
    void showReplayProgress(std::uint64_t done, std::uint64_t total);
    // Timeline times are shown as seconds since this (the session's start).
    void setTimeOriginNs(std::int64_t originNs);

    LiveMappingsModel *mappingsModel() const { return m_model; }
    QTableView *mappingsTable() const { return m_table; }
    QLineSeries *timelineSeries() const { return m_series; }
    QLabel *summaryLabel() const { return m_summary; }
    QProgressBar *replayProgressBar() const { return m_replayProgress; }

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // endNs: where the last sample's value ends, -1 at the sample itself.
    void updateTimeline(const std::vector<LiveSample> &timeline, std::int64_t endNs);

    std::uint64_t m_processKey = 0;
    std::int64_t m_timeOriginNs = 0;
    QLabel *m_summary;
    QProgressBar *m_replayProgress;
    QSplitter *m_splitter;
    LiveMappingsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QChart *m_chart;
    QChartView *m_chartView;
    QLineSeries *m_series;
    QValueAxis *m_timeAxis;
    QValueAxis *m_bytesAxis;
};

} // namespace memtap
