// Unit tests of OutputLog (helper/daemon/OutputLog.h; docs/helper.md, "Output log"): a real pipe,
// a real file, the Qt event loop; the writer is a thread of the test writing into the blocking
// write end, as a sandbox does. Up to the limit everything is kept and read to end of file; past it
// one notice line and the rest drained and discarded (the writer never blocks for good); a full
// disk is given up on, the pipe still drained; the file is created new, never through a link.
//
// The full-disk case mounts a tiny tmpfs and needs root; CORDON_MUST_WORK=1 turns its skip into a
// failure.

#include "OutputLog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using cordon::confine::UniqueFd;
using cordon::helperd::OutputLog;

namespace {

bool mustWork()
{
    return qEnvironmentVariable("CORDON_MUST_WORK") == u"1";
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Writes `data` into fd in pieces, then closes it (the last writer going: end of file). `done`
// is set when every write returned, whatever they returned; `failed` when one did not write all.
struct Writer {
    std::thread thread;
    std::atomic<bool> done{false};
    std::atomic<bool> failed{false};

    void start(int fd, QByteArray data)
    {
        thread = std::thread([this, fd, data = std::move(data)] {
            qsizetype at = 0;
            while (at < data.size()) {
                const size_t piece = static_cast<size_t>(std::min<qsizetype>(data.size() - at, 10000));
                const ssize_t n = ::write(fd, data.constData() + at, piece);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) {
                    failed = true;
                    break;
                }
                at += n;
            }
            ::close(fd);
            done = true;
        });
    }
    ~Writer()
    {
        if (thread.joinable())
            thread.join();
    }
};

} // namespace

class TestOutputLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void descriptorsAndCreation();
    void refusesAnExistingFileOrLink();
    void keepsEverythingWithinTheLimitAndReadsToTheEnd();
    void cutsAtTheLimitWithOneNoticeAndKeepsDraining();
    void aFullDiskIsGivenUpOnAndThePipeStillDrained();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestOutputLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOutputLog::descriptorsAndCreation()
{
    const QString path = m_dir->filePath(QStringLiteral("s.log"));
    OutputLog log(QStringLiteral("s"), path, 64 * 1024);
    UniqueFd writeEnd;
    QString error;
    QVERIFY2(log.open(&writeEnd, &error), qPrintable(error));
    QVERIFY(writeEnd.valid());
    // The write end: close-on-exec (only an explicit placement gives it to the sandbox), blocking.
    QVERIFY(::fcntl(writeEnd.get(), F_GETFD) & FD_CLOEXEC);
    QCOMPARE(::fcntl(writeEnd.get(), F_GETFL) & O_NONBLOCK, 0);
    QCOMPARE(::fcntl(writeEnd.get(), F_GETFL) & O_ACCMODE, O_WRONLY);
    struct stat st { };
    QCOMPARE(::lstat(QFile::encodeName(path).constData(), &st), 0);
    QVERIFY(S_ISREG(st.st_mode));
    QCOMPARE(st.st_mode & 0777, mode_t(0600));
    QCOMPARE(st.st_size, off_t(0));
    QVERIFY(!log.isFinished());
    QSignalSpy finished(&log, &OutputLog::finished);
    writeEnd.reset();
    QVERIFY(finished.wait(5000));
    QVERIFY(log.isFinished());
}

void TestOutputLog::refusesAnExistingFileOrLink()
{
    UniqueFd writeEnd;
    QString error;
    const QString existing = m_dir->filePath(QStringLiteral("existing.log"));
    QFile f(existing);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("keep me");
    f.close();
    OutputLog onFile(QStringLiteral("a"), existing, 64 * 1024);
    QVERIFY(!onFile.open(&writeEnd, &error));
    QVERIFY2(error.contains(QStringLiteral("exists")), qPrintable(error));
    QVERIFY(!writeEnd.valid());
    QCOMPARE(readFile(existing), QByteArray("keep me"));

    // A link planted where the log goes, to a file that does not exist yet or one that does:
    // never followed, nothing created or changed at the target.
    const QString link = m_dir->filePath(QStringLiteral("link.log"));
    const QString target = m_dir->filePath(QStringLiteral("target"));
    QCOMPARE(::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()), 0);
    OutputLog onLink(QStringLiteral("b"), link, 64 * 1024);
    QVERIFY(!onLink.open(&writeEnd, &error));
    QVERIFY(!QFile::exists(target));
    QVERIFY(!writeEnd.valid());
}

void TestOutputLog::keepsEverythingWithinTheLimitAndReadsToTheEnd()
{
    const QString path = m_dir->filePath(QStringLiteral("s.log"));
    OutputLog log(QStringLiteral("s"), path, 1024 * 1024);
    UniqueFd writeEnd;
    QString error;
    QVERIFY2(log.open(&writeEnd, &error), qPrintable(error));
    QSignalSpy finished(&log, &OutputLog::finished);

    // While a writer holds the pipe, what it wrote is in the file and the log is not finished.
    QCOMPARE(::write(writeEnd.get(), "first\n", 6), ssize_t(6));
    QTRY_COMPARE_WITH_TIMEOUT(readFile(path), QByteArray("first\n"), 5000);
    QVERIFY(!log.isFinished());

    // Ten times what a pipe holds, then end of file: every byte, in order, and then finished.
    QByteArray data;
    for (int i = 0; data.size() < 700000; ++i)
        data += QByteArray::number(i) + '\n';
    Writer writer;
    writer.start(writeEnd.release(), data);
    QVERIFY(finished.wait(10000));
    QVERIFY(writer.done);
    QVERIFY(!writer.failed);
    QCOMPARE(finished.size(), 1);
    QVERIFY(log.isFinished());
    QVERIFY(!log.limitReached());
    QCOMPARE(log.bytesDiscarded(), qint64(0));
    QCOMPARE(log.bytesWritten(), qint64(6 + data.size()));
    const QByteArray file = readFile(path);
    QCOMPARE(file.size(), 6 + data.size());
    QVERIFY(file == "first\n" + data);
}

void TestOutputLog::cutsAtTheLimitWithOneNoticeAndKeepsDraining()
{
    constexpr qint64 limit = 64 * 1024;
    const QString path = m_dir->filePath(QStringLiteral("s.log"));
    OutputLog log(QStringLiteral("s"), path, limit);
    UniqueFd writeEnd;
    QString error;
    QVERIFY2(log.open(&writeEnd, &error), qPrintable(error));
    QSignalSpy finished(&log, &OutputLog::finished);

    // 4 MiB without a newline: the writer gets through all of it (every write succeeds), the file
    // holds the first 64 KiB, a newline and the notice.
    const QByteArray data(4 * 1024 * 1024, 'a');
    Writer writer;
    writer.start(writeEnd.release(), data);
    QVERIFY(finished.wait(20000));
    QVERIFY(writer.done);
    QVERIFY(!writer.failed);
    QVERIFY(log.limitReached());
    QCOMPARE(log.bytesWritten(), limit);
    QCOMPARE(log.bytesDiscarded(), data.size() - limit);
    const QByteArray notice = OutputLog::limitNotice(limit);
    QCOMPARE(notice, QByteArray("cordon: output limit of 65536 bytes reached; further output of this session is "
                                "discarded\n"));
    QCOMPARE(readFile(path), data.left(limit) + '\n' + notice);
}

void TestOutputLog::aFullDiskIsGivenUpOnAndThePipeStillDrained()
{
    if (::geteuid() != 0) {
        if (mustWork())
            QFAIL("needs root (mounts a small tmpfs)");
        QSKIP("needs root (mounts a small tmpfs)");
    }
    const QString mountPoint = m_dir->filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(mountPoint));
    QCOMPARE(::mount("cordon-tst-outputlog", QFile::encodeName(mountPoint).constData(), "tmpfs",
                 MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k,mode=0700"),
        0);
    const auto unmount = qScopeGuard([&] { ::umount2(QFile::encodeName(mountPoint).constData(), MNT_DETACH); });
    const QString path = mountPoint + QStringLiteral("/s.log");
    {
        OutputLog log(QStringLiteral("s"), path, 1024 * 1024);
        UniqueFd writeEnd;
        QString error;
        QVERIFY2(log.open(&writeEnd, &error), qPrintable(error));
        QSignalSpy finished(&log, &OutputLog::finished);
        const QByteArray data(512 * 1024, 'b');
        Writer writer;
        writer.start(writeEnd.release(), data);
        QVERIFY(finished.wait(20000));
        QVERIFY(writer.done);
        QVERIFY(!writer.failed);
        // The file stopped where the disk did; nothing counted as written that is not there.
        const qint64 size = QFileInfo(path).size();
        QVERIFY2(size > 0 && size <= 64 * 1024, qPrintable(QString::number(size)));
        QCOMPARE(log.bytesWritten() <= size, true);
        QCOMPARE(log.bytesWritten() + log.bytesDiscarded(), qint64(data.size()));
        QVERIFY(log.bytesDiscarded() > 0);
    }
}

QTEST_GUILESS_MAIN(TestOutputLog)
#include "tst_outputlog.moc"
