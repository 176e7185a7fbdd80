// GrantTable over a real SQLite journal in a temporary directory: grants are per uid, listed,
// revoked live, expire with their session, and every change is in the journal.

#include "GrantTable.h"
#include "Journal.h"
#include "MessageSchema.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace cordon;
using namespace cordon::helperd;

namespace {

constexpr uid_t kAnn = 1000;
constexpr uid_t kBob = 1001;

} // namespace

class TestGrantTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sessionGrant();
    void alwaysGrant();
    void sameGrantTwiceIsOneGrant();
    void listFiltersByUidAndSession();
    void revokeOwnGrant();
    void revokeAnotherUidsGrantIsNotFound();
    void revokeSurvivesAJournalError();
    void endSessionExpiresItsGrants();
    void unknownSessionIsRefusedByTheJournal();
    void expireOrphans();
    void jsonPassesSchema();

private:
    QList<GrantRecord> active();
    void beginRun(const QString& id, const QString& profile);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Journal> m_journal;
    qint64 m_now = 1'700'000'000'000;
};

void TestGrantTable::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_journal = std::make_unique<Journal>([this] { return m_now; });
    QString error;
    QVERIFY2(m_journal->open(m_dir->filePath(QStringLiteral("journal.db")), Journal::Mode::ReadWrite, &error),
        qPrintable(error));
    beginRun(QStringLiteral("r-ann1"), QStringLiteral("claude-code"));
    beginRun(QStringLiteral("r-ann2"), QStringLiteral("claude-code"));
    beginRun(QStringLiteral("r-bob1"), QStringLiteral("codex"));
}

void TestGrantTable::cleanup()
{
    QString error;
    QVERIFY(m_journal->close(&error));
    m_journal.reset();
    m_dir.reset();
}

void TestGrantTable::beginRun(const QString& id, const QString& profile)
{
    RunRecord run;
    run.runId = id;
    run.profile = profile;
    run.workspace = QStringLiteral("/home/ann/src/app");
    run.argv = QJsonArray{QStringLiteral("claude")};
    run.startedMs = m_now;
    QString error;
    QVERIFY2(m_journal->beginRun(&run, &error), qPrintable(error));
}

QList<GrantRecord> TestGrantTable::active()
{
    QList<GrantRecord> grants;
    QString error;
    if (!m_journal->activeGrants(m_now, &grants, &error))
        qWarning("%s", qPrintable(error));
    return grants;
}

void TestGrantTable::sessionGrant()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 id = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("api.example.com:443"), &error);
    QVERIFY2(id > 0, qPrintable(error));
    const auto row = table.find(kAnn, id);
    QVERIFY(row.has_value());
    QCOMPARE(row->uid, kAnn);
    QCOMPARE(row->lifetime, GrantRow::Lifetime::Session);
    QCOMPARE(row->session, QStringLiteral("r-ann1"));
    QCOMPARE(row->profile, QStringLiteral("claude-code"));
    QCOMPARE(row->pattern, QStringLiteral("api.example.com:443"));
    QCOMPARE(row->createdMs, m_now);

    const QList<GrantRecord> journal = active();
    QCOMPARE(journal.size(), 1);
    QCOMPARE(journal.first().id, id);
    QCOMPARE(journal.first().scope, GrantRecord::Scope::Run);
    QCOMPARE(journal.first().runId, QStringLiteral("r-ann1"));
    QCOMPARE(journal.first().subject, QStringLiteral("api.example.com:443"));
    QCOMPARE(journal.first().decision, QStringLiteral("session"));
    QCOMPARE(journal.first().createdMs, m_now);
}

void TestGrantTable::alwaysGrant()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 id =
        table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("*.example.com:443"), &error);
    QVERIFY2(id > 0, qPrintable(error));
    QVERIFY(table.find(kAnn, id)->isAlways());
    QVERIFY(table.find(kAnn, id)->session.isEmpty());
    const QList<GrantRecord> journal = active();
    QCOMPARE(journal.size(), 1);
    QCOMPARE(journal.first().scope, GrantRecord::Scope::Profile);
    QCOMPARE(journal.first().profile, QStringLiteral("claude-code"));
    QCOMPARE(journal.first().decision, QStringLiteral("always"));
    QVERIFY(journal.first().runId.isEmpty());

    // Bad arguments never reach the journal.
    QCOMPARE(table.addAlwaysGrant(kAnn, QString(), QStringLiteral("a:1"), &error), 0);
    QCOMPARE(table.addSessionGrant(kAnn, QString(), QStringLiteral("p"), QStringLiteral("a:1"), &error), 0);
    QCOMPARE(table.addSessionGrant(kAnn, QStringLiteral("r-ann1"), QStringLiteral("p"), QString(), &error), 0);
    QCOMPARE(active().size(), 1);
}

void TestGrantTable::sameGrantTwiceIsOneGrant()
{
    // Two connections asked at once and both were answered "session": one grant.
    GrantTable table(*m_journal);
    QString error;
    const QString pattern = QStringLiteral("api.example.com:443");
    const qint64 a =
        table.addSessionGrant(kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), pattern, &error);
    const qint64 b =
        table.addSessionGrant(kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), pattern, &error);
    QCOMPARE(a, b);
    const qint64 c =
        table.addSessionGrant(kAnn, QStringLiteral("r-ann2"), QStringLiteral("claude-code"), pattern, &error);
    QVERIFY(c != a);
    const qint64 d = table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), pattern, &error);
    QCOMPARE(table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), pattern, &error), d);
    QVERIFY(table.addAlwaysGrant(kBob, QStringLiteral("claude-code"), pattern, &error) != d);
    QCOMPARE(table.size(), 4);
    QCOMPARE(active().size(), 4);
    // Once revoked, granting again makes a new grant with a new id (ids are never reused).
    QString session;
    QVERIFY(table.revoke(kAnn, a, &session, &error));
    const qint64 e =
        table.addSessionGrant(kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), pattern, &error);
    QVERIFY(e > d);
}

void TestGrantTable::listFiltersByUidAndSession()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 a1 = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    const qint64 a2 = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann2"), QStringLiteral("claude-code"), QStringLiteral("b.example.com:443"), &error);
    const qint64 aa =
        table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("c.example.com:443"), &error);
    const qint64 b1 = table.addSessionGrant(
        kBob, QStringLiteral("r-bob1"), QStringLiteral("codex"), QStringLiteral("d.example.com:443"), &error);
    QVERIFY(a1 > 0 && a2 > 0 && aa > 0 && b1 > 0);

    QList<qint64> ids;
    for (const GrantRow& row : table.list(kAnn))
        ids.append(row.id);
    QCOMPARE(ids, (QList<qint64>{a1, a2, aa}));
    ids.clear();
    for (const GrantRow& row : table.list(kAnn, QStringLiteral("r-ann2")))
        ids.append(row.id);
    QCOMPARE(ids, QList<qint64>{a2});
    // Another user's session is just empty.
    QVERIFY(table.list(kAnn, QStringLiteral("r-bob1")).isEmpty());
    QCOMPARE(table.list(kBob).size(), 1);
    QVERIFY(!table.find(kBob, a1).has_value());
}

void TestGrantTable::revokeOwnGrant()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 s = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    const qint64 a =
        table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("*.example.org:443"), &error);
    m_now += 5000;

    QString session;
    GrantRow revoked;
    QVERIFY(table.revoke(kAnn, s, &session, &error, &revoked));
    QVERIFY(error.isEmpty());
    QCOMPARE(session, QStringLiteral("r-ann1"));
    QVERIFY(!revoked.isAlways());
    QVERIFY(!table.find(kAnn, s).has_value());

    // An always grant: the row tells the daemon to remove the pattern from the grants file.
    QVERIFY(table.revoke(kAnn, a, &session, &error, &revoked));
    QVERIFY(session.isEmpty());
    QVERIFY(revoked.isAlways());
    QCOMPARE(revoked.profile, QStringLiteral("claude-code"));
    QCOMPARE(revoked.pattern, QStringLiteral("*.example.org:443"));
    QVERIFY(active().isEmpty());
    QCOMPARE(table.size(), 0);

    // Twice: the second is not found.
    QVERIFY(!table.revoke(kAnn, s, &session, &error));
    QCOMPARE(error, QStringLiteral("no grant %1").arg(s));
}

void TestGrantTable::revokeAnotherUidsGrantIsNotFound()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 id = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    QString session = QStringLiteral("stale");
    QString foreign;
    QVERIFY(!table.revoke(kBob, id, &session, &foreign));
    QString unknown;
    QVERIFY(!table.revoke(kBob, id + 100, &session, &unknown));
    // Same wording as for an id that never existed: no oracle.
    QCOMPARE(foreign, QStringLiteral("no grant %1").arg(id));
    QCOMPARE(unknown, QStringLiteral("no grant %1").arg(id + 100));
    QVERIFY(session.isEmpty());
    QVERIFY(table.find(kAnn, id).has_value());
    QCOMPARE(active().size(), 1);
}

void TestGrantTable::revokeSurvivesAJournalError()
{
    // Revoking must take effect even when the disk does not cooperate: the grant is gone from the
    // table (the daemon then tells the proxy) and the error says what was not recorded.
    GrantTable table(*m_journal);
    QString error;
    const qint64 id = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    QVERIFY(m_journal->close(&error));
    QString session;
    QVERIFY(table.revoke(kAnn, id, &session, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(session, QStringLiteral("r-ann1"));
    QCOMPARE(table.size(), 0);
    // Adding cannot pretend: no journal record, no grant.
    QCOMPARE(table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("b.example.com:443"), &error), 0);
    QCOMPARE(table.size(), 0);
}

void TestGrantTable::endSessionExpiresItsGrants()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 s1 = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    const qint64 s2 = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("b.example.com:443"), &error);
    const qint64 other = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann2"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    const qint64 always =
        table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("c.example.com:443"), &error);
    m_now += 60'000;
    QCOMPARE(table.endSession(QStringLiteral("r-ann1")), (QList<qint64>{s1, s2}));
    QCOMPARE(table.size(), 2);
    QVERIFY(table.find(kAnn, other).has_value());
    QVERIFY(table.find(kAnn, always).has_value()); // always grants outlive the session

    QList<qint64> live;
    for (const GrantRecord& g : active())
        live.append(g.id);
    QCOMPARE(live, (QList<qint64>{other, always}));
    QVERIFY(table.endSession(QStringLiteral("r-ann1")).isEmpty());

    // Revoked is final: even asked about a time before the end, they are not active again.
    m_now -= 120'000;
    QCOMPARE(active().size(), 2);
}

void TestGrantTable::unknownSessionIsRefusedByTheJournal()
{
    GrantTable table(*m_journal);
    QString error;
    QCOMPARE(table.addSessionGrant(kAnn, QStringLiteral("r-nope"), QStringLiteral("claude-code"),
                 QStringLiteral("a.example.com:443"), &error),
        0);
    QVERIFY(!error.isEmpty());
    QCOMPARE(table.size(), 0);
}

void TestGrantTable::expireOrphans()
{
    qint64 leftOver = 0;
    qint64 always = 0;
    {
        // An earlier helper that died with its sessions.
        GrantTable earlier(*m_journal);
        QString error;
        leftOver = earlier.addSessionGrant(
            kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
        always =
            earlier.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("b.example.com:443"), &error);
    }
    QCOMPARE(active().size(), 2);
    GrantTable table(*m_journal);
    QString error;
    const qint64 mine = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann2"), QStringLiteral("claude-code"), QStringLiteral("c.example.com:443"), &error);
    QVERIFY2(table.expireOrphans(&error), qPrintable(error));
    QList<qint64> live;
    for (const GrantRecord& g : active())
        live.append(g.id);
    QCOMPARE(live, (QList<qint64>{always, mine}));
    Q_UNUSED(leftOver);
}

void TestGrantTable::jsonPassesSchema()
{
    GrantTable table(*m_journal);
    QString error;
    const qint64 s = table.addSessionGrant(
        kAnn, QStringLiteral("r-ann1"), QStringLiteral("claude-code"), QStringLiteral("a.example.com:443"), &error);
    const qint64 a =
        table.addAlwaysGrant(kAnn, QStringLiteral("claude-code"), QStringLiteral("*.example.org:443"), &error);
    QJsonArray grants;
    for (const GrantRow& row : table.list(kAnn))
        grants.append(GrantTable::toJson(row));
    const QJsonObject reply{{QStringLiteral("type"), QStringLiteral("grants")}, {QStringLiteral("id"), 5},
        {QStringLiteral("grants"), grants}};
    protocol::ProtocolError perror;
    QVERIFY2(
        protocol::MessageSchema::validate(reply, protocol::Direction::FromHelper, &perror), qPrintable(perror.message));

    const QJsonObject session = grants.at(0).toObject();
    QCOMPARE(session.value(u"id").toInteger(), s);
    QCOMPARE(session.value(u"session").toString(), QStringLiteral("r-ann1"));
    QCOMPARE(session.value(u"profile").toString(), QStringLiteral("claude-code"));
    QCOMPARE(session.value(u"subject").toString(), QStringLiteral("a.example.com:443"));
    QCOMPARE(session.value(u"decision").toString(), QStringLiteral("session"));
    QCOMPARE(session.value(u"created").toInteger(), m_now);
    QCOMPARE(session.value(u"by").toString(), QStringLiteral("client"));
    const QJsonObject always = grants.at(1).toObject();
    QCOMPARE(always.value(u"id").toInteger(), a);
    QVERIFY(!always.contains(u"session"));
    QCOMPARE(always.value(u"decision").toString(), QStringLiteral("always"));
    QCOMPARE(always.keys().size(), 6);
}

QTEST_GUILESS_MAIN(TestGrantTable)
#include "tst_grantable.moc"
