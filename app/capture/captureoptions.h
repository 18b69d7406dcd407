// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace memtap {

// Which tracer the root helper runs. Auto is resolved before the helper starts
// (BackendSelector), so a running session always knows its concrete backend.
enum class CaptureBackend {
    Auto,
    Stap,
    Bpftrace,
};

// How the unprivileged process gets the root helper started.
enum class Elevation {
    Pkexec, // polkit asks for the password (the desktop default)
    Sudo, // `sudo -n`: never prompts, works when sudo needs no password
    None, // already root: run the helper directly
};

// The stable names used on command lines, in settings and in the session record.
QString captureBackendName(CaptureBackend backend);
std::optional<CaptureBackend> captureBackendFromName(QStringView name);
QString elevationName(Elevation elevation);
std::optional<Elevation> elevationFromName(QStringView name);

// What the user sees in the status bar and in summaries ("SystemTap", "bpftrace").
QString captureBackendDisplayName(CaptureBackend backend);

struct CaptureOptions
{
    CaptureBackend backend = CaptureBackend::Auto;
    Elevation elevation = Elevation::Pkexec;
    // The helper to run. pkexec only accepts the installed path that the polkit
    // action names; tests and developers run the build-tree helper with
    // elevation None.
    QString helperPath;
    // Stop on our own this long after the tracer is attached; zero = no limit.
    std::chrono::milliseconds duration {0};

    CaptureOptions();
};

} // namespace memtap
