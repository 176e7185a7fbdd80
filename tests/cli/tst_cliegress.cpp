// End to end through the egress path: a host the profile does not settle is asked, through the
// real cordon-helper, cordon-proxy (test-only resolve map: "asked.test" is a loopback server of
// ours) and cordon-sandbox; cordonctl approve/deny and the terminal prompt answer it.

#include "HelperFixture.h"

class TestCliEgress final : public HelperFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUp(); }
    void cleanupTestCase() { tearDown(); }

    // A host the profile does not settle is asked; `cordonctl approve` lets the request through,
    // `cordonctl deny` refuses it.
    void approveAndDenyAPendingRequest_data()
    {
        QTest::addColumn<bool>("approve");
        QTest::newRow("approve") << true;
        QTest::newRow("deny") << false;
    }
    void approveAndDenyAPendingRequest()
    {
        QFETCH(bool, approve);
        QVERIFY2(m_proxyTest, "cordon-helper has no --test-proxy-resolve-map: the egress path cannot be tested");
        QProcess agent;
        Reaper reaper{agent};
        const QString url = QStringLiteral("http://asked.test:%1/").arg(m_http->port());
        start(&agent,
            {QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("curl"), QStringLiteral("-sf"),
                QStringLiteral("--max-time"), QStringLiteral("60"), url},
            m_socket);
        QJsonObject request;
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired() && request.isEmpty()) {
            const Result p = ctl({QStringLiteral("pending"), QStringLiteral("--json")});
            QCOMPARE(p.code, 0);
            for (const QJsonValue& v : QJsonDocument::fromJson(p.out).array())
                if (v.toObject().value(QStringLiteral("subject")).toString().startsWith(QStringLiteral("asked.test")))
                    request = v.toObject();
            QThread::msleep(100);
        }
        QVERIFY2(!request.isEmpty(), agent.readAllStandardError().constData());
        const QString id = QString::number(request.value(QStringLiteral("id")).toInteger());
        const Result text = ctl({QStringLiteral("pending")});
        QVERIFY2(text.out.contains((u'#' + id).toUtf8()) && text.out.contains("asked.test"), text.out.constData());
        const Result decided = ctl({approve ? QStringLiteral("approve") : QStringLiteral("deny"), id});
        QVERIFY2(decided.code == 0, qPrintable(decided.err));
        QVERIFY(agent.waitForFinished(60000));
        const QByteArray out = agent.readAllStandardOutput();
        if (approve) {
            QVERIFY2(agent.exitCode() == 0, agent.readAllStandardError().constData());
            QCOMPARE(out, QByteArray("hello-from-loopback"));
        } else {
            QVERIFY(agent.exitCode() != 0);
            QVERIFY(!out.contains("hello-from-loopback"));
        }
        // Answered: a second answer is refused clearly.
        const Result again = ctl({QStringLiteral("deny"), id});
        QCOMPARE(again.code, 119);
    }

    // The terminal prompt: cordonctl with a pty as its controlling terminal; the test reads the
    // prompt from the pty and answers "o" (once).
    void terminalPromptAnswersOnce()
    {
        QVERIFY2(m_proxyTest, "cordon-helper has no --test-proxy-resolve-map: the egress path cannot be tested");
        QByteArray screen;
        QByteArray out;
        bool typed = false;
        const QString url = QStringLiteral("http://asked.test:%1/prompt").arg(m_http->port());
        const int code = runOnPty({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("curl"),
                                      QStringLiteral("-sf"), QStringLiteral("--max-time"), QStringLiteral("60"), url},
            {"[o]nce", "answer with one key"}, "o", &screen, &out, &typed);
        QVERIFY2(typed, screen.constData());
        QVERIFY2(screen.contains("asked.test"), screen.constData());
        QVERIFY2(screen.contains("allowed: once"), screen.constData());
        QCOMPARE(code, 0);
        QCOMPARE(out, QByteArray("hello-from-loopback"));
    }
};

QTEST_GUILESS_MAIN(TestCliEgress)
#include "tst_cliegress.moc"
