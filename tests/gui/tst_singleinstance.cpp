// One desktop app per user (app/gui/instance/SingleInstance): over a real Unix socket in a
// temporary private directory, a second start reaches the first, which is asked to show itself;
// a stale socket or a dead app does not stop a new one; another uid's listener is not obeyed;
// nothing but "show" is acted on, and a silent client is dropped.

#include "SingleInstance.h"

#include <QDir>
#include <QFile>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstring>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon::gui;

class TestSingleInstance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void secondStartShowsTheFirst();
    void aStaleSocketDoesNotStopANewApp();
    void onlyShowIsActedOn();
    void noRuntimeDirectoryRunsAlone();
    void anotherUsersListenerIsNotObeyed();
};

void TestSingleInstance::secondStartShowsTheFirst()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cordon/app.sock"));
    SingleInstance first(path);
    QVERIFY(!first.activateRunning(500)); // nobody yet
    QString error;
    QVERIFY2(first.listen(&error), qPrintable(error));
    QVERIFY(first.isListening());
    // The socket is the user's own.
    struct stat st { };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 077, 0u);

    QSignalSpy shown(&first, &SingleInstance::activationRequested);
    // The second start runs its check on a thread of its own here, as it would in its own process,
    // so that this loop can answer it.
    bool handedOver = false;
    QThread* thread = QThread::create([&] {
        SingleInstance second(path);
        handedOver = second.activateRunning(5000);
    });
    thread->start();
    QTRY_VERIFY(thread->isFinished());
    delete thread;
    QVERIFY(handedOver);
    QCOMPARE(shown.count(), 1);

    // Stopped (a restart): the next start runs on its own.
    first.stop();
    QVERIFY(!QFile::exists(path));
    SingleInstance third(path);
    QVERIFY(!third.activateRunning(500));
    QVERIFY2(third.listen(&error), qPrintable(error));
}

void TestSingleInstance::aStaleSocketDoesNotStopANewApp()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("cordon"))));
    const QString path = dir.filePath(QStringLiteral("cordon/app.sock"));
    // A socket left bound by an app that died: nobody listens on it.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(path);
    std::memcpy(address.sun_path, encoded.constData(), static_cast<size_t>(encoded.size()));
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
    QVERIFY(QFile::exists(path));
    SingleInstance app(path);
    QVERIFY(!app.activateRunning(500));
    QString error;
    QVERIFY2(app.listen(&error), qPrintable(error));
    QVERIFY(app.isListening());
}

void TestSingleInstance::onlyShowIsActedOn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cordon/app.sock"));
    SingleInstance app(path);
    QString error;
    QVERIFY2(app.listen(&error), qPrintable(error));
    QSignalSpy shown(&app, &SingleInstance::activationRequested);
    QLocalSocket other;
    other.connectToServer(path);
    QVERIFY(other.waitForConnected(2000));
    other.write("stop all\n");
    QTRY_COMPARE(other.state(), QLocalSocket::UnconnectedState); // answered by closing
    QCOMPARE(shown.count(), 0);
    // A client that says nothing is dropped.
    QLocalSocket silent;
    silent.connectToServer(path);
    QVERIFY(silent.waitForConnected(2000));
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QLocalSocket::UnconnectedState, 10000);
    QCOMPARE(shown.count(), 0);
}

void TestSingleInstance::noRuntimeDirectoryRunsAlone()
{
    const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
    qunsetenv("XDG_RUNTIME_DIR");
    QCOMPARE(SingleInstance::defaultPath(), QString());
    SingleInstance app(SingleInstance::defaultPath());
    QVERIFY(!app.activateRunning(100));
    QString error;
    QVERIFY(!app.listen(&error));
    QVERIFY(!error.isEmpty());
    if (!saved.isNull())
        qputenv("XDG_RUNTIME_DIR", saved);
}

void TestSingleInstance::anotherUsersListenerIsNotObeyed()
{
    if (::geteuid() != 0)
        QSKIP("needs root to listen as another uid");
    QTemporaryDir dir;
    // The other user's directory, with its socket.
    QCOMPARE(::chown(QFile::encodeName(dir.path()).constData(), 65534, 65534), 0);
    const QString path = dir.filePath(QStringLiteral("app.sock"));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(path); // before fork: the child only makes syscalls
    std::memcpy(address.sun_path, encoded.constData(), static_cast<size_t>(encoded.size()));
    // A listener of uid 65534 (nobody) in a child process, standing in for another user's socket
    // at our path: our start must not take it for our app and exit.
    int ready[2];
    QCOMPARE(::pipe(ready), 0);
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        ::close(ready[0]);
        if (::setgid(65534) != 0 || ::setuid(65534) != 0)
            ::_exit(2);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0)
            ::_exit(3);
        (void)!::write(ready[1], "x", 1);
        for (;;) { // answers every client "shown"
            const int c = ::accept(fd, nullptr, nullptr);
            if (c >= 0) {
                char buf[16];
                (void)!::read(c, buf, sizeof buf);
                (void)!::write(c, "shown\n", 6);
                ::close(c);
            }
        }
    }
    ::close(ready[1]);
    char x = 0;
    QCOMPARE(::read(ready[0], &x, 1), 1);
    ::close(ready[0]);
    SingleInstance app(path);
    const bool handedOver = app.activateRunning(1000);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    QVERIFY(!handedOver);
}

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
