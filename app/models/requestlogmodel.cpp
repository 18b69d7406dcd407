// SPDX-License-Identifier: GPL-2.0-or-later
#include "requestlogmodel.h"

#include "models/displayformat.h"
#include "models/flagdecoder.h"
#include "models/requestlogfetcher.h"

#include <QDateTime>
#include <QLocale>

#include <sys/mman.h>
#include <sys/wait.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace memtap {

namespace {

// Pages asked for but not read yet; older wishes (rows scrolled past) are
// forgotten, a view asks again for what it still shows.
constexpr std::size_t maxWantedPages = 16;

constexpr std::uint64_t mebibyte = 1024 * 1024;

bool hasSize(Call call)
{
    return call == Call::Mmap || call == Call::Munmap || call == Call::Mremap;
}

QString errnoText(std::int64_t result)
{
    const char *name = result < 0 && result > -4096 ? strerrorname_np(int(-result)) : nullptr;
    return name ? QString::fromLatin1(name) : QString::number(result);
}

} // namespace

RequestLogModel::RequestLogModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_fetcher(new RequestLogFetcher)
{
    m_thread.setObjectName(QStringLiteral("memtap request log"));
    m_fetcher->moveToThread(&m_thread);
    connect(m_fetcher, &RequestLogFetcher::countReady, this, &RequestLogModel::onCountReady);
    connect(m_fetcher, &RequestLogFetcher::rowsReady, this, &RequestLogModel::onRowsReady);
    connect(m_fetcher, &RequestLogFetcher::sessionInfoReady, this,
        [this](quint64 generation, bool hasOffset, qint64 offsetNs, qint64 startNs) {
            if (generation != m_generation)
                return;
            m_timeOriginNs = startNs;
            if (hasOffset)
                setRealtimeOffsetNs(offsetNs);
        });
    m_thread.start();
    m_liveTimer.setInterval(liveRefreshIntervalMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &RequestLogModel::refreshLive);
}

RequestLogModel::~RequestLogModel()
{
    // The connection is closed in the thread that opened it.
    QMetaObject::invokeMethod(m_fetcher, &RequestLogFetcher::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_fetcher;
}

void RequestLogModel::setSession(
    const DatabaseUrl &url, std::int64_t sessionId, const std::optional<QString> &password)
{
    beginResetModel();
    ++m_generation;
    m_url = url;
    m_sessionId = sessionId;
    m_realtimeOffsetNs.reset();
    m_timeOriginNs = 0;
    m_rowCount = 0;
    m_counted = false;
    m_pages.clear();
    m_wanted.clear();
    m_pageInFlight.reset();
    m_error.clear();
    endResetModel();
    m_countInFlight = true;
    QMetaObject::invokeMethod(
        m_fetcher,
        [fetcher = m_fetcher, url, sessionId, password, filter = m_filter,
            generation = m_generation] {
            fetcher->open(url, sessionId, password, filter, generation);
        },
        Qt::QueuedConnection);
}

void RequestLogModel::clearSession()
{
    beginResetModel();
    ++m_generation;
    m_url = DatabaseUrl();
    m_sessionId = 0;
    m_rowCount = 0;
    m_counted = false;
    m_pages.clear();
    m_wanted.clear();
    m_pageInFlight.reset();
    m_countInFlight = false;
    m_recountPending = false;
    m_error.clear();
    endResetModel();
    m_liveTimer.stop();
    QMetaObject::invokeMethod(m_fetcher, &RequestLogFetcher::close, Qt::QueuedConnection);
}

void RequestLogModel::setFilter(const RequestFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    if (m_sessionId == 0)
        return;
    beginResetModel();
    ++m_generation;
    m_rowCount = 0;
    m_counted = false;
    m_pages.clear();
    m_wanted.clear();
    m_pageInFlight.reset();
    endResetModel();
    m_countInFlight = true;
    QMetaObject::invokeMethod(
        m_fetcher,
        [fetcher = m_fetcher, filter, generation = m_generation] {
            fetcher->setFilter(filter, generation);
        },
        Qt::QueuedConnection);
}

void RequestLogModel::setLive(bool live)
{
    if (live) {
        m_liveTimer.start();
        return;
    }
    if (m_liveTimer.isActive()) {
        m_liveTimer.stop();
        // What was written since the last re-count.
        refreshLive();
    }
}

void RequestLogModel::refreshLive()
{
    if (m_sessionId == 0)
        return;
    if (m_countInFlight) {
        // The count under way may have started before the rows the caller
        // knows of were committed: count once more when it is back.
        m_recountPending = true;
        return;
    }
    m_countInFlight = true;
    QMetaObject::invokeMethod(
        m_fetcher,
        [fetcher = m_fetcher, generation = m_generation] { fetcher->refresh(generation); },
        Qt::QueuedConnection);
}

void RequestLogModel::setRealtimeOffsetNs(std::optional<std::int64_t> offsetNs)
{
    m_realtimeOffsetNs = offsetNs;
    if (m_rowCount > 0)
        Q_EMIT dataChanged(index(0, TimeColumn), index(m_rowCount - 1, TimeColumn));
}

void RequestLogModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    if (!error.isEmpty())
        Q_EMIT errorOccurred(error);
}

void RequestLogModel::onCountReady(quint64 generation, quint64 rowCount, const QString &error)
{
    if (generation != m_generation)
        return;
    m_countInFlight = false;
    if (m_recountPending) {
        m_recountPending = false;
        QTimer::singleShot(0, this, &RequestLogModel::refreshLive);
    }
    if (!error.isEmpty()) {
        setError(error);
        return;
    }
    setError(QString());
    const int rows = int(std::min<quint64>(rowCount, INT_MAX));
    if (!m_counted || rows < m_rowCount) {
        // First count, or the session shrank (rewritten): nothing cached holds.
        beginResetModel();
        m_rowCount = rows;
        m_counted = true;
        m_pages.clear();
        m_wanted.clear();
        m_pageInFlight.reset();
        endResetModel();
    } else if (rows > m_rowCount) {
        beginInsertRows(QModelIndex(), m_rowCount, rows - 1);
        m_rowCount = rows;
        endInsertRows();
    }
    Q_EMIT counted(m_rowCount);
}

void RequestLogModel::onRowsReady(quint64 generation, quint64 firstRow,
    const std::vector<StoredEvent> &rows, const QString &error)
{
    if (generation != m_generation)
        return;
    const qint64 page = qint64(firstRow / pageRows);
    if (m_pageInFlight == page)
        m_pageInFlight.reset();
    if (!error.isEmpty()) {
        setError(error);
        return;
    }
    if (!rows.empty()) {
        while (m_pages.size() >= qsizetype(cachedPages) && !m_pages.contains(page)) {
            auto oldest = m_pages.begin();
            for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
                if (it->lastUse < oldest->lastUse)
                    oldest = it;
            }
            m_pages.erase(oldest);
        }
        Page &stored = m_pages[page];
        stored.rows = rows;
        stored.lastUse = ++m_useClock;
        const int first = int(firstRow);
        const int last = std::min(m_rowCount, first + int(rows.size())) - 1;
        if (last >= first) {
            Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
            Q_EMIT rowsLoaded(first, last);
        }
    }
    dispatchFetch();
}

void RequestLogModel::want(qint64 page) const
{
    if (m_pageInFlight == page)
        return;
    const auto found = std::find(m_wanted.begin(), m_wanted.end(), page);
    if (found != m_wanted.end())
        m_wanted.erase(found);
    m_wanted.push_back(page);
    while (m_wanted.size() > maxWantedPages)
        m_wanted.pop_front();
    // Not from within data(): views ask for many cells in a row.
    if (!m_pageInFlight)
        QMetaObject::invokeMethod(
            const_cast<RequestLogModel *>(this), [this] { dispatchFetch(); }, Qt::QueuedConnection);
}

void RequestLogModel::dispatchFetch() const
{
    while (!m_pageInFlight && !m_wanted.empty()) {
        const qint64 page = m_wanted.back();
        m_wanted.pop_back();
        const qint64 first = page * pageRows;
        if (first >= m_rowCount)
            continue;
        const int last = int(std::min<qint64>(first + pageRows, m_rowCount)) - 1;
        if (isLoaded(int(first), last))
            continue;
        m_pageInFlight = page;
        QMetaObject::invokeMethod(
            m_fetcher,
            [fetcher = m_fetcher, generation = m_generation, first] {
                fetcher->fetch(generation, quint64(first), pageRows);
            },
            Qt::QueuedConnection);
    }
}

const StoredEvent *RequestLogModel::storedEventAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return nullptr;
    const auto found = m_pages.find(row / pageRows);
    if (found == m_pages.end())
        return nullptr;
    const std::size_t offset = std::size_t(row % pageRows);
    if (offset >= found->rows.size())
        return nullptr;
    found->lastUse = ++m_useClock;
    return &found->rows[offset];
}

bool RequestLogModel::isLoaded(int first, int last) const
{
    for (int row = first; row <= last;) {
        const auto found = m_pages.constFind(row / pageRows);
        if (found == m_pages.constEnd())
            return false;
        const int pageEnd = (row / pageRows) * pageRows + int(found->rows.size());
        if (row >= pageEnd)
            return false;
        row = pageEnd;
        if (row % pageRows != 0 && row <= last)
            return false;
    }
    return true;
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RequestLogModel::timeText(std::int64_t timestampNs, bool full) const
{
    if (!m_realtimeOffsetNs) {
        const double seconds = double(timestampNs - m_timeOriginNs) / 1e9;
        return tr("%1 s").arg(QLocale().toString(seconds, 'f', full ? 9 : 6));
    }
    const std::int64_t wallNs = timestampNs + *m_realtimeOffsetNs;
    const std::int64_t ms = wallNs >= 0 ? wallNs / 1'000'000 : (wallNs - 999'999) / 1'000'000;
    const std::int64_t subMs = wallNs - ms * 1'000'000;
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    if (!full)
        return time.toString(QStringLiteral("HH:mm:ss.zzz"))
            + QStringLiteral("%1").arg(subMs / 1000, 3, 10, QLatin1Char('0'));
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QStringLiteral("%1").arg(subMs, 6, 10, QLatin1Char('0'));
}

QVariant RequestLogModel::display(const StoredEvent &stored, int column) const
{
    const Event &e = stored.event;
    switch (static_cast<Column>(column)) {
    case TimeColumn:
        return timeText(e.timestampNs, false);
    case PidColumn:
        return e.pid;
    case NameColumn:
        return DisplayFormat::processName(e.name.toByteArray());
    case CallColumn:
        return QLatin1String(callName(e.call));
    case SizeColumn:
        return hasSize(e.call) ? DisplayFormat::count(e.length) : QString();
    case SizeMibColumn:
        return hasSize(e.call) ? QLocale().toString(double(e.length) / double(mebibyte), 'f', 2)
                               : QString();
    case AddressColumn:
        // mmap's hint and brk's request are 0 when the caller left them to the kernel.
        if (!isMemoryCall(e.call)
            || (e.address == 0 && (e.call == Call::Mmap || e.call == Call::Brk)))
            return QString();
        return DisplayFormat::address(e.address);
    case ProtColumn:
        return e.call == Call::Mmap ? FlagDecoder::protection(e.prot) : QString();
    case FlagsColumn:
        return FlagDecoder::flags(e.call, e.flags);
    case FdColumn:
        if (e.call != Call::Mmap)
            return QString();
        if (e.fd < 0 || (e.flags & MAP_ANONYMOUS))
            return tr("anonymous");
        return tr("fd %1").arg(e.fd);
    case ResultColumn:
        switch (e.call) {
        case Call::Mmap:
        case Call::Mremap:
        case Call::Brk:
            return e.result < 0 ? errnoText(e.result) : DisplayFormat::address(quint64(e.result));
        case Call::Munmap:
            return e.result < 0 ? errnoText(e.result) : QString::number(e.result);
        case Call::Fork:
            return tr("child %1").arg(e.result);
        case Call::Exit: {
            const int status = int(e.result);
            if (WIFSIGNALED(status)) {
                const char *name = sigabbrev_np(WTERMSIG(status));
                return tr("killed by SIG%1")
                    .arg(name ? QString::fromLatin1(name) : QString::number(WTERMSIG(status)));
            }
            return tr("exit %1").arg(WEXITSTATUS(status));
        }
        default:
            return QString();
        }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RequestLogModel::rawValue(const StoredEvent &stored, int column) const
{
    const Event &e = stored.event;
    switch (static_cast<Column>(column)) {
    case TimeColumn:
        return qint64(e.timestampNs);
    case PidColumn:
        return e.pid;
    case NameColumn:
        return e.name.toByteArray();
    case CallColumn:
        return static_cast<int>(e.call);
    case SizeColumn:
    case SizeMibColumn:
        return quint64(e.length);
    case AddressColumn:
        return quint64(e.address);
    case ProtColumn:
        return quint64(e.prot);
    case FlagsColumn:
        return quint64(e.flags);
    case FdColumn:
        return qint64(e.fd);
    case ResultColumn:
        return qint64(e.result);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StoredEvent *stored = storedEventAt(index.row());
    if (!stored) {
        if (role == Qt::DisplayRole || role == LoadingRole || role == Qt::ToolTipRole)
            want(index.row() / pageRows);
        if (role == LoadingRole)
            return true;
        if (role == Qt::DisplayRole && index.column() == TimeColumn)
            return tr("loading…");
        return {};
    }
    const Event &e = stored->event;
    switch (role) {
    case Qt::DisplayRole:
        return display(*stored, index.column());
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return timeText(e.timestampNs, true);
        case SizeColumn:
        case SizeMibColumn:
            return hasSize(e.call) ? DisplayFormat::exactBytes(e.length) : QVariant();
        case ProtColumn:
        case FlagsColumn: {
            const QString text = display(*stored, index.column()).toString();
            if (text.isEmpty())
                return {};
            const std::uint64_t raw = index.column() == ProtColumn ? e.prot : e.flags;
            return QStringLiteral("%1 (0x%2)").arg(text, QString::number(raw, 16));
        }
        case ResultColumn:
            if (e.failed())
                return tr("Failed: %1 (%2)")
                    .arg(QString::fromLocal8Bit(strerror(int(-e.result))))
                    .arg(e.result);
            return {};
        case NameColumn:
            return DisplayFormat::processName(e.name.toByteArray());
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case PidColumn:
        case SizeColumn:
        case SizeMibColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case RawValueRole:
        return rawValue(*stored, index.column());
    case LoadingRole:
        return false;
    case EventIdRole:
        return qint64(stored->id);
    case PidRole:
        return e.pid;
    case FailedRole:
        return e.failed();
    default:
        return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (static_cast<Column>(section)) {
        case TimeColumn:
            return tr("Time");
        case PidColumn:
            return tr("PID");
        case NameColumn:
            return tr("Name");
        case CallColumn:
            return tr("Call");
        case SizeColumn:
            return tr("Size (bytes)");
        case SizeMibColumn:
            return tr("Size (MiB)");
        case AddressColumn:
            return tr("Address");
        case ProtColumn:
            return tr("Protection");
        case FlagsColumn:
            return tr("Flags");
        case FdColumn:
            return tr("File");
        case ResultColumn:
            return tr("Result");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case TimeColumn:
            return tr("When the call returned, in local time");
        case AddressColumn:
            return tr("The address the call was given (for mmap, the hint)");
        case FdColumn:
            return tr("What an mmap maps: anonymous memory or a file descriptor");
        case ResultColumn:
            return tr("What the call returned: the mapped address, the new break, the child's "
                      "PID, the exit status, or the error");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            (section == PidColumn || section == SizeColumn || section == SizeMibColumn
                    ? Qt::AlignRight
                    : Qt::AlignLeft)
            | Qt::AlignVCenter);
    return {};
}

} // namespace memtap
