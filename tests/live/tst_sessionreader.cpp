// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 5, item 5: live figures survive a restart of the GUI. A session
// stored by the ingest path is read back by SessionLoader / SessionReader
// (SQLite and the fixture's MariaDB): the stored figures equal what the
// Accountant computed while ingesting, and replaying the stored baseline
// records and events gives the same figures and the same live mappings. As
// root, the same holds for a real live capture.

#include "../storage/storagetestsupport.h"
#include "accounting/accountant.h"
#include "live/sessionloader.h"
#include "live/sessionreader.h"
#include "livetestsupport.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "trace/synthetictrace.h"

#include <QSignalSpy>

#include <map>

using namespace memtap;
using namespace memtap::test;

namespace {

// The figures a reopened session must show exactly as the capture had them.
QString differences(const ProcessFigures &stored, const ProcessFigures &expected)
{
    QStringList what;
    auto check = [&](const char *name, auto a, auto b) {
        if (a != b)
            what << QStringLiteral("%1 %2 != %3").arg(QLatin1String(name)).arg(a).arg(b);
    };
    check("pid", stored.pid, expected.pid);
    check("liveBytes", stored.liveBytes, expected.liveBytes);
    check("liveAnonymousBytes", stored.liveAnonymousBytes, expected.liveAnonymousBytes);
    check("liveFileBytes", stored.liveFileBytes, expected.liveFileBytes);
    check("livePrivateBytes", stored.livePrivateBytes, expected.livePrivateBytes);
    check("liveSharedBytes", stored.liveSharedBytes, expected.liveSharedBytes);
    check("liveExact", int(stored.liveExact), int(expected.liveExact));
    check("requestedBytes", stored.requestedBytes, expected.requestedBytes);
    check("releasedBytes", stored.releasedBytes, expected.releasedBytes);
    check("mmapCalls", stored.mmapCalls, expected.mmapCalls);
    check("munmapCalls", stored.munmapCalls, expected.munmapCalls);
    check("exitNs", stored.exitNs, expected.exitNs);
    if (stored.name != expected.name)
        what << QStringLiteral("name differs");
    return what.isEmpty()
        ? QString()
        : QStringLiteral("process %1: %2").arg(expected.processKey).arg(what.join(u", "));
}

SessionEnd endOfTrace()
{
    SessionEnd end;
    end.reason = QStringLiteral("end-of-trace");
    return end;
}

bool sameMappings(const std::vector<LiveMapping> &a, const std::vector<LiveMapping> &b)
{
    return std::equal(
        a.begin(), a.end(), b.begin(), b.end(), [](const LiveMapping &x, const LiveMapping &y) {
            return x.start == y.start && x.end == y.end && x.prot == y.prot && x.flags == y.flags
                && x.path == y.path;
        });
}

std::map<std::uint64_t, ProcessFigures> byKey(const ProcessUpdate &processes)
{
    std::map<std::uint64_t, ProcessFigures> map;
    for (const ProcessFigures &figures : processes)
        map.emplace(figures.processKey, figures);
    return map;
}

} // namespace

class TestSessionReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storedAndReplayedFiguresEqualTheIngestedOnes_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<bool>("baselines");
        QTest::newRow("sqlite") << QStringLiteral("sqlite") << true;
        QTest::newRow("sqlite-no-baselines") << QStringLiteral("sqlite") << false;
        QTest::newRow("mariadb") << QStringLiteral("mariadb") << true;
    }

    void storedAndReplayedFiguresEqualTheIngestedOnes()
    {
        QFETCH(QString, backend);
        QFETCH(bool, baselines);
        TestDatabase database(backend, QStringLiteral("sessionreader"));
        MEMTAP_REQUIRE_BACKEND(database);

        SyntheticTrace::Options traceOptions;
        traceOptions.seed = 5;
        traceOptions.events = 30'000;
        traceOptions.processes = 40;
        traceOptions.baselines = baselines;
        SyntheticTrace truth(traceOptions);
        std::vector<Event> all;
        while (truth.generate(all, 4096) > 0) { }

        EventStore store;
        EventStore::Options storeOptions;
        storeOptions.allowBulk = database.allowBulk();
        QVERIFY2(store.open(database.url(), SessionStart(), storeOptions),
            qPrintable(store.errorString()));
        // Its accountant keeps every process, to compare with; that retiring
        // ones stores the same is tst_ingestretirement's.
        IngestPipeline::Options keepEveryProcess;
        keepEveryProcess.retireExitedProcesses = false;
        IngestPipeline pipeline(&store, keepEveryProcess);
        QVERIFY(pipeline.feed(SyntheticTrace::text(traceOptions)));
        ProcessUpdate ingested;
        QVERIFY2(pipeline.finish(endOfTrace()), qPrintable(pipeline.errorString()));
        ingested = pipeline.accountant()->allProcesses();
        QVERIFY(ingested.size() > 40);

        SessionLoader loader;
        QVERIFY2(loader.load(database.url(), store.sessionId()), qPrintable(loader.errorString()));
        QCOMPARE(loader.session().id, store.sessionId());
        QCOMPARE(loader.metadata().backend, QByteArray("bpftrace"));
        QCOMPARE(loader.processes().size(), ingested.size());
        const auto stored = byKey(loader.processes());
        for (const ProcessFigures &expected : ingested) {
            const auto found = stored.find(expected.processKey);
            QVERIFY(found != stored.end());
            const QString difference = differences(found->second, expected);
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
        }
        // The generator's own ground truth, for the processes still running.
        for (std::int32_t pid : truth.runningPids()) {
            const auto process = std::find_if(ingested.begin(), ingested.end(),
                [&](const ProcessFigures &f) { return f.pid == pid && f.exitNs < 0; });
            QVERIFY(process != ingested.end());
            QCOMPARE(stored.at(process->processKey).liveBytes, truth.liveBytes(pid));
        }

        std::uint64_t lastDone = 0, total = 0;
        int progressCalls = 0;
        bool monotonic = true;
        QVERIFY2(loader.replay([&](std::uint64_t done, std::uint64_t of) {
            monotonic = monotonic && done >= lastDone;
            lastDone = done;
            total = of;
            ++progressCalls;
            return true;
        }),
            qPrintable(loader.errorString()));
        QVERIFY(monotonic);
        QCOMPARE(lastDone, total);
        QCOMPARE(total, std::uint64_t(all.size()));
        QVERIFY(progressCalls >= 1);
        const ProcessUpdate replayed = loader.replayedProcesses();
        QCOMPARE(replayed.size(), ingested.size());
        for (const ProcessFigures &figures : replayed) {
            const QString difference = differences(figures, stored.at(figures.processKey));
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
        }

        const Accountant &accountant = *pipeline.accountant();
        int withMappings = 0;
        for (const ProcessFigures &expected : ingested) {
            const ProcessDetail detail = loader.detail(expected.processKey);
            QCOMPARE(detail.processKey, expected.processKey);
            QVERIFY(sameMappings(detail.mappings, accountant.liveMappings(expected.processKey)));
            const std::vector<LiveSample> timeline = accountant.liveTimeline(expected.processKey);
            QCOMPARE(detail.timeline.size(), timeline.size());
            if (!timeline.empty())
                QCOMPARE(detail.timeline.back().liveBytes, timeline.back().liveBytes);
            withMappings += detail.mappings.empty() ? 0 : 1;
        }
        QVERIFY(withMappings > 0);
    }

    void readerLoadsInItsThreadAndAnswersDetails()
    {
        TestDatabase database(QStringLiteral("sqlite"));
        MEMTAP_REQUIRE_BACKEND(database);
        SyntheticTrace::Options traceOptions;
        traceOptions.events = 5'000;
        EventStore store;
        QVERIFY(store.open(database.url(), SessionStart()));
        IngestPipeline::Options keepEveryProcess;
        keepEveryProcess.retireExitedProcesses = false;
        IngestPipeline pipeline(&store, keepEveryProcess);
        QVERIFY(pipeline.feed(SyntheticTrace::text(traceOptions)));
        QVERIFY(pipeline.finish(endOfTrace()));
        const ProcessUpdate ingested = pipeline.accountant()->allProcesses();
        const auto running = std::find_if(ingested.begin(), ingested.end(),
            [](const ProcessFigures &f) { return f.exitNs < 0 && f.liveBytes > 0; });
        QVERIFY(running != ingested.end());

        SessionReader reader;
        QSignalSpy loaded(&reader, &SessionReader::loaded);
        QSignalSpy failed(&reader, &SessionReader::failed);
        QSignalSpy detailReady(&reader, &SessionReader::detailReady);
        QSignalSpy progress(&reader, &SessionReader::replayProgress);
        reader.load(database.url(), store.sessionId());
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(loaded.first().at(0).value<StoredSession>().id, store.sessionId());
        QCOMPARE(loaded.first().at(2).value<ProcessUpdate>().size(), ingested.size());

        reader.requestDetail(running->processKey);
        QTRY_VERIFY_WITH_TIMEOUT(!detailReady.isEmpty(), 10000);
        const auto detail = detailReady.first().at(0).value<ProcessDetail>();
        QCOMPARE(detail.processKey, running->processKey);
        std::uint64_t bytes = 0;
        for (const LiveMapping &mapping : detail.mappings)
            bytes += isKernelManagedPath(mapping.path) ? 0 : mapping.size();
        QCOMPARE(bytes, running->liveBytes);
        // The chart holds the last sample up to the session's newest record.
        QCOMPARE(detail.knownUntilNs, pipeline.accountant()->knownUntilNs());
        QCOMPARE(detail.knownUntilNs, *loaded.first().at(0).value<StoredSession>().lastTimestampNs);
        QVERIFY(!detail.timeline.empty());
        QVERIFY(detail.knownUntilNs >= detail.timeline.back().timestampNs);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toULongLong(), progress.last().at(1).toULongLong());

        // A session that does not exist: one sentence, no crash.
        reader.load(database.url(), store.sessionId() + 100);
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QVERIFY(failed.first().at(0).toString().contains(QString::number(store.sessionId() + 100)));
    }

    // The brief's "live figures survive a GUI restart" with a real capture:
    // the live bytes LiveCapture sent while capturing are what the reopened
    // session shows, for every process.
    void reopenedLiveSessionShowsTheLiveFigures()
    {
        MEMTAP_REQUIRE_LIVE_CAPTURE();
        TestDatabase database(QStringLiteral("sqlite"));
        MEMTAP_REQUIRE_BACKEND(database);

        LiveCapture capture;
        FiguresCollector collector(&capture);
        QSignalSpy started(&capture, &LiveCapture::sessionStarted);
        LiveCapture::Settings settings;
        settings.database = database.url();
        QVERIFY(capture.start(bpftraceWithoutElevation(), settings));
        QString why;
        QVERIFY2(waitUntilRunning(capture, &why), qPrintable(why));
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().at(1).toLongLong(), capture.sessionId());

        QProcess client;
        client.start(QStringLiteral(MEMTAP_TESTCLIENT_PATH), {QStringLiteral("calls")});
        QVERIFY(client.waitForStarted());
        const qint64 clientPid = client.processId();
        QVERIFY(client.waitForFinished(10000));
        QCOMPARE(client.exitCode(), 0);
        QTest::qWait(1000);
        capture.stop();
        QVERIFY(capture.waitForFinished(60000));
        QVERIFY2(capture.stored(), qPrintable(capture.storeError()));
        QVERIFY(collector.byKey.size() > 2);

        SessionLoader loader;
        QVERIFY2(
            loader.load(database.url(), capture.sessionId()), qPrintable(loader.errorString()));
        QCOMPARE(loader.session().endReason, QStringLiteral("user-stop"));
        const auto stored = byKey(loader.processes());
        QCOMPARE(stored.size(), std::size_t(collector.byKey.size()));
        std::uint64_t clientSeen = 0;
        for (const ProcessFigures &live : std::as_const(collector.byKey)) {
            const auto found = stored.find(live.processKey);
            QVERIFY(found != stored.end());
            const QString difference = differences(found->second, live);
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
            if (live.pid == clientPid)
                ++clientSeen;
        }
        QVERIFY(clientSeen >= 1);

        // Replaying the stored records reaches the same live bytes.
        QVERIFY2(loader.replay(), qPrintable(loader.errorString()));
        int differing = 0;
        for (const ProcessFigures &replayed : loader.replayedProcesses()) {
            const ProcessFigures &live = stored.at(replayed.processKey);
            if (replayed.liveBytes != live.liveBytes) {
                ++differing;
                qWarning("process %llu (%s): replayed %llu bytes, live %llu",
                    static_cast<unsigned long long>(replayed.processKey), replayed.name.constData(),
                    static_cast<unsigned long long>(replayed.liveBytes),
                    static_cast<unsigned long long>(live.liveBytes));
            }
        }
        QCOMPARE(differing, 0);
        // This test process outlived the capture: its mappings are there.
        const auto self = std::find_if(stored.begin(), stored.end(), [](const auto &entry) {
            return entry.second.pid == QCoreApplication::applicationPid()
                && entry.second.exitNs < 0;
        });
        QVERIFY(self != stored.end());
        const ProcessDetail detail = loader.detail(self->first);
        std::uint64_t bytes = 0;
        for (const LiveMapping &mapping : detail.mappings)
            bytes += isKernelManagedPath(mapping.path) ? 0 : mapping.size();
        QCOMPARE(bytes, self->second.liveBytes);
        QVERIFY(!detail.timeline.empty());
    }
};

QTEST_GUILESS_MAIN(TestSessionReader)
#include "tst_sessionreader.moc"
