// SPDX-License-Identifier: GPL-2.0-or-later
#include "captureendreason.h"

#include <QCoreApplication>

#include <array>

namespace memtap {

namespace {

constexpr std::array allReasons = {
    CaptureEndReason::None,
    CaptureEndReason::UserStop,
    CaptureEndReason::DurationReached,
    CaptureEndReason::TracerDied,
    CaptureEndReason::HelperRefused,
    CaptureEndReason::AuthorizationDismissed,
    CaptureEndReason::AuthorizationDenied,
    CaptureEndReason::StartFailed,
    CaptureEndReason::StreamError,
    CaptureEndReason::OutputFailed,
};

} // namespace

QString captureEndReasonName(CaptureEndReason reason)
{
    switch (reason) {
    case CaptureEndReason::None:
        return QStringLiteral("none");
    case CaptureEndReason::UserStop:
        return QStringLiteral("user-stop");
    case CaptureEndReason::DurationReached:
        return QStringLiteral("duration");
    case CaptureEndReason::TracerDied:
        return QStringLiteral("tracer-died");
    case CaptureEndReason::HelperRefused:
        return QStringLiteral("helper-refused");
    case CaptureEndReason::AuthorizationDismissed:
        return QStringLiteral("authorization-dismissed");
    case CaptureEndReason::AuthorizationDenied:
        return QStringLiteral("authorization-denied");
    case CaptureEndReason::StartFailed:
        return QStringLiteral("start-failed");
    case CaptureEndReason::StreamError:
        return QStringLiteral("stream-error");
    case CaptureEndReason::OutputFailed:
        return QStringLiteral("output-failed");
    }
    return {};
}

std::optional<CaptureEndReason> captureEndReasonFromName(QStringView name)
{
    for (const auto reason : allReasons) {
        if (name == captureEndReasonName(reason))
            return reason;
    }
    return std::nullopt;
}

QString captureEndReasonText(CaptureEndReason reason)
{
    const char *text = "";
    switch (reason) {
    case CaptureEndReason::None:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "not ended");
        break;
    case CaptureEndReason::UserStop:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "stopped by the user");
        break;
    case CaptureEndReason::DurationReached:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "duration reached");
        break;
    case CaptureEndReason::TracerDied:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "tracer died");
        break;
    case CaptureEndReason::HelperRefused:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "helper refused to start");
        break;
    case CaptureEndReason::AuthorizationDismissed:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "authorization dismissed");
        break;
    case CaptureEndReason::AuthorizationDenied:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "authorization denied");
        break;
    case CaptureEndReason::StartFailed:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "failed to start");
        break;
    case CaptureEndReason::StreamError:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "unreadable trace stream");
        break;
    case CaptureEndReason::OutputFailed:
        text = QT_TRANSLATE_NOOP("CaptureEndReason", "writing the output failed");
        break;
    }
    return QCoreApplication::translate("CaptureEndReason", text);
}

} // namespace memtap
