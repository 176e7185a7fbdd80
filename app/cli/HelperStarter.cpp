#include "HelperStarter.h"

#include "HelperClient.h"
#include "HelperSocketPath.h"
#include "Installation.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

// In the grandchild: async-signal-safe calls only.
[[noreturn]] void execHelper(const char* binary, char* const argv[], int reportFd)
{
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || ::dup2(null, STDIN_FILENO) < 0 || ::dup2(null, STDOUT_FILENO) < 0 ||
        ::dup2(null, STDERR_FILENO) < 0) {
        const int e = errno;
        (void)!::write(reportFd, &e, sizeof e);
        _exit(127);
    }
    // Nothing of ours leaks into a long-lived daemon: every descriptor above stderr goes, except
    // the report pipe, which is close-on-exec and tells the parent whether exec worked.
    for (int fd = 3; fd < 1024; ++fd) {
        if (fd != reportFd)
            ::close(fd);
    }
    // A daemon must not keep the directory cordonctl ran in busy (an unmount, a deleted tree).
    if (::chdir("/") != 0) {
        const int e = errno;
        (void)!::write(reportFd, &e, sizeof e);
        _exit(127);
    }
    struct sigaction dfl { };
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGWINCH, SIGCHLD})
        sigaction(sig, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(binary, argv);
    const int e = errno;
    (void)!::write(reportFd, &e, sizeof e);
    _exit(127);
}

} // namespace

QString HelperStarter::socketPath()
{
    const QString forced = qEnvironmentVariable("CORDON_HELPER_SOCKET");
    if (!forced.isEmpty())
        return forced;
    return protocol::HelperSocketPath::rootlessSocket();
}

bool HelperStarter::start(HelperClient* client, QString* error, int waitMs)
{
    const QString binary = Installation::helperBinary();
    if (binary.isEmpty()) {
        *error = tr("cordon-helper was not found next to cordonctl or in ../libexec/cordon/");
        return false;
    }
    const QString socket = socketPath();
    if (socket.isEmpty()) {
        *error = tr("XDG_RUNTIME_DIR is not set, so there is no place for a rootless helper's socket");
        return false;
    }
    const QByteArray binaryBytes = QFile::encodeName(binary);
    // Absolute: the helper runs in "/" (see execHelper).
    const QByteArray socketBytes = QFile::encodeName(QFileInfo(socket).absoluteFilePath());
    char arg0[] = "cordon-helper";
    char arg1[] = "--rootless";
    char arg2[] = "--socket";
    char arg4[] = "--idle-exit";
    char arg5[] = "60";
    char* const argv[] = {arg0, arg1, arg2, const_cast<char*>(socketBytes.constData()), arg4, arg5, nullptr};

    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        *error = tr("pipe failed: %1").arg(errnoText(errno));
        return false;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        const int e = errno;
        ::close(report[0]);
        ::close(report[1]);
        *error = tr("fork failed: %1").arg(errnoText(e));
        return false;
    }
    if (child == 0) {
        // First child: a new session (no controlling terminal, no job-control signals from
        // ours), then fork again so that the daemon is not a session leader and can never
        // acquire a terminal; this child exits at once and is reaped below.
        ::close(report[0]);
        if (::setsid() < 0)
            _exit(1);
        const pid_t daemon = ::fork();
        if (daemon < 0) {
            const int e = errno;
            (void)!::write(report[1], &e, sizeof e);
            _exit(1);
        }
        if (daemon == 0)
            execHelper(binaryBytes.constData(), argv, report[1]);
        _exit(0);
    }
    ::close(report[1]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) { }
    int execErrno = 0;
    ssize_t got;
    do {
        got = ::read(report[0], &execErrno, sizeof execErrno);
    } while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got == sizeof execErrno) {
        *error = tr("cannot start %1: %2").arg(binary, errnoText(execErrno));
        return false;
    }
    // exec succeeded; the helper creates its socket when it is ready.
    QDeadlineTimer deadline(waitMs);
    QString lastError;
    for (;;) {
        if (QFileInfo::exists(socket) && client->connectTo(socket, &lastError))
            return true;
        if (deadline.hasExpired())
            break;
        QThread::msleep(25);
    }
    *error = lastError.isEmpty()
                 ? tr("%1 did not create its socket %2 within %3 seconds").arg(binary, socket).arg(waitMs / 1000)
                 : tr("%1 started but does not answer: %2").arg(binary, lastError);
    return false;
}

} // namespace cordon::cli
