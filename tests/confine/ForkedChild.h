#pragma once
// Runs a confinement step in a forked child, so that a layer (seccomp, Landlock, dropped
// capabilities) applies to that child only and the test process stays unconfined. The child
// reports through a pipe (one line per fact, read by the test) and its exit status; its stderr
// is captured so that tests can assert die() messages.
//
// The body runs between fork and _exit: it must not return into Qt Test, and it exits with
// _exit() so that no atexit handler or stdio buffer of the parent runs twice.

#include <QByteArray>
#include <QList>
#include <QString>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::test {

struct ChildResult {
    bool exited = false;
    int exitCode = -1;
    bool signaled = false;
    int signal = 0;
    QByteArray report; // what the child wrote to its report descriptor
    QByteArray stderrText;

    QString describe() const
    {
        return QStringLiteral("exited=%1 code=%2 signaled=%3 signal=%4 report=[%5] stderr=[%6]")
            .arg(exited)
            .arg(exitCode)
            .arg(signaled)
            .arg(signal)
            .arg(QString::fromUtf8(report), QString::fromUtf8(stderrText));
    }
};

// Writes "key=value\n" to the report descriptor (async-signal-safe enough for a forked child).
inline void reportLine(int fd, const char* key, long long value)
{
    char buf[128];
    const int n = std::snprintf(buf, sizeof buf, "%s=%lld\n", key, value);
    if (n > 0 && ::write(fd, buf, static_cast<size_t>(n)) < 0)
        ::_exit(99);
}

// Reports the outcome of a syscall: "<key>.rc=<rc>" and "<key>.errno=<errno or 0>".
inline void reportCall(int fd, const char* key, long rc, int error)
{
    std::string k(key);
    reportLine(fd, (k + ".rc").c_str(), rc);
    reportLine(fd, (k + ".errno").c_str(), rc < 0 ? error : 0);
}

// The value of "key=" in a report, or `fallback` when absent.
inline long long reportValue(const QByteArray& report, const char* key, long long fallback = -999999)
{
    const QByteArray prefix = QByteArray(key) + '=';
    for (const QByteArray& line : report.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toLongLong();
    }
    return fallback;
}

template <typename Body>
ChildResult runInChild(Body&& body)
{
    ChildResult result;
    int reportPipe[2];
    int errPipe[2];
    if (::pipe2(reportPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) {
        result.stderrText = "pipe failed";
        return result;
    }
    ::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        result.stderrText = "fork failed";
        return result;
    }
    if (pid == 0) {
        ::close(reportPipe[0]);
        ::close(errPipe[0]);
        if (::dup2(errPipe[1], STDERR_FILENO) < 0)
            ::_exit(98);
        ::close(errPipe[1]);
        ::signal(SIGPIPE, SIG_DFL); // a test runner may ignore it; the child's outcome must not depend on that
        const int code = body(reportPipe[1]);
        ::_exit(code);
    }
    ::close(reportPipe[1]);
    ::close(errPipe[1]);
    struct pollfd fds[2] = {{reportPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    int open = 2;
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? result.report : result.stderrText).append(buf, static_cast<int>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    result.exited = WIFEXITED(status);
    result.exitCode = result.exited ? WEXITSTATUS(status) : -1;
    result.signaled = WIFSIGNALED(status);
    result.signal = result.signaled ? WTERMSIG(status) : 0;
    return result;
}

} // namespace cordon::test
