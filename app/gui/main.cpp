// SPDX-License-Identifier: GPL-2.0-or-later
#include "appcontroller.h"
#include "mainwindow.h"
#include "memtapconfig.h"
#include "storage/drivermessagefilter.h"
#include "themeicon.h"
#include "translationloader.h"

#include <QApplication>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    // Settings go to ~/.config/memtap/memtap.conf.
    QApplication::setOrganizationName(QStringLiteral("memtap"));
    QApplication::setApplicationName(QStringLiteral("memtap"));
    QApplication::setApplicationVersion(QStringLiteral(MEMTAP_VERSION));
    // Lets Wayland compositors and task bars find memtap.desktop and its icon.
    QApplication::setDesktopFileName(QStringLiteral("memtap"));
    memtap::TranslationLoader::install(&application);
    memtap::DriverMessageFilter::install();
    QApplication::setWindowIcon(memtap::ThemeIcon::application());

    memtap::MainWindow window;
    memtap::AppController controller(&window);
    // For developers running the build tree's helper (with elevation "none" as root).
    if (const QString helper = qEnvironmentVariable("MEMTAP_HELPER"); !helper.isEmpty())
        controller.setHelperPath(helper);
    // Quitting stops the tracer and the helper and stores what was captured.
    QObject::connect(&application, &QCoreApplication::aboutToQuit, &controller,
        &memtap::AppController::shutdown);
    window.show();
    QTimer::singleShot(0, &window, &memtap::MainWindow::ensureDatabasePassword);
    return QApplication::exec();
}
