// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QChartView>
#include <QHash>
#include <QPointer>

#include <cstdint>

class QPieSeries;
class QPieSlice;

namespace memtap {

class ShareModel;

// The Memory share dock: a pie of who requested the memory, top N + Other,
// following a ShareModel (which refreshes at most once per second). Slices
// are updated in place (value, label) and kept in rank order; a slice is
// added or removed only when a process enters or leaves the top N, and every
// process keeps its colour, so live updates never flicker. Clicking a slice
// asks to select its process.
class ShareChartView : public QChartView
{
    Q_OBJECT

public:
    // Slices smaller than this show their label only in the legend, so small
    // neighbours never print over each other.
    static constexpr double minimumLabelledPercent = 4.0;
    // Slices at least this big carry their label inside.
    static constexpr double insideLabelPercent = 12.0;
    // The legend beside the pie takes at most this share of the width (the
    // chart keeps the rest for the pie however narrow the dock); the names
    // in it are elided to fit, the percentages never are.
    static constexpr double maximumLegendShare = 0.38;
    // Labels beside the slices only when the pie is at least this big (in
    // pixels): in a narrow dock they would be cut off.
    static constexpr int minimumPieForOutsideLabels = 260;

    explicit ShareChartView(ShareModel *model, QWidget *parent = nullptr);

    QPieSeries *series() const { return m_series; }
    // The slice of a process (0 for Other), nullptr if it has none.
    QPieSlice *sliceOf(std::uint64_t processKey) const;
    // Slices added and removed so far, for tests of in-place updates.
    int slicesAdded() const { return m_slicesAdded; }
    int slicesRemoved() const { return m_slicesRemoved; }

Q_SIGNALS:
    void processClicked(std::uint64_t processKey);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void synchronize();
    // Sizes the legend for the view's width and sets every slice's label
    // (name elided to fit, then the percentage) and where it shows.
    void fitLabels();
    void applyPalette();
    QColor colorFor(std::uint64_t processKey) const;

    QPointer<ShareModel> m_model;
    QPieSeries *m_series;
    QHash<QPieSlice *, std::uint64_t> m_keyOfSlice;
    QHash<std::uint64_t, QPieSlice *> m_sliceOfKey;
    int m_slicesAdded = 0;
    int m_slicesRemoved = 0;
};

} // namespace memtap
