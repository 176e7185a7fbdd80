#pragma once
// What the helper's end-to-end tests (tst_helper, tst_helper_secrets, tst_helper_limits) share
// besides the client (HelperTestClient.h): the unprivileged test users, a scratch directory the
// test users can reach with the binaries copied in, and small readers of replies and files.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <initializer_list>
#include <memory>
#include <optional>

#include <poll.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::test {

inline bool mustWork()
{
    return qEnvironmentVariable("CORDON_MUST_WORK") == u"1";
}

inline QString type(const std::optional<QJsonObject>& m)
{
    return m ? m->value(QLatin1String("type")).toString() : QStringLiteral("<none>");
}

inline QString errorCode(const std::optional<QJsonObject>& m)
{
    return m ? m->value(QLatin1String("code")).toString() : QStringLiteral("<none>");
}

inline bool writeFile(const QString& path, const QByteArray& bytes, mode_t mode = 0644)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        return false;
    f.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

inline bool isSessionPush(const QJsonObject& m, const QString& id, const QString& state)
{
    return m.value(QLatin1String("type")).toString() == QLatin1String("session") &&
           m.value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString() == id &&
           m.value(QLatin1String("session")).toObject().value(QLatin1String("state")).toString() == state;
}

// What a descriptor yields within timeoutMs, until end of file.
inline QByteArray readAllFd(int fd, int timeoutMs)
{
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, n);
    }
    return out;
}

struct TestUser {
    uid_t uid = 0;
    gid_t gid = 0;
    QString home;
};

// An unprivileged user for the test (created with useradd when missing), its home its own:
// denials are proven as such a user, since root reads everything.
inline bool ensureUser(const char* name, TestUser* out)
{
    if (!getpwnam(name)) {
        QProcess add;
        add.start(QStringLiteral("useradd"),
            {QStringLiteral("--create-home"), QStringLiteral("--home-dir"),
                QStringLiteral("/home/") + QLatin1String(name), QStringLiteral("--shell"), QStringLiteral("/bin/sh"),
                QStringLiteral("--user-group"), QLatin1String(name)});
        if (!add.waitForFinished(60000) || add.exitCode() != 0)
            return false;
    }
    const passwd* pw = getpwnam(name);
    if (!pw || pw->pw_uid == 0)
        return false;
    out->uid = pw->pw_uid;
    out->gid = pw->pw_gid;
    out->home = QString::fromLocal8Bit(pw->pw_dir);
    QDir().mkpath(out->home);
    return ::chown(QFile::encodeName(out->home).constData(), out->uid, out->gid) == 0;
}

// A scratch directory under /var/tmp, mode 0755, with the named programs of the build copied into
// its bin/ (0755): the test users reach them there whatever the modes of the build directory's
// parents (a CI clone may live in a 0700 directory). *binDir gets bin/. Null on failure.
inline std::unique_ptr<QTemporaryDir> publicScratchDir(
    const QString& name, std::initializer_list<const char*> programs, QString* binDir)
{
    const QString built = qEnvironmentVariable("CORDON_BIN_DIR");
    if (built.isEmpty())
        return nullptr;
    auto dir = std::make_unique<QTemporaryDir>(QStringLiteral("/var/tmp/%1-XXXXXX").arg(name));
    if (!dir->isValid() || ::chmod(QFile::encodeName(dir->path()).constData(), 0755) != 0)
        return nullptr;
    *binDir = dir->path() + QStringLiteral("/bin");
    if (!QDir().mkpath(*binDir))
        return nullptr;
    for (const char* program : programs) {
        const QString to = *binDir + u'/' + QLatin1String(program);
        if (!QFile::copy(built + u'/' + QLatin1String(program), to) ||
            ::chmod(QFile::encodeName(to).constData(), 0755) != 0)
            return nullptr;
    }
    return dir;
}

} // namespace cordon::test
