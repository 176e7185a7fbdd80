#pragma once
// The live grants: what people answered "this session" or "always" (DESIGN.md, "Approvals":
// grants are listed and can be revoked live). In memory, each with its owner's uid (the journal
// does not know uids), and recorded in the journal so that history shows what was allowed, when,
// and when it stopped. A grant id is the journal's (AUTOINCREMENT: never reused).
//
// - Session grants (journal scope Run; the session id is the run id, which must already be in the
//   journal) expire with their session: endSession() marks them revoked at the end time.
// - Always grants (journal scope Profile) are recorded here; the caller writes core/policy's
//   AlwaysGrantStore, which is what makes them outlive the helper. Revoking one here tells the
//   caller (revoke()'s row out-parameter) so that it can remove the pattern from that file too.
//
// Every call is scoped by uid: another uid's grant is "not found", exactly as if it did not exist.

#include "GrantRecord.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <sys/types.h>

#include <map>
#include <optional>

namespace cordon {
class Journal;
}

namespace cordon::helperd {

struct GrantRow {
    enum class Lifetime {
        Session,
        Always
    };
    enum class By {
        Client, // a person's answer
        Profile // reserved for grants read from the user's grants file
    };

    qint64 id = 0;
    uid_t uid = 0;
    Lifetime lifetime = Lifetime::Session;
    QString session; // Session grants
    QString profile; // both (the session's profile for Session grants)
    QString pattern; // "host:port", "*.domain:port" or a secret name
    qint64 createdMs = 0;
    By by = By::Client;

    bool isAlways() const { return lifetime == Lifetime::Always; }
};

class GrantTable final {
public:
    explicit GrantTable(Journal& journal);
    GrantTable(const GrantTable&) = delete;
    GrantTable& operator=(const GrantTable&) = delete;

    // 0 with *error when the journal cannot record it (the grant then does not exist). The same
    // pattern granted again for the same session (or uid + profile) returns the live grant's id.
    qint64 addSessionGrant(
        uid_t uid, const QString& session, const QString& profile, const QString& pattern, QString* error);
    qint64 addAlwaysGrant(uid_t uid, const QString& profile, const QString& pattern, QString* error);

    // uid's grants in id order; with a sessionFilter, only that session's session grants.
    QList<GrantRow> list(uid_t uid, const QString& sessionFilter = QString()) const;
    std::optional<GrantRow> find(uid_t uid, qint64 grantId) const;

    // False with *error ("no grant N", the same for another uid's grant and an unknown id) when
    // uid has no such live grant. Otherwise the grant is gone from the table and true is returned,
    // even when the journal could not record the revocation (then *error says so: revoking must
    // never fail for a disk error). *session gets the grant's session (empty for an always grant);
    // *revoked the whole row: revoked->isAlways() means "also remove revoked->pattern from
    // revoked->profile's grants file".
    bool revoke(uid_t uid, qint64 grantId, QString* session, QString* error, GrantRow* revoked = nullptr);

    // The session's grants expire: marked revoked in the journal at the end time and dropped.
    // Returns their ids.
    QList<qint64> endSession(const QString& session);

    // Session grants the journal still shows active were left by an earlier helper that stopped
    // without ending its sessions (every sandbox died with it): mark them revoked now. Called once
    // at start-up. Always grants are left to the grants file.
    [[nodiscard]] bool expireOrphans(QString* error);

    int size() const { return static_cast<int>(m_rows.size()); }

    // docs/protocol.md's Grant object.
    static QJsonObject toJson(const GrantRow& row);

private:
    qint64 add(GrantRow row, QString* error);

    Journal& m_journal;
    std::map<qint64, GrantRow> m_rows;
};

} // namespace cordon::helperd
