// SPDX-License-Identifier: GPL-2.0-or-later
#include "themeicon.h"

#include <QApplication>

// The resources of a static library are not registered by themselves.
static void initMemtapResources()
{
    Q_INIT_RESOURCE(memtap);
}

namespace memtap {

QIcon ThemeIcon::get(const QString &name, QStyle::StandardPixmap fallback)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    return QApplication::style()->standardIcon(fallback);
}

QIcon ThemeIcon::application()
{
    static const bool initialised = [] {
        initMemtapResources();
        return true;
    }();
    Q_UNUSED(initialised);
    QIcon embedded(QStringLiteral(":/icons/memtap.svg"));
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        embedded.addFile(QStringLiteral(":/icons/%1x%1/memtap.png").arg(size), QSize(size, size));
    return QIcon::fromTheme(QStringLiteral("memtap"), embedded);
}

} // namespace memtap
