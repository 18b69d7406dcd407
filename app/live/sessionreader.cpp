// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionreader.h"

#include "live/sessionloader.h"

namespace memtap {

SessionReader::SessionReader(QObject *parent)
    : QObject(parent)
    , m_loader(new SessionLoader)
{
    m_thread.setObjectName(QStringLiteral("memtap session reader"));
    m_loader->moveToThread(&m_thread);
    m_thread.start();
}

SessionReader::~SessionReader()
{
    ++m_generation;
    m_thread.quit();
    m_thread.wait();
    delete m_loader;
}

void SessionReader::load(
    const DatabaseUrl &url, qint64 sessionId, const std::optional<QString> &password)
{
    m_url = url;
    m_sessionId = sessionId;
    const int generation = ++m_generation;
    QMetaObject::invokeMethod(
        m_loader,
        [this, loader = m_loader, url, sessionId, password, generation] {
            if (generation != m_generation.load())
                return;
            if (!loader->load(url, sessionId, password)) {
                Q_EMIT failed(loader->errorString());
                return;
            }
            Q_EMIT loaded(loader->session(), loader->metadata(), loader->processes());
        },
        Qt::QueuedConnection);
}

void SessionReader::requestDetail(std::uint64_t processKey)
{
    const int generation = m_generation.load();
    QMetaObject::invokeMethod(
        m_loader,
        [this, loader = m_loader, processKey, generation] {
            if (generation != m_generation.load())
                return;
            const ProcessDetail detail = loader->detail(
                processKey, [this, generation](std::uint64_t done, std::uint64_t total) {
                    Q_EMIT replayProgress(done, total);
                    return generation == m_generation.load();
                });
            if (generation != m_generation.load())
                return;
            if (!loader->isReplayed())
                Q_EMIT failed(loader->errorString());
            Q_EMIT detailReady(detail);
        },
        Qt::QueuedConnection);
}

} // namespace memtap
