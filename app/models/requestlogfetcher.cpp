// SPDX-License-Identifier: GPL-2.0-or-later
#include "requestlogfetcher.h"

#include "storage/database.h"
#include "storage/requestlogquery.h"
#include "storage/sessionrepository.h"

namespace memtap {

RequestLogFetcher::RequestLogFetcher(QObject *parent)
    : QObject(parent)
{ }

RequestLogFetcher::~RequestLogFetcher() = default;

void RequestLogFetcher::open(const DatabaseUrl &url, qint64 sessionId,
    const std::optional<QString> &password, const RequestFilter &filter, quint64 generation)
{
    m_generation = generation;
    close();
    Database::OpenOptions options;
    options.password = password;
    m_database = Database::open(url, options, &m_openError);
    if (m_database) {
        m_query = std::make_unique<RequestLogQuery>(*m_database, sessionId, filter);
        SessionRepository repository(*m_database);
        if (const auto session = repository.session(sessionId)) {
            Q_EMIT sessionInfoReady(generation, session->realtimeOffsetNs.has_value(),
                session->realtimeOffsetNs.value_or(0), session->startTimestampNs().value_or(0));
        }
    }
    refresh(generation);
}

void RequestLogFetcher::setFilter(const RequestFilter &filter, quint64 generation)
{
    m_generation = generation;
    if (m_query)
        m_query->setFilter(filter);
    refresh(generation);
}

void RequestLogFetcher::refresh(quint64 generation)
{
    if (generation != m_generation)
        return;
    if (!m_query) {
        Q_EMIT countReady(generation, 0, m_openError);
        return;
    }
    if (!m_query->refresh()) {
        Q_EMIT countReady(generation, m_query->rowCount(), m_query->errorString());
        return;
    }
    Q_EMIT countReady(generation, m_query->rowCount(), QString());
}

void RequestLogFetcher::fetch(quint64 generation, quint64 firstRow, quint64 count)
{
    if (generation != m_generation)
        return;
    if (!m_query) {
        Q_EMIT rowsReady(generation, firstRow, {}, m_openError);
        return;
    }
    std::vector<StoredEvent> rows = m_query->rows(firstRow, std::size_t(count));
    Q_EMIT rowsReady(generation, firstRow, rows, m_query->errorString());
}

void RequestLogFetcher::close()
{
    m_query.reset();
    m_database.reset();
}

} // namespace memtap
