#pragma once
// What the app needs from cordon-helper (docs/protocol.md), as an interface so that models and
// widgets are tested against a fake and the app runs against SocketHelperConnection
// (CONVENTIONS.md: "a helper-connection interface").
//
// Requests are asynchronous: send() returns at once and the handler runs later on the event loop
// with the reply (or an "error" object; a request sent while disconnected, or lost with the
// connection, gets {"type": "error", "code": "disconnected"}). Pushes arrive as signals.

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>

namespace cordon::gui {

class HelperConnection : public QObject {
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(const QJsonObject& reply)>;

    enum class State {
        Disconnected,   // not connected; retrying with backoff
        StartingHelper, // no helper answered: one is being started for the person
        Connecting,     // socket open, hello/subscribe in flight
        Ready,          // hello answered and pushes subscribed
    };
    Q_ENUM(State)

    using QObject::QObject;

    virtual State state() const = 0;
    bool isReady() const { return state() == State::Ready; }
    // Sends one request (an "id" is added). The handler may be empty.
    virtual void send(const QJsonObject& request, ReplyHandler handler = {}) = 0;
    // The helper's description from its hello ("cordon-helper 0.1", mode) once Ready.
    virtual QString helperDescription() const = 0;

    // The reply is an error object.
    static bool isError(const QJsonObject& reply);
    static QJsonObject disconnectedError();

Q_SIGNALS:
    void stateChanged(cordon::gui::HelperConnection::State state);
    // Each time the connection becomes Ready (first time and after every reconnect): models reload.
    void ready();
    void eventReceived(const QJsonObject& event);
    void escalationReceived(const QJsonObject& request);
    // The whole "resolved" push: request, decision, scope, by, grant?.
    void resolved(const QJsonObject& message);
    void sessionChanged(const QJsonObject& session);
    // Something a person should know (cannot start the helper, refused by it...), translated.
    void problem(const QString& message);
};

} // namespace cordon::gui
