// SPDX-License-Identifier: GPL-2.0-or-later
#include "baselinecodec.h"

#include "storage/varint.h"

#include <cstdint>

namespace memtap {

namespace {

void put(QByteArray &out, std::uint64_t value)
{
    varint::append(out, value);
}

void putSigned(QByteArray &out, std::int64_t value)
{
    varint::append(out, varint::zigzag(value));
}

using varint::difference;
using varint::undoDifference;

class Reader
{
public:
    explicit Reader(QByteArrayView bytes)
        : m_bytes(bytes)
    { }
    bool atEnd() const { return m_at >= m_bytes.size(); }
    bool get(std::uint64_t *value) { return varint::read(m_bytes, m_at, value); }
    bool getSigned(std::int64_t *value)
    {
        std::uint64_t raw = 0;
        if (!get(&raw))
            return false;
        *value = varint::unzigzag(raw);
        return true;
    }
    bool getBytes(std::uint64_t length, QByteArrayView *out)
    {
        if (length > std::uint64_t(m_bytes.size() - m_at))
            return false;
        *out = m_bytes.sliced(m_at, qsizetype(length));
        m_at += qsizetype(length);
        return true;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
};

} // namespace

QByteArray BaselineCodec::encode(const Event &snapshot, std::span<const Event> maps)
{
    QByteArray out;
    out.reserve(qsizetype(maps.size()) * 40);
    for (const Event &map : maps) {
        putSigned(out, difference(map.timestampNs, snapshot.timestampNs));
        putSigned(out, difference(map.pid, snapshot.pid));
        putSigned(out, difference(map.tid, snapshot.tid));
        putSigned(out, difference(map.ppid, snapshot.ppid));
        putSigned(out, difference(map.uid, snapshot.uid));
        put(out, map.address);
        put(out, map.length);
        put(out, map.prot);
        put(out, map.flags);
        putSigned(out, map.fd);
        put(out, map.offset);
        putSigned(out, map.result);
        put(out, map.name.size());
        out.append(map.name.view());
        if (map.text.isNull()) {
            put(out, 0);
        } else {
            put(out, std::uint64_t(map.text.size()) + 1);
            out.append(map.text);
        }
    }
    return out;
}

std::optional<std::vector<Event>> BaselineCodec::decode(const Event &snapshot, QByteArrayView bytes)
{
    std::vector<Event> maps;
    Reader reader(bytes);
    while (!reader.atEnd()) {
        Event map;
        map.call = Call::Map;
        std::int64_t ts = 0, pid = 0, tid = 0, ppid = 0, uid = 0, fd = 0, result = 0;
        std::uint64_t nameLength = 0, textLength = 0;
        QByteArrayView name;
        QByteArrayView text;
        if (!reader.getSigned(&ts) || !reader.getSigned(&pid) || !reader.getSigned(&tid)
            || !reader.getSigned(&ppid) || !reader.getSigned(&uid) || !reader.get(&map.address)
            || !reader.get(&map.length) || !reader.get(&map.prot) || !reader.get(&map.flags)
            || !reader.getSigned(&fd) || !reader.get(&map.offset) || !reader.getSigned(&result)
            || !reader.get(&nameLength) || !reader.getBytes(nameLength, &name)
            || !reader.get(&textLength)
            || (textLength > 0 && !reader.getBytes(textLength - 1, &text)))
            return std::nullopt;
        map.timestampNs = undoDifference(ts, snapshot.timestampNs);
        map.pid = std::int32_t(undoDifference(pid, snapshot.pid));
        map.tid = std::int32_t(undoDifference(tid, snapshot.tid));
        map.ppid = std::int32_t(undoDifference(ppid, snapshot.ppid));
        map.uid = undoDifference(uid, snapshot.uid);
        map.fd = fd;
        map.result = result;
        if (!map.name.assign(name))
            return std::nullopt;
        if (textLength > 0)
            map.text = text.isEmpty() ? QByteArray("") : text.toByteArray();
        maps.push_back(std::move(map));
    }
    return maps;
}

} // namespace memtap
