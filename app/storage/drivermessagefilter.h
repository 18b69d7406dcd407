// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace memtap {

// Qt's MySQL driver warns once for every prepared statement it cannot free
// after the connection to the server broke ("QMYSQLResult::cleanup: unable to
// free statement handle"). Those statements went with the connection, and
// memtap says in its own words that the database is unavailable and what it
// does about it, so the driver's lines only cluttered memtapctl's terminal
// (four of them at every outage) and the desktop application's journal.
class DriverMessageFilter
{
public:
    // Puts the filter in front of the message handler installed so far.
    // Once per process, before the first database connection.
    static void install();
};

} // namespace memtap
