// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace memtap {

// Why a capture session ended, recorded with the session. The names from
// captureEndReasonName() are stored: append new values, never rename.
enum class CaptureEndReason {
    None, // still running, or never started
    UserStop, // stop() was called
    DurationReached, // the configured duration elapsed
    TracerDied, // the tracer or the helper ended without being asked to
    HelperRefused, // the helper rejected its arguments (exit code 2)
    AuthorizationDismissed, // the password prompt was cancelled
    AuthorizationDenied, // polkit or sudo said no
    StartFailed, // the tracer never produced a stream (missing tools, headers, ...)
    StreamError, // the stream could not be read (another format or version)
    OutputFailed, // writing the raw stream failed (disk full, closed pipe)
};

// "user-stop", "duration", "tracer-died", ...: stable, not translated.
QString captureEndReasonName(CaptureEndReason reason);
std::optional<CaptureEndReason> captureEndReasonFromName(QStringView name);
// A few translated words for summaries and the status bar ("stopped by the user").
QString captureEndReasonText(CaptureEndReason reason);
// True for the ends a user asked for; everything else is a failure to report.
constexpr bool isRequestedEnd(CaptureEndReason reason)
{
    return reason == CaptureEndReason::UserStop || reason == CaptureEndReason::DurationReached;
}

} // namespace memtap
