// SPDX-License-Identifier: GPL-2.0-or-later
#include "storage/baselinecodec.h"

#include <QTest>

#include <limits>

using namespace memtap;

namespace {

constexpr auto int64Min = std::numeric_limits<std::int64_t>::min();
constexpr auto int64Max = std::numeric_limits<std::int64_t>::max();
constexpr auto uint64Max = std::numeric_limits<std::uint64_t>::max();

Event snapshotRecord()
{
    Event snapshot;
    snapshot.call = Call::Snapshot;
    snapshot.timestampNs = 5'000'000'000;
    snapshot.pid = 4242;
    snapshot.tid = 4242;
    snapshot.ppid = 1;
    snapshot.uid = 1000;
    snapshot.result = 3;
    return snapshot;
}

Event mapRecord(const Event &snapshot, std::uint64_t address, QByteArray path)
{
    Event map = snapshot;
    map.call = Call::Map;
    map.address = address;
    map.length = 0x21000;
    map.prot = 5;
    map.flags = 2;
    map.fd = -1;
    map.offset = 0x1000;
    map.result = 0;
    map.text = std::move(path);
    return map;
}

void compareEvents(const Event &actual, const Event &expected)
{
    QCOMPARE(actual.call, Call::Map);
    QCOMPARE(actual.timestampNs, expected.timestampNs);
    QCOMPARE(actual.pid, expected.pid);
    QCOMPARE(actual.tid, expected.tid);
    QCOMPARE(actual.ppid, expected.ppid);
    QCOMPARE(actual.uid, expected.uid);
    QCOMPARE(actual.address, expected.address);
    QCOMPARE(actual.length, expected.length);
    QCOMPARE(actual.prot, expected.prot);
    QCOMPARE(actual.flags, expected.flags);
    QCOMPARE(actual.fd, expected.fd);
    QCOMPARE(actual.offset, expected.offset);
    QCOMPARE(actual.result, expected.result);
    QCOMPARE(actual.name.view(), expected.name.view());
    QCOMPARE(actual.text.isNull(), expected.text.isNull());
    QCOMPARE(actual.text, expected.text);
}

} // namespace

// baseline_records.maps as databases already hold it: the encoder must keep
// writing it byte for byte, and the decoder must read every field back.
class TestBaselineCodec : public QObject
{
    Q_OBJECT

private slots:
    void writesTheStoredFormat();
    void roundTripsEveryFieldAtItsExtremes();
    void refusesCutEncodings();
};

void TestBaselineCodec::writesTheStoredFormat()
{
    const Event snapshot = snapshotRecord();
    Event map = mapRecord(snapshot, 0x7f0000001000, "/a");
    map.name.assign("sh");
    map.timestampNs = snapshot.timestampNs + 1;
    map.pid = snapshot.pid - 1;
    const QByteArray expected = QByteArray::fromHex(
        // ts +1, pid -1, tid, ppid, uid: zigzag differences
        "02"
        "01"
        "00"
        "00"
        "00"
        // address 0x7f0000001000, length 0x21000, prot 5, flags 2
        "80a0808080e01f"
        "80a008"
        "05"
        "02"
        // fd -1 (zigzag), offset 0x1000, result 0
        "01"
        "8020"
        "00"
        // name "sh", text "/a" (length + 1)
        "02"
        "7368"
        "03"
        "2f61");
    QCOMPARE(BaselineCodec::encode(snapshot, {&map, 1}).toHex(), expected.toHex());
}

void TestBaselineCodec::roundTripsEveryFieldAtItsExtremes()
{
    const Event snapshot = snapshotRecord();
    std::vector<Event> maps;
    maps.push_back(mapRecord(snapshot, 0x400000, "/usr/bin/memtap"));
    Event extreme = mapRecord(snapshot, uint64Max, QByteArray());
    extreme.timestampNs = int64Min;
    extreme.pid = std::numeric_limits<std::int32_t>::min();
    extreme.tid = std::numeric_limits<std::int32_t>::max();
    extreme.ppid = -1;
    extreme.uid = int64Max;
    extreme.length = uint64Max;
    extreme.prot = uint64Max;
    extreme.flags = uint64Max;
    extreme.fd = int64Min;
    extreme.offset = uint64Max;
    extreme.result = int64Max;
    extreme.name.assign(QByteArray(int(ProcessName::capacity), 'n'));
    maps.push_back(extreme);
    Event emptyText = mapRecord(snapshot, 0x1000, QByteArray(""));
    emptyText.uid = -1;
    emptyText.timestampNs = int64Max;
    maps.push_back(emptyText);
    maps.push_back(mapRecord(snapshot, 0x2000, QByteArray("a\0b\tc\\n", 7)));

    const QByteArray bytes = BaselineCodec::encode(snapshot, maps);
    const auto decoded = BaselineCodec::decode(snapshot, bytes);
    QVERIFY(decoded);
    QCOMPARE(decoded->size(), maps.size());
    for (std::size_t i = 0; i < maps.size(); ++i)
        compareEvents(decoded->at(i), maps[i]);
}

void TestBaselineCodec::refusesCutEncodings()
{
    const Event snapshot = snapshotRecord();
    const std::vector<Event> maps {mapRecord(snapshot, 0x400000, "/usr/lib/libc.so.6"),
        mapRecord(snapshot, 0x600000, "[heap]")};
    const QByteArray whole = BaselineCodec::encode(snapshot, maps);
    const qsizetype firstEnd = BaselineCodec::encode(snapshot, {maps.data(), 1}).size();
    for (qsizetype size = 0; size < whole.size(); ++size) {
        const auto decoded = BaselineCodec::decode(snapshot, QByteArrayView(whole).first(size));
        if (size == 0 || size == firstEnd) {
            QVERIFY2(decoded, qPrintable(QString::number(size)));
            QCOMPARE(decoded->size(), std::size_t(size == 0 ? 0 : 1));
        } else {
            QVERIFY2(!decoded, qPrintable(QString::number(size)));
        }
    }
    // A varint longer than 64 bits.
    QVERIFY(!BaselineCodec::decode(snapshot, QByteArray(11, char(0x80)) + '\x01'));
}

QTEST_APPLESS_MAIN(TestBaselineCodec)
#include "tst_baselinecodec.moc"
