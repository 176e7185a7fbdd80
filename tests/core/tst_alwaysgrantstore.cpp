// The store of "always" answers, on real files in temporary directories: round trip, duplicates
// not added, atomic replacement, modes 0600/0700, and a file it cannot read reported and never
// overwritten.

#include "AlwaysGrantStore.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cordon;

namespace {

HostPattern host(const QString& text)
{
    HostPattern h;
    QString expected;
    if (!HostPattern::parse(text, &h, &expected))
        qFatal("bad host pattern %s", qPrintable(text));
    return h;
}

QStringList texts(const QList<HostPattern>& list)
{
    QStringList out;
    for (const auto& h : list)
        out.append(h.text());
    return out;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(content), content.size());
}

mode_t modeOf(const QString& path)
{
    struct stat st { };
    if (lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

ino_t inodeOf(const QString& path)
{
    struct stat st { };
    if (lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_ino;
}

// Restores the process umask at the end of a test.
struct UmaskGuard {
    explicit UmaskGuard(mode_t mask) : previous(::umask(mask)) { }
    ~UmaskGuard() { ::umask(previous); }
    UmaskGuard(const UmaskGuard&) = delete;
    UmaskGuard& operator=(const UmaskGuard&) = delete;
    mode_t previous;
};

} // namespace

class TestAlwaysGrantStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void missingFileIsNoAnswers()
    {
        QTemporaryDir dir;
        const AlwaysGrantStore store(dir.path() + QStringLiteral("/not/yet"));
        AlwaysGrants grants;
        grants.secrets.append(QStringLiteral("STALE"));
        QString error;
        QVERIFY2(store.read(QStringLiteral("claude-code"), &grants, &error), qPrintable(error));
        QVERIFY(grants.isEmpty());
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/not"))); // reading creates nothing
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString grantsDir = dir.path() + QStringLiteral("/cordon/grants");
        const AlwaysGrantStore store(grantsDir);
        bool added = false;
        QString error;
        QVERIFY2(store.addNetworkAllow(
                     QStringLiteral("claude-code"), host(QStringLiteral("API.Anthropic.com.:443")), &added, &error),
            qPrintable(error));
        QVERIFY(added);
        QVERIFY(store.addNetworkAllow(
            QStringLiteral("claude-code"), host(QStringLiteral("*.githubusercontent.com:443")), &added, &error));
        QVERIFY(added);
        QVERIFY(store.addSecret(QStringLiteral("claude-code"), QStringLiteral("GITHUB_TOKEN"), &added, &error));
        QVERIFY(added);

        const QString file = grantsDir + QStringLiteral("/claude-code.json");
        QCOMPARE(store.filePath(QStringLiteral("claude-code")), file);
        AlwaysGrants grants;
        QVERIFY2(store.read(QStringLiteral("claude-code"), &grants, &error), qPrintable(error));
        QCOMPARE(texts(grants.networkAllow),
            QStringList({QStringLiteral("api.anthropic.com:443"), QStringLiteral("*.githubusercontent.com:443")}));
        QCOMPARE(grants.secrets, QStringList{QStringLiteral("GITHUB_TOKEN")});
        // The documented shape, readable by anything that reads JSON.
        const QByteArray bytes = readAll(file);
        QVERIFY(bytes.contains(R"("schemaVersion": 1)"));
        QVERIFY(bytes.contains(R"("allow": [)"));

        // Other profiles are other files.
        QVERIFY(store.read(QStringLiteral("codex"), &grants, &error));
        QVERIFY(grants.isEmpty());

        // Revocation.
        bool removed = false;
        QVERIFY(store.removeNetworkAllow(
            QStringLiteral("claude-code"), host(QStringLiteral("api.anthropic.com:443")), &removed, &error));
        QVERIFY(removed);
        QVERIFY(store.removeNetworkAllow(
            QStringLiteral("claude-code"), host(QStringLiteral("api.anthropic.com:443")), &removed, &error));
        QVERIFY(!removed);
        QVERIFY(store.removeSecret(QStringLiteral("claude-code"), QStringLiteral("GITHUB_TOKEN"), &removed, &error));
        QVERIFY(removed);
        QVERIFY(store.read(QStringLiteral("claude-code"), &grants, &error));
        QCOMPARE(texts(grants.networkAllow), QStringList{QStringLiteral("*.githubusercontent.com:443")});
        QVERIFY(grants.secrets.isEmpty());
    }

    // A second identical answer changes nothing, not even the file's inode or bytes.
    void duplicateNotAdded()
    {
        QTemporaryDir dir;
        const AlwaysGrantStore store(dir.path());
        bool added = false;
        QString error;
        QVERIFY(store.addNetworkAllow(QStringLiteral("a"), host(QStringLiteral("x.example.com:443")), &added, &error));
        QVERIFY(added);
        const QString file = store.filePath(QStringLiteral("a"));
        const QByteArray before = readAll(file);
        const ino_t inode = inodeOf(file);
        QVERIFY(store.addNetworkAllow(QStringLiteral("a"), host(QStringLiteral("X.example.com.:443")), &added, &error));
        QVERIFY(!added);
        QCOMPARE(inodeOf(file), inode);
        QCOMPARE(readAll(file), before);
        QVERIFY(store.addSecret(QStringLiteral("a"), QStringLiteral("T"), &added, &error));
        QVERIFY(added);
        QVERIFY(store.addSecret(QStringLiteral("a"), QStringLiteral("T"), &added, &error));
        QVERIFY(!added);
        AlwaysGrants grants;
        QVERIFY(store.read(QStringLiteral("a"), &grants, &error));
        QCOMPARE(grants.networkAllow.size(), 1);
        QCOMPARE(grants.secrets.size(), 1);
        // Only the secret changed the file; the repeated host did not rewrite it.
        QVERIFY(inode != inodeOf(file));
        QVERIFY(readAll(file) != before);
        const ino_t after = inodeOf(file);
        QVERIFY(store.addNetworkAllow(QStringLiteral("a"), host(QStringLiteral("x.example.com:443")), &added, &error));
        QCOMPARE(inodeOf(file), after);
    }

    // Modes are set explicitly, whatever the umask: 0600 for the file, 0700 for the directory,
    // and an existing directory that others could read is made private.
    void permissions()
    {
        const UmaskGuard umask(0);
        QTemporaryDir dir;
        const QString grantsDir = dir.path() + QStringLiteral("/grants");
        const AlwaysGrantStore store(grantsDir);
        bool added = false;
        QString error;
        QVERIFY2(store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("a.example.com:443")), &added, &error),
            qPrintable(error));
        QCOMPARE(modeOf(grantsDir), mode_t(0700));
        QCOMPARE(modeOf(store.filePath(QStringLiteral("p"))), mode_t(0600));
        // No lock file or temporary file stays behind.
        QCOMPARE(QDir(grantsDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
            QStringList{QStringLiteral("p.json")});

        QVERIFY(::chmod(QFile::encodeName(grantsDir).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(store.filePath(QStringLiteral("p"))).constData(), 0644) == 0);
        QVERIFY(store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("b.example.com:443")), &added, &error));
        QCOMPARE(modeOf(grantsDir), mode_t(0700));
        QCOMPARE(modeOf(store.filePath(QStringLiteral("p"))), mode_t(0600));
    }

    // The new content replaces the old by a rename: a reader that opened the old file reads it
    // whole, and the path names a new inode; never a half-written file.
    void atomicReplacement()
    {
        QTemporaryDir dir;
        const AlwaysGrantStore store(dir.path());
        bool added = false;
        QString error;
        QVERIFY(store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("a.example.com:443")), &added, &error));
        const QString file = store.filePath(QStringLiteral("p"));
        const QByteArray old = readAll(file);
        const ino_t oldInode = inodeOf(file);
        QFile reader(file);
        QVERIFY(reader.open(QIODevice::ReadOnly));

        for (int i = 0; i < 20; ++i)
            QVERIFY(store.addNetworkAllow(
                QStringLiteral("p"), host(QStringLiteral("h%1.example.com:443").arg(i)), &added, &error));
        QVERIFY(inodeOf(file) != oldInode);
        QCOMPARE(reader.readAll(), old); // the old inode, untouched
        AlwaysGrants grants;
        QVERIFY(store.read(QStringLiteral("p"), &grants, &error));
        QCOMPARE(grants.networkAllow.size(), 21);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
            QStringList{QStringLiteral("p.json")});
    }

    // A file Cordon cannot read as a grants file is reported with its location, and an update is
    // refused rather than replacing whatever the person or a tool put there.
    void corruptFileNeverOverwritten_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("{\"schemaVersion\": 1,\n \"network\": {\"allow\": [\"a.com:443\",]}}")
                                << QStringLiteral(":2:");
        QTest::newRow("unknown key") << QByteArray(R"({"schemaVersion":1,"network":{"allow":[],"deny":[]}})")
                                     << QStringLiteral(": /network/deny: unknown key \"deny\"; expected one of: allow");
        QTest::newRow("version") << QByteArray(R"({"schemaVersion":2})")
                                 << QStringLiteral(": /schemaVersion: expected 1");
        QTest::newRow("no port") << QByteArray(R"({"schemaVersion":1,"network":{"allow":["a.example.com"]}})")
                                 << QStringLiteral(": /network/allow/0: expected host:port or *.domain:port");
        QTest::newRow("bad host") << QByteArray(R"({"schemaVersion":1,"network":{"allow":["127.1:443"]}})")
                                  << QStringLiteral(": /network/allow/0: expected host");
        QTest::newRow("secret name") << QByteArray(R"({"schemaVersion":1,"secrets":{"allow":["A-B"]}})")
                                     << QStringLiteral(": /secrets/allow/0: expected a secret name");
        QTest::newRow("not object") << QByteArray("[]") << QStringLiteral(": /: expected a JSON object");
        QTest::newRow("empty") << QByteArray() << QStringLiteral(":1:1: JSON syntax error");
    }
    void corruptFileNeverOverwritten()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const AlwaysGrantStore store(dir.path());
        const QString file = store.filePath(QStringLiteral("p"));
        writeFile(file, content);
        QVERIFY(::chmod(QFile::encodeName(file).constData(), 0600) == 0);
        AlwaysGrants grants;
        QString error;
        QVERIFY(!store.read(QStringLiteral("p"), &grants, &error));
        QVERIFY2(error.startsWith(file + message), qPrintable(error));
        bool added = true;
        QVERIFY(!store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("a.example.com:443")), &added, &error));
        QVERIFY(!added);
        QVERIFY2(error.contains(QStringLiteral("never overwrites")), qPrintable(error));
        QCOMPARE(readAll(file), content);
        QVERIFY(!store.addSecret(QStringLiteral("p"), QStringLiteral("T"), &added, &error));
        QCOMPARE(readAll(file), content);
    }

    // The checked-in samples: the valid one reads, the invalid one does not (they are also fuzz seeds).
    void fixtures()
    {
        AlwaysGrants grants;
        QString error;
        const QString dir = QStringLiteral(CORDON_CORE_FIXTURES "/grants/");
        QVERIFY2(AlwaysGrantStore::parse(
                     readAll(dir + QStringLiteral("valid_grants.json")), QStringLiteral("v.json"), &grants, &error),
            qPrintable(error));
        QCOMPARE(texts(grants.networkAllow),
            QStringList({QStringLiteral("api.anthropic.com:443"), QStringLiteral("*.githubusercontent.com:443"),
                QStringLiteral("[2001:db8::1]:8443")}));
        QVERIFY(!AlwaysGrantStore::parse(
            readAll(dir + QStringLiteral("invalid_no_port.json")), QStringLiteral("i.json"), &grants, &error));
        QVERIFY(error.startsWith(QStringLiteral("i.json: /network/allow/0: ")));
        // What serialize writes, parse reads back.
        AlwaysGrants again;
        QVERIFY(AlwaysGrantStore::parse(AlwaysGrantStore::serialize(grants), QStringLiteral("s.json"), &again, &error));
        QCOMPARE(texts(again.networkAllow), texts(grants.networkAllow));
    }

    // Random byte mutations of the sample: the decoder never crashes, a failure always says why
    // and names the file, and a success never yields an answer without a port.
    void mutationsNeverCrash()
    {
        const QByteArray original = readAll(QStringLiteral(CORDON_CORE_FIXTURES "/grants/valid_grants.json"));
        QVERIFY(!original.isEmpty());
        QRandomGenerator rng(20261124);
        int failures = 0;
        for (int i = 0; i < 3000; ++i) {
            QByteArray m = original;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const int pos = int(rng.bounded(m.size()));
                switch (rng.bounded(3)) {
                case 0: m[pos] = char(rng.bounded(256)); break;
                case 1: m.remove(pos, 1 + int(rng.bounded(8))); break;
                default: m.insert(pos, char(rng.bounded(256))); break;
                }
            }
            AlwaysGrants grants;
            QString error;
            if (!AlwaysGrantStore::parse(m, QStringLiteral("m.json"), &grants, &error)) {
                ++failures;
                QVERIFY2(error.startsWith(QStringLiteral("m.json")), qPrintable(error));
                continue;
            }
            for (const auto& h : grants.networkAllow)
                QVERIFY(h.port() != 0);
        }
        QVERIFY(failures > 1000);
    }

    // A symbolic link in place of the file is not followed, neither to read nor to write through.
    void symlinkRefused()
    {
        QTemporaryDir dir;
        const QString target = dir.path() + QStringLiteral("/elsewhere.json");
        writeFile(target, R"({"schemaVersion":1,"network":{"allow":["a.example.com:443"]}})");
        QVERIFY(::chmod(QFile::encodeName(target).constData(), 0600) == 0);
        const AlwaysGrantStore store(dir.path() + QStringLiteral("/grants"));
        QVERIFY(QDir().mkpath(store.directory()));
        QVERIFY(::chmod(QFile::encodeName(store.directory()).constData(), 0700) == 0);
        QVERIFY(QFile::link(target, store.filePath(QStringLiteral("p"))));
        AlwaysGrants grants;
        QString error;
        QVERIFY(!store.read(QStringLiteral("p"), &grants, &error));
        QVERIFY2(error.contains(QStringLiteral("symbolic link")), qPrintable(error));
        bool added = false;
        QVERIFY(!store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("b.example.com:443")), &added, &error));
        QVERIFY(!readAll(target).contains("b.example.com"));
        // The same content as a plain file reads: the refusal above is about the link.
        QVERIFY(QFile::remove(store.filePath(QStringLiteral("p"))));
        QVERIFY(QFile::copy(target, store.filePath(QStringLiteral("p"))));
        QVERIFY(::chmod(QFile::encodeName(store.filePath(QStringLiteral("p"))).constData(), 0600) == 0);
        QVERIFY2(store.read(QStringLiteral("p"), &grants, &error), qPrintable(error));
    }

    // A file or directory others can write could have been changed by them: not used.
    void writableByOthersRefused()
    {
        QTemporaryDir dir;
        const AlwaysGrantStore store(dir.path() + QStringLiteral("/grants"));
        bool added = false;
        QString error;
        QVERIFY(store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("a.example.com:443")), &added, &error));
        const QString file = store.filePath(QStringLiteral("p"));
        AlwaysGrants grants;
        QVERIFY(store.read(QStringLiteral("p"), &grants, &error));
        QVERIFY(::chmod(QFile::encodeName(file).constData(), 0622) == 0);
        QVERIFY(!store.read(QStringLiteral("p"), &grants, &error));
        QVERIFY2(error.contains(QStringLiteral("writable by others (mode 0622)")), qPrintable(error));
        QVERIFY(::chmod(QFile::encodeName(file).constData(), 0600) == 0);
        QVERIFY(::chmod(QFile::encodeName(store.directory()).constData(), 0777) == 0);
        QVERIFY(!store.read(QStringLiteral("p"), &grants, &error));
        QVERIFY2(error.contains(QStringLiteral("writable only by its owner")), qPrintable(error));
    }

    // Profile names are checked before they become file names: nothing outside the directory.
    void invalidNamesRefused()
    {
        QTemporaryDir dir;
        const AlwaysGrantStore store(dir.path() + QStringLiteral("/grants"));
        QVERIFY(store.filePath(QStringLiteral("../escape")).isEmpty());
        QVERIFY(store.filePath(QString()).isEmpty());
        AlwaysGrants grants;
        QString error;
        bool added = false;
        QVERIFY(!store.read(QStringLiteral("../escape"), &grants, &error));
        QVERIFY(!store.addNetworkAllow(QStringLiteral("../escape"), host(QStringLiteral("a.com:443")), &added, &error));
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/escape.json")));
        // A pattern without a port and a bad secret name are refused before anything is written.
        QVERIFY(!store.addNetworkAllow(QStringLiteral("p"), host(QStringLiteral("a.com")), &added, &error));
        QVERIFY(error.contains(QStringLiteral("host:port")));
        QVERIFY(!store.addSecret(QStringLiteral("p"), QStringLiteral("1X"), &added, &error));
        QVERIFY(!QFileInfo::exists(store.filePath(QStringLiteral("p"))));
        QVERIFY(!AlwaysGrantStore(QStringLiteral("relative/dir"))
                     .addSecret(QStringLiteral("p"), QStringLiteral("T"), &added, &error));
    }

    void defaultDirectories()
    {
        QCOMPARE(
            AlwaysGrantStore::directoryFor(QStringLiteral("/home/u")), QStringLiteral("/home/u/.config/cordon/grants"));
        QCOMPARE(AlwaysGrantStore::directoryFor(QStringLiteral("/home/u"), QStringLiteral("/srv/cfg/")),
            QStringLiteral("/srv/cfg/cordon/grants"));
        QCOMPARE(AlwaysGrantStore::directoryFor(QStringLiteral("/home/u"), QStringLiteral("relative")),
            QStringLiteral("/home/u/.config/cordon/grants"));
        const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", "/tmp/xdg-test");
        QCOMPARE(AlwaysGrantStore::defaultDirectory(), QStringLiteral("/tmp/xdg-test/cordon/grants"));
        if (saved.isNull())
            qunsetenv("XDG_CONFIG_HOME");
        else
            qputenv("XDG_CONFIG_HOME", saved);
    }
};

QTEST_GUILESS_MAIN(TestAlwaysGrantStore)
#include "tst_alwaysgrantstore.moc"
