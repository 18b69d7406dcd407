// SPDX-License-Identifier: GPL-2.0-or-later
#include "captureoptions.h"

#include "memtapconfig.h"

#include <QCoreApplication>

namespace memtap {

CaptureOptions::CaptureOptions()
    : helperPath(QStringLiteral(MEMTAP_HELPER_PATH))
{ }

QString captureBackendName(CaptureBackend backend)
{
    switch (backend) {
    case CaptureBackend::Auto:
        return QStringLiteral("auto");
    case CaptureBackend::Stap:
        return QStringLiteral("stap");
    case CaptureBackend::Bpftrace:
        return QStringLiteral("bpftrace");
    }
    return {};
}

std::optional<CaptureBackend> captureBackendFromName(QStringView name)
{
    for (const auto backend :
        {CaptureBackend::Auto, CaptureBackend::Stap, CaptureBackend::Bpftrace}) {
        if (name == captureBackendName(backend))
            return backend;
    }
    return std::nullopt;
}

QString elevationName(Elevation elevation)
{
    switch (elevation) {
    case Elevation::Pkexec:
        return QStringLiteral("pkexec");
    case Elevation::Sudo:
        return QStringLiteral("sudo");
    case Elevation::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<Elevation> elevationFromName(QStringView name)
{
    for (const auto elevation : {Elevation::Pkexec, Elevation::Sudo, Elevation::None}) {
        if (name == elevationName(elevation))
            return elevation;
    }
    return std::nullopt;
}

QString captureBackendDisplayName(CaptureBackend backend)
{
    switch (backend) {
    case CaptureBackend::Auto:
        return QCoreApplication::translate("CaptureOptions", "automatic");
    case CaptureBackend::Stap:
        return QStringLiteral("SystemTap");
    case CaptureBackend::Bpftrace:
        return QStringLiteral("bpftrace");
    }
    return {};
}

} // namespace memtap
