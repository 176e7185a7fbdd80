// EventWriter against real pipes: the line shapes of the contract, a reader that stalls (the
// writer never blocks, drops and counts, and says so once there is room), a reader that goes
// away (EPIPE turns the writer off, nothing blocks or dies), and the bounded wait for the last line.

#include "EventWriter.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <vector>

using cordon::confine::EventWriter;
using cordon::confine::UniqueFd;

namespace {

QByteArray readAll(int fd)
{
    QByteArray out;
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, static_cast<int>(n));
    }
    return out;
}

QList<QJsonObject> parse(const QByteArray& raw)
{
    QList<QJsonObject> out;
    for (const QByteArray& line : raw.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        out.append(QJsonDocument::fromJson(line, &error).object());
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON: %s", line.constData());
    }
    return out;
}

} // namespace

class TestEventWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ::signal(SIGPIPE, SIG_IGN); } // as the monitor does

    void linesOfTheContract()
    {
        int p[2];
        QCOMPARE(::pipe2(p, O_CLOEXEC), 0);
        {
            EventWriter w{UniqueFd(p[1])};
            w.started(4242);
            w.exec(100, 3, "/usr/bin/git", {"git", "status"}, false);
            w.netDirect(100, false, "93.184.216.34", 443);
            w.netDirect(100, true, "2001:db8::1", 80);
            w.guard("/ws/.envrc", true, false);
            w.guard("/ws/.git/commondir", false, true);
            w.timeWarning(60);
            w.limitKill("timeout");
            w.exit(124);
            w.started(1); // nothing after the exit line
        }
        const QByteArray raw = readAll(p[0]);
        ::close(p[0]);
        QVERIFY(raw.endsWith("}\n"));
        const QList<QJsonObject> e = parse(raw);
        QCOMPARE(e.size(), 9);
        QCOMPARE(e[0].value(QStringLiteral("shim_pid")).toInt(), 4242);
        QCOMPARE(e[1].value(QStringLiteral("ns_pid")).toInt(), 3);
        QCOMPARE(e[1].value(QStringLiteral("argv")).toVariant().toStringList(),
            (QStringList{QStringLiteral("git"), QStringLiteral("status")}));
        QCOMPARE(e[1].value(QStringLiteral("truncated")).toBool(), false);
        QCOMPARE(e[2].value(QStringLiteral("family")).toString(), QStringLiteral("inet"));
        QCOMPARE(e[3].value(QStringLiteral("family")).toString(), QStringLiteral("inet6"));
        QCOMPARE(e[3].value(QStringLiteral("port")).toInt(), 80);
        QCOMPARE(e[4].value(QStringLiteral("action")).toString(), QStringLiteral("quarantined"));
        QCOMPARE(e[5].value(QStringLiteral("action")).toString(), QStringLiteral("failed"));
        QCOMPARE(e[5].value(QStringLiteral("critical")).toBool(), true);
        QCOMPARE(e[6].value(QStringLiteral("remaining_s")).toInt(), 60);
        QCOMPARE(e[7].value(QStringLiteral("limit")).toString(), QStringLiteral("timeout"));
        QCOMPARE(e[8].value(QStringLiteral("kind")).toString(), QStringLiteral("exit"));
        QCOMPARE(e[8].value(QStringLiteral("status")).toInt(), 124);
        for (const QJsonObject& o : e)
            QVERIFY(o.value(QStringLiteral("time_ms")).toInteger() > 1700000000000LL);
    }

    void aStalledReaderNeverBlocksAndDropsAreCounted()
    {
        int p[2];
        QCOMPARE(::pipe2(p, O_CLOEXEC), 0);
        QVERIFY(::fcntl(p[1], F_SETPIPE_SZ, 4096) > 0);
        EventWriter w{UniqueFd(p[1])};
        const std::string arg(1000, 'x');
        QElapsedTimer timer;
        timer.start();
        int emitted = 0;
        while (w.droppedTotal() < 50) {
            w.exec(1, 1, "/bin/true", {arg}, false);
            ++emitted;
            QVERIFY2(emitted < 100000, "never dropped");
        }
        QVERIFY2(timer.elapsed() < 2000, "the writer blocked"); // nothing of this may wait
        // The reader catches up; the next line says how many were lost.
        QByteArray raw = readAll(p[0]);
        std::vector<pollfd> fds(2, pollfd{-1, 0, 0});
        for (int round = 0; round < 10000; ++round) {
            fds.resize(1);
            w.addPollFds(fds);
            if (fds.size() == 1)
                break;
            QVERIFY(::poll(fds.data(), fds.size(), 1000) > 0);
            w.handlePoll(fds, 1);
            raw += readAll(p[0]);
        }
        w.started(7);
        w.exit(0, 1000);
        raw += readAll(p[0]);
        ::close(p[0]);
        const QList<QJsonObject> e = parse(raw);
        int execs = 0;
        qint64 dropped = 0;
        for (const QJsonObject& o : e) {
            if (o.value(QStringLiteral("kind")) == QStringLiteral("exec"))
                ++execs;
            if (o.value(QStringLiteral("kind")) == QStringLiteral("dropped"))
                dropped += o.value(QStringLiteral("count")).toInteger();
        }
        QCOMPARE(dropped, static_cast<qint64>(w.droppedTotal()));
        QCOMPARE(execs + dropped, static_cast<qint64>(emitted));
        QCOMPARE(e.last().value(QStringLiteral("kind")).toString(), QStringLiteral("exit"));
        // Every line whole: the queue never cut one.
        for (const QByteArray& line : raw.split('\n'))
            QVERIFY(line.isEmpty() || (line.startsWith('{') && line.endsWith('}')));
    }

    void aReaderThatGoesAwayTurnsTheWriterOff()
    {
        int p[2];
        QCOMPARE(::pipe2(p, O_CLOEXEC), 0);
        EventWriter w{UniqueFd(p[1])};
        ::close(p[0]);
        w.started(1); // EPIPE, not SIGPIPE, not a block
        QVERIFY(!w.enabled());
        w.exec(1, 1, "/bin/true", {}, false);
        w.exit(0);
    }

    void theLastLineWaitsOnlySoLong()
    {
        int p[2];
        QCOMPARE(::pipe2(p, O_CLOEXEC), 0);
        QVERIFY(::fcntl(p[1], F_SETPIPE_SZ, 4096) > 0);
        EventWriter w{UniqueFd(p[1])};
        for (int i = 0; i < 100; ++i)
            w.exec(1, 1, "/bin/true", {std::string(500, 'y')}, false);
        QElapsedTimer timer;
        timer.start();
        w.exit(0, 300); // nobody reads
        QVERIFY2(timer.elapsed() >= 250 && timer.elapsed() < 2000, QByteArray::number(timer.elapsed()).constData());
        ::close(p[0]);
    }

    // exec lines are written together (at most kCoalesceMs late); any other line goes at once,
    // and takes the held ones with it, in order.
    void execLinesAreCoalesced()
    {
        int p[2];
        QCOMPARE(::pipe2(p, O_CLOEXEC), 0);
        EventWriter w{UniqueFd(p[1])};
        w.exec(1, 1, "/bin/a", {"a"}, false);
        w.exec(2, 2, "/bin/b", {"b"}, false);
        QVERIFY(readAll(p[0]).isEmpty());
        const int timeout = w.pollTimeoutMs();
        QVERIFY(timeout >= 0 && timeout <= EventWriter::kCoalesceMs);
        w.tick(); // not due yet
        QVERIFY(readAll(p[0]).isEmpty());
        QTest::qWait(EventWriter::kCoalesceMs + 5);
        QCOMPARE(w.pollTimeoutMs(), 0);
        w.tick();
        QCOMPARE(readAll(p[0]).count('\n'), 2);
        QCOMPARE(w.pollTimeoutMs(), -1);
        w.exec(3, 3, "/bin/c", {"c"}, false);
        w.timeWarning(5);
        const QList<QJsonObject> e = parse(readAll(p[0]));
        QCOMPARE(e.size(), 2);
        QCOMPARE(e[0].value(QStringLiteral("kind")).toString(), QStringLiteral("exec"));
        QCOMPARE(e[1].value(QStringLiteral("kind")).toString(), QStringLiteral("time_warning"));
        w.exit(0);
        ::close(p[0]);
    }

    void noDescriptorWritesNothing()
    {
        EventWriter w{UniqueFd()};
        QVERIFY(!w.enabled());
        w.started(1);
        w.exit(0);
    }
};

QTEST_GUILESS_MAIN(TestEventWriter)
#include "tst_eventwriter.moc"
