#include "Journal.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sqlite3.h>

namespace cordon {

namespace {

// Schema version 1. Ids are AUTOINCREMENT so that an id is never reused, even after retention
// emptied the table: a follower's after-id cursor stays valid for the journal's whole life.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY NOT NULL,
    profile TEXT NOT NULL,
    workspace TEXT NOT NULL,
    argv TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER,
    exit_status INTEGER,
    policy TEXT NOT NULL,
    policy_sha256 TEXT NOT NULL
);
CREATE INDEX runs_started ON runs(started_ms);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    time_ms INTEGER NOT NULL,
    kind INTEGER NOT NULL CHECK (kind >= 0),
    pid INTEGER NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX events_run ON events(run_id, id);
CREATE INDEX events_time ON events(time_ms);
CREATE INDEX events_kind ON events(kind, id);
CREATE TABLE grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL CHECK (scope IN ('run', 'profile')),
    run_id TEXT REFERENCES runs(run_id) ON DELETE CASCADE,
    profile TEXT,
    subject TEXT NOT NULL,
    decision TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER,
    revoked_ms INTEGER,
    CHECK ((scope = 'run' AND run_id IS NOT NULL) OR (scope = 'profile' AND profile IS NOT NULL))
);
CREATE INDEX grants_run ON grants(run_id);
)sql";

// Migrations from version N to N+1, index N-1. Each runs in one transaction together with its
// user_version bump, so a failed or interrupted migration leaves the previous version intact.
// Version 1 is the first; when version 2 comes, its step goes here.
constexpr const char* kMigrations[] = {
    nullptr,
};

constexpr const char* kInsertEvent =
    "INSERT INTO events (run_id, time_ms, kind, pid, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// Optional filters are written as "?N IS NULL OR ..." so that one constant statement serves every
// combination; nothing is ever concatenated into SQL. instr() takes the text literally (LIKE would
// give '%' and '_' a meaning).
constexpr const char* kQueryAll = "SELECT id, run_id, time_ms, kind, pid, subject, detail FROM events WHERE id > ?1"
                                  " AND (?2 = 0 OR ((1 << kind) & ?2) != 0)"
                                  " AND (?3 IS NULL OR instr(subject, ?3) > 0 OR instr(detail, ?3) > 0)"
                                  " AND (?4 IS NULL OR time_ms >= ?4) AND (?5 IS NULL OR time_ms < ?5)"
                                  " ORDER BY id LIMIT ?6";
// With a run, the (run_id, id) index serves both the filter and the order.
constexpr const char* kQueryRun =
    "SELECT id, run_id, time_ms, kind, pid, subject, detail FROM events WHERE run_id = ?7 AND id > ?1"
    " AND (?2 = 0 OR ((1 << kind) & ?2) != 0)"
    " AND (?3 IS NULL OR instr(subject, ?3) > 0 OR instr(detail, ?3) > 0)"
    " AND (?4 IS NULL OR time_ms >= ?4) AND (?5 IS NULL OR time_ms < ?5)"
    " ORDER BY id LIMIT ?6";
constexpr const char* kRunColumns =
    "run_id, profile, workspace, argv, started_ms, ended_ms, exit_status, policy, policy_sha256";

QByteArray compactJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compactJson(const QJsonArray& array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace

struct Journal::Statements {
    SqlStatement begin;
    SqlStatement commit;
    SqlStatement rollback;
    SqlStatement insertEvent;
    SqlStatement queryAll;
    SqlStatement queryRun;
    SqlStatement countEvents;
    SqlStatement lastEventId;
    SqlStatement insertRun;
    SqlStatement endRun;
    SqlStatement findRun;
    SqlStatement listRuns;
    SqlStatement insertGrant;
    SqlStatement revokeGrant;
    SqlStatement activeGrants;
    SqlStatement syncFull;
    SqlStatement syncNormal;
};

Journal::Journal(Clock clock) : m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
}

Journal::~Journal()
{
    // A destructor cannot report: events still queued here were never acknowledged. Owners that
    // care call close() and check it.
    QString ignored;
    if (m_db && !m_pending.isEmpty() && m_mode == Mode::ReadWrite) {
        QList<qint64> ids;
        (void)flush(&ids, &ignored);
    }
    closeHandle();
}

qint64 Journal::now() const
{
    return m_clock();
}

bool Journal::fail(QString* error, const QString& what) const
{
    if (error)
        *error = QStringLiteral("journal %1: %2").arg(m_path, what);
    return false;
}

bool Journal::failSql(QString* error, const QString& what) const
{
    const QString sqliteMessage = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("not open");
    return fail(error, QStringLiteral("%1: %2").arg(what, sqliteMessage));
}

bool Journal::exec(const char* sql, QString* error, const QString& what)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return fail(error, QStringLiteral("%1: %2").arg(what, text));
    }
    return true;
}

bool Journal::pragmaInt(const char* sql, qint64* value, QString* error)
{
    SqlStatement st;
    QString message;
    if (!st.prepare(m_db, sql, &message))
        return fail(error, QStringLiteral("cannot read it (%1)").arg(message));
    if (st.step() != SqlStatement::Step::Row)
        return fail(error, QStringLiteral("cannot read it (%1)").arg(st.lastError()));
    *value = st.columnInt64(0);
    return true;
}

void Journal::closeHandle()
{
    m_st.reset(); // statements are finalized before the connection closes
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool Journal::open(const QString& path, Mode mode, QString* error)
{
    if (m_db)
        return fail(error, QStringLiteral("already open"));
    m_path = path;
    m_mode = mode;
    m_pending.clear();

    const QFileInfo info(path);
    bool created = false;
    if (info.exists() || info.isSymLink()) {
        if (info.isSymLink() || !info.isFile())
            return fail(error, QStringLiteral("not a regular file; refusing to open it"));
    } else {
        if (mode == Mode::ReadOnly)
            return fail(error, QStringLiteral("does not exist"));
        // The journal names hosts, commands and secrets of the user's sessions: owner only. SQLite
        // gives the -wal and -shm files the same mode as the database.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return fail(error, QStringLiteral("cannot create it: %1").arg(file.errorString()));
        file.close();
        created = true;
    }

    // NOFOLLOW: a symlink swapped in after the check above is refused by SQLite itself. No CREATE:
    // SQLite must never make a file here that we did not.
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW |
                      SQLITE_OPEN_NOMUTEX;
    const QByteArray nativePath = QFile::encodeName(path);
    if (sqlite3_open_v2(nativePath.constData(), &m_db, flags, nullptr) != SQLITE_OK) {
        const QString message = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory");
        closeHandle();
        return fail(error, QStringLiteral("cannot open it: %1").arg(message));
    }
    sqlite3_extended_result_codes(m_db, 1);
    // Wait for a lock rather than failing at once: a reader checkpointing or a second writer.
    sqlite3_busy_timeout(m_db, 5000);

    if (!createOrMigrate(error)) {
        closeHandle();
        if (created) {
            // Only a file this call created and that holds nothing may be removed.
            QFile::remove(path);
        }
        return false;
    }
    if (!prepareStatements(error)) {
        closeHandle();
        return false;
    }
    return true;
}

bool Journal::createOrMigrate(QString* error)
{
    // Read before writing anything: a file that is not SQLite fails here (SQLITE_NOTADB) and is
    // left untouched.
    qint64 appId = 0;
    qint64 version = 0;
    qint64 objects = 0;
    QString message;
    if (!pragmaInt("PRAGMA application_id", &appId, &message) ||
        !pragmaInt("PRAGMA user_version", &version, &message) ||
        !pragmaInt("SELECT count(*) FROM sqlite_schema", &objects, &message)) {
        return fail(error, QStringLiteral("not a Cordon journal or damaged (%1); refusing to open or overwrite it")
                               .arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    }
    const bool empty = appId == 0 && version == 0 && objects == 0;
    if (!empty && appId != applicationId) {
        return fail(error, QStringLiteral("an SQLite database that is not a Cordon journal (application_id 0x%1); "
                                          "refusing to open or overwrite it")
                               .arg(appId, 8, 16, QLatin1Char('0')));
    }
    if (version > schemaVersion) {
        return fail(error, QStringLiteral("schema version %1 is newer than this Cordon supports (%2); refusing to "
                                          "open it so that nothing is lost. Use a newer Cordon.")
                               .arg(version)
                               .arg(schemaVersion));
    }
    if (m_mode == Mode::ReadOnly) {
        if (version != schemaVersion)
            return fail(error, QStringLiteral("schema version %1 needs migrating to %2 by a writer first")
                                   .arg(version)
                                   .arg(schemaVersion));
        return exec("PRAGMA foreign_keys=ON", error, QStringLiteral("cannot set it up"));
    }

    if (empty) {
        // auto_vacuum can only be chosen before the first table exists
        // (https://www.sqlite.org/pragma.html#pragma_auto_vacuum).
        if (!exec("PRAGMA auto_vacuum=INCREMENTAL", error, QStringLiteral("cannot set auto_vacuum")))
            return false;
    }
    SqlStatement wal;
    if (!wal.prepare(m_db, "PRAGMA journal_mode=WAL", &message) || wal.step() != SqlStatement::Step::Row ||
        wal.columnText(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return fail(error, QStringLiteral("cannot switch to WAL mode (%1)").arg(wal.lastError()));
    }
    wal.reset();
    if (!exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=67108864", error,
            QStringLiteral("cannot set it up"))) {
        return false;
    }
    // foreign_keys is silently ignored inside a transaction or by a build without it: check it took.
    qint64 foreignKeys = 0;
    if (!pragmaInt("PRAGMA foreign_keys", &foreignKeys, error))
        return false;
    if (foreignKeys != 1)
        return fail(error, QStringLiteral("cannot enable foreign keys"));

    if (empty) {
        if (!exec("BEGIN IMMEDIATE", error, QStringLiteral("cannot create the schema")))
            return false;
        // application_id and user_version live in the header and commit with the tables: a crash
        // here leaves an empty database, never a half-made schema.
        if (!exec(kSchemaV1, error, QStringLiteral("cannot create the schema")) ||
            !exec("PRAGMA application_id=1131570286; PRAGMA user_version=1", error,
                QStringLiteral("cannot create the schema")) ||
            !exec("COMMIT", error, QStringLiteral("cannot create the schema"))) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        return true;
    }
    static_assert(applicationId == 1131570286, "the PRAGMA text above spells applicationId");
    if (version < 1)
        return fail(error, QStringLiteral("damaged: a Cordon journal without a schema version; refusing to open it"));

    for (qint64 v = version; v < schemaVersion; ++v) {
        const char* step = kMigrations[v - 1];
        if (!step)
            return fail(error, QStringLiteral("no migration from schema version %1").arg(v));
        if (!exec("BEGIN IMMEDIATE", error, QStringLiteral("cannot migrate from version %1").arg(v)))
            return false;
        if (!exec(step, error, QStringLiteral("cannot migrate from version %1").arg(v))) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        // PRAGMA takes no bound parameters; the version is one of our own constants, not input.
        const QByteArray bump = "PRAGMA user_version=" + QByteArray::number(v + 1);
        if (!exec(bump.constData(), error, QStringLiteral("cannot migrate from version %1").arg(v)) ||
            !exec("COMMIT", error, QStringLiteral("cannot migrate from version %1").arg(v))) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
    }
    return true;
}

bool Journal::prepareStatements(QString* error)
{
    m_st = std::make_unique<Statements>();
    QString message;
    auto prep = [&](SqlStatement& st, const char* sql) {
        if (st.prepare(m_db, sql, &message))
            return true;
        return fail(error, QStringLiteral("cannot prepare a statement: %1").arg(message));
    };
    const QByteArray findRun = QByteArray("SELECT ") + kRunColumns + " FROM runs WHERE run_id = ?1";
    const QByteArray listRuns = QByteArray("SELECT ") + kRunColumns + " FROM runs ORDER BY started_ms, rowid";
    bool ok = prep(m_st->queryAll, kQueryAll) && prep(m_st->queryRun, kQueryRun) &&
              prep(m_st->countEvents, "SELECT count(*) FROM events") &&
              prep(m_st->lastEventId, "SELECT coalesce(max(id), 0) FROM events") &&
              prep(m_st->findRun, findRun.constData()) && prep(m_st->listRuns, listRuns.constData()) &&
              prep(m_st->activeGrants,
                  "SELECT id, scope, run_id, profile, subject, decision, created_ms, expires_ms, revoked_ms FROM grants"
                  " WHERE revoked_ms IS NULL AND (expires_ms IS NULL OR expires_ms > ?1) ORDER BY id");
    if (ok && m_mode == Mode::ReadWrite) {
        ok = prep(m_st->begin, "BEGIN IMMEDIATE") && prep(m_st->commit, "COMMIT") && prep(m_st->rollback, "ROLLBACK") &&
             prep(m_st->insertEvent, kInsertEvent) &&
             prep(m_st->insertRun,
                 "INSERT INTO runs (run_id, profile, workspace, argv, started_ms, policy, policy_sha256)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") &&
             prep(m_st->endRun, "UPDATE runs SET ended_ms = ?2, exit_status = ?3 WHERE run_id = ?1") &&
             prep(m_st->insertGrant,
                 "INSERT INTO grants (scope, run_id, profile, subject, decision, created_ms, expires_ms)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") &&
             prep(m_st->revokeGrant, "UPDATE grants SET revoked_ms = ?2 WHERE id = ?1 AND revoked_ms IS NULL") &&
             prep(m_st->syncFull, "PRAGMA synchronous=FULL") && prep(m_st->syncNormal, "PRAGMA synchronous=NORMAL");
    }
    return ok;
}

bool Journal::close(QString* error)
{
    if (!m_db)
        return true;
    bool ok = true;
    if (m_mode == Mode::ReadWrite && !m_pending.isEmpty()) {
        QList<qint64> ids;
        ok = flush(&ids, error);
    }
    m_pending.clear();
    closeHandle();
    return ok;
}

bool Journal::requireWritable(QString* error) const
{
    if (!m_db) {
        if (error)
            *error = QStringLiteral("journal %1: not open").arg(m_path);
        return false;
    }
    if (m_mode != Mode::ReadWrite)
        return fail(error, QStringLiteral("opened read-only"));
    return true;
}

// ---- runs ----

bool Journal::beginRun(RunRecord* run, QString* error)
{
    if (!requireWritable(error))
        return false;
    if (run->runId.isEmpty())
        return fail(error, QStringLiteral("a run needs an id"));
    const QByteArray policy = compactJson(run->policySnapshot);
    run->policySha256Hex = QCryptographicHash::hash(policy, QCryptographicHash::Sha256).toHex();
    if (run->startedMs == 0)
        run->startedMs = now();
    SqlStatement& st = m_st->insertRun;
    const bool bound = st.bindText(1, run->runId) && st.bindText(2, run->profile) && st.bindText(3, run->workspace) &&
                       st.bindBlobText(4, compactJson(run->argv)) && st.bindInt64(5, run->startedMs) &&
                       st.bindBlobText(6, policy) && st.bindBlobText(7, run->policySha256Hex);
    const bool ok = bound && st.step() == SqlStatement::Step::Done;
    const QString message = st.lastError();
    st.reset();
    if (!ok)
        return fail(error, QStringLiteral("cannot record run %1: %2").arg(run->runId, message));
    run->endedMs.reset();
    run->exitStatus.reset();
    return true;
}

bool Journal::endRun(const QString& runId, qint64 endedMs, int exitStatus, QString* error)
{
    if (!requireWritable(error))
        return false;
    SqlStatement& st = m_st->endRun;
    const bool ok = st.bindText(1, runId) && st.bindInt64(2, endedMs) && st.bindInt64(3, exitStatus) &&
                    st.step() == SqlStatement::Step::Done;
    const QString message = st.lastError();
    st.reset();
    if (!ok)
        return fail(error, QStringLiteral("cannot end run %1: %2").arg(runId, message));
    if (sqlite3_changes(m_db) != 1)
        return fail(error, QStringLiteral("no run %1 to end").arg(runId));
    return true;
}

void Journal::readRun(const SqlStatement& st, RunRecord* run)
{
    run->runId = st.columnText(0);
    run->profile = st.columnText(1);
    run->workspace = st.columnText(2);
    run->argv = QJsonDocument::fromJson(st.columnUtf8(3)).array();
    run->startedMs = st.columnInt64(4);
    run->endedMs = st.columnIsNull(5) ? std::nullopt : std::optional<qint64>(st.columnInt64(5));
    run->exitStatus = st.columnIsNull(6) ? std::nullopt : std::optional<int>(static_cast<int>(st.columnInt64(6)));
    run->policySnapshot = QJsonDocument::fromJson(st.columnUtf8(7)).object();
    run->policySha256Hex = st.columnUtf8(8);
}

bool Journal::findRun(const QString& runId, std::optional<RunRecord>* run, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    SqlStatement& st = m_st->findRun;
    run->reset();
    if (!st.bindText(1, runId))
        return failSql(error, QStringLiteral("cannot look up run %1").arg(runId));
    const SqlStatement::Step step = st.step();
    if (step == SqlStatement::Step::Row) {
        RunRecord record;
        readRun(st, &record);
        *run = record;
    }
    const QString message = st.lastError();
    st.reset();
    if (step == SqlStatement::Step::Error)
        return fail(error, QStringLiteral("cannot look up run %1: %2").arg(runId, message));
    return true;
}

bool Journal::listRuns(QList<RunRecord>* runs, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    runs->clear();
    SqlStatement& st = m_st->listRuns;
    SqlStatement::Step step;
    while ((step = st.step()) == SqlStatement::Step::Row) {
        RunRecord record;
        readRun(st, &record);
        runs->append(record);
    }
    const QString message = st.lastError();
    st.reset();
    if (step == SqlStatement::Step::Error)
        return fail(error, QStringLiteral("cannot list runs: %1").arg(message));
    return true;
}

// ---- events ----

void Journal::setBatchLimits(int batchSize, qint64 maxBatchAgeMs)
{
    m_batchSize = qMax(1, batchSize);
    m_maxBatchAgeMs = qMax<qint64>(0, maxBatchAgeMs);
}

void Journal::append(Event event)
{
    const qint64 t = now();
    if (event.timeMs == 0)
        event.timeMs = t;
    if (m_pending.isEmpty())
        m_oldestPendingMs = t;
    event.id = 0;
    m_pending.append(std::move(event));
}

bool Journal::flushDue() const
{
    if (m_pending.isEmpty())
        return false;
    return m_pending.size() >= m_batchSize || now() - m_oldestPendingMs >= m_maxBatchAgeMs;
}

qint64 Journal::msUntilFlushDue() const
{
    if (m_pending.isEmpty())
        return -1;
    if (m_pending.size() >= m_batchSize)
        return 0;
    return qMax<qint64>(0, m_oldestPendingMs + m_maxBatchAgeMs - now());
}

bool Journal::commitPending(QList<qint64>* ids, QString* error)
{
    ids->clear();
    if (m_pending.isEmpty())
        return true;
    Statements& s = *m_st;
    if (s.begin.step() != SqlStatement::Step::Done) {
        const QString message = s.begin.lastError();
        s.begin.reset();
        return fail(error, QStringLiteral("cannot start a transaction: %1").arg(message));
    }
    s.begin.reset();
    ids->reserve(m_pending.size());
    for (const Event& event : std::as_const(m_pending)) {
        SqlStatement& st = s.insertEvent;
        const bool ok = st.bindText(1, event.runId) && st.bindInt64(2, event.timeMs) &&
                        st.bindInt64(3, static_cast<int>(event.kind)) && st.bindInt64(4, event.pid) &&
                        st.bindText(5, event.subject) && st.bindBlobText(6, compactJson(event.detail)) &&
                        st.step() == SqlStatement::Step::Done;
        if (!ok) {
            const QString message = st.lastError();
            st.reset();
            s.rollback.step();
            s.rollback.reset();
            ids->clear();
            return fail(error, QStringLiteral("cannot record a %1 event of run %2: %3")
                                   .arg(EventKindNames::name(event.kind), event.runId, message));
        }
        st.reset();
        ids->append(sqlite3_last_insert_rowid(m_db));
    }
    if (s.commit.step() != SqlStatement::Step::Done) {
        const QString message = s.commit.lastError();
        s.commit.reset();
        s.rollback.step();
        s.rollback.reset();
        ids->clear();
        return fail(error, QStringLiteral("cannot commit %1 events: %2").arg(m_pending.size()).arg(message));
    }
    s.commit.reset();
    m_pending.clear();
    return true;
}

bool Journal::flush(QList<qint64>* ids, QString* error)
{
    if (!requireWritable(error))
        return false;
    return commitPending(ids, error);
}

bool Journal::appendAndCommit(Event event, qint64* id, QString* error)
{
    if (!requireWritable(error))
        return false;
    append(std::move(event));
    // synchronous=FULL for this one commit: the WAL is fsynced before COMMIT returns, so this event
    // (and every one before it) also survives a power loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
    if (m_st->syncFull.step() != SqlStatement::Step::Done) {
        m_st->syncFull.reset();
        return failSql(error, QStringLiteral("cannot set synchronous=FULL"));
    }
    m_st->syncFull.reset();
    QList<qint64> ids;
    const bool ok = commitPending(&ids, error);
    const bool restored = m_st->syncNormal.step() == SqlStatement::Step::Done;
    m_st->syncNormal.reset();
    if (!ok)
        return false;
    if (!restored)
        return failSql(error, QStringLiteral("cannot set synchronous=NORMAL"));
    *id = ids.isEmpty() ? 0 : ids.last();
    return true;
}

void Journal::readEvent(const SqlStatement& st, Event* event)
{
    event->id = st.columnInt64(0);
    event->runId = st.columnText(1);
    event->timeMs = st.columnInt64(2);
    event->kind = EventKindNames::fromInt(static_cast<int>(st.columnInt64(3))).value_or(EventKind::Launch);
    event->pid = st.columnInt64(4);
    event->subject = st.columnText(5);
    event->detail = QJsonDocument::fromJson(st.columnUtf8(6)).object();
}

bool Journal::query(const JournalQuery& filter, QList<Event>* events, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    events->clear();
    QString message;
    if (!filter.validate(&message))
        return fail(error, message);
    SqlStatement& st = filter.runId.isEmpty() ? m_st->queryAll : m_st->queryRun;
    bool ok = st.bindInt64(1, filter.afterId) && st.bindInt64(2, filter.kindMask()) &&
              (filter.text.isEmpty() ? st.bindNull(3) : st.bindText(3, filter.text)) &&
              st.bindOptionalInt64(4, filter.fromMs) && st.bindOptionalInt64(5, filter.untilMs) &&
              st.bindInt64(6, filter.limit) && (filter.runId.isEmpty() || st.bindText(7, filter.runId));
    if (!ok) {
        st.reset();
        return failSql(error, QStringLiteral("cannot query events"));
    }
    events->reserve(qMin(filter.limit, 1024));
    SqlStatement::Step step;
    while ((step = st.step()) == SqlStatement::Step::Row) {
        Event event;
        readEvent(st, &event);
        events->append(std::move(event));
    }
    message = st.lastError();
    st.reset();
    if (step == SqlStatement::Step::Error)
        return fail(error, QStringLiteral("cannot query events: %1").arg(message));
    return true;
}

bool Journal::eventCount(qint64* count, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    SqlStatement& st = m_st->countEvents;
    const bool ok = st.step() == SqlStatement::Step::Row;
    *count = ok ? st.columnInt64(0) : 0;
    const QString message = st.lastError();
    st.reset();
    return ok || fail(error, QStringLiteral("cannot count events: %1").arg(message));
}

bool Journal::lastEventId(qint64* id, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    SqlStatement& st = m_st->lastEventId;
    const bool ok = st.step() == SqlStatement::Step::Row;
    *id = ok ? st.columnInt64(0) : 0;
    const QString message = st.lastError();
    st.reset();
    return ok || fail(error, QStringLiteral("cannot read the last event id: %1").arg(message));
}

// ---- grants ----

bool Journal::addGrant(GrantRecord* grant, QString* error)
{
    if (!requireWritable(error))
        return false;
    if (grant->createdMs == 0)
        grant->createdMs = now();
    const bool isRun = grant->scope == GrantRecord::Scope::Run;
    SqlStatement& st = m_st->insertGrant;
    const bool ok = st.bindText(1, isRun ? QStringLiteral("run") : QStringLiteral("profile")) &&
                    (isRun ? st.bindText(2, grant->runId) : st.bindNull(2)) &&
                    (isRun ? st.bindNull(3) : st.bindText(3, grant->profile)) && st.bindText(4, grant->subject) &&
                    st.bindText(5, grant->decision) && st.bindInt64(6, grant->createdMs) &&
                    st.bindOptionalInt64(7, grant->expiresMs) && st.step() == SqlStatement::Step::Done;
    const QString message = st.lastError();
    st.reset();
    if (!ok)
        return fail(error, QStringLiteral("cannot record a grant for %1: %2").arg(grant->subject, message));
    grant->id = sqlite3_last_insert_rowid(m_db);
    grant->revokedMs.reset();
    return true;
}

bool Journal::revokeGrant(qint64 grantId, qint64 revokedMs, bool* found, QString* error)
{
    if (!requireWritable(error))
        return false;
    SqlStatement& st = m_st->revokeGrant;
    const bool ok = st.bindInt64(1, grantId) && st.bindInt64(2, revokedMs) && st.step() == SqlStatement::Step::Done;
    const QString message = st.lastError();
    st.reset();
    if (!ok)
        return fail(error, QStringLiteral("cannot revoke grant %1: %2").arg(grantId).arg(message));
    *found = sqlite3_changes(m_db) == 1;
    return true;
}

bool Journal::activeGrants(qint64 nowMs, QList<GrantRecord>* grants, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    grants->clear();
    SqlStatement& st = m_st->activeGrants;
    if (!st.bindInt64(1, nowMs)) {
        st.reset();
        return failSql(error, QStringLiteral("cannot list grants"));
    }
    SqlStatement::Step step;
    while ((step = st.step()) == SqlStatement::Step::Row) {
        GrantRecord g;
        g.id = st.columnInt64(0);
        g.scope = st.columnText(1) == QLatin1String("run") ? GrantRecord::Scope::Run : GrantRecord::Scope::Profile;
        g.runId = st.columnText(2);
        g.profile = st.columnText(3);
        g.subject = st.columnText(4);
        g.decision = st.columnText(5);
        g.createdMs = st.columnInt64(6);
        g.expiresMs = st.columnIsNull(7) ? std::nullopt : std::optional<qint64>(st.columnInt64(7));
        g.revokedMs = st.columnIsNull(8) ? std::nullopt : std::optional<qint64>(st.columnInt64(8));
        grants->append(g);
    }
    const QString message = st.lastError();
    st.reset();
    if (step == SqlStatement::Step::Error)
        return fail(error, QStringLiteral("cannot list grants: %1").arg(message));
    return true;
}

// ---- maintenance ----

bool Journal::deleteEventsBefore(qint64 cutoffMs, qint64* eventsDeleted, qint64* runsDeleted, QString* error)
{
    if (!requireWritable(error))
        return false;
    *eventsDeleted = 0;
    *runsDeleted = 0;
    SqlStatement delEvents;
    SqlStatement delRuns;
    QString message;
    if (!delEvents.prepare(m_db, "DELETE FROM events WHERE time_ms < ?1", &message) ||
        !delRuns.prepare(m_db,
            "DELETE FROM runs WHERE ended_ms IS NOT NULL AND ended_ms < ?1"
            " AND NOT EXISTS (SELECT 1 FROM events WHERE events.run_id = runs.run_id)",
            &message)) {
        return fail(error, QStringLiteral("cannot prepare retention: %1").arg(message));
    }
    if (!exec("BEGIN IMMEDIATE", error, QStringLiteral("cannot apply retention")))
        return false;
    bool ok = delEvents.bindInt64(1, cutoffMs) && delEvents.step() == SqlStatement::Step::Done;
    if (ok)
        *eventsDeleted = sqlite3_changes64(m_db);
    ok = ok && delRuns.bindInt64(1, cutoffMs) && delRuns.step() == SqlStatement::Step::Done;
    if (ok)
        *runsDeleted = sqlite3_changes64(m_db);
    if (!ok) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(m_db));
        delEvents.reset();
        delRuns.reset();
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        *eventsDeleted = *runsDeleted = 0;
        return fail(error, QStringLiteral("cannot apply retention: %1").arg(why));
    }
    delEvents.reset();
    delRuns.reset();
    return exec("COMMIT", error, QStringLiteral("cannot apply retention"));
}

bool Journal::deleteOldestHistory(bool* deleted, qint64* eventsDeleted, qint64* runsDeleted, QString* error)
{
    if (!requireWritable(error))
        return false;
    *deleted = false;
    *eventsDeleted = 0;
    *runsDeleted = 0;
    SqlStatement oldestEnded;
    SqlStatement countRun;
    SqlStatement delRun;
    SqlStatement oldestEvents;
    QString message;
    if (!oldestEnded.prepare(
            m_db, "SELECT run_id FROM runs WHERE ended_ms IS NOT NULL ORDER BY started_ms, rowid LIMIT 1", &message) ||
        !countRun.prepare(m_db, "SELECT count(*) FROM events WHERE run_id = ?1", &message) ||
        !delRun.prepare(m_db, "DELETE FROM runs WHERE run_id = ?1", &message) ||
        !oldestEvents.prepare(m_db,
            "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT"
            " max(1, (SELECT count(*) FROM events) / 4))",
            &message)) {
        return fail(error, QStringLiteral("cannot prepare retention: %1").arg(message));
    }
    if (!exec("BEGIN IMMEDIATE", error, QStringLiteral("cannot apply retention")))
        return false;
    bool ok = true;
    const SqlStatement::Step step = oldestEnded.step();
    if (step == SqlStatement::Step::Row) {
        // The oldest finished session goes whole: its events (and grants) by ON DELETE CASCADE.
        const QString runId = oldestEnded.columnText(0);
        ok = countRun.bindText(1, runId) && countRun.step() == SqlStatement::Step::Row;
        if (ok)
            *eventsDeleted = countRun.columnInt64(0);
        ok = ok && delRun.bindText(1, runId) && delRun.step() == SqlStatement::Step::Done;
        if (ok) {
            *runsDeleted = 1;
            *deleted = true;
        }
    } else if (step == SqlStatement::Step::Done) {
        // Only sessions still going: drop the oldest quarter of the events, never the runs.
        ok = oldestEvents.step() == SqlStatement::Step::Done;
        if (ok) {
            *eventsDeleted = sqlite3_changes64(m_db);
            *deleted = *eventsDeleted > 0;
        }
    } else {
        ok = false;
    }
    if (!ok) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(m_db));
        oldestEnded.reset();
        countRun.reset();
        delRun.reset();
        oldestEvents.reset();
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        *deleted = false;
        *eventsDeleted = *runsDeleted = 0;
        return fail(error, QStringLiteral("cannot apply retention: %1").arg(why));
    }
    oldestEnded.reset();
    countRun.reset();
    delRun.reset();
    oldestEvents.reset();
    return exec("COMMIT", error, QStringLiteral("cannot apply retention"));
}

bool Journal::usedBytes(qint64* bytes, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    qint64 pages = 0;
    qint64 freePages = 0;
    qint64 pageSize = 0;
    if (!pragmaInt("PRAGMA page_count", &pages, error) || !pragmaInt("PRAGMA freelist_count", &freePages, error) ||
        !pragmaInt("PRAGMA page_size", &pageSize, error)) {
        return false;
    }
    *bytes = (pages - freePages) * pageSize;
    return true;
}

bool Journal::compact(QString* error)
{
    if (!requireWritable(error))
        return false;
    // incremental_vacuum returns no rows but must be stepped to the end; sqlite3_exec does that.
    if (!exec("PRAGMA incremental_vacuum", error, QStringLiteral("cannot vacuum")))
        return false;
    SqlStatement checkpoint;
    QString message;
    if (!checkpoint.prepare(m_db, "PRAGMA wal_checkpoint(TRUNCATE)", &message))
        return fail(error, QStringLiteral("cannot checkpoint: %1").arg(message));
    if (checkpoint.step() != SqlStatement::Step::Row)
        return failSql(error, QStringLiteral("cannot checkpoint"));
    // Column 0 is 1 when a reader kept the checkpoint from finishing: not an error, the WAL is
    // simply truncated at a later checkpoint.
    return true;
}

bool Journal::integrityCheck(QString* result, QString* error)
{
    if (!m_db)
        return fail(error, QStringLiteral("not open"));
    SqlStatement st;
    QString message;
    if (!st.prepare(m_db, "PRAGMA integrity_check", &message))
        return fail(error, QStringLiteral("cannot check integrity: %1").arg(message));
    QStringList lines;
    SqlStatement::Step step;
    while ((step = st.step()) == SqlStatement::Step::Row)
        lines.append(st.columnText(0));
    if (step == SqlStatement::Step::Error)
        return failSql(error, QStringLiteral("cannot check integrity"));
    *result = lines.join(QLatin1Char('\n'));
    return true;
}

} // namespace cordon
