#include "SingleInstance.h"

#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QTimer>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::gui {

namespace {

constexpr char kShow[] = "show\n";
constexpr char kShown[] = "shown\n";

// The uid at the other end of a connected Unix socket (SO_PEERCRED): the credentials the peer
// had when it connected, or listened. -1 when it cannot be told.
qint64 peerUid(const QLocalSocket& socket)
{
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (socket.socketDescriptor() < 0 ||
        ::getsockopt(static_cast<int>(socket.socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &credentials, &length) !=
            0 ||
        length != sizeof credentials)
        return -1;
    return credentials.uid;
}

} // namespace

SingleInstance::SingleInstance(QString socketPath, QObject* parent) : QObject(parent), m_path(std::move(socketPath))
{ }

SingleInstance::~SingleInstance()
{
    stop();
}

QString SingleInstance::defaultPath()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty() || !QFileInfo(runtime).isDir())
        return {};
    return runtime + QStringLiteral("/cordon/app.sock");
}

bool SingleInstance::activateRunning(int timeoutMs)
{
    if (m_path.isEmpty())
        return false;
    QLocalSocket socket;
    socket.connectToServer(m_path);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    // Our own uid's listener only: anything else is not our app, whatever it answers.
    if (peerUid(socket) != static_cast<qint64>(::getuid()))
        return false;
    socket.write(kShow);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    return socket.readLine(64) == kShown;
}

bool SingleInstance::listen(QString* error)
{
    if (m_path.isEmpty()) {
        *error = QStringLiteral("no runtime directory ($XDG_RUNTIME_DIR)"); // logged, not shown
        return false;
    }
    // Our directory, shared with the rootless helper's socket: created 0700, and never used when
    // it is not ours or others may write it (the helper refuses such a directory too).
    const QString dir = QFileInfo(m_path).path();
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create %1").arg(dir);
        return false;
    }
    struct stat st { };
    if (::lstat(QFile::encodeName(dir).constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
        (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        *error = QStringLiteral("%1 is not a private directory of this user").arg(dir);
        return false;
    }
    // Whoever held the name did not answer activateRunning(): a socket left by an app that died.
    QLocalServer::removeServer(m_path);
    auto* server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_path)) {
        *error = server->errorString();
        delete server;
        return false;
    }
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

void SingleInstance::stop()
{
    if (!m_server)
        return;
    m_server->close(); // removes the socket file
    delete m_server;
    m_server = nullptr;
}

bool SingleInstance::isListening() const
{
    return m_server && m_server->isListening();
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        if (peerUid(*socket) != static_cast<qint64>(::getuid())) {
            socket->abort();
            continue;
        }
        // One short line, then the connection closes; a client that says nothing is dropped by
        // the timer rather than kept open.
        const QPointer<QLocalSocket> guard(socket);
        QTimer::singleShot(5000, socket, [guard] {
            if (guard)
                guard->abort();
        });
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > 64)
                    socket->abort();
                return;
            }
            const QByteArray line = socket->readLine(64);
            if (line == kShow) {
                socket->write(kShown);
                socket->flush();
                Q_EMIT activationRequested();
            }
            socket->disconnectFromServer();
        });
    }
}

} // namespace cordon::gui
