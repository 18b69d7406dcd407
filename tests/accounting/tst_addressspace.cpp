// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/addressspace.h"

#include <QTest>

#include <algorithm>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include <sys/mman.h>

using namespace memtap;

namespace {

constexpr std::uint64_t page = 4096;
constexpr std::uint64_t top = std::numeric_limits<std::uint64_t>::max();

MappingAttributes anonymous(std::uint32_t prot = PROT_READ | PROT_WRITE)
{
    MappingAttributes attributes;
    attributes.prot = prot;
    attributes.flags = MAP_PRIVATE | MAP_ANONYMOUS;
    return attributes;
}

MappingAttributes sharedAnonymous()
{
    MappingAttributes attributes = anonymous();
    attributes.flags = MAP_SHARED | MAP_ANONYMOUS;
    return attributes;
}

MappingAttributes file(
    const char *path, std::uint64_t offset, std::uint32_t flags = MAP_PRIVATE, std::int32_t fd = 3)
{
    MappingAttributes attributes;
    attributes.prot = PROT_READ | PROT_EXEC;
    attributes.flags = flags;
    attributes.fd = fd;
    attributes.offset = offset;
    attributes.path = path;
    return attributes;
}

MappingAttributes special(const char *path)
{
    MappingAttributes attributes = anonymous();
    attributes.path = path;
    attributes.kind = regionKindFromPath(path);
    return attributes;
}

using Spans = QList<QPair<quint64, quint64>>;

Spans spans(const AddressSpace &space)
{
    Spans result;
    for (const AddressSpace::Range &range : space.ranges())
        result.append({range.start, range.end});
    return result;
}

} // namespace

class TestAddressSpace : public QObject
{
    Q_OBJECT

private slots:
    void mapsWholePages_data();
    void mapsWholePages();
    void unmapsExactlyWhatWasAsked_data();
    void unmapsExactlyWhatWasAsked();
    void mapReplacesWhatItOverlaps();
    void mergesAdjacentRangesLikeTheKernel();
    void splitKeepsFileOffsets();
    void totalsSplitByKind();
    void kernelManagedRegionsAreNotLive_data();
    void kernelManagedRegionsAreNotLive();
    void saturatesNearTheTopOfTheAddressSpace();
    void hugeRanges();
    void fillGapsLeavesMappedPartsAlone();
    void rangesInClipsAndAdjustsOffsets();
    void copiesAreIndependent();
    void clearEmptiesEverything();
    void invalidPageSizeFallsBack();
    void matchesPageModelUnderRandomOperations_data();
    void matchesPageModelUnderRandomOperations();
    void findsRangesAmongManyChunks();
};

void TestAddressSpace::mapsWholePages_data()
{
    QTest::addColumn<quint64>("start");
    QTest::addColumn<quint64>("length");
    QTest::addColumn<Spans>("expected");

    QTest::newRow("one byte") << quint64(0x10000) << quint64(1) << Spans {{0x10000, 0x11000}};
    QTest::newRow("exactly a page")
        << quint64(0x10000) << quint64(page) << Spans {{0x10000, 0x11000}};
    QTest::newRow("a page and a byte")
        << quint64(0x10000) << quint64(page + 1) << Spans {{0x10000, 0x12000}};
    QTest::newRow("zero length maps nothing") << quint64(0x10000) << quint64(0) << Spans {};
    QTest::newRow("unaligned start touches two pages")
        << quint64(0x10ff0) << quint64(0x20) << Spans {{0x10000, 0x12000}};
    QTest::newRow("unaligned start within one page")
        << quint64(0x10010) << quint64(0x20) << Spans {{0x10000, 0x11000}};
    QTest::newRow("address zero") << quint64(0) << quint64(3 * page) << Spans {{0, 3 * page}};
}

void TestAddressSpace::mapsWholePages()
{
    QFETCH(quint64, start);
    QFETCH(quint64, length);
    QFETCH(Spans, expected);

    AddressSpace space;
    space.map(start, length, anonymous());
    QCOMPARE(spans(space), expected);
    std::uint64_t bytes = 0;
    for (const auto &span : expected)
        bytes += span.second - span.first;
    QCOMPARE(space.totals().mappedBytes, bytes);
    QCOMPARE(space.totals().liveBytes, bytes);
}

void TestAddressSpace::unmapsExactlyWhatWasAsked_data()
{
    QTest::addColumn<quint64>("start");
    QTest::addColumn<quint64>("length");
    QTest::addColumn<Spans>("remaining");
    QTest::addColumn<quint64>("removed");

    // Mapped before each row: [0x10000,0x13000) [0x15000,0x18000) [0x1a000,0x1c000),
    // three different kinds so that nothing merges.
    QTest::newRow("nothing mapped there")
        << quint64(0x30000) << quint64(page)
        << Spans {{0x10000, 0x13000}, {0x15000, 0x18000}, {0x1a000, 0x1c000}} << quint64(0);
    QTest::newRow("a hole only") << quint64(0x13000) << quint64(2 * page)
                                 << Spans {{0x10000, 0x13000}, {0x15000, 0x18000},
                                        {0x1a000, 0x1c000}}
                                 << quint64(0);
    QTest::newRow("zero length") << quint64(
        0x10000) << quint64(0) << Spans {{0x10000, 0x13000}, {0x15000, 0x18000}, {0x1a000, 0x1c000}}
                                 << quint64(0);
    QTest::newRow("middle of a range")
        << quint64(0x11000) << quint64(page)
        << Spans {{0x10000, 0x11000}, {0x12000, 0x13000}, {0x15000, 0x18000}, {0x1a000, 0x1c000}}
        << quint64(page);
    QTest::newRow("head of a range")
        << quint64(0x15000) << quint64(page)
        << Spans {{0x10000, 0x13000}, {0x16000, 0x18000}, {0x1a000, 0x1c000}} << quint64(page);
    QTest::newRow("tail of a range")
        << quint64(0x17000) << quint64(page)
        << Spans {{0x10000, 0x13000}, {0x15000, 0x17000}, {0x1a000, 0x1c000}} << quint64(page);
    QTest::newRow("exactly one range")
        << quint64(0x15000) << quint64(3 * page) << Spans {{0x10000, 0x13000}, {0x1a000, 0x1c000}}
        << quint64(3 * page);
    QTest::newRow("spanning several ranges and holes")
        << quint64(0x11000) << quint64(0x1b000 - 0x11000)
        << Spans {{0x10000, 0x11000}, {0x1b000, 0x1c000}} << quint64(2 * page + 3 * page + page);
    QTest::newRow("everything and more")
        << quint64(0x1000) << quint64(0x100000) << Spans {} << quint64(8 * page);
    QTest::newRow("unaligned start and length take every touched page")
        << quint64(0x11800) << quint64(0x100)
        << Spans {{0x10000, 0x11000}, {0x12000, 0x13000}, {0x15000, 0x18000}, {0x1a000, 0x1c000}}
        << quint64(page);
    QTest::newRow("one byte past a page boundary")
        << quint64(0x10000) << quint64(page + 1)
        << Spans {{0x12000, 0x13000}, {0x15000, 0x18000}, {0x1a000, 0x1c000}} << quint64(2 * page);
    QTest::newRow("length that would wrap around")
        << quint64(0x16000) << quint64(top) << Spans {{0x10000, 0x13000}, {0x15000, 0x16000}}
        << quint64(2 * page + 2 * page);
}

void TestAddressSpace::unmapsExactlyWhatWasAsked()
{
    QFETCH(quint64, start);
    QFETCH(quint64, length);
    QFETCH(Spans, remaining);
    QFETCH(quint64, removed);

    AddressSpace space;
    space.map(0x10000, 3 * page, anonymous());
    space.map(0x15000, 3 * page, file("/usr/lib/libc.so.6", 0));
    space.map(0x1a000, 2 * page, sharedAnonymous());
    const std::uint64_t before = space.totals().mappedBytes;

    QCOMPARE(space.unmap(start, length), removed);
    QCOMPARE(spans(space), remaining);
    QCOMPARE(space.totals().mappedBytes, before - removed);
    std::uint64_t sum = 0;
    for (const auto &span : remaining)
        sum += span.second - span.first;
    QCOMPARE(space.totals().liveBytes, sum);
    QCOMPARE(space.totals().anonymousBytes + space.totals().fileBytes, sum);
    QCOMPARE(space.totals().privateBytes + space.totals().sharedBytes, sum);
}

void TestAddressSpace::mapReplacesWhatItOverlaps()
{
    AddressSpace space;
    space.map(0x10000, 4 * page, file("/data", 0));
    // Exactly over: replaced, not added.
    space.map(0x10000, 4 * page, anonymous());
    QCOMPARE(space.rangeCount(), std::size_t(1));
    QCOMPARE(space.totals().liveBytes, 4 * page);
    QCOMPARE(space.totals().fileBytes, quint64(0));
    QCOMPARE(space.totals().anonymousBytes, 4 * page);

    // Over the middle of one range and the start of another.
    space.map(0x20000, 2 * page, sharedAnonymous());
    space.map(0x12000, 0x20000 + page - 0x12000, file("/lib", 0x7000));
    QCOMPARE(spans(space), (Spans {{0x10000, 0x12000}, {0x12000, 0x21000}, {0x21000, 0x22000}}));
    QCOMPARE(space.totals().liveBytes, 0x22000 - 0x10000);
    QCOMPARE(space.totals().fileBytes, 0x21000 - 0x12000);
    QCOMPARE(space.totals().sharedBytes, page);
    QCOMPARE(space.rangeAt(0x21000)->attributes.offset, quint64(page)); // the head went
    QCOMPARE(space.rangeAt(0x12000)->attributes.offset, quint64(0x7000));
}

void TestAddressSpace::mergesAdjacentRangesLikeTheKernel()
{
    AddressSpace space;
    space.map(0x10000, page, anonymous());
    space.map(0x11000, page, anonymous()); // after
    space.map(0xf000, page, anonymous()); // before
    QCOMPARE(spans(space), (Spans {{0xf000, 0x12000}}));

    space.map(0x12000, page, anonymous(PROT_READ)); // other protection: separate
    QCOMPARE(space.rangeCount(), std::size_t(2));

    // File ranges merge only when the file offsets continue.
    space.map(0x20000, page, file("/f", 0));
    space.map(0x21000, page, file("/f", page));
    space.map(0x22000, page, file("/f", 5 * page));
    QCOMPARE(spans(space),
        (Spans {{0xf000, 0x12000}, {0x12000, 0x13000}, {0x20000, 0x22000}, {0x22000, 0x23000}}));

    // A range that fills the hole between two matching ones joins all three.
    space.map(0x30000, page, anonymous());
    space.map(0x32000, page, anonymous());
    space.map(0x31000, page, anonymous());
    QVERIFY(spans(space).contains(qMakePair(quint64(0x30000), quint64(0x33000))));
    QCOMPARE(space.totals().liveBytes, 3 * page + page + 3 * page + 3 * page);
}

void TestAddressSpace::splitKeepsFileOffsets()
{
    AddressSpace space;
    space.map(0x100000, 16 * page, file("/usr/lib/x.so", 0x5000));
    QCOMPARE(space.unmap(0x104000, 2 * page), 2 * page);
    const auto ranges = space.ranges();
    QCOMPARE(ranges.size(), std::size_t(2));
    QCOMPARE(ranges[0].start, quint64(0x100000));
    QCOMPARE(ranges[0].end, quint64(0x104000));
    QCOMPARE(ranges[0].attributes.offset, quint64(0x5000));
    QCOMPARE(ranges[1].start, quint64(0x106000));
    QCOMPARE(ranges[1].end, quint64(0x110000));
    QCOMPARE(ranges[1].attributes.offset, quint64(0x5000 + 6 * page));
    QCOMPARE(ranges[1].attributes.path, QByteArray("/usr/lib/x.so"));
    // Mapping the hole again with the right offset makes it one range again.
    space.map(0x104000, 2 * page, file("/usr/lib/x.so", 0x5000 + 4 * page));
    QCOMPARE(space.rangeCount(), std::size_t(1));
}

void TestAddressSpace::totalsSplitByKind()
{
    AddressSpace space;
    space.map(0x10000, 1 * page, anonymous());
    space.map(0x20000, 2 * page, sharedAnonymous());
    space.map(0x30000, 4 * page, file("/f", 0, MAP_PRIVATE));
    space.map(0x40000, 8 * page, file("/g", 0, MAP_SHARED));
    space.map(0x50000, 16 * page, file("/h", 0, MAP_SHARED_VALIDATE));
    const AddressSpace::Totals &totals = space.totals();
    QCOMPARE(totals.liveBytes, 31 * page);
    QCOMPARE(totals.anonymousBytes, 3 * page);
    QCOMPARE(totals.fileBytes, 28 * page);
    QCOMPARE(totals.privateBytes, 5 * page);
    QCOMPARE(totals.sharedBytes, 26 * page);
    QCOMPARE(totals.mappedBytes, 31 * page);
}

void TestAddressSpace::kernelManagedRegionsAreNotLive_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("live");

    QTest::newRow("[heap]") << QByteArray("[heap]") << true;
    QTest::newRow("[stack]") << QByteArray("[stack]") << false;
    QTest::newRow("[vdso]") << QByteArray("[vdso]") << false;
    QTest::newRow("[vvar]") << QByteArray("[vvar]") << false;
    QTest::newRow("[vvar_vclock]") << QByteArray("[vvar_vclock]") << false;
    QTest::newRow("[vsyscall]") << QByteArray("[vsyscall]") << false;
    QTest::newRow("[anon:glibc malloc]") << QByteArray("[anon:glibc malloc]") << true;
    QTest::newRow("[stack:1234] of old kernels") << QByteArray("[stack:1234]") << true;
    QTest::newRow("[uprobes]") << QByteArray("[uprobes]") << true;
    QTest::newRow("a file called [stack] elsewhere") << QByteArray("/tmp/[stack]") << true;
}

void TestAddressSpace::kernelManagedRegionsAreNotLive()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, live);

    AddressSpace space;
    space.map(0x10000, page, anonymous());
    space.map(0x7ffd0000, 33 * page, special(path.constData()));
    QCOMPARE(space.totals().mappedBytes, 34 * page);
    QCOMPARE(space.totals().liveBytes, live ? 34 * page : page);
    QCOMPARE(space.totals().anonymousBytes + space.totals().fileBytes, space.totals().liveBytes);
    space.unmap(0x7ffd0000 + page, page);
    QCOMPARE(space.totals().liveBytes, live ? 33 * page : page);
}

void TestAddressSpace::saturatesNearTheTopOfTheAddressSpace()
{
    AddressSpace space;
    QCOMPARE(space.addressLimit(), top - page + 1);
    QCOMPARE(AddressSpace::saturatedEnd(top - 10, 100), top);
    QCOMPARE(AddressSpace::saturatedEnd(10, 100), quint64(110));
    QCOMPARE(space.pageAlignUp(top), space.addressLimit());
    QCOMPARE(space.pageAlignUp(space.addressLimit() - 1), space.addressLimit());

    // [vsyscall] sits right below the top and is representable.
    space.map(0xffffffffff600000ULL, page, special("[vsyscall]"));
    QCOMPARE(spans(space), (Spans {{0xffffffffff600000ULL, 0xffffffffff601000ULL}}));

    // A length running past 2^64 is cut at the last representable page end.
    space.map(top - 5 * page + 1, 100 * page, anonymous());
    QCOMPARE(space.rangeAt(top - 5 * page + 1)->end, space.addressLimit());
    QCOMPARE(space.rangeAt(top - 5 * page + 1)->start, top - 5 * page + 1);
    const std::uint64_t highBytes = 4 * page;
    QCOMPARE(space.totals().liveBytes, highBytes);

    // The top page itself cannot be represented: mapping only it maps nothing.
    space.map(top - 10, 5, anonymous());
    QCOMPARE(space.totals().liveBytes, highBytes);

    // Unmapping with a wrapping length removes up to the top, nothing below.
    space.map(0x10000, page, anonymous());
    QCOMPARE(space.unmap(top - 3 * page + 1, top), 2 * page);
    QCOMPARE(space.totals().liveBytes, highBytes - 2 * page + page);
    const std::uint64_t everything = space.totals().mappedBytes;
    QCOMPARE(space.unmap(0, top), everything);
    QVERIFY(space.isEmpty());
    QCOMPARE(space.totals(), AddressSpace::Totals {});
}

void TestAddressSpace::hugeRanges()
{
    AddressSpace space;
    const std::uint64_t half = std::uint64_t(1) << 63;
    space.map(0, half, anonymous());
    space.map(half, half, file("/huge", 0)); // saturates at the limit
    QCOMPARE(space.totals().liveBytes, space.addressLimit());
    QCOMPARE(space.totals().anonymousBytes, half);
    QCOMPARE(space.totals().fileBytes, half - page);
    // A hole in the middle of each.
    QCOMPARE(space.unmap(half - page, 2 * page), 2 * page);
    QCOMPARE(space.rangeAt(half + page)->attributes.offset, page);
    QCOMPARE(space.totals().liveBytes, space.addressLimit() - 2 * page);
    QCOMPARE(space.mappedBytesIn(0, top), space.addressLimit() - 2 * page);
    QCOMPARE(space.rangeCount(), std::size_t(2));
}

void TestAddressSpace::fillGapsLeavesMappedPartsAlone()
{
    AddressSpace space;
    space.map(0x12000, page, file("/keep", 0x9000));
    space.map(0x15000, 2 * page, sharedAnonymous());
    space.fillGaps(0x10000, 0x18000, file("/fill", 0x100000));
    QCOMPARE(spans(space),
        (Spans {{0x10000, 0x12000}, {0x12000, 0x13000}, {0x13000, 0x15000}, {0x15000, 0x17000},
            {0x17000, 0x18000}}));
    QCOMPARE(space.rangeAt(0x12000)->attributes.path, QByteArray("/keep"));
    QCOMPARE(space.rangeAt(0x15000)->attributes.flags, std::uint32_t(MAP_SHARED | MAP_ANONYMOUS));
    // Offsets follow the position in the filled range.
    QCOMPARE(space.rangeAt(0x10000)->attributes.offset, quint64(0x100000));
    QCOMPARE(space.rangeAt(0x13000)->attributes.offset, quint64(0x103000));
    QCOMPARE(space.rangeAt(0x17000)->attributes.offset, quint64(0x107000));
    QCOMPARE(space.totals().liveBytes, 8 * page);
    // Filling what is full changes nothing.
    const auto before = space.ranges().size();
    space.fillGaps(0x10000, 0x18000, anonymous());
    QCOMPARE(space.ranges().size(), before);
    QCOMPARE(space.totals().liveBytes, 8 * page);
    // An empty range fills nothing.
    space.fillGaps(0x30000, 0x30000, anonymous());
    QCOMPARE(space.totals().liveBytes, 8 * page);
}

void TestAddressSpace::rangesInClipsAndAdjustsOffsets()
{
    AddressSpace space;
    space.map(0x10000, 4 * page, file("/a", 0x1000));
    space.map(0x16000, 4 * page, anonymous());
    const auto ranges = space.rangesIn(0x12000, 0x18000);
    QCOMPARE(ranges.size(), std::size_t(2));
    QCOMPARE(ranges[0].start, quint64(0x12000));
    QCOMPARE(ranges[0].end, quint64(0x14000));
    QCOMPARE(ranges[0].attributes.offset, quint64(0x3000));
    QCOMPARE(ranges[1].start, quint64(0x16000));
    QCOMPARE(ranges[1].end, quint64(0x18000));
    QCOMPARE(space.mappedBytesIn(0x12000, 0x18000), 4 * page);
    QVERIFY(space.rangesIn(0x14000, 0x16000).empty());
    QVERIFY(!space.rangeAt(0x14000));
    QVERIFY(!space.rangeAt(0x1a000)); // the exclusive end
    QVERIFY(space.rangeAt(0x19fff));
}

void TestAddressSpace::copiesAreIndependent()
{
    AddressSpace parent;
    parent.map(0x10000, 8 * page, anonymous());
    AddressSpace child = parent;
    child.unmap(0x12000, 2 * page);
    child.map(0x40000, page, anonymous());
    QCOMPARE(spans(parent), (Spans {{0x10000, 0x18000}}));
    QCOMPARE(parent.totals().liveBytes, 8 * page);
    QCOMPARE(spans(child), (Spans {{0x10000, 0x12000}, {0x14000, 0x18000}, {0x40000, 0x41000}}));
    QCOMPARE(child.totals().liveBytes, 7 * page);
}

void TestAddressSpace::clearEmptiesEverything()
{
    AddressSpace space;
    space.map(0x10000, 8 * page, anonymous());
    space.map(0x7ff00000, 8 * page, special("[stack]"));
    space.clear();
    QVERIFY(space.isEmpty());
    QCOMPARE(space.totals(), AddressSpace::Totals {});
    QVERIFY(space.liveMappings().empty());
}

void TestAddressSpace::invalidPageSizeFallsBack()
{
    QCOMPARE(AddressSpace(0).pageSize(), quint64(4096));
    QCOMPARE(AddressSpace(3000).pageSize(), quint64(4096));
    AddressSpace large(65536);
    QCOMPARE(large.pageSize(), quint64(65536));
    large.map(0x10000, 1, anonymous());
    QCOMPARE(large.totals().liveBytes, quint64(65536));
}

// A page-by-page model: the simplest thing that can be right.
namespace {

struct ModelPage
{
    int attributes = -1; // index into the pool, -1 unmapped
    std::uint64_t offset = 0; // file offset of this page
};

struct PageModel
{
    static constexpr std::uint64_t base = 0x7f0000000000ULL;

    explicit PageModel(std::size_t windowPages = 384)
        : pages(windowPages)
        , pageStates(windowPages)
    { }

    std::size_t pages;
    std::vector<ModelPage> pageStates;

    std::size_t indexOf(std::uint64_t address) const { return (address - base) / page; }
    void map(std::uint64_t start, std::uint64_t end, int attributes, std::uint64_t offset)
    {
        for (std::uint64_t address = start; address < end; address += page)
            pageStates[indexOf(address)] = {attributes, offset + (address - start)};
    }
    void unmap(std::uint64_t start, std::uint64_t end)
    {
        for (std::uint64_t address = start; address < end; address += page)
            pageStates[indexOf(address)] = {};
    }
    void fill(std::uint64_t start, std::uint64_t end, int attributes, std::uint64_t offset)
    {
        for (std::uint64_t address = start; address < end; address += page) {
            if (pageStates[indexOf(address)].attributes < 0)
                pageStates[indexOf(address)] = {attributes, offset + (address - start)};
        }
    }
};

std::vector<MappingAttributes> attributePool()
{
    return {anonymous(), anonymous(PROT_READ), sharedAnonymous(), file("/a", 0),
        file("/a", 0, MAP_SHARED), file("/b", 0, MAP_PRIVATE, 4), special("[heap]"),
        special("[stack]"), special("[vvar]")};
}

// Fails the current test (and returns false) when space and model differ.
bool sameAsModel(const AddressSpace &space, const PageModel &model,
    const std::vector<MappingAttributes> &pool, QString &why)
{
    AddressSpace::Totals expected;
    for (std::size_t i = 0; i < model.pages; ++i) {
        const ModelPage &state = model.pageStates[i];
        if (state.attributes < 0)
            continue;
        const MappingAttributes &attributes = pool[std::size_t(state.attributes)];
        expected.mappedBytes += page;
        if (isKernelManaged(attributes.kind))
            continue;
        expected.liveBytes += page;
        (attributes.isAnonymous() ? expected.anonymousBytes : expected.fileBytes) += page;
        (attributes.isShared() ? expected.sharedBytes : expected.privateBytes) += page;
    }
    if (!(space.totals() == expected)) {
        why = QStringLiteral("totals differ: live %1 expected %2, mapped %3 expected %4")
                  .arg(space.totals().liveBytes)
                  .arg(expected.liveBytes)
                  .arg(space.totals().mappedBytes)
                  .arg(expected.mappedBytes);
        return false;
    }

    std::vector<bool> covered(model.pages, false);
    std::uint64_t previousEnd = 0;
    const AddressSpace::Range *previous = nullptr;
    const auto ranges = space.ranges();
    for (const AddressSpace::Range &range : ranges) {
        if (range.start >= range.end || range.start % page || range.end % page
            || range.start < previousEnd) {
            why = QStringLiteral("range [%1, %2) is empty, unaligned or overlaps")
                      .arg(range.start, 0, 16)
                      .arg(range.end, 0, 16);
            return false;
        }
        if (previous && previous->end == range.start
            && previous->attributes.continuesInto(range.attributes, previous->size())) {
            why = QStringLiteral("ranges at %1 and %2 should have merged")
                      .arg(previous->start, 0, 16)
                      .arg(range.start, 0, 16);
            return false;
        }
        for (std::uint64_t address = range.start; address < range.end; address += page) {
            const ModelPage &state = model.pageStates[model.indexOf(address)];
            if (state.attributes < 0) {
                why = QStringLiteral("page %1 is mapped but should not be").arg(address, 0, 16);
                return false;
            }
            MappingAttributes wanted = pool[std::size_t(state.attributes)];
            MappingAttributes actual = range.attributes;
            if (!actual.isAnonymous()) {
                wanted.offset = state.offset;
                actual.offset += address - range.start;
            } else {
                wanted.offset = actual.offset = 0; // anonymous offsets carry no meaning
            }
            if (!(wanted == actual)) {
                why = QStringLiteral("page %1 has other attributes (offset %2, expected %3)")
                          .arg(address, 0, 16)
                          .arg(actual.offset)
                          .arg(wanted.offset);
                return false;
            }
            covered[model.indexOf(address)] = true;
        }
        previousEnd = range.end;
        previous = &range;
    }
    for (std::size_t i = 0; i < model.pages; ++i) {
        if (!covered[i] && model.pageStates[i].attributes >= 0) {
            why = QStringLiteral("page %1 should be mapped").arg(PageModel::base + i * page, 0, 16);
            return false;
        }
    }
    return true;
}

} // namespace

void TestAddressSpace::matchesPageModelUnderRandomOperations_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("windowPages");
    for (quint32 seed = 1; seed <= 12; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed << 384;
    // Thousands of ranges: many chunks, splitting and emptying.
    for (quint32 seed = 13; seed <= 16; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1, large").arg(seed))) << seed << 8192;
}

void TestAddressSpace::matchesPageModelUnderRandomOperations()
{
    QFETCH(quint32, seed);
    QFETCH(int, windowPages);
    std::mt19937_64 random(seed);
    const auto below = [&random](std::uint64_t bound) { return random() % bound; };
    const std::vector<MappingAttributes> pool = attributePool();

    AddressSpace space;
    PageModel model {std::size_t(windowPages)};
    std::size_t mostRanges = 0;
    std::optional<AddressSpace> savedCopy;
    PageModel savedModel;

    for (int step = 0; step < 3000; ++step) {
        // Positions anywhere in the window, sometimes unaligned; lengths of
        // zero, a byte, whole pages, odd sizes, up to most of the window.
        const std::uint64_t firstPage = below(model.pages);
        const std::uint64_t start
            = PageModel::base + firstPage * page + (below(4) == 0 ? below(page) : 0);
        const std::uint64_t room = PageModel::base + model.pages * page - start;
        std::uint64_t length = 0;
        switch (below(5)) {
        case 0:
            length = below(3);
            break;
        case 1:
            length = (below(8) + 1) * page;
            break;
        case 2:
            length = below(16 * page) + 1;
            break;
        case 3:
            length
                = below(std::min<std::uint64_t>(room, model.pages > 1024 ? 256 * page : room)) + 1;
            break;
        default:
            length = below(64) * page;
            break;
        }
        length = std::min(length, room);
        const std::uint64_t alignedStart = space.pageAlignDown(start);
        const std::uint64_t alignedEnd
            = length == 0 ? alignedStart : space.pageAlignUp(start + length);
        const int which = int(below(pool.size()));
        const std::uint64_t offset = below(64) * page;
        MappingAttributes attributes = pool[std::size_t(which)];
        attributes.offset = offset;

        const std::uint64_t operation = below(10);
        if (operation < 5) {
            space.map(start, length, attributes);
            model.map(alignedStart, alignedEnd, which, offset);
        } else if (operation < 9) {
            std::uint64_t expectedRemoved = 0;
            for (std::uint64_t address = alignedStart; address < alignedEnd; address += page)
                expectedRemoved
                    += model.pageStates[model.indexOf(address)].attributes >= 0 ? page : 0;
            QCOMPARE(space.unmap(start, length), expectedRemoved);
            model.unmap(alignedStart, alignedEnd);
        } else {
            space.fillGaps(alignedStart, alignedEnd, attributes);
            model.fill(alignedStart, alignedEnd, which, offset);
        }

        QString why;
        if (!sameAsModel(space, model, pool, why))
            QFAIL(qPrintable(QStringLiteral("step %1 (operation %2 at %3 length %4): %5")
                                 .arg(step)
                                 .arg(operation)
                                 .arg(start, 0, 16)
                                 .arg(length)
                                 .arg(why)));

        const std::uint64_t probeStart = PageModel::base + below(model.pages) * page;
        const std::uint64_t probeEnd
            = probeStart + below(PageModel::base + model.pages * page - probeStart + 1);
        std::uint64_t expectedInProbe = 0;
        for (std::uint64_t address = probeStart; address + page <= probeEnd; address += page)
            expectedInProbe += model.pageStates[model.indexOf(address)].attributes >= 0 ? page : 0;
        if (probeEnd % page && probeEnd > probeStart) {
            const std::uint64_t lastPage = space.pageAlignDown(probeEnd);
            if (lastPage >= probeStart && model.pageStates[model.indexOf(lastPage)].attributes >= 0)
                expectedInProbe += probeEnd - lastPage;
        }
        QCOMPARE(space.mappedBytesIn(probeStart, probeEnd), expectedInProbe);
        QCOMPARE(bool(space.rangeAt(probeStart)),
            model.pageStates[model.indexOf(probeStart)].attributes >= 0);

        mostRanges = std::max(mostRanges, space.rangeCount());
        // Every so often, fork: the copy must not see later changes.
        if (step % 500 == 0) {
            if (savedCopy) {
                QVERIFY2(sameAsModel(*savedCopy, savedModel, pool, why), qPrintable(why));
            }
            savedCopy = space;
            savedModel = model;
        }
    }
    QString why;
    QVERIFY2(sameAsModel(*savedCopy, savedModel, pool, why), qPrintable(why));
    QVERIFY2(mostRanges > std::size_t(windowPages) / 64, qPrintable(QString::number(mostRanges)));
}

void TestAddressSpace::findsRangesAmongManyChunks()
{
    // One-page ranges with a page of gap after each: at least 256 chunks,
    // so lookups search the chunk ends instead of reading them whole, as
    // they do for the few chunks of the tests above.
    constexpr std::uint64_t count = 4096;
    constexpr std::uint64_t base = 0x10000000;
    const auto startOf = [](std::uint64_t index) { return base + 2 * index * page; };
    AddressSpace space;
    for (std::uint64_t index = 0; index < count; ++index)
        space.map(startOf(index), page, anonymous());
    QCOMPARE(space.rangeCount(), std::size_t(count));

    std::mt19937_64 random(7);
    std::vector<bool> mapped(count, true);
    for (int step = 0; step < 20000; ++step) {
        const std::uint64_t index = random() % count;
        const std::uint64_t start = startOf(index);
        const std::optional<AddressSpace::Range> found = space.rangeAt(start + random() % page);
        QCOMPARE(bool(found), bool(mapped[index]));
        if (found)
            QCOMPARE(found->start, start);
        QVERIFY(!space.rangeAt(start + page + random() % page));
        if (random() % 2) {
            QCOMPARE(space.unmap(start, page), mapped[index] ? page : 0);
            mapped[index] = false;
        } else {
            space.map(start, page, anonymous());
            mapped[index] = true;
        }
    }
    const auto mappedCount = std::uint64_t(std::count(mapped.begin(), mapped.end(), true));
    QCOMPARE(space.rangeCount(), std::size_t(mappedCount));
    QCOMPARE(space.totals().liveBytes, mappedCount * page);
    QCOMPARE(space.mappedBytesIn(startOf(0), startOf(count)), mappedCount * page);
}

QTEST_APPLESS_MAIN(TestAddressSpace)
#include "tst_addressspace.moc"
