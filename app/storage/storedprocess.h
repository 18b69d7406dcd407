// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"

#include <QString>

namespace memtap {

// A row of the processes table: the Accountant's figures as last stored, and
// the user name resolved on the recording host (null when unknown).
struct StoredProcess
{
    ProcessFigures figures;
    QString userName;
};

} // namespace memtap
