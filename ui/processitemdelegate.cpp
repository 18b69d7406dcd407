// SPDX-License-Identifier: GPL-2.0-or-later
#include "processitemdelegate.h"

#include "models/processmodel.h"

namespace memtap {

void ProcessItemDelegate::initStyleOption(
    QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(ProcessModel::ExitedRole).toBool()) {
        const QColor dimmed = option->palette.color(QPalette::Disabled, QPalette::Text);
        option->palette.setColor(QPalette::Text, dimmed);
        option->palette.setColor(QPalette::HighlightedText,
            option->palette.color(QPalette::Disabled, QPalette::HighlightedText));
    }
}

} // namespace memtap
