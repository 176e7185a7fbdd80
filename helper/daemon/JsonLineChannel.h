#pragma once
// One JSON object per line over a stream descriptor, driven by the Qt event loop (QSocketNotifier
// for reading and, while output is queued, for writing). The channel owns the descriptor: it makes
// it non-blocking and close-on-exec and closes it when the channel closes or is destroyed.
//
// Bounds, so that a peer can make the helper buffer neither without limit:
// - a line longer than maxLineBytes (with its newline) is reported as malformed() and closes the
//   channel: there is no way to find the next line;
// - output the peer does not read: once more than kMaxQueuedBytes would be queued, the channel
//   closes (send() returns false).
// A line that is not a JSON object is reported as malformed() and skipped; the channel stays open.
//
// closed() is emitted once, whatever closed the channel (end of file, a read or write error, an
// overlong line, a full queue, or close()). When send() is what found the channel broken, closed()
// is delivered from the event loop rather than inside send(), so a caller looping over channels
// never sees one deleted under its feet.

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <optional>

class QSocketNotifier;

namespace cordon::protocol {
class LineFramer;
}

namespace cordon::helperd {

class JsonLineChannel : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype kDefaultMaxLineBytes = 64 * 1024;
    static constexpr qsizetype kMaxQueuedBytes = 4 * 1024 * 1024;

    // Takes ownership of fd (closed even when the channel cannot use it).
    explicit JsonLineChannel(int fd, qsizetype maxLineBytes = kDefaultMaxLineBytes, QObject* parent = nullptr);
    ~JsonLineChannel() override;
    JsonLineChannel(const JsonLineChannel&) = delete;
    JsonLineChannel& operator=(const JsonLineChannel&) = delete;

    // Queues the object as one compact line. False when the channel is closed or this would
    // overflow the queue (which closes it).
    bool send(const QJsonObject& message);
    bool isOpen() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    qsizetype queuedBytes() const { return m_out.size() - m_outStart; }
    // Closes now, dropping whatever output is still queued; emits closed() (once).
    void close();

Q_SIGNALS:
    void line(const QJsonObject& message);
    void malformed(const QString& why);
    void closed();

private:
    void onReadable();
    void onWritable();
    // false: the channel failed and is closed
    bool writeQueued();
    void shutDown(bool emitNow);

    int m_fd = -1;
    qsizetype m_maxLine;
    protocol::LineFramer* m_framer = nullptr;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    QByteArray m_out;
    qsizetype m_outStart = 0;
    bool m_closedEmitted = false;
};

} // namespace cordon::helperd
