// The secret broker's parts: reading a value from each kind of source (environment, file, a
// Secret Service on a private D-Bus bus), the refusals, and the per-session secret files (mode,
// atomic replacement, expiry, wiping, planted symlinks). Values must never appear in an error.

#include "SecretSource.h"
#include "SecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon;
using namespace cordon::helperd;

namespace {

ProfileSecret envSecret(const QString& name, const QString& var, ProfileSecret::Delivery deliver)
{
    ProfileSecret s;
    s.name = name;
    s.sourceKind = ProfileSecret::SourceKind::Env;
    s.sourceEnv = var;
    s.deliver = deliver;
    return s;
}

ProfileSecret fileSecret(const QString& name, const QString& path)
{
    ProfileSecret s;
    s.name = name;
    s.sourceKind = ProfileSecret::SourceKind::File;
    QString expected;
    if (!PathRule::parse(path, &s.sourceFile, &expected))
        qFatal("bad path rule %s", qPrintable(path));
    s.deliver = ProfileSecret::Delivery::File;
    return s;
}

ProfileSecret keyringSecret(const QString& name, QList<QPair<QString, QString>> attributes)
{
    ProfileSecret s;
    s.name = name;
    s.sourceKind = ProfileSecret::SourceKind::Keyring;
    s.keyringAttributes = std::move(attributes);
    s.deliver = ProfileSecret::Delivery::File;
    return s;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestSecrets final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void envSource();
    void fileSource();
    void fileSourceRefusesSpecialFiles();
    void fileSourceUsesCallersCredentials();
    void keyringSource();
    void storeWritesReadOnlyFiles();
    void storeExpiresAndWipes();
    void storeNeverFollowsPlantedSymlinks();

private:
    QTemporaryDir m_dir;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_busAddress;
};

void TestSecrets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // A private session bus and a stand-in Secret Service on it: the real D-Bus wire protocol,
    // no real keyring touched.
    m_bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--session"), QStringLiteral("--nofork"),
                                                   QStringLiteral("--print-address=1")});
    QVERIFY2(m_bus.waitForStarted(5000), "dbus-daemon (package dbus) is required");
    QVERIFY(m_bus.waitForReadyRead(5000));
    m_busAddress = QString::fromUtf8(m_bus.readLine()).trimmed();
    QVERIFY(!m_busAddress.isEmpty());

    QFile items(m_dir.filePath(QStringLiteral("items.json")));
    QVERIFY(items.open(QIODevice::WriteOnly));
    items.write(R"([{"attributes":{"service":"github","account":"ann"},"value":"ghp_keyring_value"},
                   {"attributes":{"service":"npm"},"value":"npm_locked_value","locked":true},
                   {"attributes":{"service":"dup"},"value":"one"},
                   {"attributes":{"service":"dup"},"value":"two"}])");
    items.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
    m_keyring.setProcessEnvironment(env);
    m_keyring.start(QStringLiteral(CORDON_STANDIN), {items.fileName()});
    QVERIFY(m_keyring.waitForStarted(5000));
    QVERIFY(m_keyring.waitForReadyRead(5000));
    QCOMPARE(m_keyring.readLine().trimmed(), QByteArray("ready"));
}

void TestSecrets::cleanupTestCase()
{
    m_keyring.kill();
    m_keyring.waitForFinished();
    m_bus.kill();
    m_bus.waitForFinished();
}

void TestSecrets::envSource()
{
    SecretContext context;
    context.clientEnvironment.insert(QStringLiteral("GH_TOKEN"), QStringLiteral("ghp_env_value"));
    context.clientEnvironment.insert(QStringLiteral("WITH_NUL"), QString(QStringLiteral("a") + QChar(0) + u'b'));
    QByteArray value;
    QString error;
    QVERIFY(SecretSource::read(envSecret(QStringLiteral("GH"), QStringLiteral("GH_TOKEN"), ProfileSecret::Delivery::Env),
        context, &value, &error));
    QCOMPARE(value, QByteArray("ghp_env_value"));

    QVERIFY(!SecretSource::read(
        envSecret(QStringLiteral("GH"), QStringLiteral("MISSING"), ProfileSecret::Delivery::Env), context, &value, &error));
    QVERIFY(error.contains(QStringLiteral("MISSING")));
    QVERIFY(value.isEmpty());

    // NUL cannot be in an environment variable: refused for env delivery, fine for a file.
    QVERIFY(!SecretSource::read(
        envSecret(QStringLiteral("N"), QStringLiteral("WITH_NUL"), ProfileSecret::Delivery::Env), context, &value, &error));
    QVERIFY(error.contains(QStringLiteral("NUL")));
    QVERIFY(SecretSource::read(
        envSecret(QStringLiteral("N"), QStringLiteral("WITH_NUL"), ProfileSecret::Delivery::File), context, &value, &error));
    QCOMPARE(value.size(), 3);

    context.clientEnvironment.insert(QStringLiteral("HUGE"), QString(SecretSource::kMaxValueBytes + 1, u'x'));
    QVERIFY(!SecretSource::read(
        envSecret(QStringLiteral("H"), QStringLiteral("HUGE"), ProfileSecret::Delivery::Env), context, &value, &error));
    QVERIFY(!error.contains(QStringLiteral("xxxx")));
}

void TestSecrets::fileSource()
{
    const QString home = m_dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(home));
    QFile token(home + QStringLiteral("/.token"));
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("file_value_123\n");
    token.close();
    SecretContext context;
    context.home = home;
    QByteArray value;
    QString error;
    QVERIFY2(SecretSource::read(fileSecret(QStringLiteral("T"), QStringLiteral("~/.token")), context, &value, &error),
        qPrintable(error));
    QCOMPARE(value, QByteArray("file_value_123")); // one trailing newline is not part of a token

    QVERIFY(!SecretSource::read(fileSecret(QStringLiteral("T"), QStringLiteral("~/absent")), context, &value, &error));
    QVERIFY(error.contains(QStringLiteral("absent")));
}

void TestSecrets::fileSourceRefusesSpecialFiles()
{
    const QString fifo = m_dir.filePath(QStringLiteral("fifo"));
    QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    SecretContext context;
    context.home = m_dir.path();
    QByteArray value;
    QString error;
    // A FIFO would block a naive open/read forever and hang the helper: refused at once.
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!SecretSource::read(fileSecret(QStringLiteral("F"), fifo), context, &value, &error));
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
    QVERIFY(!SecretSource::read(fileSecret(QStringLiteral("D"), m_dir.path()), context, &value, &error));
}

void TestSecrets::fileSourceUsesCallersCredentials()
{
    if (geteuid() != 0) {
        if (qEnvironmentVariableIsSet("CORDON_MUST_WORK"))
            QFAIL("needs root to switch the file system identity (CORDON_MUST_WORK is set)");
        QSKIP("needs root to switch the file system identity");
    }
    // A file only root can read, reached through a symlink the "user" planted: read with the
    // user's file system credentials (what the root helper does inside UserFsCredentials), the
    // read must fail; as root (the control) it succeeds.
    const QString secret = m_dir.filePath(QStringLiteral("root-only"));
    QFile f(secret);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("root_only_value");
    f.close();
    QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner));
    QVERIFY(::chmod(QFile::encodeName(m_dir.path()).constData(), 0755) == 0);
    const QString link = m_dir.filePath(QStringLiteral("planted"));
    QVERIFY(QFile::link(secret, link));
    SecretContext context;
    context.home = m_dir.path();
    QByteArray value;
    QString error;
    QVERIFY(SecretSource::read(fileSecret(QStringLiteral("R"), link), context, &value, &error)); // control
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        setfsgid(65534);
        setfsuid(65534);
        if (static_cast<uid_t>(setfsuid(static_cast<uid_t>(-1))) != 65534)
            _exit(3);
        QByteArray v;
        QString e;
        const bool ok = SecretSource::read(fileSecret(QStringLiteral("R"), link), context, &v, &e);
        _exit(!ok && e.contains(QStringLiteral("Permission denied")) && v.isEmpty() ? 0 : 1);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
}

void TestSecrets::keyringSource()
{
    SecretContext context;
    context.sessionBusAddress = m_busAddress;
    QByteArray value;
    QString error;
    QVERIFY2(SecretSource::read(keyringSecret(QStringLiteral("GH"),
                                    {{QStringLiteral("service"), QStringLiteral("github")},
                                        {QStringLiteral("account"), QStringLiteral("ann")}}),
                 context, &value, &error),
        qPrintable(error));
    QCOMPARE(value, QByteArray("ghp_keyring_value"));
    // The session opened for the lookup was closed again.
    QVERIFY(m_keyring.waitForReadyRead(3000));
    QVERIFY(m_keyring.readLine().startsWith("closed"));

    QVERIFY(!SecretSource::read(keyringSecret(QStringLiteral("NPM"), {{QStringLiteral("service"), QStringLiteral("npm")}}),
        context, &value, &error));
    QVERIFY2(error.contains(QStringLiteral("locked")), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("npm_locked_value")));

    QVERIFY(!SecretSource::read(keyringSecret(QStringLiteral("X"), {{QStringLiteral("service"), QStringLiteral("nope")}}),
        context, &value, &error));
    QVERIFY(error.contains(QStringLiteral("no keyring item")));

    QVERIFY(!SecretSource::read(keyringSecret(QStringLiteral("D"), {{QStringLiteral("service"), QStringLiteral("dup")}}),
        context, &value, &error));
    QVERIFY2(error.contains(QStringLiteral("2 keyring items")), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("one")) || !error.contains(QStringLiteral("two")));

    SecretContext noBus;
    QVERIFY(!SecretSource::read(keyringSecret(QStringLiteral("GH"), {{QStringLiteral("service"), QStringLiteral("github")}}),
        noBus, &value, &error));
    QVERIFY(error.contains(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")));
}

void TestSecrets::storeWritesReadOnlyFiles()
{
    const QString dir = m_dir.filePath(QStringLiteral("session-a"));
    SecretStore store(dir, getuid(), getgid());
    QString error;
    QVERIFY2(store.create(&error), qPrintable(error));
    struct stat st{};
    QCOMPARE(::stat(QFile::encodeName(dir).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, 0700u);
    QVERIFY(store.put(QStringLiteral("GH"), "v1", 60, &error));
    QCOMPARE(::stat(QFile::encodeName(dir + QStringLiteral("/GH")).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, 0400u);
    QCOMPARE(readAll(dir + QStringLiteral("/GH")), QByteArray("v1"));
    QVERIFY(store.put(QStringLiteral("GH"), "v2-longer", 60, &error)); // replaced whole
    QCOMPARE(readAll(dir + QStringLiteral("/GH")), QByteArray("v2-longer"));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
    QVERIFY(!store.put(QStringLiteral("../escape"), "x", 60, &error));
    QVERIFY(!store.put(QStringLiteral("OK"), "x", 0, &error));
    store.wipeAll();
    QVERIFY(!QFileInfo::exists(dir));
}

void TestSecrets::storeExpiresAndWipes()
{
    const QString dir = m_dir.filePath(QStringLiteral("session-b"));
    SecretStore store(dir, getuid(), getgid());
    QString error;
    QVERIFY(store.create(&error));
    QSignalSpy expired(&store, &SecretStore::expired);
    QVERIFY(store.put(QStringLiteral("SHORT"), "s", 1, &error));
    QVERIFY(store.put(QStringLiteral("LONG"), "l", 3600, &error));
    // A reader that holds the file open sees zeros after the wipe, not the value.
    const int held = ::open(QFile::encodeName(dir + QStringLiteral("/SHORT")).constData(), O_RDONLY | O_CLOEXEC);
    QVERIFY(held >= 0);
    QVERIFY(expired.wait(3000));
    QCOMPARE(expired.first().first().toString(), QStringLiteral("SHORT"));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/SHORT")));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/LONG")));
    char byte = 'x';
    QCOMPARE(::pread(held, &byte, 1, 0), 1);
    QCOMPARE(byte, '\0');
    ::close(held);
    store.wipeAll();
    QVERIFY(!QFileInfo::exists(dir));
    store.wipeAll(); // twice is harmless
}

void TestSecrets::storeNeverFollowsPlantedSymlinks()
{
    const QString dir = m_dir.filePath(QStringLiteral("session-c"));
    SecretStore store(dir, getuid(), getgid());
    QString error;
    QVERIFY(store.create(&error));
    const QString victim = m_dir.filePath(QStringLiteral("victim"));
    QFile v(victim);
    QVERIFY(v.open(QIODevice::WriteOnly));
    v.write("precious");
    v.close();
    // Something planted NAME and the temporary name as symlinks to a file outside.
    QVERIFY(QFile::link(victim, dir + QStringLiteral("/GH")));
    QVERIFY(QFile::link(victim, dir + QStringLiteral("/.GH.new")));
    QVERIFY2(store.put(QStringLiteral("GH"), "secret", 60, &error), qPrintable(error));
    QCOMPARE(readAll(victim), QByteArray("precious"));
    QVERIFY(!QFileInfo(dir + QStringLiteral("/GH")).isSymLink());
    // Replace the delivered file with a symlink again: the wipe must not zero the victim.
    QVERIFY(QFile::remove(dir + QStringLiteral("/GH")));
    QVERIFY(QFile::link(victim, dir + QStringLiteral("/GH")));
    store.wipe(QStringLiteral("GH"));
    QCOMPARE(readAll(victim), QByteArray("precious"));
    // A hard link planted under the name: removed, but the linked file is never overwritten.
    QVERIFY(store.put(QStringLiteral("GH"), "secret", 60, &error));
    QVERIFY(QFile::remove(dir + QStringLiteral("/GH")));
    QCOMPARE(::link(QFile::encodeName(victim).constData(), QFile::encodeName(dir + QStringLiteral("/GH")).constData()), 0);
    store.wipe(QStringLiteral("GH"));
    QCOMPARE(readAll(victim), QByteArray("precious"));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/GH")) && !QFileInfo(dir + QStringLiteral("/GH")).isSymLink());
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
