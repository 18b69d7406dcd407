// SPDX-License-Identifier: GPL-2.0-or-later
#include "capture/rawstreamwriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryFile>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

using namespace memtap;

namespace {

// A pipe whose ends close with the object.
struct Pipe
{
    int read = -1;
    int write = -1;
    Pipe()
    {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) == 0) {
            read = fds[0];
            write = fds[1];
        }
    }
    ~Pipe()
    {
        closeRead();
        if (write >= 0)
            ::close(write);
    }
    void closeRead()
    {
        if (read >= 0)
            ::close(read);
        read = -1;
    }
};

} // namespace

// The writer that stands between the capture thread and memtapctl's output.
class TestRawStreamWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesEveryByteInOrder()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        QByteArray expected;
        {
            RawStreamWriter writer(file.handle());
            for (int i = 0; i < 2000; ++i) {
                const QByteArray chunk = QByteArray::number(i).repeated(1 + i % 97) + '\n';
                expected += chunk;
                QString error;
                QVERIFY2(writer.append(chunk, &error), qPrintable(error));
            }
            QVERIFY(writer.finish(QDeadlineTimer(10000)));
            QCOMPARE(writer.bytesWritten(), qint64(expected.size()));
            QCOMPARE(writer.queuedBytes(), qint64(0));
            QVERIFY(writer.errorString().isEmpty());
        }
        QFile written(file.fileName());
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), expected);
    }

    // A reader that stops reading: the producer is never blocked, and is told
    // once the bound is reached.
    void boundsAStalledReader()
    {
        Pipe pipe;
        QVERIFY(pipe.read >= 0);
        const qint64 bound = 1 << 20;
        RawStreamWriter writer(pipe.write, bound);
        const QByteArray chunk(64 * 1024, 'x');
        QString error;
        QElapsedTimer clock;
        clock.start();
        int accepted = 0;
        while (writer.append(chunk, &error))
            ++accepted;
        QVERIFY2(clock.elapsed() < 5000, "append blocked");
        QVERIFY(error.contains(QLatin1String("not taking the stream")));
        // The pipe takes 64 KiB, the queue the bound.
        QVERIFY(accepted * chunk.size() <= bound + 2 * chunk.size());
        QVERIFY(accepted * chunk.size() >= bound - chunk.size());
        QVERIFY(!writer.finish(QDeadlineTimer(0)));
    }

    void giveUpOnADeadline()
    {
        Pipe pipe;
        RawStreamWriter writer(pipe.write);
        QString error;
        QVERIFY(writer.append(QByteArray(1 << 20, 'y'), &error));
        QVERIFY(!writer.drain(QDeadlineTimer(200)));
        QVERIFY(writer.errorString().isEmpty()); // draining gives nothing up
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!writer.finish(QDeadlineTimer(300)));
        QVERIFY(clock.elapsed() < 3000);
        QVERIFY2(writer.errorString().contains(QLatin1String("did not take the last")),
            qPrintable(writer.errorString()));
    }

    // The reader goes away: EPIPE, reported; the test process is not killed by SIGPIPE.
    void readerGoneIsAnError()
    {
        Pipe pipe;
        RawStreamWriter writer(pipe.write);
        pipe.closeRead();
        QString error;
        bool accepted = writer.append(QByteArrayLiteral("hello\n"), &error);
        if (accepted)
            QVERIFY(!writer.finish(QDeadlineTimer(5000)));
        QTRY_VERIFY(!writer.errorString().isEmpty());
        QVERIFY2(writer.errorString().contains(QLatin1String("Broken pipe")),
            qPrintable(writer.errorString()));
        QVERIFY(!writer.append(QByteArrayLiteral("more\n"), &error));
    }

    void restoresTheDescriptorFlags()
    {
        Pipe pipe;
        const int before = ::fcntl(pipe.write, F_GETFL);
        QVERIFY(!(before & O_NONBLOCK));
        {
            RawStreamWriter writer(pipe.write);
            QVERIFY(::fcntl(pipe.write, F_GETFL) & O_NONBLOCK);
        }
        QCOMPARE(::fcntl(pipe.write, F_GETFL), before);
    }
};

QTEST_GUILESS_MAIN(TestRawStreamWriter)
#include "tst_rawstreamwriter.moc"
