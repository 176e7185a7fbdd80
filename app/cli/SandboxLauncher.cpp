#include "SandboxLauncher.h"

#include "LaunchSpecCodec.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

volatile sig_atomic_t g_child = 0;

void forwardSignal(int sig)
{
    const pid_t child = g_child;
    if (child > 0)
        kill(child, sig);
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

} // namespace

int SandboxLauncher::run(const QString& sandboxBinary, const spec::LaunchSpec& spec, QString* error)
{
    const std::string bytes = spec::encodeLaunchSpec(spec);
    const int fd = memfd_create("cordon-launch-spec", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        *error = tr("memfd_create failed: %1").arg(errnoText(errno));
        return -1;
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = tr("writing the launch spec failed: %1").arg(errnoText(errno));
            close(fd);
            return -1;
        }
        done += static_cast<std::size_t>(n);
    }
    // Sealed: neither cordonctl nor anything else holding the descriptor can change the spec after
    // the sandbox starts reading it.
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0 ||
        lseek(fd, 0, SEEK_SET) != 0) {
        *error = tr("sealing the launch spec failed: %1").arg(errnoText(errno));
        close(fd);
        return -1;
    }

    const QByteArray binary = QFile::encodeName(sandboxBinary);
    const QByteArray fdText = QByteArray::number(fd);
    char arg0[] = "cordon-sandbox";
    char arg1[] = "--spec-fd";
    char* const argv[] = {arg0, arg1, const_cast<char*>(fdText.constData()), nullptr};

    struct sigaction ignore { };
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    struct sigaction forward { };
    forward.sa_handler = forwardSignal;
    sigemptyset(&forward.sa_mask);
    struct sigaction oldInt {
    }, oldQuit{}, oldTerm{}, oldHup{};
    if (sigaction(SIGINT, &ignore, &oldInt) != 0 || sigaction(SIGQUIT, &ignore, &oldQuit) != 0 ||
        sigaction(SIGTERM, &forward, &oldTerm) != 0 || sigaction(SIGHUP, &forward, &oldHup) != 0) {
        *error = tr("sigaction failed: %1").arg(errnoText(errno));
        close(fd);
        return -1;
    }

    const pid_t launcher = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        *error = tr("fork failed: %1").arg(errnoText(errno));
        close(fd);
        return -1;
    }
    if (pid == 0) {
        // Child: async-signal-safe calls only. Default dispositions back, the spec descriptor
        // inherited (CLOEXEC cleared on it alone), then exec the sandbox.
        struct sigaction dfl { };
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(SIGINT, &dfl, nullptr);
        sigaction(SIGQUIT, &dfl, nullptr);
        sigaction(SIGTERM, &dfl, nullptr);
        sigaction(SIGHUP, &dfl, nullptr);
        // The sandbox dies with its launcher: if cordonctl is killed (even with SIGKILL), the
        // kernel kills cordon-sandbox, whose init then takes the whole pid namespace with it.
        // The getppid() check closes the race where cordonctl died before prctl ran.
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != launcher)
            _exit(125);
        if (fcntl(fd, F_SETFD, 0) != 0)
            _exit(125);
        execv(binary.constData(), argv);
        const char msg[] = "cordonctl: cannot execute cordon-sandbox\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        _exit(125);
    }
    g_child = pid;
    close(fd);

    int status = 0;
    pid_t waited = 0;
    do {
        waited = waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
    g_child = 0;
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGQUIT, &oldQuit, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    sigaction(SIGHUP, &oldHup, nullptr);
    if (waited < 0) {
        *error = tr("waiting for the sandbox failed: %1").arg(errnoText(errno));
        return -1;
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 125;
}

} // namespace cordon::cli
