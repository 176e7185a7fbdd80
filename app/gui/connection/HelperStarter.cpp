#include "HelperStarter.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::gui {

qint64 HelperStarter::startDetached(const QString& binary, const QString& socketPath, QString* error)
{
    // The socket's directory: the helper makes it 0700 itself; it only has to exist above it.
    QDir().mkpath(QFileInfo(QFileInfo(socketPath).absolutePath()).absolutePath());

    // Everything exec needs is prepared before fork: the child only calls async-signal-safe functions.
    const QByteArray path = QFile::encodeName(binary);
    const QByteArray socket = QFile::encodeName(socketPath);
    const QByteArray idle = QByteArray::number(kIdleExitSeconds);
    const char* argv[] = {
        path.constData(), "--rootless", "--socket", socket.constData(), "--idle-exit", idle.constData(), nullptr};
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devNull < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return 0;
    }
    int pidPipe[2];
    if (::pipe2(pidPipe, O_CLOEXEC) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(devNull);
        return 0;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(devNull);
        ::close(pidPipe[0]);
        ::close(pidPipe[1]);
        return 0;
    }
    if (child == 0) {
        ::setsid(); // leave the app's session and terminal
        const pid_t grandchild = ::fork();
        if (grandchild < 0)
            ::_exit(1);
        if (grandchild > 0) {
            pid_t pid = grandchild;
            (void)!::write(pidPipe[1], &pid, sizeof(pid));
            ::_exit(0); // the helper is re-parented to init (or the subreaper)
        }
        ::dup2(devNull, STDIN_FILENO);
        ::dup2(devNull, STDOUT_FILENO);
        ::dup2(devNull, STDERR_FILENO);
        ::execv(argv[0], const_cast<char* const*>(argv));
        ::_exit(127);
    }
    ::close(devNull);
    ::close(pidPipe[1]);
    pid_t helperPid = 0;
    ssize_t got;
    do {
        got = ::read(pidPipe[0], &helperPid, sizeof(helperPid));
    } while (got < 0 && errno == EINTR);
    ::close(pidPipe[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) { }
    if (got != static_cast<ssize_t>(sizeof(helperPid)) || helperPid <= 0) {
        *error = QStringLiteral("fork failed");
        return 0;
    }
    return helperPid;
}

} // namespace cordon::gui
