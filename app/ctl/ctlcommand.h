// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace memtap {

// One `memtapctl <command>`. Commands live in the core library so that tests
// can run them in-process; app/ctl/main.cpp only picks one by name.
class CtlCommand
{
public:
    virtual ~CtlCommand() = default;

    virtual QString name() const = 0;
    // One line for `memtapctl --help`, translated.
    virtual QString summary() const = 0;
    // Runs with the arguments that follow the command name (arguments[0] is
    // "memtapctl <name>", as QCommandLineParser expects). Returns the exit code.
    virtual int run(const QStringList &arguments) = 0;
};

} // namespace memtap
