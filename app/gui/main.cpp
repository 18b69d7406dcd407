// SPDX-License-Identifier: GPL-2.0-or-later
#include "appcontroller.h"
#include "mainwindow.h"
#include "memtapconfig.h"
#include "storage/drivermessagefilter.h"
#include "themeicon.h"
#include "translationloader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

void describeArguments(QCommandLineParser &arguments)
{
    arguments.setApplicationDescription(QCoreApplication::translate(
        "main", "Shows live which processes request and release memory from the kernel."));
    arguments.addHelpOption();
    arguments.addVersionOption();
    arguments.addPositionalArgument(QCoreApplication::translate("main", "trace"),
        QCoreApplication::translate("main",
            "A trace recorded with \"memtapctl record --output\" to import into the database "
            "of Settings, as File > Import Trace does."),
        QCoreApplication::translate("main", "[trace]"));
}

// --help and --version answer on a terminal without a display too (over
// ssh): for them, a QCoreApplication does, which needs no display.
std::unique_ptr<QCoreApplication> createApplication(int &argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"-h", "--help", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], option) == 0)
                return std::make_unique<QCoreApplication>(argc, argv);
        }
    }
    return std::make_unique<QApplication>(argc, argv);
}

} // namespace

int main(int argc, char *argv[])
{
    const std::unique_ptr<QCoreApplication> application = createApplication(argc, argv);
    // Settings go to ~/.config/memtap/memtap.conf.
    QCoreApplication::setOrganizationName(QStringLiteral("memtap"));
    QCoreApplication::setApplicationName(QStringLiteral("memtap"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEMTAP_VERSION));
    memtap::TranslationLoader::install(application.get());

    QCommandLineParser arguments;
    describeArguments(arguments);
    // Prints and exits on --help, --version and an unknown option.
    arguments.process(*application);
    if (arguments.positionalArguments().size() > 1) {
        std::fprintf(stderr, "%s\n",
            qPrintable(QCoreApplication::translate("main", "Give at most one trace to import.")));
        return 1;
    }

    // Lets Wayland compositors and task bars find memtap.desktop and its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("memtap"));
    memtap::DriverMessageFilter::install();
    QApplication::setWindowIcon(memtap::ThemeIcon::application());

    memtap::MainWindow window;
    memtap::AppController controller(&window);
    // For developers running the build tree's helper (with elevation "none" as root).
    if (const QString helper = qEnvironmentVariable("MEMTAP_HELPER"); !helper.isEmpty())
        controller.setHelperPath(helper);
    // Quitting stops the tracer and the helper and stores what was captured.
    QObject::connect(application.get(), &QCoreApplication::aboutToQuit, &controller,
        &memtap::AppController::shutdown);
    window.show();
    // Relative to where memtap was started, which the import's worker does not know.
    const QString trace = arguments.positionalArguments().isEmpty()
        ? QString()
        : QFileInfo(arguments.positionalArguments().constFirst()).absoluteFilePath();
    QTimer::singleShot(0, &window, [&window, trace] {
        window.ensureDatabasePassword([&window, trace] {
            if (!trace.isEmpty())
                window.startTraceImport(trace);
        });
    });
    return QApplication::exec();
}
