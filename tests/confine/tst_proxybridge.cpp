// The egress bridge (helper/confine/ProxyBridge) on the host's own loopback: finding the process
// behind a client connection through /proc, the CORDON-PEER line within the proxy's 8 KiB bound,
// and the relay itself (bytes both ways, a half-close passed on) to a Unix socket standing in for
// cordon-proxy. Inside a real sandbox: tests/sandbox/tst_sessionchannel.

#include "ProxyBridge.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using cordon::confine::ProxyBridge;
using cordon::confine::UniqueFd;

namespace {

std::uint16_t portOf(int fd)
{
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
}

int connectLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

QByteArray readToEnd(int fd, int timeoutMs = 10000)
{
    QByteArray out;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) <= 0)
            break;
        char buf[65536];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, static_cast<int>(n));
    }
    return out;
}

QJsonObject peerJson(const QByteArray& data)
{
    const qsizetype nl = data.indexOf('\n');
    if (!data.startsWith("CORDON-PEER ") || nl < 0)
        return {};
    return QJsonDocument::fromJson(data.mid(12, nl - 12)).object();
}

} // namespace

class TestProxyBridge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ::signal(SIGPIPE, SIG_IGN); }

    void findsTheProcessBehindAConnection()
    {
        // A port of our own choosing on the host's loopback (the bridge's is fixed by the spec).
        UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        QCOMPARE(::listen(listener.get(), 4), 0);
        const std::uint16_t port = portOf(listener.get());
        int hold[2];
        QCOMPARE(::pipe2(hold, O_CLOEXEC), 0);
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(hold[1]);
            const int c = connectLoopback(port);
            char b = 0;
            (void)!::read(hold[0], &b, 1); // keep the connection until the parent has looked
            ::_exit(c >= 0 ? 0 : 1);
        }
        ::close(hold[0]);
        UniqueFd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
        QVERIFY(accepted);
        const ProxyBridge::Peer peer = ProxyBridge::findPeer(accepted.get(), port);
        QCOMPARE(peer.pid, child);
        char self[4096] = {};
        QVERIFY(::readlink("/proc/self/exe", self, sizeof self - 1) > 0);
        QCOMPARE(QString::fromStdString(peer.exe), QString::fromLocal8Bit(self));
        QVERIFY(!peer.argv.empty());
        QVERIFY(QString::fromStdString(peer.argv[0]).endsWith(QStringLiteral("tst_proxybridge")));
        ::close(hold[1]);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);

        // Control: once the client is gone, nobody holds the socket: pid 0 and nothing else.
        const ProxyBridge::Peer gone = ProxyBridge::findPeer(accepted.get(), port);
        QCOMPARE(gone.pid, 0);
        QVERIFY(gone.exe.empty() && gone.argv.empty());
        const QJsonObject json = peerJson(QByteArray::fromStdString(ProxyBridge::peerLine(gone)));
        QCOMPARE(json.value(QStringLiteral("pid")).toInt(-1), 0);
        QCOMPARE(json.value(QStringLiteral("exe")).toString(QStringLiteral("x")), QString());
        QVERIFY(json.value(QStringLiteral("argv")).toArray().isEmpty());
    }

    void peerLineStaysWithinTheProxysBound()
    {
        ProxyBridge::Peer peer;
        peer.pid = 42;
        peer.exe = "/usr/bin/node";
        for (int i = 0; i < 64; ++i)
            peer.argv.push_back(std::string(200, static_cast<char>('a' + i % 26)) + "\x01");
        const std::string line = ProxyBridge::peerLine(peer);
        QVERIFY(line.size() <= ProxyBridge::kMaxLineBytes);
        QVERIFY(line.rfind("CORDON-PEER {", 0) == 0);
        QVERIFY(line.back() == '\n' && line.find('\n') == line.size() - 1);
        const QJsonObject json = peerJson(QByteArray::fromStdString(line));
        QCOMPARE(json.value(QStringLiteral("pid")).toInt(), 42);
        const QJsonArray argv = json.value(QStringLiteral("argv")).toArray();
        QVERIFY(argv.size() > 10 && argv.size() < 64); // what fits, whole
        QCOMPARE(argv[0].toString(), QString::fromStdString(peer.argv[0]));
    }

    void relaysBothWaysAndPassesHalfCloseOn()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("proxy.sock")));
        UniqueFd server(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.constData(), static_cast<size_t>(path.size()));
        QCOMPARE(::bind(server.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(server.get(), 4), 0);

        // The bridge on an ephemeral port of the host's loopback (listen() takes the spec's port).
        UniqueFd listener = ProxyBridge::listen(0);
        const std::uint16_t port = portOf(listener.get());
        const pid_t bridge = ::fork();
        if (bridge == 0)
            ProxyBridge::run(std::move(listener), port, path.toStdString());
        listener.reset();

        const int client = connectLoopback(port);
        QVERIFY(client >= 0);
        const QByteArray payload(300000, 'p');
        UniqueFd upstream(::accept4(server.get(), nullptr, nullptr, SOCK_CLOEXEC));
        QVERIFY(upstream);
        // Write and read at once: more than both buffers, so back-pressure has to work.
        qsizetype sent = 0;
        QByteArray atProxy;
        while (sent < payload.size() || !atProxy.contains(payload.right(10))) {
            pollfd p[2] = {
                {client, static_cast<short>(sent < payload.size() ? POLLOUT : 0), 0}, {upstream.get(), POLLIN, 0}};
            QVERIFY(::poll(p, 2, 10000) > 0);
            if (p[0].revents & POLLOUT) {
                const ssize_t n = ::write(client, payload.constData() + sent,
                    static_cast<size_t>(std::min<qsizetype>(65536, payload.size() - sent)));
                QVERIFY(n > 0);
                sent += n;
            }
            if (p[1].revents & POLLIN) {
                char buf[65536];
                const ssize_t n = ::read(upstream.get(), buf, sizeof buf);
                QVERIFY(n > 0);
                atProxy.append(buf, static_cast<int>(n));
            }
            if (sent == payload.size() && atProxy.size() >= payload.size())
                break;
        }
        QCOMPARE(::shutdown(client, SHUT_WR), 0);
        atProxy += readToEnd(upstream.get()); // ends only if the half-close came through
        const QJsonObject peer = peerJson(atProxy);
        QCOMPARE(peer.value(QStringLiteral("pid")).toInt(), int(::getpid()));
        QCOMPARE(atProxy.mid(atProxy.indexOf('\n') + 1), payload);
        // The other way, and its end.
        QCOMPARE(::write(upstream.get(), "answer", 6), 6);
        upstream.reset();
        QCOMPARE(readToEnd(client), QByteArray("answer"));
        ::close(client);

        // A proxy that answers and closes while the client is still sending (a 403 to a large
        // upload): the client still gets the answer.
        const int uploader = connectLoopback(port);
        QVERIFY(uploader >= 0);
        UniqueFd refusing(::accept4(server.get(), nullptr, nullptr, SOCK_CLOEXEC));
        QVERIFY(refusing);
        QVERIFY(::write(uploader, payload.constData(), 100000) > 0);
        QTest::qWait(100);
        const QByteArray forbidden = "HTTP/1.1 403 Forbidden\r\n\r\n";
        QCOMPARE(::write(refusing.get(), forbidden.constData(), size_t(forbidden.size())), forbidden.size());
        refusing.reset(); // with the upload unread: the bridge's next write fails
        ::fcntl(uploader, F_SETFL, O_NONBLOCK);
        for (int i = 0; i < 50; ++i) {
            (void)!::write(uploader, payload.constData(), 65536);
            QTest::qWait(10);
        }
        ::fcntl(uploader, F_SETFL, 0);
        QVERIFY2(readToEnd(uploader).startsWith(forbidden), "the proxy's answer was lost");
        ::close(uploader);

        // Without the proxy socket a client is closed at once, and the bridge goes on.
        server.reset();
        QCOMPARE(::unlink(path.constData()), 0);
        const int orphan = connectLoopback(port);
        QVERIFY(orphan >= 0);
        QCOMPARE(readToEnd(orphan, 5000), QByteArray());
        ::close(orphan);
        QCOMPARE(::waitpid(bridge, nullptr, WNOHANG), 0); // still serving
        ::kill(bridge, SIGKILL);
        ::waitpid(bridge, nullptr, 0);
    }
};

QTEST_GUILESS_MAIN(TestProxyBridge)
#include "tst_proxybridge.moc"
