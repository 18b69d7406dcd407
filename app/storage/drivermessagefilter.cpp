// SPDX-License-Identifier: GPL-2.0-or-later
#include "drivermessagefilter.h"

#include <QString>
#include <QtGlobal>

namespace memtap {

namespace {

// Never null once installed: without a handler of its own, Qt returns its
// default one.
QtMessageHandler previousHandler = nullptr;

void filterDriverMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg
        && message == QLatin1String("QMYSQLResult::cleanup: unable to free statement handle"))
        return;
    previousHandler(type, context, message);
}

} // namespace

void DriverMessageFilter::install()
{
    previousHandler = qInstallMessageHandler(filterDriverMessages);
}

} // namespace memtap
