// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QIcon>
#include <QStyle>

namespace memtap {

// Icons from the desktop's icon theme (freedesktop names), with the style's
// standard icons where a theme lacks them, so actions never go blank.
class ThemeIcon
{
public:
    static QIcon get(const QString &name, QStyle::StandardPixmap fallback);
    // memtap's own icon: the installed theme icon, else the embedded one.
    static QIcon application();
};

} // namespace memtap
