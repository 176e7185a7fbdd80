#pragma once
// The event journal: one SQLite database (WAL) holding runs, their events and grants.
//
// Writing is batched and driven by the caller, with no thread of its own: append() queues an
// event; flush() commits every queued event in one transaction and returns the ids assigned. The
// owner calls flush() when flushDue() says so (batchSize events queued or the oldest queued event
// maxBatchAgeMs old, whichever first), typically from a timer of msUntilFlushDue(). An event is
// acknowledged once flush() has returned true: it then survives the writer being killed
// (WAL + synchronous=NORMAL, https://www.sqlite.org/wal.html#durability). appendAndCommit() commits
// at once with synchronous=FULL for events that must also survive a power loss.
//
// Every statement is a constant, prepared once and reused; every value is bound. Errors are
// reported as [[nodiscard]] bool + QString* naming the file.

#include "Event.h"
#include "GrantRecord.h"
#include "JournalQuery.h"
#include "RunRecord.h"
#include "SqlStatement.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <functional>
#include <memory>
#include <optional>

struct sqlite3;

namespace cordon {

class Journal final {
public:
    enum class Mode {
        ReadWrite,
        ReadOnly
    };
    using Clock = std::function<qint64()>; // UTC milliseconds since the epoch

    static constexpr int schemaVersion = 1;
    // PRAGMA application_id: "Crdn". Tells a Cordon journal from any other SQLite file.
    static constexpr int applicationId = 0x4372646e;
    static constexpr int defaultBatchSize = 512;
    static constexpr qint64 defaultMaxBatchAgeMs = 50;

    explicit Journal(Clock clock = {});
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Creates the file (mode 0600) when it does not exist; migrates an older schema; refuses a
    // newer schema, a file that is not SQLite, or an SQLite file that is not a journal, and never
    // writes to such a file. ReadOnly opens an existing journal of the current version for
    // reading alongside a writer (WAL lets readers and one writer proceed together).
    [[nodiscard]] bool open(const QString& path, Mode mode, QString* error);
    // Flushes what is queued, then closes. Events still queued after a failed flush are lost.
    [[nodiscard]] bool close(QString* error);
    bool isOpen() const { return m_db != nullptr; }
    QString path() const { return m_path; }
    qint64 now() const;

    // Runs. beginRun fills run->policySha256Hex (SHA-256 of the stored snapshot bytes).
    [[nodiscard]] bool beginRun(RunRecord* run, QString* error);
    [[nodiscard]] bool endRun(const QString& runId, qint64 endedMs, int exitStatus, QString* error);
    [[nodiscard]] bool findRun(const QString& runId, std::optional<RunRecord>* run, QString* error);
    [[nodiscard]] bool listRuns(QList<RunRecord>* runs, QString* error);

    // Events.
    void setBatchLimits(int batchSize, qint64 maxBatchAgeMs);
    void append(Event event);
    int pendingCount() const { return static_cast<int>(m_pending.size()); }
    bool flushDue() const;
    qint64 msUntilFlushDue() const; // -1 when nothing is queued
    // On failure the transaction is rolled back and the queue is left as it was.
    [[nodiscard]] bool flush(QList<qint64>* ids, QString* error);
    [[nodiscard]] bool appendAndCommit(Event event, qint64* id, QString* error);
    [[nodiscard]] bool query(const JournalQuery& filter, QList<Event>* events, QString* error);
    [[nodiscard]] bool eventCount(qint64* count, QString* error);
    [[nodiscard]] bool lastEventId(qint64* id, QString* error);

    // Grants.
    [[nodiscard]] bool addGrant(GrantRecord* grant, QString* error);
    [[nodiscard]] bool revokeGrant(qint64 grantId, qint64 revokedMs, bool* found, QString* error);
    // Grants neither revoked nor expired at nowMs.
    [[nodiscard]] bool activeGrants(qint64 nowMs, QList<GrantRecord>* grants, QString* error);

    // Maintenance, used by JournalRetention.
    [[nodiscard]] bool deleteEventsBefore(qint64 cutoffMs, qint64* eventsDeleted, qint64* runsDeleted, QString* error);
    // Frees space from the oldest history: the oldest ended run (with its events and grants), or
    // when every run is still going, the oldest quarter of the oldest run's events. *deleted is
    // false when there is nothing left to delete.
    [[nodiscard]] bool deleteOldestHistory(bool* deleted, qint64* eventsDeleted, qint64* runsDeleted, QString* error);
    // Bytes the live pages take (page_count - freelist_count) * page_size.
    [[nodiscard]] bool usedBytes(qint64* bytes, QString* error);
    // Gives free pages back to the file system (auto_vacuum=INCREMENTAL) and truncates the WAL.
    [[nodiscard]] bool compact(QString* error);
    // PRAGMA integrity_check; *result is "ok" for a sound database.
    [[nodiscard]] bool integrityCheck(QString* result, QString* error);

private:
    bool fail(QString* error, const QString& what) const;
    bool failSql(QString* error, const QString& what) const;
    bool exec(const char* sql, QString* error, const QString& what);
    bool pragmaInt(const char* sql, qint64* value, QString* error);
    bool prepareStatements(QString* error);
    bool createOrMigrate(QString* error);
    bool requireWritable(QString* error) const;
    bool commitPending(QList<qint64>* ids, QString* error);
    static void readEvent(const SqlStatement& st, Event* event);
    static void readRun(const SqlStatement& st, RunRecord* run);
    void closeHandle();

    Clock m_clock;
    QString m_path;
    Mode m_mode = Mode::ReadWrite;
    sqlite3* m_db = nullptr;
    int m_batchSize = defaultBatchSize;
    qint64 m_maxBatchAgeMs = defaultMaxBatchAgeMs;
    QList<Event> m_pending;
    qint64 m_oldestPendingMs = 0;

    struct Statements;
    std::unique_ptr<Statements> m_st;
};

} // namespace cordon
