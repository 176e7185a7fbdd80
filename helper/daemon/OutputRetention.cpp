#include "OutputRetention.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace cordon::helperd {

namespace {

struct LogFile {
    QString path;
    QString runId;
    qint64 mtimeMs = 0;
    qint64 bytes = 0;
};

bool removeLog(const LogFile& log)
{
    if (::unlink(QFile::encodeName(log.path).constData()) == 0 || errno == ENOENT)
        return true;
    qWarning("cordon-helper: output retention: cannot remove %s: %s", qPrintable(log.path), std::strerror(errno));
    return false;
}

} // namespace

OutputRetention::Report OutputRetention::apply(
    const QString& dir, const QSet<QString>& known, const QSet<QString>& live, qint64 nowMs) const
{
    Report report;
    std::vector<LogFile> logs;
    const QStringList names = QDir(dir).entryList({QStringLiteral("*.log")}, QDir::Files | QDir::System | QDir::Hidden);
    for (const QString& name : names) {
        LogFile log;
        log.path = dir + u'/' + name;
        log.runId = name.chopped(4);
        struct stat st { };
        // A regular file of ours only: lstat, so a link planted here is neither followed nor counted.
        if (::lstat(QFile::encodeName(log.path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        log.mtimeMs = qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
        log.bytes = qint64(st.st_size);
        if (live.contains(log.runId)) {
            report.bytesKept += log.bytes;
            continue;
        }
        const bool tooOld = nowMs - log.mtimeMs > maxAgeMs;
        if ((tooOld || !known.contains(log.runId)) && removeLog(log)) {
            ++report.removed;
            report.bytesRemoved += log.bytes;
            continue;
        }
        logs.push_back(log);
    }
    qint64 total = report.bytesKept;
    for (const LogFile& log : logs)
        total += log.bytes;
    // Over the budget: the oldest logs of ended sessions go first.
    std::sort(logs.begin(), logs.end(), [](const LogFile& a, const LogFile& b) { return a.mtimeMs < b.mtimeMs; });
    for (const LogFile& log : logs) {
        if (total <= maxBytes)
            break;
        if (removeLog(log)) {
            ++report.removed;
            report.bytesRemoved += log.bytes;
            total -= log.bytes;
        }
    }
    report.bytesKept = total;
    return report;
}

} // namespace cordon::helperd
