// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/sessionlistmodel.h"
#include "storage/storedsession.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace memtap;

class TestSessionListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saysWhichSessionsContinueWhich();
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

QTEST_GUILESS_MAIN(TestSessionListModel)
#include "tst_sessionlistmodel.moc"
