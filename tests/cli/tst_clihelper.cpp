// End to end: the real cordonctl against the real cordon-helper (and cordon-sandbox): run, exit
// status, auto-start, ps/stop, logs, approve/deny (of a time escalation, and their error paths),
// the terminal prompt on a pty, --direct and the fallback when no helper can start.

#include "HelperFixture.h"

class TestCliHelper final : public HelperFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUp(); }
    void cleanupTestCase() { tearDown(); }

    void echoThroughHelper()
    {
        const Result r =
            ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("/bin/echo"), QStringLiteral("hi")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("hi\n"));
        QVERIFY2(!r.err.contains(QStringLiteral("running without it")), qPrintable(r.err));
        QVERIFY(!sessionWith(QStringLiteral("hi")).isEmpty()); // it was the helper that ran it
    }

    void exitStatusPropagated()
    {
        Result r = ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
            QStringLiteral("exit 7")});
        QCOMPARE(r.code, 7);
        r = ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("cordon-no-such-command-xyz")});
        QCOMPARE(r.code, 127);
        QVERIFY2(r.err.contains(QStringLiteral("cordon-no-such-command-xyz")), qPrintable(r.err));
        // A refusal by policy comes back with the code and message direct mode would use.
        r = ctl({QStringLiteral("run"), QStringLiteral("--workspace"), m_home + QStringLiteral("/missing"),
            QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(r.code, 122);
        QVERIFY2(r.err.startsWith(QStringLiteral("cordonctl: ")), qPrintable(r.err));
        r = ctl({QStringLiteral("run"), QStringLiteral("--memory"), QStringLiteral("1K"), QStringLiteral("true")});
        QCOMPARE(r.code, 119);
    }

    void autoStartsAHelper()
    {
        QVERIFY(!QFileInfo::exists(m_autoSocket));
        const Result r =
            ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("/bin/echo"), QStringLiteral("auto")},
                m_autoSocket);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("auto\n"));
        QVERIFY2(!r.err.contains(QStringLiteral("running without it")), qPrintable(r.err));
        QVERIFY(QFileInfo::exists(m_autoSocket));
        const QList<pid_t> helpers = pidsWithArgument(m_autoSocket);
        QCOMPARE(helpers.size(), 1);
        // Detached: its own session, not a child of ours.
        QVERIFY(::getsid(helpers.first()) != ::getsid(0));
        QVERIFY(::getsid(helpers.first()) != helpers.first()); // not a session leader either
        QCOMPARE(ctl({QStringLiteral("ps"), QStringLiteral("--all")}, m_autoSocket).code, 0);
    }

    void psShowsAndStopEnds()
    {
        QProcess sleeper;
        Reaper reaper{sleeper};
        start(&sleeper, {QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("61")},
            m_socket);
        const QJsonObject s = sessionWith(QStringLiteral("61"), QStringLiteral("running"));
        QVERIFY2(!s.isEmpty(), sleeper.readAllStandardError().constData());
        const QString id = s.value(QStringLiteral("id")).toString();
        const Result ps = ctl({QStringLiteral("ps")});
        QCOMPARE(ps.code, 0);
        const QString table = QString::fromUtf8(ps.out);
        QVERIFY2(table.startsWith(QStringLiteral("ID")), qPrintable(table));
        for (const char* column : {"PROFILE", "STATE", "ELAPSED", "PENDING", "WORKSPACE"})
            QVERIFY(table.section(u'\n', 0, 0).contains(QString::fromLatin1(column)));
        const QString row = table.section(u'\n', 1).split(u'\n').filter(id).value(0);
        QVERIFY2(row.contains(QStringLiteral("running")) && row.contains(QStringLiteral("shell")) && row.contains(m_ws),
            qPrintable(table));

        const Result stop = ctl({QStringLiteral("stop"), id});
        QVERIFY2(stop.code == 0, qPrintable(stop.err));
        QVERIFY2(stop.out.contains((id + QStringLiteral(": stopped")).toUtf8()), stop.out.constData());
        QVERIFY(sleeper.waitForFinished(30000));
        QVERIFY(sleeper.exitCode() != 0);
        QCOMPARE(sessionWith(QStringLiteral("61")).value(QStringLiteral("state")).toString(), QStringLiteral("ended"));
        const Result running = ctl({QStringLiteral("ps"), QStringLiteral("--json")});
        QVERIFY(!running.out.contains(id.toUtf8()));

        // Usage errors and an unknown session.
        QCOMPARE(ctl({QStringLiteral("stop")}).code, 119);
        QCOMPARE(ctl({QStringLiteral("stop"), id, QStringLiteral("--all")}).code, 119);
        const Result unknown = ctl({QStringLiteral("stop"), QStringLiteral("r-no-such-session")});
        QCOMPARE(unknown.code, 119);
        QVERIFY2(unknown.err.contains(QStringLiteral("r-no-such-session")), qPrintable(unknown.err));
    }

    // SIGTERM to `cordonctl run` stops the session (it does not orphan it) and cordonctl exits
    // with the session's status once it has ended.
    void sigtermStopsTheSession()
    {
        QProcess agent;
        Reaper reaper{agent};
        start(&agent, {QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("62")},
            m_socket);
        const QJsonObject s = sessionWith(QStringLiteral("62"), QStringLiteral("running"));
        QVERIFY(!s.isEmpty());
        agent.terminate();
        QVERIFY(agent.waitForFinished(30000));
        QCOMPARE(agent.exitStatus(), QProcess::NormalExit);
        const QJsonObject ended = sessionWith(QStringLiteral("62"), QStringLiteral("ended"));
        QVERIFY(!ended.isEmpty());
        QCOMPARE(agent.exitCode(), ended.value(QStringLiteral("exit_status")).toInt());
        QVERIFY(agent.exitCode() != 0);
    }

    void logsShowLaunchExecExit()
    {
        const QString marker = QStringLiteral("logs-marker-%1").arg(::getpid());
        const Result r = ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("/bin/echo"), marker});
        QCOMPARE(r.code, 0);
        const QString id = sessionWith(marker).value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QStringList kinds;
        QDeadlineTimer deadline(10000);
        Result logs;
        while (!deadline.hasExpired() && !kinds.contains(QStringLiteral("exit"))) {
            logs = ctl({QStringLiteral("logs"), QStringLiteral("--session"), id, QStringLiteral("--json")});
            QCOMPARE(logs.code, 0);
            kinds.clear();
            for (const QByteArray& line : logs.out.split('\n')) {
                if (line.isEmpty())
                    continue;
                const QJsonObject e = QJsonDocument::fromJson(line).object();
                QVERIFY2(!e.isEmpty(), line.constData());
                QCOMPARE(e.value(QStringLiteral("session")).toString(), id);
                kinds.append(e.value(QStringLiteral("kind")).toString());
            }
            QThread::msleep(100);
        }
        for (const char* kind : {"launch", "exec", "exit"})
            QVERIFY2(kinds.contains(QString::fromLatin1(kind)), qPrintable(kinds.join(u',')));
        const Result text = ctl({QStringLiteral("logs"), QStringLiteral("--session"), id, QStringLiteral("--kind"),
            QStringLiteral("exit")});
        QCOMPARE(text.code, 0);
        const QStringList lines = QString::fromUtf8(text.out).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY(!lines.isEmpty());
        for (const QString& line : lines)
            QVERIFY2(line.contains(id) && line.contains(QStringLiteral("exit")), qPrintable(line));
        QCOMPARE(ctl({QStringLiteral("logs"), QStringLiteral("--kind"), QStringLiteral("bogus")}).code, 119);
    }

    void logsFollowPrintsNewEvents()
    {
        QProcess follower;
        Reaper reaper{follower};
        start(&follower, {QStringLiteral("logs"), QStringLiteral("--follow"), QStringLiteral("--json")}, m_socket);
        QVERIFY(follower.waitForStarted());
        QThread::msleep(300);
        const QString marker = QStringLiteral("follow-marker-%1").arg(::getpid());
        QCOMPARE(ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("/bin/echo"), marker}).code, 0);
        QByteArray seen;
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired() && !seen.contains(marker.toUtf8())) {
            follower.waitForReadyRead(200);
            seen += follower.readAllStandardOutput();
        }
        follower.kill();
        follower.waitForFinished();
        QVERIFY2(seen.contains(marker.toUtf8()), seen.constData());
    }

    void approveDenyErrors()
    {
        Result r = ctl({QStringLiteral("pending")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("no pending requests"));
        r = ctl({QStringLiteral("approve"), QStringLiteral("424242")});
        QCOMPARE(r.code, 119);
        QVERIFY2(r.err.contains(QStringLiteral("no pending request 424242")), qPrintable(r.err));
        r = ctl({QStringLiteral("deny"), QStringLiteral("424242")});
        QCOMPARE(r.code, 119);
        QVERIFY2(r.err.contains(QStringLiteral("no pending request 424242")), qPrintable(r.err));
        QCOMPARE(ctl({QStringLiteral("deny"), QStringLiteral("--all")}).code, 0);
        QCOMPARE(ctl({QStringLiteral("approve"), QStringLiteral("abc")}).code, 119);
        QCOMPARE(
            ctl({QStringLiteral("approve"), QStringLiteral("1"), QStringLiteral("--once"), QStringLiteral("--always")})
                .code,
            119);
        r = ctl({QStringLiteral("revoke"), QStringLiteral("424242")});
        QCOMPARE(r.code, 119);
        QVERIFY2(r.err.contains(QStringLiteral("no grant 424242")), qPrintable(r.err));
        r = ctl({QStringLiteral("grants")});
        QCOMPARE(r.code, 0);
    }

    // A timebox about to end asks for more time (a "time" escalation): `cordonctl approve` extends
    // it and the command finishes; `cordonctl deny` lets the timebox end it (124). The helper's
    // window to answer is the last quarter of a 12 s timebox.
    void approveAndDenyATimeEscalation_data()
    {
        QTest::addColumn<bool>("approve");
        QTest::newRow("approve") << true;
        QTest::newRow("deny") << false;
    }
    void approveAndDenyATimeEscalation()
    {
        QFETCH(bool, approve);
        const QString marker = approve ? QStringLiteral("13.1") : QStringLiteral("13.2");
        QProcess agent;
        Reaper reaper{agent};
        start(&agent,
            {QStringLiteral("run"), QStringLiteral("--timeout"), QStringLiteral("12s"), QStringLiteral("--"),
                QStringLiteral("sleep"), marker},
            m_socket);
        const QJsonObject request = pendingWith(QStringLiteral("time"), marker);
        QVERIFY2(!request.isEmpty(), agent.readAllStandardError().constData());
        QCOMPARE(request.value(QStringLiteral("choices")).toArray(),
            (QJsonArray{QStringLiteral("deny"), QStringLiteral("extend")}));
        const QString id = QString::number(request.value(QStringLiteral("id")).toInteger());
        const Result decided = ctl({approve ? QStringLiteral("approve") : QStringLiteral("deny"), id});
        QVERIFY2(decided.code == 0, qPrintable(decided.err));
        QVERIFY2(decided.out.contains(approve ? "extended by 15 minute" : "denied"), decided.out.constData());
        QVERIFY(agent.waitForFinished(30000));
        QCOMPARE(agent.exitCode(), approve ? 0 : 124);
        // Without a terminal, cordonctl run said why it did not ask.
        QVERIFY(agent.readAllStandardError().contains("no terminal to ask on"));
        // Answered: a second answer is refused clearly.
        const Result again = ctl({QStringLiteral("deny"), id});
        QCOMPARE(again.code, 119);
        QVERIFY2(again.err.contains(QStringLiteral("request %1 was already answered").arg(id)) ||
                     again.err.contains(QStringLiteral("no pending request ") + id),
            qPrintable(again.err));
    }

    // The terminal prompt: cordonctl with a pty as its controlling terminal; the test reads the
    // prompt from the pty and types "e" (extend): the command outlives its first timebox.
    void terminalPromptExtends()
    {
        QByteArray screen;
        QByteArray out;
        bool typed = false;
        const int code =
            runOnPty({QStringLiteral("run"), QStringLiteral("--timeout"), QStringLiteral("12s"), QStringLiteral("--"),
                         QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep 13.3; echo survived")},
                {"[e]xtend 15 min  [d]eny", "answer with one key"}, "e", &screen, &out, &typed);
        QVERIFY2(typed, screen.constData());
        QVERIFY2(screen.contains("cordon: the session's time is up"), screen.constData());
        QVERIFY2(screen.contains("extended by 15 min"), screen.constData());
        QCOMPARE(code, 0);
        QCOMPARE(out, QByteArray("survived\n"));
    }

    // A window size change reaches the sandbox's own terminal: SIGWINCH -> `terminal winch`.
    void windowSizeFollows()
    {
        QByteArray screen;
        QByteArray out;
        bool resized = false;
        winsize size{};
        size.ws_row = 33;
        size.ws_col = 77;
        const int code = runOnPty({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sh"),
                                      QStringLiteral("-c"), QStringLiteral("stty size; sleep 3; stty size")},
            {}, QByteArray(), &screen, &out, &resized, &size, 1500);
        QVERIFY(resized);
        QCOMPARE(code, 0);
        QCOMPARE(out, QByteArray("40 100\n33 77\n"));
    }

    // Answered elsewhere: the prompt closes at once and says so.
    void terminalPromptClosesWhenAnsweredElsewhere()
    {
        QByteArray screen;
        QByteArray out;
        bool typed = false;
        // The test types nothing useful ("x" is no choice); `cordonctl deny` answers instead.
        std::atomic<bool> denied{false};
        std::thread other([&] {
            const QJsonObject r = pendingWith(QStringLiteral("time"), QStringLiteral("13.4"));
            if (!r.isEmpty())
                denied =
                    ctl({QStringLiteral("deny"), QString::number(r.value(QStringLiteral("id")).toInteger())}).code == 0;
        });
        const int code = runOnPty({QStringLiteral("run"), QStringLiteral("--timeout"), QStringLiteral("12s"),
                                      QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("13.4")},
            {"answer with one key"}, "x", &screen, &out, &typed);
        other.join();
        QVERIFY(denied);
        QCOMPARE(code, 124);
        QVERIFY2(screen.contains("answered elsewhere: deny"), screen.constData());
    }

    void directModeUntouched()
    {
        const QString none = m_root.path() + QStringLiteral("/none/helper.sock");
        Result r = ctl({QStringLiteral("run"), QStringLiteral("--direct"), QStringLiteral("--"),
                           QStringLiteral("/bin/echo"), QStringLiteral("direct")},
            none);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("direct\n"));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QProcessEnvironment env = environment(none);
        env.insert(QStringLiteral("CORDON_NO_HELPER"), QStringLiteral("1"));
        r = ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("exit 5")},
            none, &env);
        QCOMPARE(r.code, 5);
        QVERIFY(!QFileInfo::exists(none));
        QVERIFY(pidsWithArgument(none).isEmpty());
    }

    void noHelperIsSaidClearly()
    {
        const QString none = m_root.path() + QStringLiteral("/none/helper.sock");
        for (const char* command : {"ps", "pending", "grants"}) {
            const Result r = ctl({QString::fromLatin1(command)}, none);
            QCOMPARE(r.code, 123);
            QVERIFY2(r.err.startsWith(QStringLiteral("cordonctl: no Cordon helper is running (looked for ") + none),
                qPrintable(r.err));
        }
    }

    // No helper and none can be started (no place for a rootless socket): direct mode, with one
    // line saying that escalations are unavailable.
    void fallsBackToDirectWhenNoHelperCanStart()
    {
        QVERIFY2(!QFileInfo::exists(QStringLiteral("/run/cordon/helper.sock")),
            "a system helper runs on this machine; this case needs its absence");
        QProcessEnvironment env = environment(QString());
        env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        const Result r =
            ctl({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("/bin/echo"), QStringLiteral("fallback")},
                QString(), &env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QByteArray("fallback\n"));
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY2(r.err.contains(QStringLiteral("network escalations are unavailable")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliHelper)
#include "tst_clihelper.moc"
