#include "SandboxRunner.h"

#include "LaunchSpecCodec.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

#include <sys/mman.h>
#include <unistd.h>

using cordon::spec::LaunchSpec;
using cordon::spec::Mount;
using cordon::spec::MountKind;

namespace {

Mount mount(MountKind kind, const std::string& source, const std::string& target, std::uint32_t mode = 0755,
    bool exec = false, bool optional = false)
{
    Mount m;
    m.kind = kind;
    m.source = source;
    m.target = target;
    m.mode = mode;
    m.exec = exec;
    m.optional = optional;
    return m;
}

} // namespace

LaunchSpec SandboxRunner::defaultSpec(const QString& workspace, const QStringList& argv)
{
    LaunchSpec spec;
    spec.runId =
        "test-" + std::to_string(::getpid()) + "-" + std::to_string(QDateTime::currentMSecsSinceEpoch() % 100000000);
    for (const QString& a : argv)
        spec.argv.push_back(a.toStdString());
    spec.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/user", "LANG=C.UTF-8"};
    spec.cwd = workspace.toStdString();

    auto& ms = spec.mounts;
    ms.push_back(mount(MountKind::BindReadOnly, "/usr", "/usr", 0755, true));
    ms.push_back(mount(MountKind::BindReadOnly, "/etc", "/etc"));
    // /bin, /lib, ... as on this host: merged-/usr symlinks, or real directories.
    for (const char* top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64"}) {
        const QFileInfo info(QString::fromLatin1(top));
        if (info.isSymLink())
            ms.push_back(
                mount(MountKind::Symlink, QFile::symLinkTarget(info.absoluteFilePath()).mid(1).toStdString(), top));
        else if (info.isDir())
            ms.push_back(mount(MountKind::BindReadOnly, top, top, 0755, true));
    }
    ms.push_back(mount(MountKind::Tmpfs, "", "/dev", 0755));
    for (const char* dev : {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"})
        ms.push_back(mount(MountKind::BindDevice, dev, dev));
    ms.push_back(mount(MountKind::BindDevice, "/dev/tty", "/dev/tty", 0755, false, true));
    ms.push_back(mount(MountKind::Devpts, "", "/dev/pts"));
    ms.push_back(mount(MountKind::Symlink, "pts/ptmx", "/dev/ptmx"));
    ms.push_back(mount(MountKind::Tmpfs, "", "/dev/shm", 01777));
    ms.push_back(mount(MountKind::Symlink, "/proc/self/fd", "/dev/fd"));
    ms.push_back(mount(MountKind::Symlink, "/proc/self/fd/0", "/dev/stdin"));
    ms.push_back(mount(MountKind::Symlink, "/proc/self/fd/1", "/dev/stdout"));
    ms.push_back(mount(MountKind::Symlink, "/proc/self/fd/2", "/dev/stderr"));
    ms.push_back(mount(MountKind::Proc, "", "/proc"));
    ms.push_back(mount(MountKind::Tmpfs, "", "/tmp", 01777));
    ms.push_back(mount(MountKind::Tmpfs, "", "/home/user", 0700));
    ms.push_back(mount(MountKind::BindReadWrite, spec.cwd, spec.cwd, 0755, true));
    spec.limits.graceSeconds = 2;
    return spec;
}

QString SandboxRunner::binaryPath(const QString& name)
{
    return QDir(qEnvironmentVariable("CORDON_BIN_DIR")).filePath(name);
}

SandboxResult SandboxRunner::run(const LaunchSpec& spec, const QStringList& wrapper, const QStringList& extraEnv,
    const QString& binary, int timeoutMs)
{
    SandboxResult result;
    // Not close-on-exec: cordon-sandbox inherits it, exactly as from cordonctl.
    const int fd = ::memfd_create("cordon-launch-spec", 0);
    if (fd < 0)
        qFatal("memfd_create failed");
    const std::string bytes = cordon::spec::encodeLaunchSpec(spec);
    if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
        qFatal("writing the spec failed");

    QStringList args = wrapper;
    args << binaryPath(binary) << QStringLiteral("--spec-fd") << QString::number(fd);
    const QString program = args.takeFirst();

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& e : extraEnv)
        env.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, args);
    if (!process.waitForStarted(10000))
        qFatal("cannot start %s", qPrintable(program));
    ::close(fd);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.exitCode = -2;
    } else {
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
    result.elapsedMs = timer.elapsed();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QList<int> SandboxRunner::hostProcessesWith(const QByteArray& marker)
{
    QList<int> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool ok = false;
        const int pid = entry.toInt(&ok);
        if (!ok)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        QByteArray text = cmdline.readAll();
        text.replace('\0', ' ');
        if (text.contains(marker))
            pids << pid;
    }
    return pids;
}
