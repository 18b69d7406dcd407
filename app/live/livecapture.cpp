// SPDX-License-Identifier: GPL-2.0-or-later
#include "livecapture.h"

#include "live/liveingest.h"
#include "storage/databasepassword.h"

#include <QEventLoop>

namespace memtap {

namespace {

// The window events/s is averaged over.
constexpr qint64 rateWindowMs = 1000;

} // namespace

LiveCapture::LiveCapture(QObject *parent)
    : QObject(parent)
    , m_session(std::make_unique<CaptureSession>())
    , m_counterTimer(this)
{
    m_ingestThread.setObjectName(QStringLiteral("memtap ingest"));
    m_counterTimer.setInterval(counterIntervalMs);
    m_counterTimer.setSingleShot(true);
    connect(&m_counterTimer, &QTimer::timeout, this, &LiveCapture::sendCounters);
}

LiveCapture::~LiveCapture()
{
    // Nobody may hear from a half-destroyed capture.
    blockSignals(true);
    shutdown();
    tearDownIngest();
    m_session.reset();
}

void LiveCapture::setRawStreamSink(CaptureSession::RawStreamSink sink)
{
    m_rawSink = std::move(sink);
}

bool LiveCapture::start(const CaptureOptions &options, const Settings &settings)
{
    if (m_active)
        return false;
    tearDownIngest();
    m_session = std::make_unique<CaptureSession>();
    if (m_rawSink)
        m_session->setRawStreamSink(m_rawSink);
    m_options = options;
    m_settings = settings;
    m_active = true;
    m_storing = false;
    m_stopRequested = false;
    m_sessionId = 0;
    m_stored = false;
    m_storeError.clear();
    m_captureError.clear();
    m_storeStatus = EventStore::Status();
    m_endReason = CaptureEndReason::None;
    m_counters = ParserCounters();
    m_countersPending = false;
    m_rateSamples.clear();
    m_eventsPerSecond = 0;
    m_rateClock.start();

    // The keychain answers through this thread's event loop, not the ingest thread's.
    if (m_settings.database && m_settings.database->isMysql() && !m_settings.storeOptions.password)
        m_settings.storeOptions.password = DatabasePassword::find(*m_settings.database).password;

    CaptureSession *session = m_session.get();
    connect(session, &CaptureSession::stateChanged, this, &LiveCapture::stateChanged);
    connect(session, &CaptureSession::metadataChanged, this, &LiveCapture::metadataChanged);
    connect(session, &CaptureSession::countersChanged, this, &LiveCapture::onCounters);
    connect(session, &CaptureSession::tracerMessage, this, &LiveCapture::tracerMessage);
    connect(session, &CaptureSession::stopTimedOut, this, &LiveCapture::stopTimedOut);
    connect(session, &CaptureSession::finished, this, &LiveCapture::onSessionFinished);

    LiveIngest::Options ingestOptions;
    ingestOptions.database = m_settings.database;
    ingestOptions.storeOptions = m_settings.storeOptions;
    ingestOptions.accounting = m_settings.accounting;
    ingestOptions.processUpdateInterval = m_settings.processUpdateInterval;
    m_ingest = new LiveIngest(ingestOptions);
    m_ingest->moveToThread(&m_ingestThread);
    // Batches and metadata come from the capture thread straight to the
    // ingest thread, in the order the stream had them.
    connect(session, &CaptureSession::eventsReady, m_ingest, &LiveIngest::addBatch);
    connect(session, &CaptureSession::metadataChanged, m_ingest, &LiveIngest::setMetadata);
    connect(m_ingest, &LiveIngest::opened, this, &LiveCapture::onDatabaseOpened);
    connect(m_ingest, &LiveIngest::processesUpdated, this, &LiveCapture::processesUpdated);
    connect(m_ingest, &LiveIngest::detailReady, this, &LiveCapture::detailReady);
    connect(m_ingest, &LiveIngest::databaseStatusChanged, this,
        [this](const QString &text, bool problem) {
            if (m_active)
                Q_EMIT databaseStatusChanged(text, problem);
        });
    connect(m_ingest, &LiveIngest::storeRefused, this, [this](const QString &message) {
        m_storeError = message;
        Q_EMIT databaseStatusChanged(message, true);
        stop();
    });
    connect(m_ingest, &LiveIngest::ended, this, &LiveCapture::onIngestEnded);
    m_ingestThread.start();

    Q_EMIT stateChanged(CaptureSession::State::Starting);
    QMetaObject::invokeMethod(m_ingest, &LiveIngest::open, Qt::QueuedConnection);
    return true;
}

void LiveCapture::onDatabaseOpened(bool ok, qint64 sessionId, const QString &error)
{
    if (!m_active || m_storing)
        return;
    if (!ok) {
        m_storeError = error;
        Q_EMIT databaseStatusChanged(error, true);
        Q_EMIT stateChanged(CaptureSession::State::Failed);
        Q_EMIT failed(error);
        end(CaptureEndReason::None);
        return;
    }
    m_sessionId = sessionId;
    if (m_settings.database)
        Q_EMIT sessionStarted(*m_settings.database, sessionId);
    if (m_stopRequested) {
        // Stopped before the helper was started: an empty session, ended as asked.
        onSessionFinished(CaptureEndReason::UserStop, CaptureError());
        return;
    }
    m_session->start(m_options);
}

void LiveCapture::stop()
{
    if (!m_active)
        return;
    m_stopRequested = true;
    if (m_session->isActive())
        m_session->stop();
}

void LiveCapture::onSessionFinished(CaptureEndReason reason, const CaptureError &error)
{
    if (!m_active || m_storing)
        return;
    m_endReason = reason;
    if (error.isError())
        m_captureError = error.message();
    m_counters = m_session->counters();
    sendCounters();

    SessionEnd end;
    end.reason = captureEndReasonName(reason);
    end.lostEvents = m_counters.lostEvents;
    end.malformedLines = m_counters.malformed;
    m_storing = true;
    // Queued behind every batch the capture thread sent before it ended.
    QMetaObject::invokeMethod(
        m_ingest, [ingest = m_ingest, end] { ingest->finish(end); }, Qt::QueuedConnection);
}

void LiveCapture::onIngestEnded(bool stored, const QString &error, const EventStore::Status &status)
{
    if (!m_active)
        return;
    m_storing = false;
    m_storeStatus = status;
    m_stored = stored && m_storeError.isEmpty();
    if (m_storeError.isEmpty())
        m_storeError = error;
    if (m_settings.database && m_stored) {
        const ParserCounters counters = m_session->counters();
        const std::uint64_t baselineRecords = counters.records - counters.events();
        if (status.writtenEvents != counters.events()
            || status.writtenBaselineRecords != baselineRecords) {
            m_stored = false;
            m_storeError = tr("the database holds %1 events and %2 baseline records, but the "
                              "capture had %3 and %4")
                               .arg(status.writtenEvents)
                               .arg(status.writtenBaselineRecords)
                               .arg(counters.events())
                               .arg(baselineRecords);
        }
    }
    if (!m_captureError.isEmpty())
        Q_EMIT failed(m_captureError);
    if (m_settings.database && !m_stored) {
        // The store's sentences say which records a file holds.
        const QString message = status.unstoredPath.isEmpty()
            ? tr("The capture was not stored completely in %1 (%2); what is missing there is "
                 "lost.")
                  .arg(m_settings.database->toString(), m_storeError)
            : tr("The capture was not stored completely in %1: %2")
                  .arg(m_settings.database->toString(), m_storeError);
        Q_EMIT databaseStatusChanged(message, true);
        Q_EMIT failed(message);
    }
    end(m_endReason);
}

void LiveCapture::end(CaptureEndReason reason)
{
    m_active = false;
    m_storing = false;
    Q_EMIT finished(reason);
}

void LiveCapture::shutdown()
{
    if (!m_active)
        return;
    stop();
    if (m_session->isActive())
        m_session->waitForFinished(CaptureSession::stopTimeoutMs + 1000);
    if (!m_active)
        return;
    if (m_session->isActive()) {
        // The helper did not end: the session's destructor gives it its last
        // chance and joins the capture thread; the batches it sent are queued.
        m_session.reset();
        m_session = std::make_unique<CaptureSession>();
        m_endReason = CaptureEndReason::UserStop;
    }
    if (!m_storing) {
        // The database was still opening, or the session's end is not
        // delivered yet: finish with what arrived.
        if (m_endReason == CaptureEndReason::None)
            m_endReason = CaptureEndReason::UserStop;
        m_storing = true;
        SessionEnd end;
        end.reason = captureEndReasonName(m_endReason);
        QMetaObject::invokeMethod(
            m_ingest, [ingest = m_ingest, end] { ingest->finish(end); }, Qt::QueuedConnection);
    }
    // Runs after the finish queued above (or by onSessionFinished()): when it
    // returns, ended() is posted to us.
    QMetaObject::invokeMethod(
        m_ingest, [] {}, Qt::BlockingQueuedConnection);
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    if (m_active) {
        // Only if ended() could not be delivered.
        end(m_endReason);
    }
}

void LiveCapture::giveUpStoring()
{
    if (LiveIngest *ingest = m_ingest)
        ingest->giveUpStoring();
}

void LiveCapture::abortStore()
{
    if (LiveIngest *ingest = m_ingest)
        ingest->abortStore();
}

bool LiveCapture::waitForFinished(int timeoutMs)
{
    if (!m_active)
        return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &LiveCapture::finished, &loop, &QEventLoop::quit);
    if (timeoutMs >= 0)
        timeout.start(timeoutMs);
    loop.exec();
    return !m_active;
}

void LiveCapture::requestDetail(std::uint64_t processKey)
{
    if (!m_ingest) {
        ProcessDetail empty;
        empty.processKey = processKey;
        Q_EMIT detailReady(empty);
        return;
    }
    QMetaObject::invokeMethod(
        m_ingest, [ingest = m_ingest, processKey] { ingest->requestDetail(processKey); },
        Qt::QueuedConnection);
}

void LiveCapture::onCounters(const ParserCounters &counters)
{
    m_counters = counters;
    m_countersPending = true;
    if (!m_counterTimer.isActive())
        m_counterTimer.start();
}

void LiveCapture::sendCounters()
{
    m_countersPending = false;
    const qint64 nowMs = m_rateClock.elapsed();
    const std::uint64_t events = m_counters.events();
    m_rateSamples.emplace_back(nowMs, events);
    while (m_rateSamples.size() > 2 && m_rateSamples[1].first <= nowMs - rateWindowMs)
        m_rateSamples.pop_front();
    const auto &[oldestMs, oldestEvents] = m_rateSamples.front();
    m_eventsPerSecond = nowMs > oldestMs ? static_cast<double>(events - oldestEvents) * 1000.0
            / static_cast<double>(nowMs - oldestMs)
                                         : 0.0;
    Q_EMIT countersChanged(m_counters, m_eventsPerSecond);
}

void LiveCapture::tearDownIngest()
{
    if (!m_ingest)
        return;
    m_ingestThread.quit();
    m_ingestThread.wait();
    delete m_ingest;
    m_ingest = nullptr;
}

} // namespace memtap
