// SPDX-License-Identifier: GPL-2.0-or-later
#include "processdetailview.h"

#include "models/displayformat.h"
#include "models/livemappingsmodel.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace memtap {

namespace {

struct ByteUnit
{
    double divisor;
    const char *name;
};

// The largest IEC unit in which maximum is at least 1.
ByteUnit unitFor(double maximum)
{
    static constexpr ByteUnit units[] = {
        {1024.0 * 1024 * 1024 * 1024, "TiB"},
        {1024.0 * 1024 * 1024, "GiB"},
        {1024.0 * 1024, "MiB"},
        {1024.0, "KiB"},
    };
    for (const ByteUnit &unit : units) {
        if (maximum >= unit.divisor)
            return unit;
    }
    return {1.0, "bytes"};
}

} // namespace

ProcessDetailView::ProcessDetailView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_replayProgress(new QProgressBar(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_model(new LiveMappingsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(m_splitter))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, m_splitter))
    , m_series(new QLineSeries)
    , m_timeAxis(new QValueAxis)
    , m_bytesAxis(new QValueAxis)
{
    m_summary->setObjectName(QStringLiteral("detailSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMinimumHeight(m_summary->fontMetrics().height() * 2 + 4);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_replayProgress->setObjectName(QStringLiteral("replayProgress"));
    // Per mille: QProgressBar counts in int, a session's records may not fit.
    m_replayProgress->setRange(0, 1000);
    m_replayProgress->hide();

    // As the pie's (ShareChartView): drags go on to the window.
    m_chartView->setAcceptDrops(false);
    m_chartView->viewport()->setAcceptDrops(false);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LiveMappingsModel::SortRole);
    m_table->setObjectName(QStringLiteral("mappingsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LiveMappingsModel::RangeColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const QFontMetrics metrics = m_table->fontMetrics();
    m_table->setColumnWidth(LiveMappingsModel::RangeColumn,
        // Zeros: the widest digits.
        metrics.horizontalAdvance(QStringLiteral("0x000000000000–0x000000000000")) + 16);
    m_table->setColumnWidth(LiveMappingsModel::SizeColumn,
        metrics.horizontalAdvance(QStringLiteral("1,023.9 MiB")) + 16);
    m_table->setColumnWidth(LiveMappingsModel::ProtectionColumn,
        metrics.horizontalAdvance(QStringLiteral("PROT_READ|PROT_WRITE")) + 16);
    m_table->setColumnWidth(LiveMappingsModel::FlagsColumn,
        metrics.horizontalAdvance(QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS")) + 16);

    m_chart->setObjectName(QStringLiteral("timelineChart"));
    m_chart->legend()->hide();
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_series->setName(tr("Live mapped bytes"));
    QPen pen(QColor(0x3c7dd9));
    pen.setWidthF(1.6);
    m_series->setPen(pen);
    m_series->setMarkerSize(9);
    m_chart->addSeries(m_series);
    m_timeAxis->setTitleText(tr("Seconds since the capture started"));
    m_timeAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_bytesAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_bytesAxis->setMin(0);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_bytesAxis, Qt::AlignLeft);
    m_series->attachAxis(m_timeAxis);
    m_series->attachAxis(m_bytesAxis);
    const QPalette colors = palette();
    m_chart->setBackgroundBrush(colors.color(QPalette::Base));
    for (QValueAxis *axis : {m_timeAxis, m_bytesAxis}) {
        axis->setLabelsBrush(colors.color(QPalette::Text));
        axis->setTitleBrush(colors.color(QPalette::Text));
        QFont font = axis->titleFont();
        font.setPointSizeF(font.pointSizeF() * 0.9);
        font.setBold(false);
        axis->setTitleFont(font);
    }
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(140);

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_chartView);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_summary);
    layout->addWidget(m_replayProgress);
    layout->addWidget(m_splitter, 1);
    clear();
}

void ProcessDetailView::clear()
{
    m_replayProgress->hide();
    m_processKey = 0;
    m_model->clear();
    m_series->clear();
    // No axes without data: "0, 0, 1, 1" on an empty chart means nothing.
    m_timeAxis->setVisible(false);
    m_bytesAxis->setVisible(false);
    m_summary->setText(tr("Select a process to see its live mappings and how its live memory "
                          "changed over time."));
}

void ProcessDetailView::showReplayProgress(std::uint64_t done, std::uint64_t total)
{
    if (m_replayProgress->isHidden()) {
        // Another process's ranges must not pass for this one's meanwhile.
        clear();
        m_summary->setText(tr("Rebuilding the live mappings at the end of this session from its "
                              "stored records; this happens once per opened session."));
        m_replayProgress->show();
    }
    const std::uint64_t shownTotal = std::max<std::uint64_t>(total, 1);
    const std::uint64_t shownDone = std::min(done, shownTotal);
    m_replayProgress->setValue(int(shownDone * 1000 / shownTotal));
    m_replayProgress->setFormat(
        tr("%1 of %2 records").arg(DisplayFormat::count(shownDone), DisplayFormat::count(total)));
}

void ProcessDetailView::setTimeOriginNs(std::int64_t originNs)
{
    m_timeOriginNs = originNs;
}

void ProcessDetailView::showDetail(const ProcessFigures &figures, std::vector<LiveMapping> mappings,
    const std::vector<LiveSample> &timeline, std::int64_t knownUntilNs)
{
    m_replayProgress->hide();
    m_processKey = figures.processKey;
    const std::size_t ranges = mappings.size();
    m_model->setMappings(figures.processKey, std::move(mappings));
    // An exited process's last sample is its exit; nothing follows.
    updateTimeline(timeline, figures.exitNs < 0 ? knownUntilNs : -1);

    QString summary
        = tr("<b>%1</b> (PID %2): %3 live, ranges: %4")
              .arg(DisplayFormat::processName(figures.name).toHtmlEscaped())
              .arg(figures.pid)
              .arg(DisplayFormat::bytes(figures.liveBytes), DisplayFormat::count(ranges));
    summary += QLatin1String("<br>")
        + tr("anonymous %1, file-backed %2; private %3, shared %4")
              .arg(DisplayFormat::bytes(figures.liveAnonymousBytes),
                  DisplayFormat::bytes(figures.liveFileBytes),
                  DisplayFormat::bytes(figures.livePrivateBytes),
                  DisplayFormat::bytes(figures.liveSharedBytes));
    if (figures.exitNs >= 0)
        summary += QStringLiteral(" — ") + tr("exited");
    else if (!figures.liveExact)
        summary += QStringLiteral(" — ") + tr("not exact: no baseline yet");
    m_summary->setText(summary);
}

void ProcessDetailView::updateTimeline(const std::vector<LiveSample> &timeline, std::int64_t endNs)
{
    m_timeAxis->setVisible(true);
    m_bytesAxis->setVisible(true);
    double maximum = 0;
    for (const LiveSample &sample : timeline)
        maximum = std::max(maximum, double(sample.liveBytes));
    const ByteUnit unit = unitFor(maximum);

    QList<QPointF> points;
    points.reserve(qsizetype(timeline.size()) * 2);
    double previous = 0;
    for (const LiveSample &sample : timeline) {
        const double seconds = double(sample.timestampNs - m_timeOriginNs) / 1e9;
        const double value = double(sample.liveBytes) / unit.divisor;
        // Live bytes change in steps: hold the old value up to each change.
        if (!points.isEmpty())
            points.append(QPointF(seconds, previous));
        points.append(QPointF(seconds, value));
        previous = value;
    }
    // Live bytes stay as they last changed up to the time the figures are
    // known until.
    if (!timeline.empty() && endNs > timeline.back().timestampNs)
        points.append(QPointF(double(endNs - m_timeOriginNs) / 1e9, previous));
    m_series->replace(points);
    // One sample with nothing known after it is a point, which a line
    // cannot show: a marker does.
    m_series->setPointsVisible(points.size() == 1);

    double firstSecond = points.isEmpty() ? 0.0 : points.first().x();
    double lastSecond = points.isEmpty() ? 1.0 : points.last().x();
    if (lastSecond - firstSecond < 1e-3) {
        // A second around it, not before the capture started.
        firstSecond = firstSecond >= 0 ? std::max(0.0, firstSecond - 0.5) : firstSecond - 0.5;
        lastSecond = firstSecond + 1.0;
    }
    m_timeAxis->setRange(firstSecond, lastSecond);
    const double span = lastSecond - firstSecond;
    m_timeAxis->setLabelFormat(span >= 10 ? QStringLiteral("%.0f")
            : span >= 1                   ? QStringLiteral("%.1f")
                                          : QStringLiteral("%.3f"));
    const double top = maximum / unit.divisor;
    m_bytesAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    m_bytesAxis->applyNiceNumbers();
    // The unit goes into each label ("150 MiB"); QValueAxis takes a printf
    // format, so a literal percent sign could not appear, but units are letters.
    const QString number = top >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.1f");
    m_bytesAxis->setLabelFormat(number + QLatin1Char(' ') + QLatin1String(unit.name));
}

void ProcessDetailView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Side by side in a wide dock, stacked in a tall one.
    const Qt::Orientation wanted = width() > height() * 3 / 2 ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != wanted) {
        m_splitter->setOrientation(wanted);
        const int length = wanted == Qt::Horizontal ? m_splitter->width() : m_splitter->height();
        m_splitter->setSizes({length * 3 / 5, length * 2 / 5});
    }
}

QByteArray ProcessDetailView::saveState() const
{
    return m_splitter->saveState();
}

void ProcessDetailView::restoreState(const QByteArray &state)
{
    if (!state.isEmpty())
        m_splitter->restoreState(state);
}

} // namespace memtap
