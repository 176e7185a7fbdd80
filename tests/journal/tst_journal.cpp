// The event journal against real SQLite files: schema, reopen, refusals, queries, paging,
// retention, export, concurrent readers and hostile text.

#include "Journal.h"
#include "JournalQuery.h"
#include "JournalRetention.h"
#include "JsonLinesExporter.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <atomic>
#include <thread>

using namespace cordon;

namespace {

// A second, raw connection: the test checks what is on disk without going through the journal.
class RawDb final {
public:
    explicit RawDb(const QString& path)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            sqlite3_close(m_db);
            m_db = nullptr;
        }
    }
    ~RawDb() { sqlite3_close(m_db); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;
    bool ok() const { return m_db != nullptr; }
    sqlite3* handle() const { return m_db; }

    // Test-only SQL: constant strings written here, never built from data.
    QString scalar(const char* sql) const
    {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK)
            return QStringLiteral("<prepare error: %1>").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
        QString out;
        if (sqlite3_step(st) == SQLITE_ROW)
            out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        else
            out = QStringLiteral("<no row: %1>").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
        sqlite3_finalize(st);
        return out;
    }
    bool exec(const char* sql) const { return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

private:
    sqlite3* m_db = nullptr;
};

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

Event makeEvent(const QString& run, EventKind kind, qint64 timeMs, const QString& subject, qint64 pid = 100)
{
    Event e;
    e.runId = run;
    e.kind = kind;
    e.timeMs = timeMs;
    e.subject = subject;
    e.pid = pid;
    e.detail = QJsonObject{{QStringLiteral("n"), subject.size()}};
    return e;
}

RunRecord makeRun(const QString& id, qint64 startedMs = 1000)
{
    RunRecord run;
    run.runId = id;
    run.profile = QStringLiteral("claude-code");
    run.workspace = QStringLiteral("/home/u/project");
    run.argv = QJsonArray{QStringLiteral("claude"), QStringLiteral("--print")};
    run.startedMs = startedMs;
    run.policySnapshot = QJsonObject{{QStringLiteral("network"),
        QJsonObject{{QStringLiteral("allow"), QJsonArray{QStringLiteral("api.anthropic.com")}}}}};
    return run;
}

} // namespace

class TestJournal : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("journal-%1.db").arg(++m_counter)); }

    // Opens a new journal with one run "r1" begun.
    void openWithRun(Journal& j, const QString& path)
    {
        QString error;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        RunRecord run = makeRun(QStringLiteral("r1"));
        QVERIFY2(j.beginRun(&run, &error), qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void createsSchemaInWalMode()
    {
        const QString path = freshPath();
        Journal j;
        QString error;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                                     QFileDevice::WriteGroup | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        RawDb raw(path);
        QVERIFY(raw.ok());
        QCOMPARE(raw.scalar("PRAGMA journal_mode"), QStringLiteral("wal"));
        QCOMPARE(raw.scalar("PRAGMA auto_vacuum"), QStringLiteral("2")); // INCREMENTAL
        QCOMPARE(raw.scalar("PRAGMA user_version"), QString::number(Journal::schemaVersion));
        QCOMPARE(raw.scalar("PRAGMA application_id"), QString::number(Journal::applicationId));
        QCOMPARE(raw.scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table'"
                            " AND name NOT LIKE 'sqlite_%' ORDER BY name)"),
            QStringLiteral("events,grants,runs"));
        QCOMPARE(raw.scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index'"
                            " AND tbl_name = 'events' AND name NOT LIKE 'sqlite_%' ORDER BY name)"),
            QStringLiteral("events_kind,events_run,events_time"));
    }

    void reopenKeepsEverythingAndIdsGrow()
    {
        const QString path = freshPath();
        QString error;
        QList<qint64> firstIds;
        {
            Journal j;
            openWithRun(j, path);
            for (int i = 0; i < 10; ++i)
                j.append(makeEvent(QStringLiteral("r1"), EventKind::Exec, 2000 + i, QStringLiteral("/bin/e%1").arg(i)));
            QVERIFY2(j.flush(&firstIds, &error), qPrintable(error));
            QCOMPARE(firstIds.size(), 10);
            for (int i = 1; i < firstIds.size(); ++i)
                QVERIFY(firstIds[i] == firstIds[i - 1] + 1);
            QVERIFY2(j.close(&error), qPrintable(error));
        }
        Journal j;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        QList<Event> events;
        QVERIFY2(j.query(JournalQuery(), &events, &error), qPrintable(error));
        QCOMPARE(events.size(), 10);
        QCOMPARE(events[3].subject, QStringLiteral("/bin/e3"));
        QCOMPARE(events[3].id, firstIds[3]);
        QCOMPARE(events[3].timeMs, qint64(2003));
        std::optional<RunRecord> run;
        QVERIFY2(j.findRun(QStringLiteral("r1"), &run, &error), qPrintable(error));
        QVERIFY(run.has_value());
        QCOMPARE(run->profile, QStringLiteral("claude-code"));
        // Ids stay monotonic across reopen and are never reused, even once every event is gone.
        QList<qint64> ids;
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Exit, 3000, QString()));
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QCOMPARE(ids, QList<qint64>{firstIds.last() + 1});
        qint64 deletedEvents = 0, deletedRuns = 0;
        QVERIFY2(j.deleteEventsBefore(1'000'000, &deletedEvents, &deletedRuns, &error), qPrintable(error));
        QCOMPARE(deletedEvents, qint64(11));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Exit, 4000, QString()));
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QCOMPARE(ids, QList<qint64>{firstIds.last() + 2});
    }

    void refusesNewerSchemaWithoutTouchingIt()
    {
        const QString path = freshPath();
        QString error;
        {
            Journal j;
            openWithRun(j, path);
            QVERIFY2(j.close(&error), qPrintable(error));
        }
        {
            RawDb raw(path);
            QVERIFY(raw.exec("PRAGMA user_version=2"));
            QVERIFY(raw.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        const QByteArray before = fileHash(path);
        Journal j;
        QVERIFY(!j.open(path, Journal::Mode::ReadWrite, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY(!j.isOpen());
        QCOMPARE(fileHash(path), before);
        RawDb raw(path);
        QCOMPARE(raw.scalar("SELECT count(*) FROM runs"), QStringLiteral("1")); // nothing lost
    }

    void refusesJournalWithoutSchemaVersion()
    {
        const QString path = freshPath();
        QString error;
        {
            Journal j;
            openWithRun(j, path);
        }
        {
            RawDb raw(path);
            QVERIFY(raw.exec("PRAGMA user_version=0"));
        }
        const QByteArray before = fileHash(path);
        Journal j;
        QVERIFY(!j.open(path, Journal::Mode::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
        QCOMPARE(fileHash(path), before);
    }

    void refusesNonSqliteFileWithoutTouchingIt()
    {
        const QString path = freshPath();
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray garbage(8192, '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 131 + 7) & 0xff);
        f.write("this is not a database\n");
        f.write(garbage);
        f.close();
        const QByteArray before = fileHash(path);
        const qint64 size = QFileInfo(path).size();
        for (Journal::Mode mode : {Journal::Mode::ReadWrite, Journal::Mode::ReadOnly}) {
            Journal j;
            QString error;
            QVERIFY(!j.open(path, mode, &error));
            QVERIFY2(error.contains(path), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("refusing")), qPrintable(error));
        }
        QCOMPARE(fileHash(path), before);
        QCOMPARE(QFileInfo(path).size(), size);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    }

    void refusesForeignSqliteDatabase()
    {
        const QString path = freshPath();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        {
            RawDb raw(path);
            QVERIFY(raw.exec("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')"));
        }
        const QByteArray before = fileHash(path);
        Journal j;
        QString error;
        QVERIFY(!j.open(path, Journal::Mode::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("not a Cordon journal")), qPrintable(error));
        QCOMPARE(fileHash(path), before);
    }

    void refusesSymlink()
    {
        const QString target = freshPath();
        {
            Journal j;
            openWithRun(j, target);
        }
        const QString link = freshPath();
        QVERIFY(QFile::link(target, link));
        Journal j;
        QString error;
        QVERIFY(!j.open(link, Journal::Mode::ReadWrite, &error));
        QVERIFY2(error.contains(link), qPrintable(error));
    }

    void readOnlyRefusesWrites()
    {
        const QString path = freshPath();
        Journal writer;
        openWithRun(writer, path);
        Journal reader;
        QString error;
        QVERIFY2(reader.open(path, Journal::Mode::ReadOnly, &error), qPrintable(error));
        qint64 id = 0;
        QVERIFY(!reader.appendAndCommit(
            makeEvent(QStringLiteral("r1"), EventKind::Exec, 1, QStringLiteral("x")), &id, &error));
        QVERIFY2(error.contains(QStringLiteral("read-only")), qPrintable(error));
        RunRecord run = makeRun(QStringLiteral("r2"));
        QVERIFY(!reader.beginRun(&run, &error));
        Journal missing;
        QVERIFY(!missing.open(freshPath(), Journal::Mode::ReadOnly, &error));
    }

    void runsKeepPolicySnapshotAndHash()
    {
        const QString path = freshPath();
        Journal j;
        QString error;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        RunRecord run = makeRun(QStringLiteral("r-policy"), 5000);
        QVERIFY2(j.beginRun(&run, &error), qPrintable(error));
        const QByteArray expected = QCryptographicHash::hash(
            QJsonDocument(run.policySnapshot).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
                                        .toHex();
        QCOMPARE(run.policySha256Hex, expected);
        RunRecord duplicate = makeRun(QStringLiteral("r-policy"));
        QVERIFY(!j.beginRun(&duplicate, &error));
        QVERIFY2(j.endRun(QStringLiteral("r-policy"), 9000, 3, &error), qPrintable(error));
        QVERIFY(!j.endRun(QStringLiteral("no-such-run"), 9000, 3, &error));
        std::optional<RunRecord> stored;
        QVERIFY2(j.findRun(QStringLiteral("r-policy"), &stored, &error), qPrintable(error));
        QVERIFY(stored.has_value());
        QCOMPARE(stored->policySnapshot, run.policySnapshot);
        QCOMPARE(stored->policySha256Hex, expected);
        QCOMPARE(stored->argv, run.argv);
        QCOMPARE(stored->startedMs, qint64(5000));
        QCOMPARE(stored->endedMs, std::optional<qint64>(9000));
        QCOMPARE(stored->exitStatus, std::optional<int>(3));
        QVERIFY2(j.findRun(QStringLiteral("other"), &stored, &error), qPrintable(error));
        QVERIFY(!stored.has_value());
        QList<RunRecord> runs;
        QVERIFY2(j.listRuns(&runs, &error), qPrintable(error));
        QCOMPARE(runs.size(), 1);
    }

    void appendFlushAndQueryByEveryFilter()
    {
        const QString path = freshPath();
        Journal j;
        openWithRun(j, path);
        QString error;
        RunRecord r2 = makeRun(QStringLiteral("r2"), 1500);
        QVERIFY2(j.beginRun(&r2, &error), qPrintable(error));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Launch, 1000, QStringLiteral("claude")));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Exec, 1100, QStringLiteral("/usr/bin/git")));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::NetAllow, 1200, QStringLiteral("api.anthropic.com:443")));
        j.append(makeEvent(QStringLiteral("r2"), EventKind::NetDeny, 1300, QStringLiteral("evil.example:443")));
        j.append(makeEvent(QStringLiteral("r2"), EventKind::SecretAsk, 1400, QStringLiteral("GITHUB_TOKEN")));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::NetDeny, 1500, QStringLiteral("100%_sure.example:80")));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Exit, 1600, QString()));
        QCOMPARE(j.pendingCount(), 7);
        QList<qint64> ids;
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QCOMPARE(ids.size(), 7);
        QCOMPARE(j.pendingCount(), 0);

        QList<Event> all;
        QVERIFY2(j.query(JournalQuery(), &all, &error), qPrintable(error));
        QCOMPARE(all.size(), 7);

        auto check = [&](const JournalQuery& q, const QStringList& subjects) {
            QList<Event> got;
            QString e;
            QVERIFY2(j.query(q, &got, &e), qPrintable(e));
            QStringList gotSubjects;
            for (const Event& ev : std::as_const(got))
                gotSubjects.append(ev.subject);
            QCOMPARE(gotSubjects, subjects);
            // The live filter agrees with the stored query.
            QStringList matched;
            for (const Event& ev : std::as_const(all)) {
                if (q.matches(ev))
                    matched.append(ev.subject);
            }
            QCOMPARE(matched.mid(0, q.limit), subjects);
        };
        JournalQuery q;
        q.runId = QStringLiteral("r2");
        check(q, {QStringLiteral("evil.example:443"), QStringLiteral("GITHUB_TOKEN")});
        q = JournalQuery();
        q.kinds = {EventKind::NetDeny};
        check(q, {QStringLiteral("evil.example:443"), QStringLiteral("100%_sure.example:80")});
        q.runId = QStringLiteral("r1");
        check(q, {QStringLiteral("100%_sure.example:80")});
        q = JournalQuery();
        q.kinds = {EventKind::Launch, EventKind::Exit};
        check(q, {QStringLiteral("claude"), QString()});
        q = JournalQuery();
        q.text = QStringLiteral("example");
        check(q, {QStringLiteral("evil.example:443"), QStringLiteral("100%_sure.example:80")});
        // Taken literally: '%' and '_' are not wildcards.
        q.text = QStringLiteral("%_");
        check(q, {QStringLiteral("100%_sure.example:80")});
        q.text = QStringLiteral("%");
        check(q, {QStringLiteral("100%_sure.example:80")});
        q = JournalQuery();
        q.fromMs = 1200;
        q.untilMs = 1400;
        check(q, {QStringLiteral("api.anthropic.com:443"), QStringLiteral("evil.example:443")});
        q = JournalQuery();
        q.afterId = ids[4];
        q.limit = 1;
        check(q, {QStringLiteral("100%_sure.example:80")});

        JournalQuery bad;
        bad.limit = 0;
        QList<Event> none;
        QVERIFY(!j.query(bad, &none, &error));
        bad = JournalQuery();
        bad.fromMs = 10;
        bad.untilMs = 5;
        QVERIFY(!j.query(bad, &none, &error));
    }

    void flushIsDueByCountOrAge()
    {
        qint64 clock = 1'000'000;
        Journal j([&clock] { return clock; });
        openWithRun(j, freshPath());
        j.setBatchLimits(3, 50);
        QVERIFY(!j.flushDue());
        QCOMPARE(j.msUntilFlushDue(), qint64(-1));
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Exec, 0, QStringLiteral("a")));
        QVERIFY(!j.flushDue());
        QCOMPARE(j.msUntilFlushDue(), qint64(50));
        clock += 49;
        QVERIFY(!j.flushDue());
        clock += 1;
        QVERIFY(j.flushDue()); // by age
        QString error;
        QList<qint64> ids;
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QVERIFY(!j.flushDue());
        for (int i = 0; i < 3; ++i)
            j.append(makeEvent(QStringLiteral("r1"), EventKind::Exec, 0, QStringLiteral("b")));
        QVERIFY(j.flushDue()); // by count, no time passed
        QCOMPARE(j.msUntilFlushDue(), qint64(0));
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QList<Event> events;
        QVERIFY2(j.query(JournalQuery(), &events, &error), qPrintable(error));
        QCOMPARE(events.size(), 4);
        QCOMPARE(events.first().timeMs, qint64(1'000'000)); // 0 = stamped by the journal's clock
    }

    void failedFlushKeepsTheQueueAndCommitsNothing()
    {
        const QString path = freshPath();
        Journal j;
        openWithRun(j, path);
        j.append(makeEvent(QStringLiteral("r1"), EventKind::Exec, 1, QStringLiteral("ok")));
        j.append(makeEvent(QStringLiteral("no-such-run"), EventKind::Exec, 2, QStringLiteral("orphan")));
        QString error;
        QList<qint64> ids;
        QVERIFY(!j.flush(&ids, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(ids.isEmpty());
        QCOMPARE(j.pendingCount(), 2);
        qint64 count = -1;
        QVERIFY2(j.eventCount(&count, &error), qPrintable(error));
        QCOMPARE(count, qint64(0)); // the good event of the batch did not sneak in either
    }

    void appendAndCommitCommitsQueuedEventsFirst()
    {
        const QString path = freshPath();
        Journal j;
        openWithRun(j, path);
        QString error;
        j.append(makeEvent(QStringLiteral("r1"), EventKind::NetAsk, 1, QStringLiteral("a.example:443")));
        qint64 id = 0;
        QVERIFY2(
            j.appendAndCommit(
                makeEvent(QStringLiteral("r1"), EventKind::Decision, 2, QStringLiteral("a.example:443")), &id, &error),
            qPrintable(error));
        QCOMPARE(j.pendingCount(), 0);
        QList<Event> events;
        QVERIFY2(j.query(JournalQuery(), &events, &error), qPrintable(error));
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1].id, id);
        QCOMPARE(events[1].kind, EventKind::Decision);
        RawDb raw(path);
        QCOMPARE(raw.scalar("SELECT count(*) FROM events"), QStringLiteral("2"));
    }

    void cursorPagesThroughHundredThousandEvents()
    {
        const QString path = freshPath();
        Journal j;
        openWithRun(j, path);
        QString error;
        RunRecord r2 = makeRun(QStringLiteral("r2"));
        QVERIFY2(j.beginRun(&r2, &error), qPrintable(error));
        constexpr int total = 100'000;
        QList<qint64> ids;
        for (int i = 0; i < total; ++i) {
            j.append(makeEvent(i % 4 == 0 ? QStringLiteral("r2") : QStringLiteral("r1"), EventKind::Exec, 10'000 + i,
                QStringLiteral("/bin/p%1").arg(i)));
            if (j.pendingCount() >= 512)
                QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        }
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));

        JournalQuery q;
        q.limit = 997;
        qint64 seen = 0;
        qint64 lastId = 0;
        int pages = 0;
        QList<Event> page;
        for (;;) {
            QVERIFY2(j.query(q, &page, &error), qPrintable(error));
            QVERIFY(page.size() <= q.limit);
            for (const Event& e : std::as_const(page)) {
                QVERIFY(e.id > lastId);
                QCOMPARE(e.subject, QStringLiteral("/bin/p%1").arg(seen));
                lastId = e.id;
                ++seen;
            }
            ++pages;
            if (page.size() < q.limit)
                break;
            q.afterId = page.last().id;
        }
        QCOMPARE(seen, qint64(total));
        QCOMPARE(pages, total / 997 + 1);

        // The same through the run index.
        q = JournalQuery();
        q.runId = QStringLiteral("r2");
        q.limit = 1000;
        seen = 0;
        for (;;) {
            QVERIFY2(j.query(q, &page, &error), qPrintable(error));
            for (const Event& e : std::as_const(page)) {
                QCOMPARE(e.runId, QStringLiteral("r2"));
                QCOMPARE(e.subject, QStringLiteral("/bin/p%1").arg(seen * 4));
                ++seen;
            }
            if (page.size() < q.limit)
                break;
            q.afterId = page.last().id;
        }
        QCOMPARE(seen, qint64(total / 4));
    }

    void retentionByAgeDropsOldEventsAndFinishedRuns()
    {
        const QString path = freshPath();
        Journal j;
        QString error;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        RunRecord old = makeRun(QStringLiteral("old"), 1000);
        RunRecord live = makeRun(QStringLiteral("live"), 1000);
        QVERIFY(j.beginRun(&old, &error) && j.beginRun(&live, &error));
        for (int i = 0; i < 100; ++i) {
            j.append(makeEvent(QStringLiteral("old"), EventKind::Exec, 1000 + i, QStringLiteral("o")));
            j.append(makeEvent(QStringLiteral("live"), EventKind::Exec, 1000 + i * 100, QStringLiteral("l")));
        }
        QList<qint64> ids;
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QVERIFY2(j.endRun(QStringLiteral("old"), 1200, 0, &error), qPrintable(error));
        GrantRecord grant;
        grant.scope = GrantRecord::Scope::Run;
        grant.runId = QStringLiteral("old");
        grant.subject = QStringLiteral("x.example:443");
        grant.decision = QStringLiteral("allow");
        grant.createdMs = 1100;
        QVERIFY2(j.addGrant(&grant, &error), qPrintable(error));

        JournalRetention retention;
        retention.maxAgeMs = 5000;
        JournalRetention::Report report;
        // now = 10'000: everything before 5'000 goes.
        QVERIFY2(retention.apply(j, 10'000, &report, &error), qPrintable(error));
        QCOMPARE(report.eventsDeleted, qint64(100 + 40)); // all of "old", live's 1000..4900
        QCOMPARE(report.runsDeleted, qint64(1));
        QList<Event> left;
        JournalQuery q;
        QVERIFY2(j.query(q, &left, &error), qPrintable(error));
        QCOMPARE(left.size(), 60);
        for (const Event& e : std::as_const(left))
            QVERIFY(e.timeMs >= 5000);
        std::optional<RunRecord> run;
        QVERIFY2(j.findRun(QStringLiteral("old"), &run, &error), qPrintable(error));
        QVERIFY(!run.has_value());
        QVERIFY2(j.findRun(QStringLiteral("live"), &run, &error), qPrintable(error));
        QVERIFY(run.has_value()); // a session still going keeps its run row
        QList<GrantRecord> grants;
        QVERIFY2(j.activeGrants(0, &grants, &error), qPrintable(error));
        QVERIFY(grants.isEmpty()); // the run-scoped grant went with its run
    }

    void retentionBySizeShrinksTheFileOldestRunsFirst()
    {
        const QString path = freshPath();
        Journal j;
        QString error;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        const QString filler(200, QLatin1Char('x'));
        QList<qint64> ids;
        for (int r = 0; r < 8; ++r) {
            RunRecord run = makeRun(QStringLiteral("run-%1").arg(r), 1000 + r);
            QVERIFY2(j.beginRun(&run, &error), qPrintable(error));
            for (int i = 0; i < 2000; ++i) {
                Event e = makeEvent(run.runId, EventKind::Exec, 1000 + r * 10'000 + i, QStringLiteral("/bin/x"));
                e.detail = QJsonObject{{QStringLiteral("argv"), QJsonArray{filler, i}}};
                j.append(e);
            }
            QVERIFY2(j.flush(&ids, &error), qPrintable(error));
            if (r < 7)
                QVERIFY2(j.endRun(run.runId, 2000 + r * 10'000, 0, &error), qPrintable(error));
        }
        QVERIFY2(j.compact(&error), qPrintable(error));
        const qint64 sizeBefore = QFileInfo(path).size();
        QVERIFY2(sizeBefore > 3 * 1024 * 1024, qPrintable(QString::number(sizeBefore)));

        JournalRetention retention;
        retention.maxBytes = 1024 * 1024;
        JournalRetention::Report report;
        QVERIFY2(retention.apply(j, 100'000, &report, &error), qPrintable(error));
        QVERIFY(report.usedBytesAfter <= 1024 * 1024);
        // The file itself shrank (incremental vacuum + WAL truncated), not only the page count.
        QVERIFY2(QFileInfo(path).size() <= 1024 * 1024, qPrintable(QString::number(QFileInfo(path).size())));
        const qint64 walSize = QFileInfo(path + QStringLiteral("-wal")).size();
        QCOMPARE(walSize, qint64(0));
        QList<RunRecord> runs;
        QVERIFY2(j.listRuns(&runs, &error), qPrintable(error));
        QVERIFY(!runs.isEmpty());
        QCOMPARE(runs.last().runId, QStringLiteral("run-7"));
        // Whole runs went, oldest first: what is left is a suffix of the runs.
        const int firstLeft = runs.first().runId.mid(4).toInt();
        QCOMPARE(runs.size(), 8 - firstLeft);
        QCOMPARE(report.runsDeleted, qint64(firstLeft));
        QVERIFY(firstLeft >= 4);
        JournalQuery q;
        q.runId = QStringLiteral("run-7");
        q.limit = JournalQuery::maxLimit;
        QList<Event> newest;
        QVERIFY2(j.query(q, &newest, &error), qPrintable(error));
        QCOMPARE(newest.size(), 2000);
        RawDb raw(path);
        QCOMPARE(raw.scalar("PRAGMA integrity_check"), QStringLiteral("ok"));
    }

    void retentionBySizeTrimsLiveRunsLast()
    {
        Journal j;
        const QString path = freshPath();
        openWithRun(j, path);
        QString error;
        const QString filler(500, QLatin1Char('y'));
        QList<qint64> ids;
        for (int i = 0; i < 4000; ++i) {
            Event e = makeEvent(QStringLiteral("r1"), EventKind::Exec, 1000 + i, filler);
            j.append(e);
        }
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        JournalRetention retention;
        retention.maxBytes = 512 * 1024;
        JournalRetention::Report report;
        QVERIFY2(retention.apply(j, 0, &report, &error), qPrintable(error));
        QVERIFY(report.usedBytesAfter <= 512 * 1024);
        QCOMPARE(report.runsDeleted, qint64(0));
        QList<Event> left;
        JournalQuery q;
        q.limit = JournalQuery::maxLimit;
        QVERIFY2(j.query(q, &left, &error), qPrintable(error));
        QVERIFY(!left.isEmpty());
        QCOMPARE(left.last().id, ids.last()); // the newest survive, the oldest went
        QVERIFY(left.first().id > ids.first());
    }

    void grantsAreListedRevokedAndExpire()
    {
        Journal j;
        openWithRun(j, freshPath());
        QString error;
        GrantRecord session;
        session.scope = GrantRecord::Scope::Run;
        session.runId = QStringLiteral("r1");
        session.subject = QStringLiteral("api.example.com:443");
        session.decision = QStringLiteral("allow");
        session.createdMs = 100;
        GrantRecord always;
        always.scope = GrantRecord::Scope::Profile;
        always.profile = QStringLiteral("claude-code");
        always.subject = QStringLiteral("*.example.org:443");
        always.decision = QStringLiteral("allow");
        always.createdMs = 100;
        GrantRecord shortLived = session;
        shortLived.subject = QStringLiteral("GITHUB_TOKEN");
        shortLived.expiresMs = 500;
        QVERIFY(j.addGrant(&session, &error) && j.addGrant(&always, &error) && j.addGrant(&shortLived, &error));
        QVERIFY(session.id > 0 && always.id > session.id);
        QList<GrantRecord> active;
        QVERIFY2(j.activeGrants(200, &active, &error), qPrintable(error));
        QCOMPARE(active.size(), 3);
        QCOMPARE(active[1], always);
        QVERIFY2(j.activeGrants(600, &active, &error), qPrintable(error));
        QCOMPARE(active.size(), 2);
        bool found = false;
        QVERIFY2(j.revokeGrant(session.id, 700, &found, &error), qPrintable(error));
        QVERIFY(found);
        QVERIFY2(j.revokeGrant(session.id, 800, &found, &error), qPrintable(error));
        QVERIFY(!found); // already revoked
        QVERIFY2(j.activeGrants(700, &active, &error), qPrintable(error));
        QCOMPARE(active.size(), 1);
        QCOMPARE(active[0].subject, QStringLiteral("*.example.org:443"));
        GrantRecord broken;
        broken.scope = GrantRecord::Scope::Run;
        broken.runId = QStringLiteral("no-such-run");
        broken.subject = QStringLiteral("x");
        broken.decision = QStringLiteral("allow");
        QVERIFY(!j.addGrant(&broken, &error));
    }

    void exportWritesOneParseableOtelLinePerEvent()
    {
        Journal j;
        openWithRun(j, freshPath());
        QString error;
        const QString hostile = QStringLiteral("evil\n\"}{\r\x1b[31m") + QChar(u'\0') + QStringLiteral("\u202e");
        j.append(makeEvent(QStringLiteral("r1"), EventKind::NetDeny, 1'700'000'000'123, hostile, 42));
        for (int i = 0; i < 2500; ++i)
            j.append(makeEvent(
                QStringLiteral("r1"), EventKind::Exec, 1'700'000'001'000 + i, QStringLiteral("/bin/%1").arg(i)));
        QList<qint64> ids;
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));

        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        qint64 written = 0;
        QVERIFY2(JsonLinesExporter::write(j, JournalQuery(), &buffer, &written, &error), qPrintable(error));
        QCOMPARE(written, qint64(2501));
        const QList<QByteArray> lines = buffer.data().split('\n');
        QCOMPARE(lines.size(), 2502);
        QVERIFY(lines.last().isEmpty());
        for (int i = 0; i < 2501; ++i) {
            QJsonParseError perr;
            const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &perr);
            QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(perr.errorString()));
            QVERIFY(doc.isObject());
            const QJsonObject o = doc.object();
            QCOMPARE(o.size(), 5);
            QCOMPARE(
                o.value(QStringLiteral("attributes")).toObject().value(QStringLiteral("cordon.event.id")).toInteger(),
                ids[i]);
        }
        // Key order is stable: exactly this sequence, in the raw bytes.
        const QByteArray first = lines[0];
        const QList<QByteArray> keys = {"\"time_unix_nano\"", "\"severity_number\"", "\"severity_text\"", "\"body\"",
            "\"attributes\"", "\"cordon.event.id\"", "\"cordon.run.id\"", "\"cordon.event.kind\"", "\"process.pid\"",
            "\"cordon.subject\"", "\"cordon.detail\""};
        qsizetype at = 0;
        for (const QByteArray& key : keys) {
            const qsizetype next = first.indexOf(key, at);
            QVERIFY2(next >= at, key.constData());
            at = next;
        }
        const QJsonObject o = QJsonDocument::fromJson(first).object();
        QCOMPARE(o.value(QStringLiteral("time_unix_nano")).toString(), QStringLiteral("1700000000123000000"));
        QCOMPARE(o.value(QStringLiteral("severity_number")).toInt(), 13);
        QCOMPARE(o.value(QStringLiteral("severity_text")).toString(), QStringLiteral("WARN"));
        QCOMPARE(o.value(QStringLiteral("body")).toString(), QStringLiteral("net_deny ") + hostile);
        const QJsonObject attributes = o.value(QStringLiteral("attributes")).toObject();
        QCOMPARE(attributes.value(QStringLiteral("cordon.subject")).toString(), hostile);
        QCOMPARE(attributes.value(QStringLiteral("cordon.event.kind")).toString(), QStringLiteral("net_deny"));
        QCOMPARE(attributes.value(QStringLiteral("process.pid")).toInt(), 42);
        QCOMPARE(attributes.value(QStringLiteral("cordon.run.id")).toString(), QStringLiteral("r1"));
        QVERIFY(attributes.value(QStringLiteral("cordon.detail")).isObject());

        // A filtered export streams only what matches.
        QBuffer filtered;
        QVERIFY(filtered.open(QIODevice::WriteOnly));
        JournalQuery deniedOnly;
        deniedOnly.kinds = {EventKind::NetDeny};
        QVERIFY2(JsonLinesExporter::write(j, deniedOnly, &filtered, &written, &error), qPrintable(error));
        QCOMPARE(written, qint64(1));
        QCOMPARE(filtered.data(), lines[0] + '\n');
    }

    void exportReportsAWriteFailure()
    {
        Journal j;
        openWithRun(j, freshPath());
        QString error;
        qint64 id = 0;
        QVERIFY2(
            j.appendAndCommit(makeEvent(QStringLiteral("r1"), EventKind::Exec, 1, QStringLiteral("x")), &id, &error),
            qPrintable(error));
        QBuffer closed; // not open: every write fails
        qint64 written = 0;
        QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): device not open");
        QVERIFY(!JsonLinesExporter::write(j, JournalQuery(), &closed, &written, &error));
        QVERIFY2(error.contains(j.path()), qPrintable(error));
    }

    void hostileStringsRoundTripUninterpreted()
    {
        const QString path = freshPath();
        Journal j;
        QString error;
        QVERIFY2(j.open(path, Journal::Mode::ReadWrite, &error), qPrintable(error));
        const QString injection = QStringLiteral("x'); DROP TABLE events; --");
        RunRecord run = makeRun(injection);
        run.argv = QJsonArray{QStringLiteral("a\"b"), QStringLiteral("$(rm -rf ~)")};
        QVERIFY2(j.beginRun(&run, &error), qPrintable(error));

        QString withNul = QStringLiteral("before");
        withNul += QChar(u'\0');
        withNul += QStringLiteral("after");
        QString controls;
        for (ushort c = 1; c < 0x20; ++c)
            controls += QChar(c);
        controls += QStringLiteral("\x7f\u202e\u200b'\"\\%_*");
        const QString bigText(1024 * 1024, QLatin1Char('z'));
        const QStringList subjects = {injection, withNul, controls, QStringLiteral("名前.例:443"),
            QStringLiteral("\xf0\x9f\x98\x80 emoji"), bigText};
        QList<Event> sent;
        for (const QString& s : subjects) {
            Event e = makeEvent(injection, EventKind::SecretAsk, 5, s);
            e.detail = QJsonObject{{QStringLiteral("raw"), s}, {s.left(64), QJsonArray{s.left(10), 1, true}}};
            sent.append(e);
            j.append(e);
        }
        QList<qint64> ids;
        QVERIFY2(j.flush(&ids, &error), qPrintable(error));
        QList<Event> got;
        JournalQuery q;
        q.runId = injection;
        QVERIFY2(j.query(q, &got, &error), qPrintable(error));
        QCOMPARE(got.size(), subjects.size());
        for (int i = 0; i < got.size(); ++i) {
            Event expected = sent[i];
            expected.id = ids[i];
            QCOMPARE(got[i].subject.size(), subjects[i].size());
            QCOMPARE(got[i], expected);
        }
        QCOMPARE(got[1].subject.indexOf(QChar(u'\0')), 6);
        // Searching for text with an embedded NUL finds it too (bound with its length).
        q.text = withNul;
        QVERIFY2(j.query(q, &got, &error), qPrintable(error));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].subject, withNul);
        // The injection text stayed data: the tables are all there.
        RawDb raw(path);
        QCOMPARE(raw.scalar("SELECT count(*) FROM events"), QString::number(subjects.size()));
        QCOMPARE(
            raw.scalar("SELECT length(CAST(subject AS BLOB)) FROM events WHERE id = (SELECT min(id) + 1 FROM events)"),
            QString::number(withNul.toUtf8().size()));
        std::optional<RunRecord> stored;
        QVERIFY2(j.findRun(injection, &stored, &error), qPrintable(error));
        QVERIFY(stored.has_value());
        QCOMPARE(stored->argv, run.argv);
    }

    void readerSeesCommittedBatchesWhileWriterAppends()
    {
        const QString path = freshPath();
        Journal writer;
        openWithRun(writer, path);
        Journal reader;
        QString error;
        QVERIFY2(reader.open(path, Journal::Mode::ReadOnly, &error), qPrintable(error));

        // Snapshot isolation: a reader inside a read transaction keeps its view, and the writer is
        // not blocked by it (WAL, https://www.sqlite.org/wal.html#concurrency).
        RawDb raw(path);
        QVERIFY(raw.exec("BEGIN"));
        QCOMPARE(raw.scalar("SELECT count(*) FROM events"), QStringLiteral("0"));
        for (int i = 0; i < 100; ++i)
            writer.append(makeEvent(QStringLiteral("r1"), EventKind::Exec, 1, QStringLiteral("s")));
        QList<qint64> ids;
        QVERIFY2(writer.flush(&ids, &error), qPrintable(error));
        QCOMPARE(raw.scalar("SELECT count(*) FROM events"), QStringLiteral("0"));
        QVERIFY(raw.exec("COMMIT"));
        QCOMPARE(raw.scalar("SELECT count(*) FROM events"), QStringLiteral("100"));

        // A writer thread appending batches while this thread reads: every read succeeds (no
        // SQLITE_BUSY), counts never go back, and batches appear whole.
        constexpr int batches = 200;
        constexpr int batch = 512;
        std::atomic<bool> done = false;
        QString writerError;
        std::thread thread([&] {
            QList<qint64> got;
            for (int b = 0; b < batches; ++b) {
                for (int i = 0; i < batch; ++i)
                    writer.append(makeEvent(QStringLiteral("r1"), EventKind::NetAllow, 2, QStringLiteral("h:443")));
                if (!writer.flush(&got, &writerError))
                    break;
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
            done = true;
        });
        qint64 previous = 100;
        QSet<qint64> distinct;
        bool readOk = true;
        bool monotonic = true;
        bool whole = true;
        QString readError;
        while (!done) {
            qint64 count = 0;
            if (!reader.eventCount(&count, &readError)) {
                readOk = false;
                break;
            }
            monotonic = monotonic && count >= previous;
            whole = whole && (count - 100) % batch == 0;
            previous = count;
            distinct.insert(count);
        }
        thread.join();
        QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
        QVERIFY2(readOk, qPrintable(readError));
        QVERIFY(monotonic);
        QVERIFY(whole);
        QVERIFY2(distinct.size() >= 3, qPrintable(QString::number(distinct.size())));
        qint64 finalCount = 0;
        QVERIFY2(reader.eventCount(&finalCount, &error), qPrintable(error));
        QCOMPARE(finalCount, qint64(100 + batches * batch));
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
