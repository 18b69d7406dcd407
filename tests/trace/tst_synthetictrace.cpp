// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/synthetictrace.h"

#include "tracetestutil.h"

#include <QTest>

#include <map>
#include <set>

using namespace memtap;

namespace {

constexpr std::uint64_t page = SyntheticTrace::pageSize;

constexpr std::uint64_t roundUp(std::uint64_t bytes)
{
    return (bytes + page - 1) & ~(page - 1);
}

// An independent model of what the records say, page by page ranges in a
// map: checks that the generator's records are consistent with each other
// and with its own ground truth.
class ReplayModel
{
public:
    struct Process
    {
        std::map<std::uint64_t, std::uint64_t> ranges; // start -> end, disjoint
        std::uint64_t heapStart = 0;
        std::uint64_t brk = 0;

        std::uint64_t liveBytes() const
        {
            std::uint64_t bytes = roundUp(brk) - heapStart;
            for (const auto &[start, end] : ranges)
                bytes += end - start;
            return bytes;
        }
    };

    explicit ReplayModel(bool baselines)
        : m_baselines(baselines)
    { }

    std::map<std::int32_t, Process> processes;
    QString error;

    void apply(const Event &event)
    {
        if (!error.isEmpty())
            return;
        if (event.call != Call::Map && event.call != Call::Cmdline && m_inBaseline)
            endBaseline();
        switch (event.call) {
        case Call::Mmap:
            if (event.result >= 0)
                add(event, std::uint64_t(event.result), roundUp(event.length));
            break;
        case Call::Munmap:
            if (event.result == 0)
                remove(event, event.address, roundUp(event.length));
            break;
        case Call::Mremap:
            if (event.result >= 0) {
                remove(event, event.address, event.offset);
                add(event, std::uint64_t(event.result), roundUp(event.length));
            }
            break;
        case Call::Brk: {
            Process &process = existing(event);
            // A baseline without a [heap] line leaves the heap start unknown
            // (an empty heap is not listed); brk records name it.
            if (process.heapStart == 0) {
                process.heapStart = event.offset;
                process.brk = event.offset;
            }
            if (event.offset != process.heapStart)
                fail(event, "brk names another heap start");
            else if (std::uint64_t(event.result) < process.heapStart)
                fail(event, "the break fell below the heap start");
            process.brk = std::uint64_t(event.result);
            break;
        }
        case Call::Fork:
            if (processes.count(std::int32_t(event.result)))
                fail(event, "fork reused a running pid");
            processes[std::int32_t(event.result)] = existing(event);
            m_forkedChild = std::int32_t(event.result);
            break;
        case Call::Exec:
            existing(event) = Process();
            break;
        case Call::Exit:
            if (!processes.erase(event.pid) && m_baselines)
                fail(event, "exit of a process that does not run");
            break;
        case Call::Snapshot:
            m_inBaseline = true;
            m_baselinePid = event.pid;
            m_expectedMaps = event.result;
            m_baseline = Process();
            break;
        case Call::Map:
            if (!m_inBaseline || event.pid != m_baselinePid) {
                fail(event, "map record outside its snapshot block");
                break;
            }
            --m_expectedMaps;
            if (event.text == "[heap]") {
                m_baseline.heapStart = event.address;
                m_baseline.brk = event.address + event.length;
            } else {
                m_baseline.ranges[event.address] = event.address + event.length;
            }
            break;
        case Call::Cmdline:
            break;
        }
        ++m_seen;
    }

    void endBaseline()
    {
        m_inBaseline = false;
        if (m_expectedMaps != 0) {
            error = QStringLiteral("a snapshot announced a different number of map lines");
            return;
        }
        auto found = processes.find(m_baselinePid);
        const bool known = found != processes.end();
        Process &process = processes[m_baselinePid];
        // A forked child's baseline shows what fork copied.
        if (known && m_baselinePid == m_forkedChild
            && (merged(process.ranges) != merged(m_baseline.ranges)
                || process.liveBytes() != m_baseline.liveBytes()))
            error = QStringLiteral("the baseline of child %1 differs from its parent's copy")
                        .arg(m_baselinePid);
        // Keep the break exact; the heap map line only knows whole pages.
        const std::uint64_t brk = process.brk;
        const bool sameHeap
            = process.heapStart == m_baseline.heapStart && roundUp(brk) == m_baseline.brk;
        process = m_baseline;
        if (sameHeap)
            process.brk = brk;
        m_forkedChild = 0;
    }

    bool inBaseline() const { return m_inBaseline; }

private:
    static std::map<std::uint64_t, std::uint64_t> merged(
        const std::map<std::uint64_t, std::uint64_t> &ranges)
    {
        std::map<std::uint64_t, std::uint64_t> result;
        for (const auto &[start, end] : ranges) {
            if (!result.empty() && std::prev(result.end())->second == start)
                std::prev(result.end())->second = end;
            else
                result[start] = end;
        }
        return result;
    }

    void fail(const Event &event, const char *what)
    {
        if (error.isEmpty())
            error
                = QStringLiteral("record %1 (%2): %3")
                      .arg(m_seen)
                      .arg(QString::fromLatin1(memtap::test::describe(event)), QLatin1String(what));
    }

    Process &existing(const Event &event)
    {
        auto found = processes.find(event.pid);
        // Without baselines a process that ran before the trace shows up
        // with its first record, with nothing mapped.
        if (found == processes.end() && !m_baselines)
            return processes[event.pid];
        if (found == processes.end()) {
            fail(event, "a call of a process that does not run");
            return processes[event.pid];
        }
        return found->second;
    }

    void add(const Event &event, std::uint64_t start, std::uint64_t size)
    {
        Process &process = existing(event);
        if (start % page != 0 || size == 0) {
            fail(event, "a mapping that is not page-aligned or empty");
            return;
        }
        auto next = process.ranges.lower_bound(start);
        if ((next != process.ranges.end() && next->first < start + size)
            || (next != process.ranges.begin() && std::prev(next)->second > start)) {
            fail(event, "a new mapping overlaps a live one");
            return;
        }
        if (start < roundUp(process.brk) && start + size > process.heapStart) {
            fail(event, "a new mapping overlaps the heap");
            return;
        }
        process.ranges[start] = start + size;
    }

    // Every page removed must be mapped: the generator unmaps only what exists.
    void remove(const Event &event, std::uint64_t start, std::uint64_t size)
    {
        Process &process = existing(event);
        const std::uint64_t end = start + size;
        std::uint64_t covered = start;
        auto it = process.ranges.upper_bound(start);
        if (it != process.ranges.begin())
            --it;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> keep;
        while (it != process.ranges.end() && it->first < end) {
            const auto [rangeStart, rangeEnd] = *it;
            if (rangeEnd <= start) {
                ++it;
                continue;
            }
            if (rangeStart > covered) {
                fail(event, "unmaps pages that are not mapped");
                return;
            }
            covered = std::max(covered, rangeEnd);
            if (rangeStart < start)
                keep.emplace_back(rangeStart, start);
            if (rangeEnd > end)
                keep.emplace_back(end, rangeEnd);
            it = process.ranges.erase(it);
        }
        if (covered < end) {
            fail(event, "unmaps pages that are not mapped");
            return;
        }
        for (const auto &[keepStart, keepEnd] : keep)
            process.ranges[keepStart] = keepEnd;
    }

    bool m_baselines = true;
    bool m_inBaseline = false;
    std::int32_t m_baselinePid = 0;
    std::int32_t m_forkedChild = 0;
    std::int64_t m_expectedMaps = 0;
    Process m_baseline;
    std::uint64_t m_seen = 0;
};

} // namespace

class TestSyntheticTrace : public QObject
{
    Q_OBJECT

private slots:
    void deterministic();
    void batchSizeDoesNotMatter();
    void producesWhatWasAsked_data();
    void producesWhatWasAsked();
    void consistentWithGroundTruth_data();
    void consistentWithGroundTruth();
};

void TestSyntheticTrace::deterministic()
{
    SyntheticTrace::Options options;
    options.events = 20000;
    options.seed = 77;
    const QByteArray first = SyntheticTrace::text(options);
    QCOMPARE(SyntheticTrace::text(options), first);
    options.seed = 78;
    QVERIFY(SyntheticTrace::text(options) != first);
}

void TestSyntheticTrace::batchSizeDoesNotMatter()
{
    SyntheticTrace::Options options;
    options.events = 5000;
    SyntheticTrace whole(options);
    std::vector<Event> all;
    QVERIFY(whole.generate(all, std::size_t(-1)) > 5000);
    QVERIFY(whole.atEnd());
    QCOMPARE(whole.generate(all, 10), std::size_t(0));

    SyntheticTrace pieces(options);
    std::vector<Event> some;
    std::size_t batch = 1;
    while (pieces.generate(some, batch) > 0)
        batch = batch % 97 + 1;
    QVERIFY(memtap::test::sameEvents(some, all));
    QCOMPARE(pieces.recordsGenerated(), std::uint64_t(all.size()));
    QCOMPARE(pieces.eventsGenerated(), std::uint64_t(5000));
}

void TestSyntheticTrace::producesWhatWasAsked_data()
{
    QTest::addColumn<bool>("baselines");
    QTest::addColumn<bool>("hostileNames");
    QTest::newRow("everything") << true << true;
    QTest::newRow("no baselines") << false << true;
    QTest::newRow("ordinary names") << true << false;
}

void TestSyntheticTrace::producesWhatWasAsked()
{
    QFETCH(bool, baselines);
    QFETCH(bool, hostileNames);
    SyntheticTrace::Options options;
    options.events = 100000;
    options.processes = 60;
    options.baselines = baselines;
    options.hostileNames = hostileNames;
    SyntheticTrace trace(options);
    std::vector<Event> events;
    trace.generate(events, std::size_t(-1));

    std::array<std::uint64_t, callCount> byCall {};
    std::uint64_t failures = 0;
    std::set<QByteArray> names;
    std::int64_t lastTimestamp = 0;
    for (const Event &event : events) {
        ++byCall[std::size_t(event.call)];
        failures += event.failed() ? 1 : 0;
        names.insert(event.name.toByteArray());
        QVERIFY(event.timestampNs >= lastTimestamp);
        lastTimestamp = event.timestampNs;
        QVERIFY(
            event.text.isNull() == !isBaselineRecord(event.call) || event.call == Call::Snapshot);
    }
    std::uint64_t calls = 0;
    for (std::size_t i = 0; i < callCount; ++i) {
        const Call call = static_cast<Call>(i);
        if (!isBaselineRecord(call)) {
            calls += byCall[i];
            QVERIFY2(byCall[i] > 0, callName(call));
        } else {
            QCOMPARE(byCall[i] > 0, baselines);
        }
    }
    QCOMPARE(calls, options.events);
    QCOMPARE(trace.eventsGenerated(), options.events);
    // About 1% of memory calls fail.
    QVERIFY(failures > 300 && failures < 3000);
    QCOMPARE(names.count(QByteArray("tab\there")) == 1, hostileNames);
    QCOMPARE(names.count(QByteArray("exactly15bytes!")) == 1, hostileNames);
    QVERIFY(names.count(QByteArray("bash")) == 1);
    // The population stays near the target.
    const auto running = trace.runningPids().size();
    QVERIFY2(running >= 50 && running <= 70, qPrintable(QString::number(running)));
}

void TestSyntheticTrace::consistentWithGroundTruth_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("processes");
    QTest::addColumn<bool>("baselines");
    QTest::newRow("many processes") << quint64(1) << 40 << true;
    QTest::newRow("one process, long history") << quint64(2) << 1 << true;
    QTest::newRow("no baselines") << quint64(3) << 10 << false;
}

void TestSyntheticTrace::consistentWithGroundTruth()
{
    QFETCH(quint64, seed);
    QFETCH(int, processes);
    QFETCH(bool, baselines);
    SyntheticTrace::Options options;
    options.seed = seed;
    options.events = 200000;
    options.processes = processes;
    options.baselines = baselines;
    SyntheticTrace trace(options);
    ReplayModel model(baselines);
    std::vector<Event> batch;
    int checkpoints = 0;
    while (trace.generate(batch, 997) > 0) {
        for (const Event &event : batch)
            model.apply(event);
        QVERIFY2(model.error.isEmpty(), qPrintable(model.error));
        // After a memory call or an exit the step is complete: compare.
        const Call last = batch.back().call;
        batch.clear();
        if (!isMemoryCall(last) && last != Call::Exit)
            continue;
        ++checkpoints;
        std::vector<std::int32_t> modelPids;
        for (const auto &[pid, process] : model.processes) {
            modelPids.push_back(pid);
                          // too
            if (process.liveBytes() != trace.liveBytes(pid))
                QFAIL(qPrintable(
                    QStringLiteral("pid %1 after %2 records: the records say %3 live bytes, the "
                                   "generator %4")
                        .arg(pid)
                        .arg(trace.recordsGenerated())
                        .arg(process.liveBytes())
                        .arg(trace.liveBytes(pid))));
        }
        if (baselines)
            QCOMPARE(modelPids, trace.runningPids());
    }
    QVERIFY(checkpoints > 50);
    QCOMPARE(trace.eventsGenerated(), options.events);
}

QTEST_GUILESS_MAIN(TestSyntheticTrace)
#include "tst_synthetictrace.moc"
