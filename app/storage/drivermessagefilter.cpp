// SPDX-License-Identifier: GPL-2.0-or-later
#include "drivermessagefilter.h"

#include <QString>
#include <QtGlobal>

#include <cstdio>

namespace memtap {

namespace {

QtMessageHandler previousHandler = nullptr;

void filterDriverMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg
        && message == QLatin1String("QMYSQLResult::cleanup: unable to free statement handle"))
        return;
    if (previousHandler) {
        previousHandler(type, context, message);
        return;
    }
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

} // namespace

void DriverMessageFilter::install()
{
    previousHandler = qInstallMessageHandler(filterDriverMessages);
}

} // namespace memtap
