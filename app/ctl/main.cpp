// SPDX-License-Identifier: GPL-2.0-or-later
#include "ctl/ctlcommand.h"
#include "ctl/exportcommand.h"
#include "ctl/importcommand.h"
#include "ctl/recordcommand.h"
#include "ctl/sessionscommand.h"
#include "memtapconfig.h"
#include "settings/pluralforms.h"
#include "storage/drivermessagefilter.h"

#include <QCoreApplication>
#include <QTextStream>

#include <memory>
#include <vector>

using namespace memtap;

namespace {

std::vector<std::unique_ptr<CtlCommand>> makeCommands()
{
    std::vector<std::unique_ptr<CtlCommand>> commands;
    commands.push_back(std::make_unique<RecordCommand>());
    commands.push_back(std::make_unique<ImportCommand>());
    commands.push_back(std::make_unique<SessionsCommand>());
    commands.push_back(std::make_unique<ExportCommand>());
    return commands;
}

void printUsage(QTextStream &out, const std::vector<std::unique_ptr<CtlCommand>> &commands)
{
    out << QCoreApplication::translate("memtapctl", "Usage: memtapctl <command> [options]")
        << "\n\n"
        << QCoreApplication::translate("memtapctl", "Commands:") << "\n";
    for (const auto &command : commands)
        out << "  " << command->name().leftJustified(10) << command->summary() << "\n";
    out << "\n"
        << QCoreApplication::translate(
               "memtapctl", "Run \"memtapctl <command> --help\" for its options.")
        << "\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("memtap"));
    QCoreApplication::setOrganizationName(QStringLiteral("memtap"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEMTAP_VERSION));
    // memtapctl speaks English: "1 record", "2 records" for "%n record(s)".
    PluralForms::installEnglish(&app);
    DriverMessageFilter::install();

    const auto commands = makeCommands();
    const QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);

    if (arguments.size() < 2 || arguments.at(1) == QLatin1String("--help")
        || arguments.at(1) == QLatin1String("-h")) {
        printUsage(arguments.size() < 2 ? err : out, commands);
        return arguments.size() < 2 ? 2 : 0;
    }
    if (arguments.at(1) == QLatin1String("--version")) {
        out << "memtapctl " << MEMTAP_VERSION << "\n";
        return 0;
    }
    for (const auto &command : commands) {
        if (command->name() == arguments.at(1)) {
            QStringList commandArguments = arguments.mid(2);
            commandArguments.prepend(QStringLiteral("memtapctl ") + command->name());
            return command->run(commandArguments);
        }
    }
    err << QCoreApplication::translate("memtapctl", "memtapctl: unknown command \"%1\"")
               .arg(arguments.at(1))
        << "\n";
    printUsage(err, commands);
    return 2;
}
