// SPDX-License-Identifier: GPL-2.0-or-later
#include "filterdebouncer.h"

#include <QLineEdit>

namespace memtap {

FilterDebouncer::FilterDebouncer(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(defaultDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &FilterDebouncer::filterChanged);
}

void FilterDebouncer::watch(QLineEdit *edit)
{
    connect(edit, &QLineEdit::textChanged, this, &FilterDebouncer::poke);
    connect(edit, &QLineEdit::returnPressed, this, &FilterDebouncer::flush);
}

void FilterDebouncer::poke()
{
    m_timer.start();
}

void FilterDebouncer::flush()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    Q_EMIT filterChanged();
}

} // namespace memtap
