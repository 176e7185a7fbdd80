#pragma once
// The output log of a session launched without a terminal (docs/helper.md, "Output log"). The
// sandbox's stdout and stderr are the write end of a pipe; the helper reads the other end and
// copies what comes into STATE/output/SESSION.log, up to a size limit. Past the limit it writes one
// line saying so and discards the rest, but keeps reading: the agent never blocks on a full pipe
// and is never killed for talking too much, and the helper's disk is never filled by a sandbox
// (the security review's gap: the log used to be the sandbox's own descriptor, without bound).
//
// Bounds on the helper's side: reads are non-blocking, at most kReadsPerWakeup chunks of
// kReadChunk bytes per wake-up (the notifier is level-triggered and fires again), so one noisy
// session cannot starve the event loop; memory is one chunk buffer.
//
// Descriptors: the file and both ends of the pipe are close-on-exec; the read end and the file are
// this object's; the write end goes to the caller, which hands it to the sandbox as 1 and 2 and
// closes its own copy at once, so that the sandbox's processes hold the only write ends and end of
// file means they are all gone.

#include "UniqueFd.h"

#include <QObject>
#include <QString>
#include <QtGlobal>

#include <vector>

class QSocketNotifier;

namespace cordon::helperd {

class OutputLog final : public QObject {
    Q_OBJECT
public:
    // The bounds --output-limit accepts (the default is HelperConfig's): below 64 KiB a log says
    // too little to be of use; 16 GiB is far beyond what a person reads.
    static constexpr qint64 kMinLimit = qint64(64) << 10;
    static constexpr qint64 kMaxLimit = qint64(16) << 30;
    static constexpr qsizetype kReadChunk = 64 * 1024;
    static constexpr int kReadsPerWakeup = 16;

    // sessionId names the session in the helper's own log lines; path is the file to create.
    OutputLog(QString sessionId, QString path, qint64 limitBytes, QObject* parent = nullptr);
    ~OutputLog() override;
    OutputLog(const OutputLog&) = delete;
    OutputLog& operator=(const OutputLog&) = delete;

    // Creates the file (new: O_EXCL|O_NOFOLLOW, never an existing file or a link; 0600; owned by
    // whoever runs the helper, as the journal is) and the pipe, and starts reading. *writeEnd gets
    // the pipe's write end (blocking, close-on-exec). False with *error; nothing is left open then
    // (the file, if it was created, stays, empty).
    [[nodiscard]] bool open(confine::UniqueFd* writeEnd, QString* error);

    // End of file was read (every writer is gone) or reading failed; the file is closed.
    bool isFinished() const { return m_finished; }
    bool limitReached() const { return m_limitReached; }
    qint64 bytesWritten() const { return m_written; }
    qint64 bytesDiscarded() const { return m_discarded; }

    // The line written once the limit is reached (without the newline that may precede it when
    // the output did not end a line there).
    static QByteArray limitNotice(qint64 limitBytes);

Q_SIGNALS:
    // Once, when isFinished() becomes true.
    void finished();

private:
    void onReadable();
    void consume(const char* data, qsizetype size);
    // Writes everything or gives up on the file (a full disk, an I/O error): false then, and
    // every later byte is discarded.
    bool writeAll(const char* data, qsizetype size);
    void finish();

    const QString m_sessionId;
    const QString m_path;
    const qint64 m_limit;
    confine::UniqueFd m_pipe; // read end, non-blocking
    confine::UniqueFd m_file;
    QSocketNotifier* m_notifier = nullptr;
    std::vector<char> m_buffer;
    qint64 m_written = 0;
    qint64 m_discarded = 0;
    char m_lastByte = '\n';
    bool m_limitReached = false;
    bool m_fileFailed = false;
    bool m_finished = false;
};

} // namespace cordon::helperd
