// SPDX-License-Identifier: GPL-2.0-or-later
#include "sharechartview.h"

#include "models/displayformat.h"
#include "models/sharemodel.h"

#include <QChart>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>
#include <QPieSeries>
#include <QPieSlice>
#include <QToolTip>

#include <array>
#include <cmath>

namespace memtap {

namespace {

// Distinct, readable on light and dark backgrounds; "Other" is grey.
constexpr std::array<QRgb, 12> sliceColors = {
    0x3c7dd9,
    0xf28e2b,
    0x59a14f,
    0xe15759,
    0x76b7b2,
    0xedc948,
    0xb07aa1,
    0xff9da7,
    0x9c755f,
    0x4e79a7,
    0x8cd17d,
    0xd37295,
};
constexpr QRgb otherColor = 0xa0a4ab;

} // namespace

ShareChartView::ShareChartView(ShareModel *model, QWidget *parent)
    // Given the chart at construction: setChart() would leave the default
    // chart behind, released but never deleted.
    : QChartView(new QChart, parent)
    , m_model(model)
    , m_series(new QPieSeries)
{
    setObjectName(QStringLiteral("shareChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 200);
    // A QGraphicsView takes every drag into its scene, which drops nothing:
    // drags go on to the window, which imports a dropped trace.
    setAcceptDrops(false);
    viewport()->setAcceptDrops(false);

    QChart *chart = this->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_series->setPieSize(0.78);
    m_series->setHorizontalPosition(0.5);
    chart->addSeries(m_series);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setShowToolTips(true);
    applyPalette();

    connect(m_series, &QPieSeries::clicked, this, [this](QPieSlice *slice) {
        const std::uint64_t key = m_keyOfSlice.value(slice, 0);
        if (key != 0)
            Q_EMIT processClicked(key);
    });
    connect(m_series, &QPieSeries::hovered, this, [this](QPieSlice *slice, bool entered) {
        slice->setExploded(entered);
        slice->setExplodeDistanceFactor(0.06);
        if (entered)
            QToolTip::showText(QCursor::pos(),
                tr("%1\n%2 requested (%3)")
                    .arg(slice->property("fullName").toString(),
                        DisplayFormat::exactBytes(slice->property("bytes").toULongLong()),
                        DisplayFormat::percent(slice->percentage() * 100.0)),
                this);
        else
            QToolTip::hideText();
    });
    connect(model, &ShareModel::refreshed, this, &ShareChartView::synchronize);
    connect(model, &QAbstractItemModel::modelReset, this, &ShareChartView::synchronize);
    synchronize();
}

QPieSlice *ShareChartView::sliceOf(std::uint64_t processKey) const
{
    return m_sliceOfKey.value(processKey, nullptr);
}

QColor ShareChartView::colorFor(std::uint64_t processKey) const
{
    if (processKey == 0)
        return QColor(otherColor);
    // By key, so a process keeps its colour while it moves in the ranking.
    return QColor(sliceColors[processKey % sliceColors.size()]);
}

void ShareChartView::synchronize()
{
    if (!m_model)
        return;
    const std::vector<ShareModel::Entry> &entries = m_model->entries();
    QHash<std::uint64_t, const ShareModel::Entry *> wanted;
    for (const ShareModel::Entry &entry : entries)
        wanted.insert(entry.processKey, &entry);

    // Processes that left the top N.
    const QList<QPieSlice *> current = m_series->slices();
    for (QPieSlice *slice : current) {
        const std::uint64_t key = m_keyOfSlice.value(slice);
        if (wanted.contains(key))
            continue;
        m_keyOfSlice.remove(slice);
        m_sliceOfKey.remove(key);
        m_series->remove(slice);
        ++m_slicesRemoved;
    }

    for (const ShareModel::Entry &entry : entries) {
        const double percent = m_model->percentOf(entry);
        // Short labels, so the legend beside the pie need not elide them;
        // the tooltip has the pid and the exact bytes.
        const QString name = entry.isOther() ? tr("Other (%1 processes)").arg(entry.processCount)
                                             : tr("%1 (PID %2)").arg(entry.name).arg(entry.pid);
        QPieSlice *slice = m_sliceOfKey.value(entry.processKey, nullptr);
        if (!slice) {
            slice = new QPieSlice(QString(), 0.0);
            slice->setColor(colorFor(entry.processKey));
            slice->setBorderColor(palette().color(QPalette::Base));
            slice->setLabelColor(palette().color(QPalette::Text));
            slice->setLabelPosition(QPieSlice::LabelOutside);
            slice->setLabelArmLengthFactor(0.12);
            m_series->append(slice);
            m_keyOfSlice.insert(slice, entry.processKey);
            m_sliceOfKey.insert(entry.processKey, slice);
            ++m_slicesAdded;
        }
        // Only what changed is set: unchanged slices are not repainted.
        if (slice->value() != double(entry.bytes))
            slice->setValue(double(entry.bytes));
        slice->setProperty("legendName", entry.isOther() ? tr("Other") : entry.name);
        slice->setProperty("percent", percent);
        slice->setProperty("fullName", name);
        slice->setProperty("bytes", QVariant::fromValue<qulonglong>(entry.bytes));
    }
    // Keep the slices in rank order (Other last), so the pie reads clockwise
    // from the largest and the legend lists processes by size. Moving a slice
    // keeps its object and colour; nothing is repainted in between.
    for (int position = 0; position < int(entries.size()); ++position) {
        QPieSlice *slice = m_sliceOfKey.value(entries[std::size_t(position)].processKey);
        if (m_series->slices().at(position) == slice)
            continue;
        m_series->take(slice);
        m_series->insert(position, slice);
    }
    chart()->setTitle(entries.empty() ? tr("No memory requested yet") : QString());
    fitLabels();
}

void ShareChartView::fitLabels()
{
    QLegend *legend = chart()->legend();
    const QFontMetrics metrics(legend->font());
    // The marker square, its spacing and the legend's own margins.
    const int markerWidth = metrics.height() + 26;
    const auto labelOf = [](QPieSlice *slice, const QString &name) {
        return tr("%1: %2").arg(
            name, DisplayFormat::percent(slice->property("percent").toDouble()));
    };
    const QList<QPieSlice *> slices = m_series->slices();
    int naturalWidth = 0;
    for (QPieSlice *slice : slices) {
        naturalWidth = std::max(naturalWidth,
            metrics.horizontalAdvance(labelOf(slice, slice->property("legendName").toString())));
    }
    const int width = viewport()->width();
    const int legendWidth = std::min(naturalWidth + markerWidth, int(width * maximumLegendShare));
    legend->setMinimumWidth(legendWidth);
    legend->setMaximumWidth(legendWidth);
    const int textWidth = legendWidth - markerWidth;
    const int pieSize = std::min(width - legendWidth, viewport()->height());
    for (QPieSlice *slice : slices) {
        const double percent = slice->property("percent").toDouble();
        const QString suffix = labelOf(slice, QString());
        const QString name = metrics.elidedText(slice->property("legendName").toString(),
            Qt::ElideRight, std::max(textWidth - metrics.horizontalAdvance(suffix), 0));
        const QString label = labelOf(slice, name);
        if (slice->label() != label)
            slice->setLabel(label);
        // Big slices carry their label inside, middling ones beside them
        // when the pie is big enough, small ones only in the legend, so
        // labels never overlap nor get cut off.
        if (percent >= insideLabelPercent && pieSize >= minimumPieForOutsideLabels / 2) {
            slice->setLabelPosition(QPieSlice::LabelInsideHorizontal);
            const QColor fill = slice->color();
            slice->setLabelColor(qGray(fill.rgb()) > 150 ? QColor(Qt::black) : QColor(Qt::white));
            slice->setLabelVisible(true);
        } else {
            slice->setLabelPosition(QPieSlice::LabelOutside);
            slice->setLabelColor(palette().color(QPalette::Text));
            slice->setLabelVisible(
                percent >= minimumLabelledPercent && pieSize >= minimumPieForOutsideLabels);
        }
    }
}

void ShareChartView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    fitLabels();
}

void ShareChartView::applyPalette()
{
    const QPalette colors = palette();
    chart()->setBackgroundBrush(colors.color(QPalette::Base));
    chart()->setTitleBrush(colors.color(QPalette::PlaceholderText));
    chart()->legend()->setLabelColor(colors.color(QPalette::Text));
    for (QPieSlice *slice : m_series->slices()) {
        if (slice->labelPosition() != QPieSlice::LabelInsideHorizontal)
            slice->setLabelColor(colors.color(QPalette::Text));
        slice->setBorderColor(colors.color(QPalette::Base));
    }
}

void ShareChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

} // namespace memtap
