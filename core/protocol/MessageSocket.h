#pragma once
// The byte level of a protocol connection on a Unix stream socket: lines out (with file
// descriptors attached to a line when asked), bytes and descriptors in. Both ends use it: the
// helper with a QSocketNotifier on fd(), cordonctl blocking. Non-blocking sockets are handled:
// sendLine queues what the kernel did not take and flush() continues.

#include <QByteArray>
#include <QList>
#include <QString>

namespace cordon::protocol {

class MessageSocket final {
public:
    static constexpr int kMaxFdsPerMessage = 3;

    MessageSocket() = default;
    explicit MessageSocket(int fd) : m_fd(fd) {}
    ~MessageSocket();
    MessageSocket(const MessageSocket&) = delete;
    MessageSocket& operator=(const MessageSocket&) = delete;

    // Connects to a Unix socket path (blocking, close-on-exec).
    [[nodiscard]] bool connectTo(const QString& path, QString* error);
    int fd() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    void close();

    // Queues a line (with its '\n'); with fds, they go in the same sendmsg as the line's first
    // byte (docs/protocol.md, "Framing"). Returns false when the connection is broken.
    [[nodiscard]] bool sendLine(const QByteArray& line, const QList<int>& fds = {});
    // Sends what is queued; false on a broken connection. pendingBytes() == 0 when all went out.
    [[nodiscard]] bool flush();
    qsizetype pendingBytes() const { return m_out.size() - m_outStart; }

    enum class ReadResult {
        Data,       // *data has bytes (and *fds any descriptors that came with them)
        WouldBlock, // non-blocking and nothing there
        Closed,     // orderly end
        Error,      // broken, or descriptors truncated (MSG_CTRUNC): the caller closes
    };
    // One recvmsg. Received descriptors are close-on-exec and owned by the caller.
    ReadResult read(QByteArray* data, QList<int>* fds);

private:
    int m_fd = -1;
    QByteArray m_out;
    qsizetype m_outStart = 0;
    QList<int> m_outFds;          // descriptors to attach to the byte at m_fdsAt
    qsizetype m_fdsAt = -1;
};

} // namespace cordon::protocol
