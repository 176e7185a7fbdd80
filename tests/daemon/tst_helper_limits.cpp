// End-to-end tests of cordon-helper's bounds against its own clients and sessions (docs/helper.md,
// docs/protocol.md; the security review's "Known gaps in the helper", docs/security.md): the output
// log of a session without a terminal is size-limited and drained to its end; a connection that
// does not complete hello in time is closed and its slot freed; one uid holds at most 16
// connections. The real cordon-helper (--system, on a temporary socket, --output-limit 1M
// --hello-timeout 3), the real cordon-sandbox and cordon-proxy, real sockets, real files; the
// clients are the unprivileged test users cordon-probe and cordon-probe2.
//
// Every wait is bounded (HelperTestClient::next polls with a timeout); every connection is closed
// by the end of its test case (the clients are scoped).
//
// Needs root (a --system helper and the test users). CORDON_MUST_WORK=1 turns every skip into a
// failure.

#include "HelperTestClient.h"
#include "HelperTestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <vector>

using namespace cordon::test;

namespace {

constexpr qint64 kLimit = 1024 * 1024; // the helper's --output-limit 1M
constexpr int kHelloTimeoutS = 3;      // the helper's --hello-timeout 3
constexpr int kPerUidCap = 16;         // HelperConfig::kMaxClientsPerUid
// OutputLog::limitNotice(kLimit), spelled out: the test checks the text, not the code that makes it.
const QByteArray kNotice =
    QByteArrayLiteral("cordon: output limit of 1048576 bytes reached; further output of this session is discarded\n");

QString errorMessage(const std::optional<QJsonObject>& m)
{
    return m ? m->value(QLatin1String("message")).toString() : QString();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// /proc/PID/fdinfo/FD's flags (octal), or -1.
long fdFlags(pid_t pid, const QString& fd)
{
    const QByteArray info = readFile(QStringLiteral("/proc/%1/fdinfo/%2").arg(pid).arg(fd));
    for (const QByteArray& line : info.split('\n')) {
        if (line.startsWith("flags:")) {
            bool ok = false;
            const long flags = line.mid(6).trimmed().toLong(&ok, 8);
            return ok ? flags : -1;
        }
    }
    return -1;
}

// What /proc/PID/fd/N points to, unresolved ("pipe:[123]", "/dev/null", ...).
QString fdLink(pid_t pid, int fd)
{
    char buf[4096];
    const QByteArray path = QStringLiteral("/proc/%1/fd/%2").arg(pid).arg(fd).toLocal8Bit();
    const ssize_t n = ::readlink(path.constData(), buf, sizeof buf - 1);
    return n > 0 ? QString::fromLocal8Bit(buf, static_cast<qsizetype>(n)) : QString();
}

QStringList rawFdsLinkingTo(pid_t pid, const QString& target)
{
    QStringList found;
    const QString dir = QStringLiteral("/proc/%1/fd").arg(pid);
    for (const QString& fd : QDir(dir).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        if (fdLink(pid, fd.toInt()) == target)
            found << fd;
    }
    return found;
}

// The direct children of pid (through /proc/*/stat).
QList<pid_t> childrenOf(pid_t parent)
{
    QList<pid_t> out;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const pid_t pid = entry.toInt(&ok);
        if (!ok)
            continue;
        const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toInt() == parent)
            out << pid;
    }
    return out;
}

} // namespace

class TestHelperLimits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void optionsAreValidated();
    void outputLogsOfForgottenRunsAreRemoved();
    void outputBeyondTheLimitIsCutAndDrained();
    void outputWithinTheLimitIsKeptWhole();
    void outputPipeWriteEndOnlyInTheSandbox();
    void helloDeadlineClosesSilentClients();
    void silentClientsLoseTheirSlots();
    void perUidClientCap();

private:
    // Runs argv as cordon-probe without a terminal; the session's id and exit status.
    bool runWithoutTerminal(const QStringList& argv, QString* id, int* status, int timeoutMs = 60000);
    QString logPath(const QString& id) const
    {
        return m_stateDir + QStringLiteral("/output/") + id + QStringLiteral(".log");
    }
    QByteArray helperLog() const { return readFile(m_helperLog); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir, m_socket, m_stateDir, m_workspace, m_profile, m_helperLog;
    QProcess m_helper;
    TestUser m_user, m_user2;
};

void TestHelperLimits::initTestCase()
{
    if (::geteuid() != 0) {
        if (mustWork())
            QFAIL("tst_helper_limits needs root (a --system helper and test users)");
        QSKIP("tst_helper_limits needs root (a --system helper and test users)");
    }
    const QString built = qEnvironmentVariable("CORDON_BIN_DIR");
    QVERIFY2(!built.isEmpty(), "CORDON_BIN_DIR is not set (run through ctest)");
    QVERIFY(ensureUser("cordon-probe", &m_user));
    QVERIFY(ensureUser("cordon-probe2", &m_user2));

    // Everything the test users must reach lives under a 0755 directory of its own.
    m_dir = publicScratchDir(
        QStringLiteral("cordon-tst-limits"), {"cordon-helper", "cordon-sandbox", "cordon-proxy"}, &m_binDir);
    QVERIFY(m_dir);
    const QString base = m_dir->path();
    // No resource limits: no cgroup delegation needed for the test user.
    m_profile = base + QStringLiteral("/plain.json");
    QVERIFY(writeFile(m_profile, R"({"schemaVersion": 1, "name": "plain", "command": ["/bin/sh"]})"));
    m_workspace = base + QStringLiteral("/ws");
    QVERIFY(QDir().mkpath(m_workspace));
    QCOMPARE(::chown(QFile::encodeName(m_workspace).constData(), m_user.uid, m_user.gid), 0);
    QCOMPARE(::chmod(QFile::encodeName(m_workspace).constData(), 0700), 0);

    m_socket = base + QStringLiteral("/run/helper.sock");
    m_stateDir = base + QStringLiteral("/state");
    // The helper's stderr goes to a file, so that its log lines can be checked (and a pipe nobody
    // reads during the blocking test clients can never stall it).
    m_helperLog = base + QStringLiteral("/helper.log");
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CORDON_HELPER_SOCKET"), m_socket);
    e.remove(QStringLiteral("CORDON_PROXY_TEST"));
    m_helper.setProcessEnvironment(e);
    m_helper.setProcessChannelMode(QProcess::MergedChannels);
    m_helper.setStandardOutputFile(m_helperLog);
    // A log left by a run the journal does not know (its history was pruned): the helper's
    // retention at start removes it (outputLogsOfForgottenRunsAreRemoved).
    QVERIFY(QDir().mkpath(m_stateDir + QStringLiteral("/output")));
    QVERIFY(writeFile(m_stateDir + QStringLiteral("/output/forgotten-run.log"), "old output\n", 0600));
    m_helper.start(m_binDir + QStringLiteral("/cordon-helper"),
        {QStringLiteral("--state-dir"), m_stateDir, QStringLiteral("--system"), QStringLiteral("--output-limit"),
            QStringLiteral("1M"), QStringLiteral("--hello-timeout"), QString::number(kHelloTimeoutS)});
    QVERIFY(m_helper.waitForStarted(10000));
    QElapsedTimer t;
    t.start();
    bool up = false;
    while (!up && t.elapsed() < 10000 && m_helper.state() == QProcess::Running) {
        HelperTestClient probe;
        up = probe.connectTo(m_socket);
        if (!up)
            QTest::qWait(50);
    }
    QVERIFY2(up, helperLog().constData());
}

void TestHelperLimits::cleanupTestCase()
{
    if (m_helper.state() == QProcess::Running) {
        m_helper.terminate();
        if (!m_helper.waitForFinished(30000))
            m_helper.kill();
        m_helper.waitForFinished(5000);
    }
}

bool TestHelperLimits::runWithoutTerminal(const QStringList& argv, QString* id, int* status, int timeoutMs)
{
    HelperTestClient c;
    if (!c.connectAs(m_socket, m_user.uid, m_user.gid) || !c.hello())
        return false;
    if (type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}})) !=
        QLatin1String("subscribed"))
        return false;
    const auto launched = c.request(
        {{QStringLiteral("type"), QStringLiteral("launch")}, {QStringLiteral("profile"), m_profile},
            {QStringLiteral("workspace"), m_workspace}, {QStringLiteral("argv"), QJsonArray::fromStringList(argv)},
            {QStringLiteral("env"), QJsonObject{}}, {QStringLiteral("terminal"), false}},
        30000);
    if (type(launched) != QLatin1String("launched")) {
        qWarning("launch failed: %s", launched ? QJsonDocument(*launched).toJson().constData() : "no reply");
        return false;
    }
    *id = launched->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
    const auto ended =
        c.waitPush([&](const QJsonObject& m) { return isSessionPush(m, *id, QStringLiteral("ended")); }, timeoutMs);
    if (!ended)
        return false;
    *status = ended->value(QLatin1String("session")).toObject().value(QLatin1String("exit_status")).toInt(-1);
    return true;
}

void TestHelperLimits::optionsAreValidated()
{
    // Out of range or malformed: usage (status 2) naming the option; nothing starts.
    const QList<QStringList> bad{{QStringLiteral("--output-limit"), QStringLiteral("63K")},
        {QStringLiteral("--output-limit"), QStringLiteral("17G")},
        {QStringLiteral("--output-limit"), QStringLiteral("1000")},
        {QStringLiteral("--output-limit"), QStringLiteral("lots")},
        {QStringLiteral("--hello-timeout"), QStringLiteral("0")},
        {QStringLiteral("--hello-timeout"), QStringLiteral("301")},
        {QStringLiteral("--hello-timeout"), QStringLiteral("1s")}};
    for (const QStringList& args : bad) {
        QProcess p;
        p.start(m_binDir + QStringLiteral("/cordon-helper"),
            QStringList{QStringLiteral("--socket"), m_dir->path() + QStringLiteral("/never.sock"),
                QStringLiteral("--state-dir"), m_dir->path() + QStringLiteral("/never-state")} +
                args);
        QVERIFY(p.waitForFinished(15000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 2, qPrintable(args.join(u' ')));
        QVERIFY2(err.contains(args.at(0).toUtf8() + ':'), err.constData());
    }
    QVERIFY(!QFileInfo::exists(m_dir->path() + QStringLiteral("/never-state")));
}

void TestHelperLimits::outputLogsOfForgottenRunsAreRemoved()
{
    QVERIFY2(!QFile::exists(m_stateDir + QStringLiteral("/output/forgotten-run.log")), helperLog().constData());
    QVERIFY2(helperLog().contains("output retention removed 1 log(s)"), helperLog().constData());
}

void TestHelperLimits::outputBeyondTheLimitIsCutAndDrained()
{
    // 5,000,000 bytes into a 1 MiB log: the command is neither blocked nor killed (it goes on to
    // write to stderr and exits 0: a write error or SIGPIPE would change its status), and the log
    // holds the first 1 MiB, then the one notice line, and nothing more.
    QString id;
    int status = -1;
    QElapsedTimer t;
    t.start();
    QVERIFY(runWithoutTerminal(
        {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("head -c 5000000 /dev/zero && echo done >&2")},
        &id, &status));
    QCOMPARE(status, 0);
    QVERIFY2(t.elapsed() < 60000, "the session took too long: was its output blocked?");
    const QByteArray log = readFile(logPath(id));
    QVERIFY2(log.size() <= kLimit + 1 + kNotice.size(), QByteArray::number(log.size()).constData());
    // The output was cut inside a line (zeros), so the notice starts a line of its own.
    QCOMPARE(log.size(), kLimit + 1 + kNotice.size());
    QCOMPARE(log.left(kLimit), QByteArray(kLimit, '\0'));
    QCOMPARE(log.mid(kLimit), QByteArray('\n' + kNotice));
    QVERIFY(!log.contains("done"));
    // Created as before: by the root helper, as root, 0600.
    struct stat st { };
    QCOMPARE(::lstat(QFile::encodeName(logPath(id)).constData(), &st), 0);
    QVERIFY(S_ISREG(st.st_mode));
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
    QCOMPARE(st.st_uid, uid_t(0));
    QVERIFY2(helperLog().contains(QStringLiteral("%1: output limit of 1048576 bytes reached").arg(id).toUtf8()),
        helperLog().constData());
}

void TestHelperLimits::outputWithinTheLimitIsKeptWhole()
{
    // Far more than a pipe holds (64 KiB), the last of it written just before the exit: every byte
    // is in the log by the time the session is reported ended (the log is drained to its end
    // first), and there is no notice.
    QString id;
    int status = -1;
    QVERIFY(runWithoutTerminal(
        {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("seq 1 100000; echo last line >&2")}, &id,
        &status));
    QCOMPARE(status, 0);
    QByteArray expected;
    for (int i = 1; i <= 100000; ++i)
        expected += QByteArray::number(i) + '\n';
    expected += "last line\n";
    QVERIFY(expected.size() > 512 * 1024);
    const QByteArray log = readFile(logPath(id));
    QCOMPARE(log.size(), expected.size());
    QVERIFY(log == expected);

    // Exactly the limit: everything kept, nothing discarded, so no notice either.
    QVERIFY(runWithoutTerminal(
        {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("head -c 1048576 /dev/zero")}, &id, &status));
    QCOMPARE(status, 0);
    QCOMPARE(readFile(logPath(id)), QByteArray(kLimit, '\0'));
}

void TestHelperLimits::outputPipeWriteEndOnlyInTheSandbox()
{
    // While a session runs: its stdout and stderr are the write end of a pipe (not the log file),
    // the helper holds only the read end (non-blocking, close-on-exec) and the log file
    // (close-on-exec), and the session's proxy holds neither.
    HelperTestClient c;
    QVERIFY(c.connectAs(m_socket, m_user.uid, m_user.gid));
    QVERIFY(c.hello());
    QCOMPARE(
        type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    const auto launched =
        c.request({{QStringLiteral("type"), QStringLiteral("launch")}, {QStringLiteral("profile"), m_profile},
                      {QStringLiteral("workspace"), m_workspace},
                      {QStringLiteral("argv"), QJsonArray{QStringLiteral("/bin/sleep"), QStringLiteral("60")}},
                      {QStringLiteral("env"), QJsonObject{}}, {QStringLiteral("terminal"), false}},
            30000);
    QCOMPARE(type(launched), QStringLiteral("launched"));
    const QString id = launched->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
    const auto running =
        c.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("running")); }, 30000);
    QVERIFY(running);
    const auto monitor =
        static_cast<pid_t>(running->value(QLatin1String("session")).toObject().value(QLatin1String("pid")).toInt());
    QVERIFY(monitor > 0);
    const auto helper = static_cast<pid_t>(m_helper.processId());

    const QString out = fdLink(monitor, 1);
    QVERIFY2(out.startsWith(QStringLiteral("pipe:[")), qPrintable(out));
    QCOMPARE(fdLink(monitor, 2), out);
    QCOMPARE(fdFlags(monitor, QStringLiteral("1")) & O_ACCMODE, long(O_WRONLY));
    QCOMPARE(fdFlags(monitor, QStringLiteral("1")) & O_NONBLOCK, 0L);

    const QStringList inHelper = rawFdsLinkingTo(helper, out);
    QCOMPARE(inHelper.size(), 1);
    const long readFlags = fdFlags(helper, inHelper.first());
    QCOMPARE(readFlags & O_ACCMODE, long(O_RDONLY));
    QVERIFY(readFlags & O_NONBLOCK);
    QVERIFY(readFlags & O_CLOEXEC);
    const QStringList file = rawFdsLinkingTo(helper, logPath(id));
    QCOMPARE(file.size(), 1);
    QVERIFY(fdFlags(helper, file.first()) & O_CLOEXEC);

    // The helper's other children (this session's proxy among them) hold neither end.
    const QList<pid_t> children = childrenOf(helper);
    QVERIFY(children.contains(monitor));
    QVERIFY2(children.size() >= 2, "no proxy found beside the monitor");
    for (pid_t child : children) {
        if (child != monitor) {
            QVERIFY2(rawFdsLinkingTo(child, out).isEmpty(), qPrintable(QString::number(child)));
            QVERIFY(rawFdsLinkingTo(child, logPath(id)).isEmpty());
        }
    }

    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), id}})),
        QStringLiteral("stopped"));
    QVERIFY(c.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("ended")); }, 30000));
    // The helper let go of both once the session's output reached its end.
    QTRY_VERIFY_WITH_TIMEOUT(rawFdsLinkingTo(helper, out).isEmpty(), 5000);
    QVERIFY(rawFdsLinkingTo(helper, logPath(id)).isEmpty());
}

void TestHelperLimits::helloDeadlineClosesSilentClients()
{
    // One that says nothing, one that sends half a line: both get error/hello-first after the
    // deadline (not at once), then end of file. One that said hello is still served after it.
    HelperTestClient silent, partial, polite;
    QElapsedTimer t;
    t.start();
    QVERIFY(silent.connectAs(m_socket, m_user.uid, m_user.gid));
    QVERIFY(partial.connectAs(m_socket, m_user.uid, m_user.gid));
    QVERIFY(partial.sendRaw(QByteArrayLiteral("{\"type\": \"hel")));
    QVERIFY(polite.connectAs(m_socket, m_user.uid, m_user.gid));
    QVERIFY(polite.hello());

    const auto error = silent.next((kHelloTimeoutS + 5) * 1000);
    const qint64 after = t.elapsed();
    QCOMPARE(errorCode(error), QStringLiteral("hello-first"));
    QVERIFY2(errorMessage(error).contains(QStringLiteral("no hello within 3 s")), qPrintable(errorMessage(error)));
    QVERIFY2(after >= kHelloTimeoutS * 1000 - 200, qPrintable(QString::number(after)));
    QVERIFY(silent.closedByPeer(3000));
    QCOMPARE(errorCode(partial.next(3000)), QStringLiteral("hello-first"));
    QVERIFY(partial.closedByPeer(3000));

    QTest::qWait(500); // well past the deadline of the polite client too
    QCOMPARE(
        type(polite.request({{QStringLiteral("type"), QStringLiteral("list")}}, 5000)), QStringLiteral("sessions"));
    QTRY_VERIFY_WITH_TIMEOUT(helperLog().contains(QStringLiteral("uid %1, pid").arg(m_user.uid).toUtf8()) &&
                                 helperLog().contains("no hello within 3 s"),
        5000);
}

void TestHelperLimits::silentClientsLoseTheirSlots()
{
    // The review's case: a user opens their 16 connections and never speaks. Before the deadline
    // the 17th is refused (they hold the slots); after it they are gone and a new one is served.
    std::vector<std::unique_ptr<HelperTestClient>> silent;
    for (int i = 0; i < kPerUidCap; ++i) {
        silent.push_back(std::make_unique<HelperTestClient>());
        QVERIFY(silent.back()->connectAs(m_socket, m_user2.uid, m_user2.gid));
    }
    {
        HelperTestClient extra;
        QVERIFY(extra.connectAs(m_socket, m_user2.uid, m_user2.gid));
        QCOMPARE(errorCode(extra.next(5000)), QStringLiteral("busy"));
        QVERIFY(extra.closedByPeer(3000));
    }
    for (auto& client : silent) {
        QCOMPARE(errorCode(client->next((kHelloTimeoutS + 5) * 1000)), QStringLiteral("hello-first"));
        QVERIFY(client->closedByPeer(3000));
    }
    HelperTestClient again;
    QVERIFY(again.connectAs(m_socket, m_user2.uid, m_user2.gid));
    QVERIFY(again.hello());
    silent.clear();
}

void TestHelperLimits::perUidClientCap()
{
    // 16 connections of cordon-probe, each past hello: the 17th gets error/busy saying why, then
    // end of file; cordon-probe2 and root still connect; closing one frees a slot for
    // cordon-probe, which the cap then counts again.
    std::vector<std::unique_ptr<HelperTestClient>> held;
    for (int i = 0; i < kPerUidCap; ++i) {
        held.push_back(std::make_unique<HelperTestClient>());
        QVERIFY2(held.back()->connectAs(m_socket, m_user.uid, m_user.gid), qPrintable(QString::number(i)));
        QVERIFY2(held.back()->hello(), qPrintable(QString::number(i)));
    }
    const auto refusedOnce = [&](const char* when) {
        HelperTestClient extra;
        QVERIFY2(extra.connectAs(m_socket, m_user.uid, m_user.gid), when);
        const auto error = extra.next(5000);
        QVERIFY2(errorCode(error) == u"busy", when);
        QVERIFY2(errorMessage(error).contains(QStringLiteral("too many clients of this user (at most 16")),
            qPrintable(errorMessage(error)));
        QVERIFY2(extra.closedByPeer(3000), when);
    };
    refusedOnce("17th");
    if (QTest::currentTestFailed())
        return;

    HelperTestClient other, root;
    QVERIFY(other.connectAs(m_socket, m_user2.uid, m_user2.gid));
    QVERIFY(other.hello());
    QVERIFY(root.connectTo(m_socket));
    QVERIFY(root.hello());

    // Close one; the helper notices the end of file in its own time, so retry for a bounded while.
    held.front()->close();
    held.erase(held.begin());
    auto replacement = std::make_unique<HelperTestClient>();
    QElapsedTimer t;
    t.start();
    bool served = false;
    while (!served && t.elapsed() < 5000) {
        replacement = std::make_unique<HelperTestClient>();
        QVERIFY(replacement->connectAs(m_socket, m_user.uid, m_user.gid));
        served = replacement->hello();
        if (!served)
            QTest::qWait(100);
    }
    QVERIFY(served);
    held.push_back(std::move(replacement));
    refusedOnce("17th after a slot was freed and taken again");

    // Everything this test opened is closed here, not left to the next test.
    held.clear();
    other.close();
    root.close();
}

QTEST_GUILESS_MAIN(TestHelperLimits)
#include "tst_helper_limits.moc"
