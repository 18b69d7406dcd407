// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/sessionlistmodel.h"
#include "storage/storedsession.h"
#include "storage/wallclock.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace memtap;

class TestSessionListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saysWhichSessionsContinueWhich();
    void tellsRecordingFromInterrupted();
};

namespace {

StoredSession session(std::int64_t id, const QString &source, const QString &endReason)
{
    StoredSession s;
    s.id = id;
    s.source = source;
    s.sourceName = QStringLiteral("/home/user/.local/share/memtap/unstored/session-12-unstored.v1");
    s.host = "build01";
    s.kernelRelease = QStringLiteral("6.1.0-28-amd64");
    s.createdAtNs = 1'763'900'000'000'000'000;
    s.firstTimestampNs = 1'000'000'000;
    s.lastTimestampNs = 61'000'000'000;
    s.realtimeOffsetNs = 1'763'899'000'000'000'000;
    s.endReason = endReason;
    return s;
}

} // namespace

// The records a database had not taken are imported as a session of their
// own; the list's tooltips tie it to the session they belong to, both ways.
void TestSessionListModel::saysWhichSessionsContinueWhich()
{
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<StoredSession> sessions;
    sessions.push_back(session(12, QStringLiteral("record"), QStringLiteral("user-stop")));
    sessions.back().continuedIn = 15;
    sessions.push_back(session(14, QStringLiteral("record"), QStringLiteral("duration")));
    sessions.push_back(session(15, QStringLiteral("import"), QStringLiteral("end-of-trace")));
    sessions.back().continuesSession = 12;
    model.setSessions(sessions);
    QCOMPARE(model.rowCount(), 3);
    const auto tooltipOf = [&](std::int64_t id) {
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, SessionListModel::IdColumn);
            if (index.data().toLongLong() == id)
                return index.data(Qt::ToolTipRole).toString();
        }
        return QString();
    };
    const QString original = tooltipOf(12);
    QVERIFY2(original.contains(QLatin1String("are in session 15")), qPrintable(original));
    const QString rest = tooltipOf(15);
    QVERIFY2(rest.contains(QLatin1String("when session 12 stopped writing")), qPrintable(rest));
    const QString unrelated = tooltipOf(14);
    QVERIFY2(!unrelated.contains(QLatin1String("session 1")), qPrintable(unrelated));
}

// A session without an end is either still being written (its heartbeat is
// recent) or was left so by a writer that died.
void TestSessionListModel::tellsRecordingFromInterrupted()
{
    SessionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const std::int64_t now = wallClockNowNs();
    std::vector<StoredSession> sessions;
    sessions.push_back(session(1, QStringLiteral("record"), QString()));
    sessions.back().heartbeatAtNs = now - 5'000'000'000;
    sessions.push_back(session(2, QStringLiteral("record"), QString()));
    sessions.back().heartbeatAtNs = now - 600'000'000'000;
    sessions.push_back(session(3, QStringLiteral("record"), QStringLiteral("user-stop")));
    sessions.back().heartbeatAtNs = now - 600'000'000'000;
    model.setSessions(sessions);
    QCOMPARE(model.rowCount(), 3);
    const auto rowOf = [&](std::int64_t id) {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, SessionListModel::IdColumn).data().toLongLong() == id)
                return row;
        }
        return -1;
    };
    const auto duration = [&](std::int64_t id) {
        return model.index(rowOf(id), SessionListModel::DurationColumn).data().toString();
    };
    const auto tooltip = [&](std::int64_t id) {
        return model.index(rowOf(id), SessionListModel::IdColumn).data(Qt::ToolTipRole).toString();
    };
    QVERIFY2(duration(1).endsWith(QLatin1String("(recording)")), qPrintable(duration(1)));
    QVERIFY2(!tooltip(1).contains(QLatin1String("Interrupted")), qPrintable(tooltip(1)));
    QVERIFY2(duration(2).endsWith(QLatin1String("(interrupted)")), qPrintable(duration(2)));
    QVERIFY2(tooltip(2).contains(QLatin1String("Interrupted: nothing has written to it since")),
        qPrintable(tooltip(2)));
    QVERIFY2(!duration(3).contains(u'('), qPrintable(duration(3)));
    QVERIFY2(tooltip(3).contains(QLatin1String("Ended: user-stop")), qPrintable(tooltip(3)));
}

QTEST_GUILESS_MAIN(TestSessionListModel)
#include "tst_sessionlistmodel.moc"
