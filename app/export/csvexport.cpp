// SPDX-License-Identifier: GPL-2.0-or-later
#include "csvexport.h"

#include "export/csvwriter.h"
#include "export/isotime.h"
#include "storage/requestlogquery.h"
#include "storage/sessionrepository.h"

#include <QIODevice>

namespace memtap {

namespace {

constexpr std::size_t requestChunk = 8192;

QByteArray hexAddress(std::uint64_t value)
{
    return QByteArray("0x") + QByteArray::number(quint64(value), 16);
}

} // namespace

CsvExport::CsvExport(Database &database, std::int64_t sessionId)
    : m_database(database)
    , m_sessionId(sessionId)
{ }

QStringList CsvExport::columns(Table table)
{
    if (table == Table::Processes)
        return {QStringLiteral("pid"), QStringLiteral("name"), QStringLiteral("user"),
            QStringLiteral("mmap_calls"), QStringLiteral("munmap_calls"),
            QStringLiteral("requested_bytes"), QStringLiteral("released_bytes"),
            QStringLiteral("net_bytes"), QStringLiteral("live_bytes"),
            QStringLiteral("percent_of_ram"), QStringLiteral("first_seen"),
            QStringLiteral("last_seen")};
    return {QStringLiteral("id"), QStringLiteral("time"), QStringLiteral("pid"),
        QStringLiteral("tid"), QStringLiteral("name"), QStringLiteral("call"),
        QStringLiteral("address"), QStringLiteral("length"), QStringLiteral("prot"),
        QStringLiteral("flags"), QStringLiteral("fd"), QStringLiteral("offset"),
        QStringLiteral("result")};
}

bool CsvExport::loadSession()
{
    SessionRepository repository(m_database);
    const auto session = repository.session(m_sessionId);
    if (!session) {
        m_error = repository.errorString();
        return false;
    }
    m_memTotalBytes = session->memTotalBytes.value_or(0);
    if (session->realtimeOffsetNs) {
        m_realtimeOffsetNs = *session->realtimeOffsetNs;
    } else {
        m_realtimeOffsetNs = 0;
        m_warning = tr("Session %1 does not say when it was recorded (it was recorded without "
                       "memtap's helper), so its times count from the recording host's boot, "
                       "written as if that were 1970-01-01T00:00:00Z.")
                        .arg(m_sessionId);
    }
    return true;
}

bool CsvExport::write(
    Table table, const RequestFilter &filter, QIODevice *output, const Progress &progress)
{
    m_rows = 0;
    m_cancelled = false;
    m_error.clear();
    m_warning.clear();
    if (!loadSession())
        return false;
    return table == Table::Processes ? writeProcesses(filter, output, progress)
                                     : writeRequests(filter, output, progress);
}

bool CsvExport::writeProcesses(
    const RequestFilter &filter, QIODevice *output, const Progress &progress)
{
    if (filter.call) {
        m_error = tr("The processes export cannot be filtered by call; filter by pid or name.");
        return false;
    }
    SessionRepository repository(m_database);
    const std::vector<StoredProcess> processes = repository.processes(m_sessionId, filter);
    if (repository.hasError()) {
        m_error = repository.errorString();
        return false;
    }
    CsvWriter csv(output);
    csv.writeHeader(columns(Table::Processes));
    const std::uint64_t total = processes.size();
    for (const StoredProcess &process : processes) {
        if (m_processPredicate && !m_processPredicate(process))
            continue;
        const ProcessFigures &p = process.figures;
        csv.addNumber(p.pid);
        csv.addBytes(p.name);
        if (!process.userName.isEmpty())
            csv.addText(process.userName);
        else if (p.uid >= 0)
            csv.addNumber(p.uid);
        else
            csv.addEmpty();
        csv.addNumber(p.mmapCalls);
        csv.addNumber(p.munmapCalls);
        csv.addNumber(p.requestedBytes);
        csv.addNumber(p.releasedBytes);
        csv.addNumber(p.netBytes());
        csv.addNumber(p.liveBytes);
        if (m_memTotalBytes > 0)
            csv.addDecimal(double(p.liveBytes) / double(m_memTotalBytes) * 100.0, 4);
        else
            csv.addEmpty();
        csv.addBytes(IsoTime::fromNanoseconds(p.firstSeenNs + m_realtimeOffsetNs));
        csv.addBytes(IsoTime::fromNanoseconds(p.lastSeenNs + m_realtimeOffsetNs));
        if (!csv.endRow())
            break;
        ++m_rows;
        if (progress && m_rows % 1024 == 0 && !progress(m_rows, total)) {
            m_cancelled = true;
            m_error = tr("The export was cancelled.");
            return false;
        }
    }
    if (!csv.flush()) {
        m_error = csv.errorString();
        return false;
    }
    if (progress)
        progress(m_rows, total);
    return true;
}

bool CsvExport::writeRequests(
    const RequestFilter &filter, QIODevice *output, const Progress &progress)
{
    RequestLogQuery log(m_database, m_sessionId, filter);
    if (!log.refresh()) {
        m_error = log.errorString();
        return false;
    }
    CsvWriter csv(output);
    csv.writeHeader(columns(Table::Requests));
    const std::uint64_t total = log.rowCount();
    for (std::uint64_t first = 0; first < total; first += requestChunk) {
        const std::vector<StoredEvent> rows = log.rows(first, requestChunk);
        if (log.hasError()) {
            m_error = log.errorString();
            return false;
        }
        for (const StoredEvent &row : rows) {
            const Event &e = row.event;
            csv.addNumber(row.id);
            csv.addBytes(IsoTime::fromNanoseconds(e.timestampNs + m_realtimeOffsetNs));
            csv.addNumber(e.pid);
            csv.addNumber(e.tid);
            csv.addBytes(e.name.view());
            csv.addBytes(callName(e.call));
            csv.addBytes(hexAddress(e.address));
            csv.addNumber(e.length);
            csv.addNumber(e.prot);
            csv.addNumber(e.flags);
            csv.addNumber(e.fd);
            csv.addNumber(e.offset);
            csv.addNumber(e.result);
            csv.endRow();
        }
        if (csv.hasError()) {
            m_error = csv.errorString();
            return false;
        }
        m_rows += rows.size();
        if (progress && !progress(m_rows, total)) {
            m_cancelled = true;
            m_error = tr("The export was cancelled.");
            return false;
        }
    }
    if (!csv.flush()) {
        m_error = csv.errorString();
        return false;
    }
    return true;
}

} // namespace memtap
