// SPDX-License-Identifier: GPL-2.0-or-later
// Cost of address-range accounting per event (issue 5: at most 20% of the
// storage ingest cost, i.e. well under 0.4 us per event).
//
//   cmake --build build/default --target bench_accounting
//   build/default/bin/bench_accounting

#include "accounting/accountant.h"
#include "accounting/addressspace.h"
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/tracefile.h"

#include "../accounting/streamorder.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include <sys/mman.h>

using namespace memtap;

namespace {

constexpr std::size_t batchSize = 4096;

struct Stream
{
    // Shared batches, handed over as IngestPipeline does (no copy).
    std::vector<EventBatchPtr> batches;
    std::uint64_t records = 0;
    std::uint64_t memoryCalls = 0;
};

enum class Order {
    Sorted,
    PerCpuBuffers, // four CPUs' buffers drained in turns, as a live capture delivers them
    LocalShuffle, // harsher: records moved by up to a few hundred places at random
};

// A realistic stream: many processes, mostly mmap/munmap, some mremap and
// brk, forks, execs and exits, with the helper's baselines.
Stream makeStream(std::uint64_t events, int processes, Order order)
{
    SyntheticTrace::Options options;
    options.seed = 42;
    options.events = events;
    options.processes = processes;
    options.hostileNames = false;
    SyntheticTrace trace(options);
    Stream stream;
    std::mt19937_64 random(7);
    while (true) {
        std::vector<Event> batch;
        batch.reserve(batchSize);
        if (trace.generate(batch, batchSize) == 0)
            break;
        if (order == Order::PerCpuBuffers)
            test::interleaveLikePerCpuBuffers(batch, 4, random);
        if (order == Order::LocalShuffle) {
            for (std::size_t i = 0; i + 1 < batch.size(); ++i) {
                const std::size_t j = i + 1 + random() % 16;
                if (j < batch.size() && isMemoryCall(batch[i].call) && isMemoryCall(batch[j].call))
                    std::swap(batch[i], batch[j]);
            }
        }
        stream.records += batch.size();
        stream.memoryCalls += std::count_if(batch.begin(), batch.end(),
            [](const Event &event) { return isMemoryCall(event.call); });
        auto shared = std::make_shared<EventBatch>();
        shared->events = std::move(batch);
        stream.batches.push_back(std::move(shared));
    }
    return stream;
}

const Stream &stream(Order order)
{
    static const Stream sorted = makeStream(1'000'000, 200, Order::Sorted);
    static const Stream perCpu = makeStream(1'000'000, 200, Order::PerCpuBuffers);
    static const Stream shuffled = makeStream(1'000'000, 200, Order::LocalShuffle);
    switch (order) {
    case Order::Sorted:
        return sorted;
    case Order::PerCpuBuffers:
        return perCpu;
    default:
        return shuffled;
    }
}

// tests/data/busy-build-bpftrace.v1.gz: 87 s of a busy machine, as captured.
const Stream &recordedStream()
{
    static const Stream recorded = [] {
        Stream stream;
        TraceFile file;
        if (!file.open(QStringLiteral(MEMTAP_SOURCE_DIR "/tests/data/busy-build-bpftrace.v1.gz")))
            qFatal("%s", qPrintable(file.errorString()));
        EventParser parser;
        while (true) {
            const QByteArrayView chunk = file.read();
            if (chunk.isEmpty())
                break;
            std::vector<Event> batch;
            parser.feed(chunk, batch);
            stream.records += batch.size();
            auto shared = std::make_shared<EventBatch>();
            shared->events = std::move(batch);
            stream.batches.push_back(std::move(shared));
        }
        return stream;
    }();
    return recorded;
}

void runStream(benchmark::State &state, const Stream &input)
{
    std::size_t processes = 0;
    for (auto _ : state) {
        Accountant accountant;
        std::size_t sinceUpdate = 0;
        for (const EventBatchPtr &batch : input.batches) {
            accountant.add(batch);
            // What the pipeline does at 4 Hz: hand the changes to GUI and store.
            if (++sinceUpdate == 25) {
                benchmark::DoNotOptimize(accountant.takeChanges());
                sinceUpdate = 0;
            }
        }
        accountant.flush();
        benchmark::DoNotOptimize(accountant.takeChanges());
        processes = accountant.allProcesses().size();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * input.records));
    state.counters["records"] = double(input.records);
    state.counters["processes"] = double(processes);
    state.counters["ns_per_record"] = benchmark::Counter(double(input.records),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_AccountantRecordedCapture(benchmark::State &state)
{
    runStream(state, recordedStream());
}
BENCHMARK(BM_AccountantRecordedCapture)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_AccountantRealisticStream(benchmark::State &state)
{
    runStream(state, stream(Order::Sorted));
}
BENCHMARK(BM_AccountantRealisticStream)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_AccountantPerCpuStream(benchmark::State &state)
{
    runStream(state, stream(Order::PerCpuBuffers));
}
BENCHMARK(BM_AccountantPerCpuStream)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_AccountantShuffledStream(benchmark::State &state)
{
    runStream(state, stream(Order::LocalShuffle));
}
BENCHMARK(BM_AccountantShuffledStream)->Unit(benchmark::kMillisecond)->MinTime(3);

// Steady state of one busy process: mmap/munmap pairs among `range(0)` other
// live ranges, through the whole Accountant (reorder window included).
void BM_AccountantMmapMunmapPairs(benchmark::State &state)
{
    const auto existing = std::uint64_t(state.range(0));
    Accountant accountant;
    std::vector<Event> setup;
    std::int64_t ts = 1'000'000'000;
    const auto mmapEvent = [&ts](std::uint64_t address, std::uint64_t length) {
        Event event;
        event.timestampNs = ts += 1000;
        event.pid = 4242;
        event.tid = 4242;
        event.call = Call::Mmap;
        event.length = length;
        event.prot = PROT_READ | PROT_WRITE;
        event.flags = MAP_PRIVATE | MAP_ANONYMOUS;
        event.result = std::int64_t(address);
        return event;
    };
    for (std::uint64_t i = 0; i < existing; ++i)
        setup.push_back(mmapEvent(0x7f0000000000 + i * 0x10000, 0x8000));
    accountant.add(setup);
    accountant.flush();

    std::vector<Event> batch(batchSize);
    std::mt19937_64 random(1);
    for (auto _ : state) {
        for (std::size_t i = 0; i < batchSize; i += 2) {
            const std::uint64_t slot = random() % (existing + 1);
            const std::uint64_t address = 0x7f0000000000 + slot * 0x10000 + 0x8000;
            const std::uint64_t length = 4096 * (1 + random() % 7);
            batch[i] = mmapEvent(address, length);
            Event unmap = mmapEvent(address, length);
            unmap.call = Call::Munmap;
            unmap.address = address;
            unmap.result = 0;
            batch[i + 1] = unmap;
        }
        accountant.add(batch);
    }
    accountant.flush();
    state.SetItemsProcessed(std::int64_t(state.iterations() * batchSize));
    state.counters["ns_per_record"] = benchmark::Counter(double(batchSize),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_AccountantMmapMunmapPairs)->Arg(16)->Arg(1000)->Arg(20000);

// The range set alone: map and unmap among `range(0)` ranges.
void BM_AddressSpaceMapUnmap(benchmark::State &state)
{
    const auto existing = std::uint64_t(state.range(0));
    AddressSpace space;
    MappingAttributes anonymous;
    anonymous.prot = PROT_READ | PROT_WRITE;
    anonymous.flags = MAP_PRIVATE | MAP_ANONYMOUS;
    MappingAttributes other = anonymous;
    other.prot = PROT_READ;
    for (std::uint64_t i = 0; i < existing; ++i)
        space.map(0x7f0000000000 + i * 0x10000, 0x8000, anonymous);
    std::mt19937_64 random(1);
    for (auto _ : state) {
        const std::uint64_t slot = random() % (existing + 1);
        const std::uint64_t address = 0x7f0000000000 + slot * 0x10000 + 0x4000;
        space.map(address, 0x6000, other); // overlaps the head of one, merges nothing
        space.unmap(address, 0x6000);
    }
    benchmark::DoNotOptimize(space.totals());
    state.SetItemsProcessed(std::int64_t(state.iterations() * 2));
}
BENCHMARK(BM_AddressSpaceMapUnmap)->Arg(16)->Arg(1000)->Arg(100000);

} // namespace

BENCHMARK_MAIN();
