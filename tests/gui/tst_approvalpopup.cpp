// The approval pop-up (DESIGN.md, "Approvals: what the pop-up promises"): each button sends the
// `decide` it names for the request shown, Deny is the default and Esc, the countdown denies,
// only offered choices and scopes appear, requests queue with a count, Deny all, and what the
// agent controls is shown inert.

#include "ApprovalPopup.h"
#include "FakeHelperConnection.h"
#include "ManualClock.h"
#include "NotificationBackend.h"
#include "RequestNotifier.h"
#include "SessionEventTail.h"

#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace cordon::gui;
using namespace cordon::gui::test;

namespace {

constexpr qint64 kNow = 1700000000000LL;

QJsonObject netRequest(qint64 id, const QString& host = QStringLiteral("api.example.com"), bool offerDomain = true)
{
    QJsonObject r{{QStringLiteral("id"), id}, {QStringLiteral("session"), QStringLiteral("r-1")},
        {QStringLiteral("profile"), QStringLiteral("demo-agent")},
        {QStringLiteral("workspace"), QStringLiteral("/home/ann/src/app")},
        {QStringLiteral("kind"), QStringLiteral("net")}, {QStringLiteral("subject"), host + QStringLiteral(":443")},
        {QStringLiteral("host"), host}, {QStringLiteral("port"), 443}, {QStringLiteral("pid"), 4321},
        {QStringLiteral("exe"), QStringLiteral("/usr/bin/curl")},
        {QStringLiteral("argv"),
            QJsonArray{QStringLiteral("curl"), QStringLiteral("-s"), QStringLiteral("https://") + host}},
        {QStringLiteral("time"), kNow}, {QStringLiteral("deadline"), kNow + 60000},
        {QStringLiteral("choices"), QJsonArray{QStringLiteral("deny"), QStringLiteral("once"),
                                        QStringLiteral("session"), QStringLiteral("always")}},
        {QStringLiteral("scopes"), offerDomain ? QJsonArray{QStringLiteral("host"), QStringLiteral("domain")}
                                               : QJsonArray{QStringLiteral("host")}}};
    if (offerDomain)
        r.insert(QStringLiteral("domain"), QStringLiteral("*.example.com"));
    return r;
}

class FakeNotifications final : public NotificationBackend {
public:
    bool isAvailable() const override { return true; }
    void show(quint64 tag, const QString& title, const QString& body, const QStringList& actions) override
    {
        shown.insert(tag, {title, body, actions.join(u',')});
    }
    void close(quint64 tag) override { closed.append(tag); }
    void press(quint64 tag, const QString& action) { Q_EMIT actionInvoked(tag, action); }
    QHash<quint64, QStringList> shown;
    QList<quint64> closed;
};

struct Fixture {
    FakeHelperConnection helper;
    ManualClock clock{kNow};
    SessionEventTail tail{&helper};
    ApprovalPopup popup{&helper, &clock, &tail};
    Fixture()
    {
        helper.setReady(true);
        popup.setArmDelayMs(0);
    }
    template <typename T>
    T* find(const char* name)
    {
        return popup.findChild<T*>(QLatin1String(name));
    }
    QJsonObject lastDecide() const { return helper.sentOfType(QStringLiteral("decide")).constLast(); }
    int decideCount() const { return static_cast<int>(helper.sentOfType(QStringLiteral("decide")).size()); }
};

} // namespace

class TestApprovalPopup : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void buttonsSendTheirDecision_data();
    void buttonsSendTheirDecision();
    void domainScopeOnlyWhenChosen();
    void escapeAndEnterDeny();
    void closingDenies();
    void countdownDenies();
    void onlyOfferedChoicesAndScopesShow();
    void timeRequestOffersExtend();
    void queueShowsCountAndNeverHidesOne();
    void resolvedElsewhereLeavesQueue();
    void denyAllDeniesQueuedAndPending();
    void buttonsAreDisarmedWhenRequestChanges();
    void hostileStringsAreInert();
    void notificationOffersNarrowAnswersWhenOutOfSight();
};

void TestApprovalPopup::buttonsSendTheirDecision_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<QString>("decision");
    QTest::newRow("deny") << "denyButton"
                          << "deny";
    QTest::newRow("once") << "onceButton"
                          << "once";
    QTest::newRow("session") << "sessionButton"
                             << "session";
    QTest::newRow("always") << "alwaysButton"
                            << "always";
}

void TestApprovalPopup::buttonsSendTheirDecision()
{
    QFETCH(QString, button);
    QFETCH(QString, decision);
    Fixture f;
    f.helper.pushEscalation(netRequest(11));
    QVERIFY(f.popup.isVisible());
    QCOMPARE(f.popup.currentRequestId(), 11);
    auto* b = f.popup.findChild<QPushButton*>(button);
    QVERIFY(b && b->isVisible() && b->isEnabled());
    QTest::mouseClick(b, Qt::LeftButton);
    QCOMPARE(f.decideCount(), 1);
    const QJsonObject sent = f.lastDecide();
    QCOMPARE(sent.value(QLatin1String("request")).toInteger(), 11);
    QCOMPARE(sent.value(QLatin1String("decision")).toString(), decision);
    if (decision == QLatin1String("deny"))
        QVERIFY(!sent.contains(QLatin1String("scope")));
    else
        QCOMPARE(sent.value(QLatin1String("scope")).toString(), QStringLiteral("host")); // never wider unasked
    QCOMPARE(f.popup.queueSize(), 0);
    QVERIFY(!f.popup.isVisible());
}

void TestApprovalPopup::domainScopeOnlyWhenChosen()
{
    Fixture f;
    f.helper.pushEscalation(netRequest(12));
    auto* domain = f.find<QRadioButton>("scopeDomainRadioButton");
    QVERIFY(domain->isVisible());
    QVERIFY(domain->text().contains(QStringLiteral("*.example.com")));
    QVERIFY(f.find<QRadioButton>("scopeHostRadioButton")->isChecked());
    domain->setChecked(true);
    QTest::mouseClick(f.find<QPushButton>("sessionButton"), Qt::LeftButton);
    QCOMPARE(f.lastDecide().value(QLatin1String("scope")).toString(), QStringLiteral("domain"));
    // The next request starts again at "this host".
    f.helper.pushEscalation(netRequest(13));
    QVERIFY(f.find<QRadioButton>("scopeHostRadioButton")->isChecked());
}

void TestApprovalPopup::escapeAndEnterDeny()
{
    Fixture f;
    f.helper.pushEscalation(netRequest(21));
    f.helper.pushEscalation(netRequest(22));
    auto* deny = f.find<QPushButton>("denyButton");
    QVERIFY(deny->isDefault());
    QTest::keyClick(&f.popup, Qt::Key_Escape);
    QCOMPARE(f.lastDecide().value(QLatin1String("request")).toInteger(), 21);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
    // Deny has the focus on the next request: Enter denies it.
    QCOMPARE(f.popup.currentRequestId(), 22);
    QCOMPARE(QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : QStringLiteral("denyButton"),
        QStringLiteral("denyButton"));
    QTest::keyClick(deny, Qt::Key_Space);
    QCOMPARE(f.lastDecide().value(QLatin1String("request")).toInteger(), 22);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
    QCOMPARE(f.popup.queueSize(), 0);

    // Enter denies even on an Allow button (never auto-default, so Enter passes to the pop-up), and
    // Deny is the default again for the next request.
    f.helper.pushEscalation(netRequest(23));
    f.helper.pushEscalation(netRequest(24));
    QTest::keyClick(f.find<QPushButton>("onceButton"), Qt::Key_Return);
    QCOMPARE(f.lastDecide().value(QLatin1String("request")).toInteger(), 23);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
    QVERIFY(deny->isDefault());
    QTest::keyClick(&f.popup, Qt::Key_Enter);
    QCOMPARE(f.lastDecide().value(QLatin1String("request")).toInteger(), 24);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
}

void TestApprovalPopup::closingDenies()
{
    Fixture f;
    f.helper.pushEscalation(netRequest(25));
    f.popup.close();
    QCOMPARE(f.decideCount(), 1);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
}

void TestApprovalPopup::countdownDenies()
{
    Fixture f;
    f.popup.setTickIntervalMs(20);
    f.helper.pushEscalation(netRequest(31));
    auto* label = f.find<QLabel>("countdownLabel");
    QVERIFY2(label->text().contains(QStringLiteral("in 1:00")), qPrintable(label->text()));
    f.clock.advance(45500);
    QTRY_VERIFY2(label->text().contains(QStringLiteral("in 0:15")), qPrintable(label->text()));
    QCOMPARE(f.decideCount(), 0);
    f.clock.advance(14500);
    QTRY_COMPARE(f.decideCount(), 1);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
    QCOMPARE(f.lastDecide().value(QLatin1String("request")).toInteger(), 31);
    QVERIFY(!f.popup.isVisible());
}

void TestApprovalPopup::onlyOfferedChoicesAndScopesShow()
{
    Fixture f;
    QJsonObject r = netRequest(41, QStringLiteral("10.0.0.1"), false);
    r.insert(QStringLiteral("choices"),
        QJsonArray{QStringLiteral("deny"), QStringLiteral("once"), QStringLiteral("session")});
    f.helper.pushEscalation(r);
    QVERIFY(f.find<QPushButton>("onceButton")->isVisible());
    QVERIFY(f.find<QPushButton>("sessionButton")->isVisible());
    QVERIFY(!f.find<QPushButton>("alwaysButton")->isVisible()); // forbidden by policy: not offered
    QVERIFY(!f.find<QPushButton>("extendButton")->isVisible());
    QVERIFY(!f.find<QGroupBox>("scopeGroupBox")->isVisible());
    QTest::mouseClick(f.find<QPushButton>("onceButton"), Qt::LeftButton);
    QVERIFY(!f.lastDecide().contains(QLatin1String("scope")));
}

void TestApprovalPopup::timeRequestOffersExtend()
{
    Fixture f;
    QJsonObject r = netRequest(51);
    r.insert(QStringLiteral("kind"), QStringLiteral("time"));
    r.insert(QStringLiteral("subject"), QStringLiteral("timebox"));
    r.insert(QStringLiteral("choices"), QJsonArray{QStringLiteral("deny"), QStringLiteral("extend")});
    r.remove(QStringLiteral("domain"));
    f.helper.pushEscalation(r);
    QVERIFY(f.find<QPushButton>("extendButton")->isVisible());
    QVERIFY(!f.find<QPushButton>("onceButton")->isVisible());
    QVERIFY(!f.find<QGroupBox>("scopeGroupBox")->isVisible());
    QVERIFY(f.find<QLabel>("headlineLabel")->text().contains(QStringLiteral("time")));
    f.popup.findChild<QSpinBox*>(QStringLiteral("extendMinutesSpinBox"))->setValue(45);
    QTest::mouseClick(f.find<QPushButton>("extendButton"), Qt::LeftButton);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("extend"));
    QCOMPARE(f.lastDecide().value(QLatin1String("minutes")).toInt(), 45);
}

void TestApprovalPopup::queueShowsCountAndNeverHidesOne()
{
    Fixture f;
    QSignalSpy sizes(&f.popup, &ApprovalPopup::queueSizeChanged);
    f.helper.pushEscalation(netRequest(61, QStringLiteral("one.example")));
    f.helper.pushEscalation(netRequest(62, QStringLiteral("two.example")));
    f.helper.pushEscalation(netRequest(63, QStringLiteral("three.example")));
    f.helper.pushEscalation(netRequest(62, QStringLiteral("two.example"))); // a repeat is not queued twice
    QCOMPARE(f.popup.queueSize(), 3);
    QCOMPARE(sizes.constLast().constFirst().toInt(), 3);
    auto* queue = f.find<QLabel>("queueLabel");
    QVERIFY(queue->isVisible());
    QCOMPARE(queue->text(), QStringLiteral("1 of 3"));
    QVERIFY(f.find<QPushButton>("denyAllButton")->isVisible());
    QCOMPARE(f.find<QLineEdit>("subjectLineEdit")->text(), QStringLiteral("one.example:443"));
    QTest::mouseClick(f.find<QPushButton>("onceButton"), Qt::LeftButton);
    QCOMPARE(f.find<QLineEdit>("subjectLineEdit")->text(), QStringLiteral("two.example:443"));
    QCOMPARE(queue->text(), QStringLiteral("1 of 2"));
    QTest::mouseClick(f.find<QPushButton>("denyButton"), Qt::LeftButton);
    QCOMPARE(f.find<QLineEdit>("subjectLineEdit")->text(), QStringLiteral("three.example:443"));
    QVERIFY(!queue->isVisible());
    QVERIFY(f.popup.isVisible());
}

void TestApprovalPopup::resolvedElsewhereLeavesQueue()
{
    Fixture f;
    f.helper.pushEscalation(netRequest(71));
    f.helper.pushEscalation(netRequest(72));
    f.helper.pushResolved(QJsonObject{{QStringLiteral("type"), QStringLiteral("resolved")},
        {QStringLiteral("request"), 71}, {QStringLiteral("decision"), QStringLiteral("deny")},
        {QStringLiteral("scope"), QStringLiteral("host")}, {QStringLiteral("by"), QStringLiteral("timeout")}});
    QCOMPARE(f.popup.queueSize(), 1);
    QCOMPARE(f.popup.currentRequestId(), 72);
    QCOMPARE(f.decideCount(), 0); // nothing sent for a request someone else settled
}

void TestApprovalPopup::denyAllDeniesQueuedAndPending()
{
    Fixture f;
    // The helper also knows of 83, raised while this app was not listening.
    f.helper.setResponder(QStringLiteral("pending"), [](const QJsonObject&) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("pending")},
            {QStringLiteral("requests"), QJsonArray{netRequest(81), netRequest(83)}}};
    });
    f.helper.pushEscalation(netRequest(81));
    f.helper.pushEscalation(netRequest(82));
    QTest::mouseClick(f.find<QPushButton>("denyAllButton"), Qt::LeftButton);
    QCOMPARE(f.popup.queueSize(), 0);
    QTRY_COMPARE(f.decideCount(), 3);
    QSet<qint64> ids;
    for (const QJsonObject& d : f.helper.sentOfType(QStringLiteral("decide"))) {
        QCOMPARE(d.value(QLatin1String("decision")).toString(), QStringLiteral("deny"));
        ids.insert(d.value(QLatin1String("request")).toInteger());
    }
    QCOMPARE(ids, (QSet<qint64>{81, 82, 83}));
    QVERIFY(!f.popup.isVisible());
}

void TestApprovalPopup::buttonsAreDisarmedWhenRequestChanges()
{
    Fixture f;
    f.popup.setArmDelayMs(200);
    f.helper.pushEscalation(netRequest(91));
    QVERIFY(!f.find<QPushButton>("onceButton")->isEnabled());
    QVERIFY(f.find<QPushButton>("denyButton")->isEnabled()); // denying is always safe
    QTRY_VERIFY(f.find<QPushButton>("onceButton")->isEnabled());
}

void TestApprovalPopup::hostileStringsAreInert()
{
    Fixture f;
    // Everything the agent controls: host with a bidi override and an ESC sequence, argv with a
    // newline and an isolate, exe with a C1 CSI, plus a prior event whose subject clears the line.
    const QString host = QStringLiteral("evil\u202Emoc.elgoog\u202C.example");
    QJsonObject r = netRequest(101, host);
    r.insert(QStringLiteral("exe"), QStringLiteral("/tmp/x\u009B2K\x1b]0;title\x07"));
    r.insert(QStringLiteral("argv"), QJsonArray{QStringLiteral("curl"), QStringLiteral("--data\n\rAllow? [y]"),
                                         QStringLiteral("\u2066rtl\u2069"), QStringLiteral("a\u200Bb")});
    f.helper.pushEvent(QJsonObject{{QStringLiteral("id"), 5}, {QStringLiteral("session"), QStringLiteral("r-1")},
        {QStringLiteral("time"), kNow}, {QStringLiteral("kind"), QStringLiteral("exec")}, {QStringLiteral("pid"), 1},
        {QStringLiteral("subject"), QStringLiteral("\x1b[2K\rsafe")}, {QStringLiteral("detail"), QJsonObject()}});
    f.helper.pushEscalation(r);

    QStringList shown{f.find<QLineEdit>("subjectLineEdit")->text(), f.find<QLabel>("headlineLabel")->text(),
        f.find<QPlainTextEdit>("processPlainTextEdit")->toPlainText(), f.find<QLabel>("eventsLabel")->text(),
        f.find<QRadioButton>("scopeHostRadioButton")->text()};
    for (const QString& text : shown) {
        for (QChar c : text) {
            const ushort u = c.unicode();
            if (u == u'\n')
                continue; // the pop-up's own line breaks between fields
            QVERIFY2(u >= 0x20 && u != 0x7F && !(u >= 0x80 && u <= 0x9F), qPrintable(text));
            QVERIFY2(c.category() != QChar::Other_Format, qPrintable(text));
        }
    }
    QVERIFY(shown.at(0).contains(QStringLiteral("evilU+202Emoc.elgoogU+202C.example:443")));
    QVERIFY(shown.at(2).contains(QStringLiteral("\\x9B2K\\x1B]0;title\\x07")));
    QVERIFY(shown.at(2).contains(QStringLiteral("'--data\\x0A\\x0DAllow? [y]'")));
    QVERIFY(shown.at(2).contains(QStringLiteral("U+2066rtlU+2069")));
    QVERIFY(shown.at(2).contains(QStringLiteral("aU+200Bb")));
    QVERIFY(shown.at(3).contains(QStringLiteral("\\x1B[2K\\x0Dsafe")));
    // Labels never interpret agent text as rich text.
    for (QLabel* label : f.popup.findChildren<QLabel*>())
        QVERIFY2(
            label->textFormat() == Qt::PlainText || !label->text().contains(u'<'), qPrintable(label->objectName()));
}

void TestApprovalPopup::notificationOffersNarrowAnswersWhenOutOfSight()
{
    Fixture f;
    FakeNotifications backend;
    bool hidden = false;
    RequestNotifier notifier(&f.helper, &f.popup, &backend, [&hidden] { return hidden; });
    f.helper.pushEscalation(netRequest(111));
    QVERIFY(backend.shown.isEmpty()); // the window is in sight: the pop-up is enough
    hidden = true;
    f.helper.pushEscalation(netRequest(112, QStringLiteral("evil\u202Emoc.example")));
    QCOMPARE(backend.shown.size(), 1);
    const QStringList shown = backend.shown.value(112);
    QVERIFY2(shown.at(0).contains(QStringLiteral("evilU+202Emoc.example:443")), qPrintable(shown.at(0)));
    QCOMPARE(shown.at(2), QStringLiteral("deny,Deny,once,Allow once,default,Show"));
    // Allow once from the notification: exactly that request, no scope, gone from the queue.
    backend.press(112, QStringLiteral("once"));
    QCOMPARE(f.lastDecide().value(QLatin1String("request")).toInteger(), 112);
    QCOMPARE(f.lastDecide().value(QLatin1String("decision")).toString(), QStringLiteral("once"));
    QVERIFY(!f.lastDecide().contains(QLatin1String("scope")));
    QCOMPARE(f.popup.queuedIds(), QList<qint64>{111});
    // Answered in the pop-up or elsewhere: the notification goes.
    f.helper.pushEscalation(netRequest(113));
    f.popup.removeRequest(111);
    QTest::mouseClick(f.find<QPushButton>("denyButton"), Qt::LeftButton);
    QCOMPARE(backend.closed, QList<quint64>{113});
    f.helper.pushEscalation(netRequest(114));
    f.helper.pushResolved(QJsonObject{{QStringLiteral("type"), QStringLiteral("resolved")},
        {QStringLiteral("request"), 114}, {QStringLiteral("decision"), QStringLiteral("deny")},
        {QStringLiteral("scope"), QStringLiteral("host")}, {QStringLiteral("by"), QStringLiteral("timeout")}});
    QCOMPARE(backend.closed, (QList<quint64>{113, 114}));
}

QTEST_MAIN(TestApprovalPopup)
#include "tst_approvalpopup.moc"
