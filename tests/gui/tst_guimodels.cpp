// The desktop app's models, each under QAbstractItemModelTester (CONVENTIONS.md), against a fake
// helper: profiles (built-in, user, managed with a lock), sessions (list + pushes), grants, and
// the timeline's lazy paging over a million-event journal.

#include "FakeHelperConnection.h"
#include "GrantModel.h"
#include "ManualClock.h"
#include "ProfileListModel.h"
#include "SessionModel.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace cordon::gui;
using namespace cordon::gui::test;

namespace {
QJsonObject session(const QString& id, const QString& state, qint64 started = 1700000000000LL)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("profile"), QStringLiteral("demo-agent")},
        {QStringLiteral("workspace"), QStringLiteral("/home/ann/src/app")}, {QStringLiteral("argv"), QJsonArray()},
        {QStringLiteral("state"), state}, {QStringLiteral("started"), started}, {QStringLiteral("pid"), 4242},
        {QStringLiteral("pending"), 0}};
}
// The tester may already have asked for the next page; ask only when nobody did.
void ensureFetching(TimelineModel& model)
{
    if (model.canFetchMore({}))
        model.fetchMore({});
    QVERIFY(model.isLoading());
}

// Delivers the page in flight and waits until the model took it.
void pumpPage(FakeHelperConnection& helper, TimelineModel& model)
{
    Q_UNUSED(model);
    const int target = helper.delivered + helper.releaseReplies();
    QTRY_COMPARE(helper.delivered, target);
}
} // namespace

class TestGuiModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void profileListShowsBuiltInUserAndManagedWithLock();
    void sessionModelFollowsListAndPushes();
    void sessionModelListsRecentRunsFromTheJournal();
    void grantModelLoadsAndRevokes();
    void timelinePagesLazilyOverAMillionEvents();
    void timelineFollowStartsNearNowAndAppendsLive();
    void timelineFollowNarrowsABusyBacklog();
    void timelineBrowseHoldsLiveEventsUntilCaughtUp();
    void timelineRequeriesOnFilterAndFiltersLive();
    void timelineSurvivesReconnectWithoutDuplicates();
};

void TestGuiModels::profileListShowsBuiltInUserAndManagedWithLock()
{
    QTemporaryDir config, managed;
    QVERIFY(config.isValid() && managed.isValid());
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("CORDON_MANAGED_DIR", managed.path().toUtf8());
    QVERIFY(QDir().mkpath(config.path() + QStringLiteral("/cordon/profiles")));
    QFile user(config.path() + QStringLiteral("/cordon/profiles/mine.json"));
    QVERIFY(user.open(QIODevice::WriteOnly));
    user.write(R"({"schemaVersion": 1, "name": "mine", "displayName": "My agent", "command": ["true"]})");
    user.close();
    QFile policy(managed.path() + QStringLiteral("/10-lock.json"));
    QVERIFY(policy.open(QIODevice::WriteOnly));
    policy.write(R"({"kind": "policy", "schemaVersion": 1, "lockedProfiles": ["shell"]})");
    policy.close();
    QFile corp(managed.path() + QStringLiteral("/20-corp.json"));
    QVERIFY(corp.open(QIODevice::WriteOnly));
    corp.write(R"({"kind": "profile", "schemaVersion": 1, "name": "corp-agent", "command": ["true"]})");
    corp.close();

    ProfileListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY2(model.warnings().isEmpty(), qPrintable(model.warnings().join(u'\n')));
    const int mine = model.rowOfName(QStringLiteral("mine"));
    QVERIFY(mine >= 0);
    QCOMPARE(model.index(mine, ProfileListModel::NameColumn).data().toString(), QStringLiteral("My agent"));
    QCOMPARE(model.index(mine, 0).data(ProfileListModel::KindRole).toString(), QStringLiteral("user"));
    const int demo = model.rowOfName(QStringLiteral("demo-agent"));
    QVERIFY(demo >= 0);
    QCOMPARE(model.index(demo, 0).data(ProfileListModel::KindRole).toString(), QStringLiteral("built-in"));
    QCOMPARE(model.index(demo, 0).data(ProfileListModel::LockedRole).toBool(), false);
    const int shell = model.rowOfName(QStringLiteral("shell"));
    QVERIFY(shell >= 0);
    QCOMPARE(model.index(shell, 0).data(ProfileListModel::LockedRole).toBool(), true);
    QVERIFY(model.index(shell, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("organization")));
    const int corpRow = model.rowOfName(QStringLiteral("corp-agent"));
    QVERIFY(corpRow >= 0);
    QCOMPARE(model.index(corpRow, 0).data(ProfileListModel::KindRole).toString(), QStringLiteral("managed"));
    QCOMPARE(model.index(corpRow, 0).data(ProfileListModel::LockedRole).toBool(), true);
    QCOMPARE(model.index(corpRow, ProfileListModel::KindColumn).data().toString(), QStringLiteral("Managed"));
    QVERIFY(model.index(corpRow, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("organization")));
    qunsetenv("XDG_CONFIG_HOME");
    qunsetenv("CORDON_MANAGED_DIR");
}

void TestGuiModels::sessionModelFollowsListAndPushes()
{
    FakeHelperConnection helper;
    ManualClock clock(1700000065000LL);
    helper.setResponder(QStringLiteral("list"), [](const QJsonObject& request) {
        [&] { QVERIFY(request.value(QLatin1String("all")).toBool()); }();
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("sessions")},
            {QStringLiteral("sessions"), QJsonArray{session(QStringLiteral("r-1"), QStringLiteral("running")),
                                             session(QStringLiteral("r-0"), QStringLiteral("ended"))}}};
    });
    SessionModel model(&helper, &clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy active(&model, &SessionModel::activeCountChanged);
    helper.setReady(true);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.activeCount(), 1);
    QCOMPARE(active.count(), 1);
    QCOMPARE(model.index(0, SessionModel::ElapsedColumn).data().toString(), QStringLiteral("1 min 5 s"));
    QCOMPARE(model.index(0, SessionModel::StateColumn).data().toString(), QStringLiteral("Running"));
    QCOMPARE(model.index(0, SessionModel::ProfileColumn).data(SessionModel::IdRole).toString(), QStringLiteral("r-1"));

    // A push for a new session inserts it; one for a known session updates it in place.
    helper.pushSession(session(QStringLiteral("r-2"), QStringLiteral("starting")));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.activeCount(), 2);
    QJsonObject ended = session(QStringLiteral("r-1"), QStringLiteral("ended"));
    ended.insert(QStringLiteral("ended"), 1700000030000LL);
    ended.insert(QStringLiteral("exit_status"), 0);
    ended.insert(QStringLiteral("memory"), 3 * 1024 * 1024);
    helper.pushSession(ended);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.activeCount(), 1);
    QCOMPARE(model.index(0, SessionModel::StateColumn).data().toString(), QStringLiteral("Ended (0)"));
    QCOMPARE(model.index(0, SessionModel::ElapsedColumn).data().toString(), QStringLiteral("30 s"));
    QVERIFY(model.index(0, SessionModel::MemoryColumn).data().toString().isEmpty()); // gone with its cgroup
    QJsonObject growing = session(QStringLiteral("r-2"), QStringLiteral("running"));
    growing.insert(QStringLiteral("memory"), 3 * 1024 * 1024);
    helper.pushSession(growing);
    QCOMPARE(
        model.index(2, SessionModel::MemoryColumn).data().toString(), QLocale().formattedDataSize(3 * 1024 * 1024));

    // A hostile workspace is shown inert.
    QJsonObject hostile = session(QStringLiteral("r-3"), QStringLiteral("running"));
    hostile.insert(QStringLiteral("workspace"), QStringLiteral("/tmp/a\u202Egnp.exe\x1b[2K"));
    helper.pushSession(hostile);
    const QString shown = model.index(3, SessionModel::WorkspaceColumn).data().toString();
    QVERIFY2(!shown.contains(QChar(0x202E)) && !shown.contains(QChar(0x1b)), qPrintable(shown));
    QVERIFY(shown.contains(QStringLiteral("U+202E")));

    // Reconnect: the list is loaded again.
    helper.setReady(false);
    helper.setReady(true);
    QTRY_COMPARE(model.rowCount(), 2);
}

void TestGuiModels::sessionModelListsRecentRunsFromTheJournal()
{
    // A restarted helper lists only its live session; the journal's runs fill in the recent ones.
    FakeHelperConnection helper;
    ManualClock clock(1700000065000LL);
    helper.setResponder(QStringLiteral("list"), [](const QJsonObject&) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("sessions")},
            {QStringLiteral("sessions"), QJsonArray{session(QStringLiteral("live"), QStringLiteral("running"))}}};
    });
    helper.setResponder(QStringLiteral("runs"), [](const QJsonObject& request) {
        [&] { QCOMPARE(request.value(QLatin1String("limit")).toInt(), SessionModel::kRecentRuns); }();
        auto run = [](const char* id, qint64 started, std::optional<qint64> ended) {
            QJsonObject o{{QStringLiteral("id"), QLatin1String(id)},
                {QStringLiteral("profile"), QStringLiteral("shell")},
                {QStringLiteral("workspace"), QStringLiteral("/w")}, {QStringLiteral("argv"), QJsonArray()},
                {QStringLiteral("started"), started}};
            if (ended) {
                o.insert(QStringLiteral("ended"), *ended);
                o.insert(QStringLiteral("exit_status"), 125);
            }
            return o;
        };
        // Newest first, as the helper sends them: the live one (no end) and two older ones.
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("runs")},
            {QStringLiteral("runs"),
                QJsonArray{run("live", 1700000060000LL, std::nullopt), run("new", 1700000050000LL, std::nullopt),
                    run("old-2", 1700000020000LL, 1700000030000LL), run("old-1", 1700000000000LL, 1700000010000LL)}}};
    });
    SessionModel model(&helper, &clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    helper.setReady(true);
    QTRY_COMPARE(model.rowCount(), 3);
    // Oldest first, above the live one; an unended run the helper does not list is left out
    // (it is live and its push will come), never shown as ended.
    QCOMPARE(model.index(0, 0).data(SessionModel::IdRole).toString(), QStringLiteral("old-1"));
    QCOMPARE(model.index(1, 0).data(SessionModel::IdRole).toString(), QStringLiteral("old-2"));
    QCOMPARE(model.index(2, 0).data(SessionModel::IdRole).toString(), QStringLiteral("live"));
    QCOMPARE(model.index(0, 0).data(SessionModel::StateRole).toString(), QStringLiteral("ended"));
    QCOMPARE(model.index(0, SessionModel::StateColumn).data().toString(), QStringLiteral("Ended (125)"));
    QCOMPARE(model.index(0, SessionModel::ElapsedColumn).data().toString(), QStringLiteral("10 s"));
    QCOMPARE(model.activeCount(), 1);
}

void TestGuiModels::grantModelLoadsAndRevokes()
{
    FakeHelperConnection helper;
    QJsonArray grants{
        QJsonObject{{QStringLiteral("id"), 7}, {QStringLiteral("session"), QStringLiteral("r-1")},
            {QStringLiteral("subject"), QStringLiteral("api.example.com:443")},
            {QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("created"), 1700000000000LL},
            {QStringLiteral("by"), QStringLiteral("client")}},
        QJsonObject{{QStringLiteral("id"), 8}, {QStringLiteral("profile"), QStringLiteral("demo-agent")},
            {QStringLiteral("subject"), QStringLiteral("*.pypi.org:443")},
            {QStringLiteral("decision"), QStringLiteral("always")}, {QStringLiteral("created"), 1700000000000LL},
            {QStringLiteral("by"), QStringLiteral("client")}}};
    helper.setResponder(QStringLiteral("grants"), [&grants](const QJsonObject&) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("grants")}, {QStringLiteral("grants"), grants}};
    });
    helper.setResponder(QStringLiteral("revoke"), [&grants](const QJsonObject& request) {
        const qint64 id = request.value(QLatin1String("grant")).toInteger();
        for (int i = 0; i < grants.size(); ++i)
            if (grants.at(i).toObject().value(QLatin1String("id")).toInteger() == id)
                grants.removeAt(i--);
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("revoked")}};
    });
    GrantModel model(&helper);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    helper.setReady(true);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, GrantModel::DecisionColumn).data().toString(), QStringLiteral("For this session"));
    QCOMPARE(model.index(1, GrantModel::DecisionColumn).data().toString(), QStringLiteral("Always"));
    QCOMPARE(model.index(1, GrantModel::AppliesToColumn).data().toString(), QStringLiteral("Profile demo-agent"));
    model.revoke(0);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(helper.sentOfType(QStringLiteral("revoke")).constFirst().value(QLatin1String("grant")).toInteger(), 7);
    QCOMPARE(model.index(0, 0).data(GrantModel::IdRole).toLongLong(), 8);

    // A decision that created a grant refreshes the list.
    grants.append(QJsonObject{{QStringLiteral("id"), 9}, {QStringLiteral("session"), QStringLiteral("r-1")},
        {QStringLiteral("subject"), QStringLiteral("github.com:443")},
        {QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("created"), 1700000000000LL},
        {QStringLiteral("by"), QStringLiteral("client")}});
    helper.pushResolved(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("resolved")}, {QStringLiteral("request"), 3},
            {QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("scope"), QStringLiteral("host")},
            {QStringLiteral("by"), QStringLiteral("client")}, {QStringLiteral("grant"), 9}});
    QTRY_COMPARE(model.rowCount(), 2);
}

void TestGuiModels::timelinePagesLazilyOverAMillionEvents()
{
    FakeHelperConnection helper;
    helper.setJournalSize(1000000);
    helper.setReady(true);
    helper.setHoldReplies(true); // pages arrive when the test says (the tester fetches too)
    TimelineModel model(&helper);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxRows(2000);
    model.setPageSize(500);
    model.setFollow(false);
    model.reload(); // browse from the beginning
    helper.historyRequests = 0;
    QCOMPARE(model.rowCount(), 0);
    ensureFetching(model);
    QVERIFY(!model.canFetchMore({})); // one page in flight at a time
    pumpPage(helper, model);
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.index(0, 0).data(TimelineModel::IdRole).toLongLong(), 1);
    QCOMPARE(model.index(499, 0).data(TimelineModel::IdRole).toLongLong(), 500);

    // Scrolling on: the window never grows past maxRows; the oldest rows leave from the top.
    for (int page = 0; page < 10; ++page) {
        ensureFetching(model);
        pumpPage(helper, model);
    }
    QCOMPARE(model.rowCount(), 2000);
    QCOMPARE(model.trimmedRows(), 3500);
    QCOMPARE(model.index(0, 0).data(TimelineModel::IdRole).toLongLong(), 3501);
    QCOMPARE(model.index(1999, 0).data(TimelineModel::IdRole).toLongLong(), 5500);
    QVERIFY(helper.historyRequests <= 12); // what was shown plus at most one page asked ahead
    QVERIFY(helper.maxHistoryLimitSeen <= 1000);

    // Roles: raw event, kind, outcome, colour, icon.
    const QModelIndex kind = model.index(0, TimelineModel::KindColumn);
    QCOMPARE(kind.data(TimelineModel::RawRole).toJsonObject(), FakeHelperConnection::event(3501));
    QVERIFY(!kind.data(Qt::DecorationRole).value<QIcon>().isNull());
    for (int row = 0; row < 12; ++row) {
        const QString k = model.index(row, 0).data(TimelineModel::KindRole).toString();
        const QString outcome = model.index(row, 0).data(TimelineModel::OutcomeRole).toString();
        if (k == QLatin1String("net_deny"))
            QCOMPARE(outcome, QStringLiteral("denied"));
        if (k == QLatin1String("net_allow"))
            QCOMPARE(outcome, QStringLiteral("allowed"));
        if (k == QLatin1String("net_ask"))
            QCOMPARE(outcome, QStringLiteral("asked"));
        if (outcome != QLatin1String("neutral"))
            QVERIFY(model.index(row, 0).data(Qt::ForegroundRole).value<QColor>().isValid());
    }
}

void TestGuiModels::timelineFollowStartsNearNowAndAppendsLive()
{
    FakeHelperConnection helper;
    helper.setJournalSize(1000000); // last event at base + 10,000,000 ms
    helper.setReady(true);
    // Now is just after the last event; follow starts 15 s before it: 1,500 events to page through.
    ManualClock clock(FakeHelperConnection::kJournalBase + 10000000 + 1);
    TimelineModel model(&helper, &clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFollowBacklogMs(15000);
    model.setMaxRows(1000);
    model.reload();
    QTRY_VERIFY(model.caughtUp());
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.index(999, 0).data(TimelineModel::IdRole).toLongLong(), 1000000);
    QVERIFY(helper.historyRequests <= 6); // a few pages, never the journal

    // Live events are appended in batches, and the window stays bounded.
    for (qint64 id = 1000001; id <= 1000300; ++id)
        helper.pushEvent(FakeHelperConnection::event(id));
    QCOMPARE(model.rowCount(), 1000); // not yet: batched
    QTRY_COMPARE(model.index(999, 0).data(TimelineModel::IdRole).toLongLong(), 1000300);
    QCOMPARE(model.rowCount(), 1000);
    // A duplicate (a replay after reconnect) is not shown twice.
    helper.pushEvent(FakeHelperConnection::event(1000300));
    QTest::qWait(TimelineModel::kBatchIntervalMs * 3);
    QCOMPARE(model.index(999, 0).data(TimelineModel::IdRole).toLongLong(), 1000300);

    // Within what arrives together, time order: an exec line journaled after the question its
    // program asked (exec events come batched) is shown before it.
    QJsonObject asked = FakeHelperConnection::event(1000301);
    QJsonObject started = FakeHelperConnection::event(1000302);
    started.insert(QStringLiteral("time"), asked.value(QLatin1String("time")).toInteger() - 15);
    helper.pushEvent(asked);
    helper.pushEvent(started);
    QTRY_COMPARE(model.index(999, 0).data(TimelineModel::IdRole).toLongLong(), 1000301);
    QCOMPARE(model.index(998, 0).data(TimelineModel::IdRole).toLongLong(), 1000302);
    // And nothing is shown twice for it.
    helper.pushEvent(started);
    QTest::qWait(TimelineModel::kBatchIntervalMs * 3);
    QCOMPARE(model.index(999, 0).data(TimelineModel::IdRole).toLongLong(), 1000301);
}

void TestGuiModels::timelineFollowNarrowsABusyBacklog()
{
    // An hour of backlog at 100 events/s: follow mode does not page through 360,000 events.
    FakeHelperConnection helper;
    helper.setJournalSize(1000000);
    helper.setReady(true);
    ManualClock clock(FakeHelperConnection::kJournalBase + 10000000 + 1);
    TimelineModel model(&helper, &clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxRows(1000);
    model.setPageSize(500);
    model.setFollowBacklogMs(3600 * 1000);
    helper.historyRequests = 0;
    model.reload();
    QTRY_VERIFY(model.caughtUp());
    QCOMPARE(model.index(model.rowCount() - 1, 0).data(TimelineModel::IdRole).toLongLong(), 1000000);
    QVERIFY2(helper.historyRequests < 60, qPrintable(QString::number(helper.historyRequests)));
}

void TestGuiModels::timelineBrowseHoldsLiveEventsUntilCaughtUp()
{
    FakeHelperConnection helper;
    helper.setJournalSize(1200);
    helper.setReady(true);
    helper.setHoldReplies(true);
    TimelineModel model(&helper);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFollow(false);
    model.setPageSize(500);
    model.reload();
    ensureFetching(model);
    pumpPage(helper, model);
    QCOMPARE(model.rowCount(), 500);
    // A live event while pages remain: held back, not shown out of order.
    helper.setJournalSize(1201);
    helper.pushEvent(FakeHelperConnection::event(1201));
    QTest::qWait(TimelineModel::kBatchIntervalMs * 3);
    QCOMPARE(model.rowCount(), 500);
    ensureFetching(model);
    pumpPage(helper, model);
    QCOMPARE(model.rowCount(), 1000);
    ensureFetching(model);
    pumpPage(helper, model);
    QVERIFY(model.caughtUp());
    QCOMPARE(model.rowCount(), 1201); // the page brought 1201; the held-back copy was not added again
    QVERIFY(!model.canFetchMore({}));
    helper.pushEvent(FakeHelperConnection::event(1202));
    QTRY_COMPARE(model.rowCount(), 1202);
}

void TestGuiModels::timelineRequeriesOnFilterAndFiltersLive()
{
    FakeHelperConnection helper;
    helper.setJournalSize(600);
    helper.setReady(true);
    TimelineModel model(&helper);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFollow(false);
    TimelineQuery query;
    query.session = QStringLiteral("r-2");
    query.kinds = {QStringLiteral("net_deny")};
    model.setQuery(query);
    ensureFetching(model);
    QTRY_VERIFY(model.rowCount() > 0);
    const QJsonObject request = helper.sentOfType(QStringLiteral("history")).constLast();
    QCOMPARE(request.value(QLatin1String("session")).toString(), QStringLiteral("r-2"));
    QCOMPARE(request.value(QLatin1String("kinds")).toArray(), QJsonArray{QStringLiteral("net_deny")});
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.index(row, 0).data(TimelineModel::KindRole).toString(), QStringLiteral("net_deny"));
        QCOMPARE(model.index(row, 0).data(TimelineModel::SessionRole).toString(), QStringLiteral("r-2"));
    }
    QTRY_VERIFY(model.caughtUp());
    const int before = model.rowCount();
    // Live: only matching events come in.
    helper.pushEvent(FakeHelperConnection::event(601)); // net_allow: filtered out
    helper.pushEvent(QJsonObject{{QStringLiteral("id"), 700}, {QStringLiteral("session"), QStringLiteral("r-2")},
        {QStringLiteral("time"), 1}, {QStringLiteral("kind"), QStringLiteral("net_deny")}, {QStringLiteral("pid"), 1},
        {QStringLiteral("subject"), QStringLiteral("x:1")}, {QStringLiteral("detail"), QJsonObject()}});
    QTRY_COMPARE(model.rowCount(), before + 1);

    query.text = QStringLiteral("host12.");
    model.setQuery(query);
    QCOMPARE(model.rowCount(), 0);
    ensureFetching(model);
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(helper.sentOfType(QStringLiteral("history")).constLast().value(QLatin1String("text")).toString(),
        QStringLiteral("host12."));
}

void TestGuiModels::timelineSurvivesReconnectWithoutDuplicates()
{
    FakeHelperConnection helper;
    helper.setJournalSize(100);
    helper.setReady(true);
    ManualClock clock(FakeHelperConnection::kJournalBase + 1000 + 1);
    TimelineModel model(&helper, &clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY(model.caughtUp());
    QCOMPARE(model.rowCount(), 100);
    helper.setReady(false);
    QVERIFY(!model.canFetchMore({}));
    helper.setReady(true);
    // Caught up: the connection's re-subscribe with `after` replays what was missed.
    for (qint64 id = 95; id <= 105; ++id)
        helper.pushEvent(FakeHelperConnection::event(id));
    QTRY_COMPARE(model.rowCount(), 105);
}

QTEST_MAIN(TestGuiModels)
#include "tst_guimodels.moc"
