#include "GrantTable.h"

#include "Journal.h"

namespace cordon::helperd {

namespace {

QString decisionWord(GrantRow::Lifetime lifetime)
{
    return lifetime == GrantRow::Lifetime::Always ? QStringLiteral("always") : QStringLiteral("session");
}

} // namespace

GrantTable::GrantTable(Journal& journal) : m_journal(journal)
{ }

qint64 GrantTable::addSessionGrant(
    uid_t uid, const QString& session, const QString& profile, const QString& pattern, QString* error)
{
    if (session.isEmpty()) {
        if (error)
            *error = QStringLiteral("a session grant needs a session");
        return 0;
    }
    GrantRow row;
    row.uid = uid;
    row.lifetime = GrantRow::Lifetime::Session;
    row.session = session;
    row.profile = profile;
    row.pattern = pattern;
    return add(row, error);
}

qint64 GrantTable::addAlwaysGrant(uid_t uid, const QString& profile, const QString& pattern, QString* error)
{
    if (profile.isEmpty()) {
        if (error)
            *error = QStringLiteral("an always grant needs a profile");
        return 0;
    }
    GrantRow row;
    row.uid = uid;
    row.lifetime = GrantRow::Lifetime::Always;
    row.profile = profile;
    row.pattern = pattern;
    return add(row, error);
}

qint64 GrantTable::add(GrantRow row, QString* error)
{
    if (row.pattern.isEmpty()) {
        if (error)
            *error = QStringLiteral("a grant needs a subject");
        return 0;
    }
    for (const auto& [id, live] : m_rows) {
        if (live.uid == row.uid && live.lifetime == row.lifetime && live.pattern == row.pattern &&
            (row.lifetime == GrantRow::Lifetime::Session ? live.session == row.session : live.profile == row.profile))
            return id;
    }
    GrantRecord record;
    if (row.lifetime == GrantRow::Lifetime::Session) {
        record.scope = GrantRecord::Scope::Run;
        record.runId = row.session;
    } else {
        record.scope = GrantRecord::Scope::Profile;
        record.profile = row.profile;
    }
    record.subject = row.pattern;
    record.decision = decisionWord(row.lifetime);
    record.createdMs = m_journal.now();
    if (!m_journal.addGrant(&record, error))
        return 0;
    row.id = record.id;
    row.createdMs = record.createdMs;
    m_rows.emplace(row.id, row);
    return row.id;
}

QList<GrantRow> GrantTable::list(uid_t uid, const QString& sessionFilter) const
{
    QList<GrantRow> rows;
    for (const auto& [id, row] : m_rows) {
        if (row.uid != uid)
            continue;
        if (!sessionFilter.isEmpty() && (row.lifetime != GrantRow::Lifetime::Session || row.session != sessionFilter))
            continue;
        rows.append(row);
    }
    return rows;
}

std::optional<GrantRow> GrantTable::find(uid_t uid, qint64 grantId) const
{
    const auto it = m_rows.find(grantId);
    if (it == m_rows.end() || it->second.uid != uid)
        return std::nullopt;
    return it->second;
}

bool GrantTable::revoke(uid_t uid, qint64 grantId, QString* session, QString* error, GrantRow* revoked)
{
    if (session)
        session->clear();
    const auto it = m_rows.find(grantId);
    if (it == m_rows.end() || it->second.uid != uid) {
        if (error)
            *error = QStringLiteral("no grant %1").arg(grantId);
        return false;
    }
    const GrantRow row = it->second;
    m_rows.erase(it);
    if (session)
        *session = row.session;
    if (revoked)
        *revoked = row;
    bool found = false;
    QString journalError;
    if (!m_journal.revokeGrant(grantId, m_journal.now(), &found, &journalError)) {
        if (error)
            *error = journalError;
    } else if (error) {
        error->clear();
    }
    return true;
}

QList<qint64> GrantTable::endSession(const QString& session)
{
    QList<qint64> ids;
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (it->second.lifetime == GrantRow::Lifetime::Session && it->second.session == session) {
            ids.append(it->first);
            it = m_rows.erase(it);
        } else {
            ++it;
        }
    }
    const qint64 endMs = m_journal.now();
    for (const qint64 id : ids) {
        bool found = false;
        QString error;
        if (!m_journal.revokeGrant(id, endMs, &found, &error))
            qWarning("grants: cannot record the end of grant %lld: %s", static_cast<long long>(id), qPrintable(error));
    }
    return ids;
}

bool GrantTable::expireOrphans(QString* error)
{
    const qint64 nowMs = m_journal.now();
    QList<GrantRecord> active;
    if (!m_journal.activeGrants(nowMs, &active, error))
        return false;
    for (const GrantRecord& g : active) {
        if (g.scope != GrantRecord::Scope::Run || m_rows.count(g.id) != 0)
            continue;
        bool found = false;
        if (!m_journal.revokeGrant(g.id, nowMs, &found, error))
            return false;
    }
    return true;
}

QJsonObject GrantTable::toJson(const GrantRow& row)
{
    QJsonObject o{
        {QStringLiteral("id"), row.id},
        {QStringLiteral("subject"), row.pattern},
        {QStringLiteral("decision"), decisionWord(row.lifetime)},
        {QStringLiteral("created"), row.createdMs},
        {QStringLiteral("by"), row.by == GrantRow::By::Profile ? QStringLiteral("profile") : QStringLiteral("client")},
    };
    if (row.lifetime == GrantRow::Lifetime::Session && !row.session.isEmpty())
        o.insert(QStringLiteral("session"), row.session);
    if (!row.profile.isEmpty())
        o.insert(QStringLiteral("profile"), row.profile);
    return o;
}

} // namespace cordon::helperd
