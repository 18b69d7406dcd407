// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/accountant.h"
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionrepository.h"
#include "trace/synthetictrace.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace memtap;

namespace {

struct ImportResult
{
    std::int64_t sessionId = 0;
    std::uint64_t processesSeen = 0;
    std::size_t mostInMemory = 0;
    // The last figures processesUpdated() sent of each process.
    std::map<std::uint64_t, ProcessFigures> sent;
};

} // namespace

// A long import keeps only the processes alive in memory (exited ones retire
// into the store), and the store ends up with exactly what an import that
// keeps every process stores: figures and timelines.
class TestIngestRetirement : public QObject
{
    Q_OBJECT

private slots:
    void retiringStoresWhatKeepingStores_data();
    void retiringStoresWhatKeepingStores();
    void withoutAddressRangesOnlyNaiveFiguresAreStored();

private:
    void import(const DatabaseUrl &url, const QByteArray &text, bool retire, ImportResult &result,
        bool addressRanges = true);
};

void TestIngestRetirement::import(const DatabaseUrl &url, const QByteArray &text, bool retire,
    ImportResult &result, bool addressRanges)
{
    EventStore store;
    QVERIFY2(store.open(url, SessionStart()), qPrintable(store.errorString()));
    IngestPipeline::Options options;
    options.retireExitedProcesses = retire;
    options.addressRanges = addressRanges;
    options.processUpdateInterval = std::chrono::milliseconds(0);
    IngestPipeline pipeline(&store, options);
    connect(&pipeline, &IngestPipeline::processesUpdated, this,
        [&result](const ProcessUpdate &changed) {
            for (const ProcessFigures &figures : changed)
                result.sent[figures.processKey] = figures;
        });
    constexpr qsizetype chunk = 32 * 1024;
    for (qsizetype at = 0; at < text.size(); at += chunk) {
        QVERIFY2(pipeline.feed(QByteArrayView(text).sliced(at, std::min(chunk, text.size() - at))),
            qPrintable(pipeline.errorString()));
        if (pipeline.accountant())
            result.mostInMemory
                = std::max(result.mostInMemory, pipeline.accountant()->allProcesses().size());
    }
    QVERIFY2(pipeline.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}}),
        qPrintable(pipeline.errorString()));
    result.sessionId = store.sessionId();
    result.processesSeen = pipeline.progress().processes;
}

void TestIngestRetirement::retiringStoresWhatKeepingStores_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<bool>("baselines");
    QTest::newRow("seed 11") << quint64(11) << true;
    QTest::newRow("seed 12, no baselines") << quint64(12) << false;
}

void TestIngestRetirement::retiringStoresWhatKeepingStores()
{
    QFETCH(quint64, seed);
    QFETCH(bool, baselines);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DatabaseUrl url = DatabaseUrl::sqlite(dir.filePath(QStringLiteral("retire.sqlite")));
    SyntheticTrace::Options traceOptions;
    traceOptions.seed = seed;
    traceOptions.events = 400'000;
    traceOptions.processes = 20;
    traceOptions.baselines = baselines;
    const QByteArray text = SyntheticTrace::text(traceOptions);

    ImportResult keeping;
    ImportResult retiring;
    import(url, text, false, keeping);
    import(url, text, true, retiring);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(retiring.processesSeen, keeping.processesSeen);
    QVERIFY2(retiring.mostInMemory < keeping.processesSeen / 2,
        qPrintable(QStringLiteral("%1 of %2 processes in memory at once")
                       .arg(retiring.mostInMemory)
                       .arg(keeping.processesSeen)));

    QString error;
    const auto database = Database::open(url, &error);
    QVERIFY2(database, qPrintable(error));
    SessionRepository repository(*database);
    const std::vector<StoredProcess> expected = repository.processes(keeping.sessionId);
    const std::vector<StoredProcess> stored = repository.processes(retiring.sessionId);
    QCOMPARE(stored.size(), expected.size());
    QCOMPARE(std::uint64_t(stored.size()), keeping.processesSeen);
    QCOMPARE(retiring.sent.size(), stored.size());
    std::size_t exited = 0;
    for (std::size_t i = 0; i < stored.size(); ++i) {
        const ProcessFigures &got = stored[i].figures;
        const ProcessFigures &want = expected[i].figures;
        const QString what = QStringLiteral("process %1").arg(want.processKey);
        QCOMPARE(got.processKey, want.processKey);
        QVERIFY2(got.pid == want.pid && got.ppid == want.ppid && got.name == want.name
                && got.cmdline == want.cmdline && got.firstSeenNs == want.firstSeenNs
                && got.lastSeenNs == want.lastSeenNs && got.exitNs == want.exitNs
                && got.exitStatus == want.exitStatus,
            qPrintable(what));
        QVERIFY2(got.mmapCalls == want.mmapCalls && got.munmapCalls == want.munmapCalls
                && got.mremapCalls == want.mremapCalls && got.brkCalls == want.brkCalls
                && got.failedCalls == want.failedCalls && got.requestedBytes == want.requestedBytes
                && got.releasedBytes == want.releasedBytes,
            qPrintable(what));
        QVERIFY2(got.liveBytes == want.liveBytes
                && got.liveAnonymousBytes == want.liveAnonymousBytes
                && got.liveFileBytes == want.liveFileBytes
                && got.livePrivateBytes == want.livePrivateBytes
                && got.liveSharedBytes == want.liveSharedBytes && got.liveExact == want.liveExact,
            qPrintable(what));
        // What the view was sent last is what was stored.
        const ProcessFigures &sent = retiring.sent.at(got.processKey);
        QVERIFY2(sent.exitNs == got.exitNs && sent.mmapCalls == got.mmapCalls
                && sent.liveBytes == got.liveBytes && sent.requestedBytes == got.requestedBytes,
            qPrintable(what));
        exited += got.exitNs >= 0 ? 1 : 0;

        const std::vector<LiveSample> gotTimeline
            = repository.timeline(retiring.sessionId, got.processKey);
        const std::vector<LiveSample> wantTimeline
            = repository.timeline(keeping.sessionId, want.processKey);
        QVERIFY2(!wantTimeline.empty(), qPrintable(what));
        QCOMPARE(gotTimeline.size(), wantTimeline.size());
        for (std::size_t j = 0; j < wantTimeline.size(); ++j) {
            QCOMPARE(gotTimeline[j].timestampNs, wantTimeline[j].timestampNs);
            QCOMPARE(gotTimeline[j].liveBytes, wantTimeline[j].liveBytes);
        }
    }
    QVERIFY2(exited > stored.size() / 2, "most processes of the trace exit");
}

void TestIngestRetirement::withoutAddressRangesOnlyNaiveFiguresAreStored()
{
    // bench_storage's baseline for what address ranges cost: the same
    // processes and naive figures are stored, with no live figures and no
    // timelines.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DatabaseUrl url = DatabaseUrl::sqlite(dir.filePath(QStringLiteral("naive.sqlite")));
    SyntheticTrace::Options traceOptions;
    traceOptions.seed = 13;
    traceOptions.events = 60'000;
    traceOptions.processes = 20;
    const QByteArray text = SyntheticTrace::text(traceOptions);
    ImportResult full;
    ImportResult naive;
    import(url, text, true, full);
    import(url, text, true, naive, false);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(naive.processesSeen, full.processesSeen);

    QString error;
    const auto database = Database::open(url, &error);
    QVERIFY2(database, qPrintable(error));
    SessionRepository repository(*database);
    const std::vector<StoredProcess> expected = repository.processes(full.sessionId);
    const std::vector<StoredProcess> stored = repository.processes(naive.sessionId);
    QCOMPARE(stored.size(), expected.size());
    QCOMPARE(std::uint64_t(stored.size()), full.processesSeen);
    for (std::size_t i = 0; i < stored.size(); ++i) {
        const ProcessFigures &got = stored[i].figures;
        const ProcessFigures &want = expected[i].figures;
        const QString what = QStringLiteral("process %1").arg(want.processKey);
        QVERIFY2(got.processKey == want.processKey && got.pid == want.pid && got.name == want.name
                && got.exitNs == want.exitNs && got.mmapCalls == want.mmapCalls
                && got.requestedBytes == want.requestedBytes
                && got.releasedBytes == want.releasedBytes,
            qPrintable(what));
        QVERIFY2(got.liveBytes == 0 && !got.liveExact, qPrintable(what));
        QVERIFY2(!repository.timeline(full.sessionId, want.processKey).empty(), qPrintable(what));
        QVERIFY2(repository.timeline(naive.sessionId, got.processKey).empty(), qPrintable(what));
    }
}

QTEST_GUILESS_MAIN(TestIngestRetirement)
#include "tst_ingestretirement.moc"
