// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Builders of v1 records as the tracers and the helper write them
// (probes/README.md), for the accounting tests.

#include "trace/event.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>

#include <cstdint>
#include <utility>
#include <vector>

#include <sys/mman.h>

namespace memtap::test {

using Records = std::vector<Event>;

constexpr std::uint64_t page = 4096;
constexpr std::uint64_t anonymousPrivate = MAP_PRIVATE | MAP_ANONYMOUS;
constexpr std::uint64_t readWrite = PROT_READ | PROT_WRITE;

inline Event record(std::int64_t ts, std::int32_t pid, Call call)
{
    Event event;
    event.timestampNs = ts;
    event.pid = pid;
    event.tid = pid;
    event.ppid = 1;
    event.uid = 1000;
    event.call = call;
    event.name.assign("client");
    return event;
}

inline Event mmapRecord(std::int64_t ts, std::int32_t pid, std::int64_t result,
    std::uint64_t length, std::uint64_t flags = anonymousPrivate, std::uint64_t prot = readWrite,
    std::int64_t fd = -1, std::uint64_t offset = 0, std::uint64_t hint = 0)
{
    Event event = record(ts, pid, Call::Mmap);
    event.address = hint;
    event.length = length;
    event.prot = prot;
    event.flags = flags;
    event.fd = fd;
    event.offset = offset;
    event.result = result;
    return event;
}

inline Event munmapRecord(std::int64_t ts, std::int32_t pid, std::uint64_t address,
    std::uint64_t length, std::int64_t result = 0)
{
    Event event = record(ts, pid, Call::Munmap);
    event.address = address;
    event.length = length;
    event.result = result;
    return event;
}

inline Event mremapRecord(std::int64_t ts, std::int32_t pid, std::uint64_t oldAddress,
    std::uint64_t oldLength, std::uint64_t newLength, std::uint64_t flags, std::int64_t result)
{
    Event event = record(ts, pid, Call::Mremap);
    event.address = oldAddress;
    event.length = newLength;
    event.offset = oldLength;
    event.flags = flags;
    event.result = result;
    return event;
}

inline Event brkRecord(std::int64_t ts, std::int32_t pid, std::uint64_t requested,
    std::uint64_t startBrk, std::uint64_t newBreak)
{
    Event event = record(ts, pid, Call::Brk);
    event.address = requested;
    event.offset = startBrk;
    event.result = static_cast<std::int64_t>(newBreak);
    return event;
}

inline Event forkRecord(std::int64_t ts, std::int32_t parent, std::int32_t child,
    std::uint64_t cloneFlags = 17 /* SIGCHLD */)
{
    Event event = record(ts, parent, Call::Fork);
    event.flags = cloneFlags;
    event.result = child;
    return event;
}

inline Event execRecord(std::int64_t ts, std::int32_t pid, QByteArrayView newName)
{
    Event event = record(ts, pid, Call::Exec);
    event.name.assign(newName);
    return event;
}

inline Event exitRecord(std::int64_t ts, std::int32_t pid, std::int64_t status = 0)
{
    Event event = record(ts, pid, Call::Exit);
    event.result = status;
    return event;
}

inline Event cmdlineRecord(std::int64_t ts, std::int32_t pid, const QByteArray &cmdline)
{
    Event event = record(ts, pid, Call::Cmdline);
    event.name.clear();
    event.text = cmdline;
    return event;
}

// One line of /proc/PID/maps as the helper reports it.
struct MapLine
{
    MapLine(std::uint64_t start = 0, std::uint64_t end = 0, std::uint64_t prot = readWrite,
        std::uint64_t flags = anonymousPrivate, QByteArray path = {}, std::uint64_t offset = 0)
        : start(start)
        , end(end)
        , prot(prot)
        , flags(flags)
        , path(std::move(path))
        , offset(offset)
    { }

    std::uint64_t start;
    std::uint64_t end;
    std::uint64_t prot;
    std::uint64_t flags;
    QByteArray path;
    std::uint64_t offset;
};

inline MapLine anonymousLine(std::uint64_t start, std::uint64_t end)
{
    return MapLine {start, end, readWrite, anonymousPrivate, QByteArray(), 0};
}

// A snapshot block: the snapshot line at ts, the map lines read at mapsTs.
inline Records snapshotRecords(std::int64_t ts, std::int64_t mapsTs, std::int32_t pid,
    const std::vector<MapLine> &lines, std::int64_t announced = -1, QByteArrayView comm = "client")
{
    Records records;
    Event snapshot = record(ts, pid, Call::Snapshot);
    snapshot.name.assign(comm);
    snapshot.result = announced >= 0 ? announced : std::int64_t(lines.size());
    records.push_back(snapshot);
    for (const MapLine &line : lines) {
        Event map = record(mapsTs, pid, Call::Map);
        map.name.clear();
        map.address = line.start;
        map.length = line.end - line.start;
        map.prot = line.prot;
        map.flags = line.flags;
        map.offset = line.offset;
        map.text = line.path;
        records.push_back(map);
    }
    return records;
}

inline Records concat(std::initializer_list<Records> parts)
{
    Records all;
    for (const Records &part : parts)
        all.insert(all.end(), part.begin(), part.end());
    return all;
}

} // namespace memtap::test

Q_DECLARE_METATYPE(memtap::test::Records)
Q_DECLARE_METATYPE(std::vector<memtap::test::MapLine>)
