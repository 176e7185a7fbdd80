#include "ProcessSpawner.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

enum Stage : int {
    StageSignals = 1,
    StageCredentials,
    StageDeathSignal,
    StageDescriptors,
    StageExec,
};

const char* stageName(int stage)
{
    switch (stage) {
    case StageSignals: return "resetting signals";
    case StageCredentials: return "dropping to the user's credentials";
    case StageDeathSignal: return "arming the parent-death signal";
    case StageDescriptors: return "placing descriptors";
    case StageExec: return "exec";
    }
    return "?";
}

[[noreturn]] void childFail(int reportFd, int stage)
{
    const int report[2] = {stage, errno};
    ssize_t ignored = ::write(reportFd, report, sizeof report);
    (void)ignored;
    _exit(125);
}

} // namespace

bool ProcessSpawner::spawn(const SpawnRequest& request, SpawnedProcess* out, QString* error)
{
    // Everything the child needs, built before the fork.
    std::vector<char*> argv;
    for (const QByteArray& a : request.argv)
        argv.push_back(const_cast<char*>(a.constData()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const QByteArray& e : request.env)
        envp.push_back(const_cast<char*>(e.constData()));
    envp.push_back(nullptr);
    int highestTarget = 2;
    for (const auto& [source, target] : request.fds)
        highestTarget = std::max(highestTarget, target);
    const int scratchBase = highestTarget + 1 + static_cast<int>(request.fds.size()) + 1;

    // Security review: allocated here, not in the child. malloc after fork is not
    // async-signal-safe (signal-safety(7)): if any other thread held the allocator's lock at the
    // fork, the child (still root) would hang forever. reserve() makes emplace_back below
    // allocation-free.
    std::vector<std::pair<int, int>> moved;
    moved.reserve(request.fds.size());

    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        *error = QStringLiteral("pipe2: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int saved = errno;
        ::close(report[0]);
        ::close(report[1]);
        *error = QStringLiteral("fork: %1").arg(QString::fromLocal8Bit(std::strerror(saved)));
        return false;
    }
    if (pid == 0) {
        ::close(report[0]);
        const int reportFd = report[1];
        // 1. signals
        sigset_t none;
        sigemptyset(&none);
        if (::sigprocmask(SIG_SETMASK, &none, nullptr) != 0)
            childFail(reportFd, StageSignals);
        struct sigaction dfl { };
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT}) {
            if (::sigaction(sig, &dfl, nullptr) != 0)
                childFail(reportFd, StageSignals);
        }
        // 2. credentials
        if (request.dropTo) {
            const UserAccount& user = *request.dropTo;
            if (::setgroups(user.groups.size(), user.groups.data()) != 0 ||
                ::setresgid(user.gid, user.gid, user.gid) != 0 || ::setresuid(user.uid, user.uid, user.uid) != 0)
                childFail(reportFd, StageCredentials);
            uid_t ru, eu, su;
            gid_t rg, eg, sg;
            if (::getresuid(&ru, &eu, &su) != 0 || ::getresgid(&rg, &eg, &sg) != 0 || ru != user.uid ||
                eu != user.uid || su != user.uid || rg != user.gid || eg != user.gid || sg != user.gid) {
                errno = EPERM;
                childFail(reportFd, StageCredentials);
            }
            if (user.uid != 0 && ::setuid(0) == 0) {
                errno = EPERM;
                childFail(reportFd, StageCredentials);
            }
        }
        // 3. die with the helper
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
            childFail(reportFd, StageDeathSignal);
        if (::getppid() != parent) {
            errno = ESRCH;
            childFail(reportFd, StageDeathSignal);
        }
        // 4. descriptors: first out of the way (above every target and the report pipe), then in place.
        int scratch = std::max(scratchBase, reportFd + 1);
        for (const auto& [source, target] : request.fds) {
            const int copy = ::fcntl(source, F_DUPFD_CLOEXEC, scratch);
            if (copy < 0)
                childFail(reportFd, StageDescriptors);
            scratch = copy + 1;
            moved.emplace_back(copy, target);
        }
        // The report pipe must survive the moves: put it above everything as well.
        const int reportHigh = ::fcntl(reportFd, F_DUPFD_CLOEXEC, scratch);
        if (reportHigh < 0)
            childFail(reportFd, StageDescriptors);
        for (const auto& [copy, target] : moved) {
            if (::dup2(copy, target) != target) // dup2 clears FD_CLOEXEC on the new descriptor
                childFail(reportHigh, StageDescriptors);
        }
        for (int fd = 0; fd <= highestTarget; ++fd) {
            bool wanted = false;
            for (const auto& [copy, target] : moved)
                wanted = wanted || target == fd;
            if (!wanted && fd > 2 && ::fcntl(fd, F_GETFD) >= 0 && ::close(fd) != 0)
                childFail(reportHigh, StageDescriptors);
        }
        // Everything above the targets is close-on-exec except what we did not create; mark it all.
        if (::syscall(SYS_close_range, static_cast<unsigned>(highestTarget + 1), ~0u, CLOSE_RANGE_CLOEXEC) != 0)
            childFail(reportHigh, StageDescriptors);
        // 5. exec
        ::execve(request.binary.constData(), argv.data(), envp.data());
        childFail(reportHigh, StageExec);
    }
    ::close(report[1]);
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    int result[2] = {0, 0};
    ssize_t got;
    do {
        got = ::read(report[0], result, sizeof result);
    } while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got != 0 || pidfd < 0) {
        // The child failed before exec (or we cannot hold it): reap it here.
        int status = 0;
        pid_t w;
        do {
            w = ::waitpid(pid, &status, 0);
        } while (w < 0 && errno == EINTR);
        if (pidfd >= 0)
            ::close(pidfd);
        if (got == static_cast<ssize_t>(sizeof result))
            *error = QStringLiteral("starting %1: %2 failed: %3")
                         .arg(QString::fromLocal8Bit(request.binary), QString::fromLatin1(stageName(result[0])),
                             QString::fromLocal8Bit(std::strerror(result[1])));
        else
            *error = QStringLiteral("starting %1 failed").arg(QString::fromLocal8Bit(request.binary));
        return false;
    }
    out->pid = pid;
    out->pidfd = pidfd;
    return true;
}

} // namespace cordon::helperd
