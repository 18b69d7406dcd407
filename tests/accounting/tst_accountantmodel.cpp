// SPDX-License-Identifier: GPL-2.0-or-later
// Property test: random streams of calls a kernel would accept (every mremap
// variant, brk, MAP_FIXED, munmap over holes, failures), forks and baselines
// taken while calls are in flight, checked page by page against a simple
// model of the kernel's address space.

#include "accounting/accountant.h"
#include "records.h"

#include <QTest>

#include <map>
#include <random>

#include <sys/mman.h>

using namespace memtap;
using namespace memtap::test;

namespace {

constexpr std::uint64_t windowBase = 0x7f0000000000ULL;
constexpr std::size_t windowPages = 256;
constexpr std::uint64_t heapStart = 0x555555554000ULL;
constexpr std::uint64_t heapMaxPages = 64;

struct Vma
{
    bool shared = false;
    bool anonymous = true;
};

// What the kernel holds for one process: which VMA (by id) each page of the
// window belongs to, and the program break.
struct KernelModel
{
    std::vector<int> vmaOfPage = std::vector<int>(windowPages, -1);
    std::map<int, Vma> vmas;
    std::uint64_t programBreak = heapStart;

    std::uint64_t heapEnd() const { return (programBreak + page - 1) & ~(page - 1); }
    std::uint64_t liveBytes() const
    {
        std::uint64_t bytes = heapEnd() - heapStart;
        for (int vma : vmaOfPage)
            bytes += vma >= 0 ? page : 0;
        return bytes;
    }
    bool isFree(std::size_t first, std::size_t count) const
    {
        if (first + count > windowPages)
            return false;
        for (std::size_t i = first; i < first + count; ++i) {
            if (vmaOfPage[i] >= 0)
                return false;
        }
        return true;
    }
    void set(std::size_t first, std::size_t count, int vma)
    {
        for (std::size_t i = first; i < first + count && i < windowPages; ++i)
            vmaOfPage[i] = vma;
    }
    // /proc/PID/maps: runs of pages of one VMA, and the heap.
    std::vector<MapLine> maps() const
    {
        std::vector<MapLine> lines;
        if (heapEnd() > heapStart)
            lines.push_back({heapStart, heapEnd(), readWrite, anonymousPrivate, "[heap]"});
        for (std::size_t i = 0; i < windowPages;) {
            if (vmaOfPage[i] < 0) {
                ++i;
                continue;
            }
            std::size_t end = i;
            while (end < windowPages && vmaOfPage[end] == vmaOfPage[i])
                ++end;
            const Vma &vma = vmas.at(vmaOfPage[i]);
            std::uint64_t flags = vma.shared ? MAP_SHARED : MAP_PRIVATE;
            if (vma.anonymous)
                flags |= MAP_ANONYMOUS;
            lines.push_back({windowBase + i * page, windowBase + end * page, readWrite, flags,
                vma.anonymous ? QByteArray() : QByteArray("/data/file")});
            i = end;
        }
        return lines;
    }
};

class StreamGenerator
{
public:
    explicit StreamGenerator(std::uint64_t seed)
        : m_random(seed)
    { }

    std::uint64_t below(std::uint64_t bound) { return m_random() % bound; }
    std::int64_t tick() { return m_now += 1000; }

    // One call of process pid that the kernel accepts (or refuses, with a
    // negative result), applied to model; the record it produces.
    Event call(std::int32_t pid, KernelModel &model)
    {
        const std::int64_t ts = tick();
        switch (below(12)) {
        case 0:
        case 1:
            return mmapAnywhere(ts, pid, model);
        case 2:
            return mmapFixed(ts, pid, model);
        case 3:
        case 4:
            return munmap(ts, pid, model);
        case 5:
        case 6:
        case 7:
            return mremap(ts, pid, model);
        case 8:
        case 9:
            return brk(ts, pid, model);
        default:
            return failure(ts, pid);
        }
    }

private:
    int newVma(KernelModel &model, bool shared, bool anonymous)
    {
        model.vmas[++m_lastVma] = {shared, anonymous};
        return m_lastVma;
    }

    std::uint64_t oddLength(std::uint64_t pages)
    {
        // Anything that rounds up to `pages` pages.
        return pages * page - (below(3) == 0 ? below(page) : 0);
    }

    std::optional<std::size_t> freeRun(const KernelModel &model, std::size_t count)
    {
        for (int attempt = 0; attempt < 64; ++attempt) {
            const std::size_t first = below(windowPages);
            if (model.isFree(first, count))
                return first;
        }
        return std::nullopt;
    }

    Event mmapAnywhere(std::int64_t ts, std::int32_t pid, KernelModel &model)
    {
        const std::size_t pages = 1 + below(12);
        const auto first = freeRun(model, pages);
        if (!first)
            return mmapRecord(ts, pid, -ENOMEM, pages * page);
        const bool shared = below(4) == 0;
        const bool anonymous = below(3) != 0;
        model.set(*first, pages, newVma(model, shared, anonymous));
        std::uint64_t flags = shared ? MAP_SHARED : MAP_PRIVATE;
        if (anonymous)
            flags |= MAP_ANONYMOUS;
        return mmapRecord(ts, pid, std::int64_t(windowBase + *first * page), oddLength(pages),
            flags, readWrite, anonymous ? -1 : 5, anonymous ? 0 : below(16) * page);
    }

    Event mmapFixed(std::int64_t ts, std::int32_t pid, KernelModel &model)
    {
        const std::size_t first = below(windowPages - 8);
        const std::size_t pages = 1 + below(8);
        model.set(first, pages, newVma(model, false, true));
        const std::uint64_t address = windowBase + first * page;
        return mmapRecord(ts, pid, std::int64_t(address), oddLength(pages),
            anonymousPrivate | MAP_FIXED, readWrite, -1, 0, address);
    }

    Event munmap(std::int64_t ts, std::int32_t pid, KernelModel &model)
    {
        // Anywhere, over mappings and holes alike: the kernel accepts it.
        const std::size_t first = below(windowPages);
        const std::size_t pages = 1 + below(std::min<std::size_t>(24, windowPages - first));
        model.set(first, pages, -1);
        return munmapRecord(ts, pid, windowBase + first * page, oddLength(pages));
    }

    Event mremap(std::int64_t ts, std::int32_t pid, KernelModel &model)
    {
        // The old range lies within one VMA.
        std::size_t mapped = windowPages;
        for (int attempt = 0; attempt < 64 && mapped == windowPages; ++attempt) {
            const std::size_t page = below(windowPages);
            if (model.vmaOfPage[page] >= 0)
                mapped = page;
        }
        if (mapped == windowPages)
            return mremapRecord(ts, pid, windowBase, page, 2 * page, MREMAP_MAYMOVE, -EFAULT);
        const int vmaId = model.vmaOfPage[mapped];
        const Vma vma = model.vmas.at(vmaId);
        std::size_t vmaEnd = mapped;
        while (vmaEnd < windowPages && model.vmaOfPage[vmaEnd] == vmaId)
            ++vmaEnd;
        const std::size_t oldFirst = mapped;
        const std::size_t oldPages = 1 + below(vmaEnd - oldFirst);
        std::size_t newPages = 1 + below(12);
        const std::uint64_t oldAddress = windowBase + oldFirst * page;

        switch (below(5)) {
        case 0: { // no flags: in place or not at all
            successes[QStringLiteral("mremap in place")]++;
            if (newPages <= oldPages) {
                model.set(oldFirst + newPages, oldPages - newPages, -1);
            } else if (oldFirst + oldPages == vmaEnd && model.isFree(vmaEnd, newPages - oldPages)) {
                model.set(vmaEnd, newPages - oldPages, vmaId);
            } else {
                return mremapRecord(
                    ts, pid, oldAddress, oddLength(oldPages), oddLength(newPages), 0, -ENOMEM);
            }
            return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(newPages), 0,
                std::int64_t(oldAddress));
        }
        case 1: { // MREMAP_MAYMOVE: in place if it can, else moved
            if (newPages <= oldPages) {
                model.set(oldFirst + newPages, oldPages - newPages, -1);
            } else if (oldFirst + oldPages == vmaEnd && model.isFree(vmaEnd, newPages - oldPages)) {
                model.set(vmaEnd, newPages - oldPages, vmaId);
            } else {
                const auto target = freeRun(model, newPages);
                if (!target)
                    return mremapRecord(ts, pid, oldAddress, oddLength(oldPages),
                        oddLength(newPages), MREMAP_MAYMOVE, -ENOMEM);
                model.set(oldFirst, oldPages, -1);
                model.set(*target, newPages, newVma(model, vma.shared, vma.anonymous));
                successes[QStringLiteral("mremap moved")]++;
                return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(newPages),
                    MREMAP_MAYMOVE, std::int64_t(windowBase + *target * page));
            }
            return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(newPages),
                MREMAP_MAYMOVE, std::int64_t(oldAddress));
        }
        case 2: { // MREMAP_FIXED: anywhere not overlapping the old range
            std::size_t target = below(windowPages - newPages);
            if (target < oldFirst + oldPages && oldFirst < target + newPages)
                return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(newPages),
                    MREMAP_MAYMOVE | MREMAP_FIXED, -EINVAL);
            model.set(oldFirst, oldPages, -1);
            model.set(target, newPages, newVma(model, vma.shared, vma.anonymous));
            successes[QStringLiteral("mremap fixed")]++;
            return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(newPages),
                MREMAP_MAYMOVE | MREMAP_FIXED, std::int64_t(windowBase + target * page));
        }
        case 3: { // MREMAP_DONTUNMAP: private anonymous only, same size
            const auto target = freeRun(model, oldPages);
            if (vma.shared || !vma.anonymous || !target)
                return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(oldPages),
                    MREMAP_MAYMOVE | MREMAP_DONTUNMAP, -EINVAL);
            model.set(*target, oldPages, newVma(model, false, true));
            successes[QStringLiteral("mremap dontunmap")]++;
            return mremapRecord(ts, pid, oldAddress, oddLength(oldPages), oddLength(oldPages),
                MREMAP_MAYMOVE | MREMAP_DONTUNMAP, std::int64_t(windowBase + *target * page));
        }
        default: { // old length 0: a second mapping of a shared one
            const auto target = freeRun(model, newPages);
            if (!vma.shared || !target)
                return mremapRecord(
                    ts, pid, oldAddress, 0, oddLength(newPages), MREMAP_MAYMOVE, -EINVAL);
            model.set(*target, newPages, newVma(model, true, vma.anonymous));
            successes[QStringLiteral("mremap duplicate")]++;
            return mremapRecord(ts, pid, oldAddress, 0, oddLength(newPages), MREMAP_MAYMOVE,
                std::int64_t(windowBase + *target * page));
        }
        }
    }

    Event brk(std::int64_t ts, std::int32_t pid, KernelModel &model)
    {
        switch (below(4)) {
        case 0:
            return brkRecord(ts, pid, 0, heapStart, model.programBreak);
        case 1: // refused: the old break comes back
            return brkRecord(
                ts, pid, heapStart + (heapMaxPages + 100) * page, heapStart, model.programBreak);
        default:
            model.programBreak = heapStart + below(heapMaxPages * page);
            successes[QStringLiteral("brk")]++;
            return brkRecord(ts, pid, model.programBreak, heapStart, model.programBreak);
        }
    }

    Event failure(std::int64_t ts, std::int32_t pid)
    {
        // Failed calls with arguments that would do damage if applied.
        switch (below(3)) {
        case 0:
            return mmapRecord(ts, pid, -EEXIST, 16 * page, anonymousPrivate | MAP_FIXED_NOREPLACE,
                readWrite, -1, 0, windowBase);
        case 1:
            return munmapRecord(ts, pid, windowBase + 1, windowPages * page, -EINVAL);
        default:
            return mremapRecord(ts, pid, windowBase, windowPages * page, page, 0, -EFAULT);
        }
    }

public:
    // Successful calls by kind, so that the test can tell it covered them.
    std::map<QString, int> successes;

private:
    std::mt19937_64 m_random;
    std::int64_t m_now = 1'000'000;
    int m_lastVma = 0;
};

QString compare(const Accountant &accountant, std::int32_t pid, const KernelModel &model)
{
    const auto key = accountant.processKeyOfPid(pid);
    if (!key)
        return QStringLiteral("pid %1 unknown").arg(pid);
    const ProcessFigures figures = *accountant.process(*key);
    if (!figures.liveExact)
        return QStringLiteral("pid %1 not exact").arg(pid);
    if (figures.liveBytes != model.liveBytes())
        return QStringLiteral("pid %1: live %2, kernel %3")
            .arg(pid)
            .arg(figures.liveBytes)
            .arg(model.liveBytes());
    std::vector<bool> mapped(windowPages, false);
    std::uint64_t heapBytes = 0;
    for (const LiveMapping &mapping : accountant.liveMappings(*key)) {
        if (mapping.start >= heapStart && mapping.end <= heapStart + heapMaxPages * page) {
            heapBytes += mapping.size();
            continue;
        }
        if (mapping.start < windowBase || mapping.end > windowBase + windowPages * page)
            return QStringLiteral("pid %1: range %2 outside the window")
                .arg(pid)
                .arg(mapping.start, 0, 16);
        for (std::uint64_t address = mapping.start; address < mapping.end; address += page)
            mapped[(address - windowBase) / page] = true;
    }
    if (heapBytes != model.heapEnd() - heapStart)
        return QStringLiteral("pid %1: heap %2, kernel %3")
            .arg(pid)
            .arg(heapBytes)
            .arg(model.heapEnd() - heapStart);
    for (std::size_t i = 0; i < windowPages; ++i) {
        if (mapped[i] != (model.vmaOfPage[i] >= 0))
            return QStringLiteral("pid %1: page %2 %3")
                .arg(pid)
                .arg(i)
                .arg(mapped[i] ? QStringLiteral("mapped, kernel has none")
                               : QStringLiteral("missing"));
    }
    return {};
}

} // namespace

class TestAccountantModel : public QObject
{
    Q_OBJECT

private slots:
    void matchesTheKernelModel_data();
    void matchesTheKernelModel();
};

void TestAccountantModel::matchesTheKernelModel_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed = 1; seed <= 16; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestAccountantModel::matchesTheKernelModel()
{
    QFETCH(quint64, seed);
    StreamGenerator generator(seed);
    Accountant accountant;
    std::map<std::int32_t, KernelModel> processes;
    std::int32_t nextPid = 1000;

    // The first process, known from a baseline of its (empty) window.
    processes[nextPid] = KernelModel();
    accountant.add(
        snapshotRecords(generator.tick(), generator.tick(), nextPid, processes[nextPid].maps()));
    ++nextPid;

    for (int step = 0; step < 3000; ++step) {
        auto it = processes.begin();
        std::advance(it, std::ptrdiff_t(generator.below(processes.size())));
        const std::int32_t pid = it->first;
        KernelModel &model = it->second;
        Records records;
        QString what;

        const std::uint64_t roll = generator.below(100);
        if (roll < 4 && processes.size() < 6) {
            what = QStringLiteral("fork");
            records.push_back(forkRecord(generator.tick(), pid, nextPid));
            processes[nextPid++] = model;
        } else if (roll < 6 && processes.size() > 1) {
            what = QStringLiteral("exit");
            records.push_back(exitRecord(generator.tick(), pid));
            processes.erase(it);
        } else if (roll < 16) {
            // A baseline read while calls are in flight: it holds the effect
            // of some of them (any prefix), the stream carries all of them
            // on either side of the helper's block.
            what = QStringLiteral("baseline");
            const std::int64_t snapshotTs = generator.tick();
            const std::size_t calls = 1 + generator.below(4);
            const std::size_t included = generator.below(calls + 1);
            std::vector<MapLine> baseline = model.maps();
            Records inFlight;
            for (std::size_t i = 0; i < calls; ++i) {
                inFlight.push_back(generator.call(pid, model));
                if (i + 1 == included)
                    baseline = model.maps();
            }
            const Records block = snapshotRecords(snapshotTs, generator.tick(), pid, baseline);
            const std::size_t blockAt = generator.below(inFlight.size() + 1);
            records.insert(
                records.end(), inFlight.begin(), inFlight.begin() + std::ptrdiff_t(blockAt));
            records.insert(records.end(), block.begin(), block.end());
            records.insert(
                records.end(), inFlight.begin() + std::ptrdiff_t(blockAt), inFlight.end());
        } else {
            records.push_back(generator.call(pid, model));
            what = QString::fromLatin1(callName(records.back().call));
        }
        accountant.add(records);
        accountant.flush();

        for (const auto &[alivePid, aliveModel] : processes) {
            const QString difference = compare(accountant, alivePid, aliveModel);
            if (!difference.isEmpty())
                QFAIL(qPrintable(QStringLiteral("step %1 (%2 of pid %3): %4")
                                     .arg(step)
                                     .arg(what)
                                     .arg(pid)
                                     .arg(difference)));
        }
    }
    QCOMPARE(accountant.counters().lateRecords, quint64(0));
    for (const char *kind : {"mremap in place", "mremap moved", "mremap fixed", "mremap dontunmap",
             "mremap duplicate", "brk"}) {
        const int count = generator.successes[QString::fromLatin1(kind)];
        QVERIFY2(count >= 5,
            qPrintable(QStringLiteral("%1: %2").arg(QString::fromLatin1(kind)).arg(count)));
    }
}

QTEST_APPLESS_MAIN(TestAccountantModel)
#include "tst_accountantmodel.moc"
