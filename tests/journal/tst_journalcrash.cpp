// Every acknowledged event survives the writer being killed (issue 3: "the helper killed during a
// burst of events ... journal passes PRAGMA integrity_check, every acknowledged event present").
//
// A forked child appends batches as fast as it can and, after each flush() returns, reports the
// batch's id range over a pipe. The parent SIGKILLs it at a random moment (almost always inside the
// next batch or its commit, where the child spends its time), then opens the journal and checks
// integrity, that every acknowledged range is there in full, and that no batch is there in part.

#include "Journal.h"

#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon;

namespace {

constexpr int kBatch = 512;

struct Ack {
    qint64 first;
    qint64 last;
};

bool writeAll(int fd, const void* data, size_t size)
{
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// Reads one Ack; false at EOF.
bool readAck(int fd, Ack* ack)
{
    char* p = reinterpret_cast<char*>(ack);
    size_t got = 0;
    while (got < sizeof(Ack)) {
        const ssize_t n = ::read(fd, p + got, sizeof(Ack) - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += static_cast<size_t>(n);
    }
    return true;
}

[[noreturn]] void childWriter(const QString& path, const QString& runId, int ackFd)
{
    Journal journal;
    QString error;
    if (!journal.open(path, Journal::Mode::ReadWrite, &error))
        _exit(3);
    RunRecord run;
    run.runId = runId;
    run.profile = QStringLiteral("crash");
    if (!journal.beginRun(&run, &error))
        _exit(4);
    const QString padding(120, QLatin1Char('p'));
    for (qint64 n = 0;; ++n) {
        Event e;
        e.runId = runId;
        e.kind = EventKind::NetAllow;
        e.timeMs = 1'000'000 + n;
        e.pid = 1234;
        e.subject = QStringLiteral("host-%1.example:443").arg(n);
        e.detail = QJsonObject{{QStringLiteral("n"), n}, {QStringLiteral("pad"), padding}};
        journal.append(std::move(e));
        if (journal.pendingCount() >= kBatch) {
            QList<qint64> ids;
            if (!journal.flush(&ids, &error) || ids.size() != kBatch)
                _exit(5);
            const Ack ack{ids.first(), ids.last()};
            if (!writeAll(ackFd, &ack, sizeof ack))
                _exit(6);
        }
    }
}

qint64 countRange(sqlite3* db, qint64 first, qint64 last)
{
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE id BETWEEN ?1 AND ?2", -1, &st, nullptr) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    const qint64 n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

} // namespace

class TestJournalCrash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acknowledgedEventsSurviveSigkill()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("journal.db"));
        QList<Ack> allAcks;
        constexpr int rounds = 6;
        for (int round = 0; round < rounds; ++round) {
            const QString runId = QStringLiteral("round-%1").arg(round);
            int fds[2];
            QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                ::close(fds[0]);
                childWriter(path, runId, fds[1]);
            }
            ::close(fds[1]);
            // Let a few batches be acknowledged, then kill at a random point of the stream.
            const int wantAcks = 3 + round * 4;
            QList<Ack> acks;
            Ack ack{};
            while (acks.size() < wantAcks && readAck(fds[0], &ack))
                acks.append(ack);
            QCOMPARE(acks.size(), wantAcks); // the child is writing, not failing
            ::usleep(QRandomGenerator::global()->bounded(3000));
            QVERIFY(::kill(child, SIGKILL) == 0);
            int status = 0;
            QVERIFY(::waitpid(child, &status, 0) == child);
            QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child died of something else");
            // Acks written before the kill are still in the pipe: they were acknowledged too.
            while (readAck(fds[0], &ack))
                acks.append(ack);
            ::close(fds[0]);
            allAcks += acks;

            // The journal as the next helper finds it: opens, recovers, is sound.
            Journal journal;
            QString error;
            QVERIFY2(journal.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
            QString integrity;
            QVERIFY2(journal.integrityCheck(&integrity, &error), qPrintable(error));
            QCOMPARE(integrity, QStringLiteral("ok"));
            QVERIFY2(journal.close(&error), qPrintable(error));

            sqlite3* db = nullptr;
            QVERIFY(
                sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
            for (const Ack& a : std::as_const(allAcks)) {
                QCOMPARE(a.last - a.first + 1, qint64(kBatch));
                QCOMPARE(countRange(db, a.first, a.last), qint64(kBatch));
            }
            // Batches are atomic: the one being written when the kill came is absent entirely.
            sqlite3_stmt* st = nullptr;
            QVERIFY(sqlite3_prepare_v2(db, "SELECT count(*), coalesce(max(id), 0) FROM events", -1, &st, nullptr) ==
                    SQLITE_OK);
            QVERIFY(sqlite3_step(st) == SQLITE_ROW);
            const qint64 total = sqlite3_column_int64(st, 0);
            const qint64 maxId = sqlite3_column_int64(st, 1);
            sqlite3_finalize(st);
            sqlite3_close(db);
            QCOMPARE(total % kBatch, qint64(0));
            QVERIFY(total >= qint64(allAcks.size()) * kBatch);
            // At most one batch beyond the last ack: committed, killed before it could report.
            QVERIFY(maxId <= allAcks.last().last + kBatch);
            qInfo("round %d: %lld acknowledged batches so far, %lld events on disk", round,
                static_cast<long long>(allAcks.size()), static_cast<long long>(total));
        }
    }
};

QTEST_GUILESS_MAIN(TestJournalCrash)
#include "tst_journalcrash.moc"
