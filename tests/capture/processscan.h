// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>

#include <sys/types.h>

namespace memtap::test {

// What /proc says about one process, enough to recognise it again: a pid
// alone may be reused, a pid with its start time is not.
struct ProcessIdentity
{
    pid_t pid = 0;
    pid_t parent = 0;
    QByteArray comm;
    unsigned long long startTime = 0; // field 22 of /proc/PID/stat, clock ticks since boot

    bool operator==(const ProcessIdentity &other) const
    {
        return pid == other.pid && startTime == other.startTime;
    }
};

inline bool readProcess(pid_t pid, ProcessIdentity *identity)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    // "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
    const qsizetype open = line.indexOf('(');
    const qsizetype close = line.lastIndexOf(')');
    if (open < 0 || close < open)
        return false;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    if (fields.size() < 20)
        return false;
    identity->pid = pid;
    identity->comm = line.mid(open + 1, close - open - 1);
    identity->parent = fields.at(1).toInt();
    identity->startTime = fields.at(19).toULongLong();
    return true;
}

inline QList<ProcessIdentity> allProcesses()
{
    QList<ProcessIdentity> processes;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const pid_t pid = entry.toInt(&isPid);
        ProcessIdentity identity;
        if (isPid && readProcess(pid, &identity))
            processes.append(identity);
    }
    return processes;
}

// The process itself and every process below it.
inline QList<ProcessIdentity> processTree(pid_t root)
{
    const QList<ProcessIdentity> processes = allProcesses();
    QList<ProcessIdentity> tree;
    for (const ProcessIdentity &process : processes) {
        if (process.pid == root)
            tree.append(process);
    }
    for (qsizetype i = 0; i < tree.size(); ++i) {
        for (const ProcessIdentity &process : processes) {
            if (process.parent == tree.at(i).pid && process.pid != tree.at(i).pid)
                tree.append(process);
        }
    }
    return tree;
}

inline bool isAlive(const ProcessIdentity &process)
{
    ProcessIdentity now;
    if (!readProcess(process.pid, &now) || now.startTime != process.startTime)
        return false;
    // A zombie is gone for our purposes only once reaped; report it as alive.
    return true;
}

} // namespace memtap::test
