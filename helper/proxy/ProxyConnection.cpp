#include "ProxyConnection.h"

#include "AddressFilter.h"
#include "ClientHello.h"
#include "CordonRequest.h"
#include "PeerHeader.h"
#include "ProxyServer.h"
#include "Syscall.h"

#include <QJsonArray>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>

namespace cordon::proxy {

namespace {

void setTimeout(int fd, int option, std::chrono::milliseconds ms)
{
    timeval tv{};
    tv.tv_sec = ms.count() / 1000;
    tv.tv_usec = (ms.count() % 1000) * 1000;
    // Failure only means no timeout: the connection then waits for the client, which holds no
    // more than this one thread.
    (void)::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

bool sendAll(int fd, std::string_view data)
{
    return confine::writeAll(fd, data.data(), data.size());
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Shown in 403 bodies and logs: never echo raw control bytes an agent controls.
std::string printable(std::string_view s)
{
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

QJsonObject peerJson(const PeerInfo& peer)
{
    QJsonObject o;
    if (peer.hasPid)
        o.insert(QStringLiteral("pid"), peer.pid);
    if (peer.hasExe)
        o.insert(QStringLiteral("exe"), QString::fromStdString(peer.exe));
    if (peer.hasArgv) {
        QJsonArray argv;
        for (const std::string& arg : peer.argv)
            argv.append(QString::fromStdString(arg));
        o.insert(QStringLiteral("argv"), argv);
    }
    return o;
}

} // namespace

ProxyConnection::ProxyConnection(ProxyServer& server, int client, std::uint64_t serial)
    : m_server(server), m_client(client), m_serial(serial)
{
    m_server.connections().add(m_serial, m_client);
}

ProxyConnection::~ProxyConnection()
{
    m_server.connections().remove(m_serial);
}

void ProxyConnection::writeEvent(QJsonObject event)
{
    event.insert(QStringLiteral("conn"), double(m_serial));
    if (m_grant != 0)
        event.insert(QStringLiteral("grant"), double(m_grant));
    if (!m_peer.isEmpty())
        event.insert(QStringLiteral("peer"), m_peer);
    m_server.events().write(std::move(event));
}

bool ProxyConnection::receiveMore()
{
    // Once the client has ended (EOF, error or the handshake timeout), it stays ended: a second
    // parser asking for more must not wait a second timeout.
    if (m_clientEnded)
        return false;
    char chunk[8192];
    const ssize_t n = confine::retryOnEintr([&] { return ::recv(m_client, chunk, sizeof chunk, 0); });
    if (n <= 0) {
        m_clientEnded = true;
        return false;
    }
    m_buffer.append(chunk, std::size_t(n));
    return true;
}

void ProxyConnection::run()
{
    setTimeout(m_client, SO_RCVTIMEO, m_server.config().handshakeTimeout);
    setTimeout(m_client, SO_SNDTIMEO, m_server.config().handshakeTimeout);
    if (!receiveMore())
        return;
    if (m_server.config().peerHeader) {
        if (!readPeerHeader())
            return;
        if (m_buffer.empty() && !receiveMore())
            return;
    }
    // One place decides what the connection speaks (RequestParser::detect).
    Protocol protocol = Protocol::Http;
    while (RequestParser::detect(m_buffer, &protocol) == ParseStatus::NeedMore) {
        if (!receiveMore()) {
            // A few bytes of "CORDON-REQUEST " and then silence or EOF: an incomplete request.
            protocol = Protocol::CordonRequest;
            break;
        }
    }
    switch (protocol) {
    case Protocol::Socks5: serveSocks(); return;
    case Protocol::CordonRequest: serveRequest(); return;
    case Protocol::Http: serveHttp(); return;
    }
}

void ProxyConnection::sendRequestReply(const std::string& line)
{
    (void)sendAll(m_client, line + "\n");
}

void ProxyConnection::logSecret(
    const char* kind, const std::string& name, const char* decision, const QString& rule, const QString& path)
{
    QJsonObject e{{QStringLiteral("kind"), QLatin1String(kind)}};
    if (!name.empty())
        e.insert(QStringLiteral("name"), q(name));
    if (decision)
        e.insert(QStringLiteral("decision"), QLatin1String(decision));
    if (!rule.isEmpty())
        e.insert(QStringLiteral("rule"), rule);
    if (!path.isEmpty())
        e.insert(QStringLiteral("path"), path);
    writeEvent(e);
}

void ProxyConnection::serveRequest()
{
    CordonRequestLine request;
    std::string error;
    for (;;) {
        const ParseStatus status = CordonRequest::parse(m_buffer, &request, &error);
        if (status == ParseStatus::Ok)
            break;
        if (status == ParseStatus::NeedMore && receiveMore())
            continue;
        // Bad, or no complete line before EOF or the handshake timeout. The error is the parser's
        // own text, never the client's bytes.
        if (status == ParseStatus::NeedMore)
            error = "incomplete request line";
        logSecret("secret_deny", std::string(), "deny", q("bad-request: " + error));
        sendRequestReply("DENIED bad request: " + error);
        return;
    }
    // Whatever follows the line is ignored: one request per connection, then close.
    const QString name = q(request.name);
    QJsonObject ask{{QStringLiteral("kind"), QStringLiteral("secret")}, {QStringLiteral("name"), name}};
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(m_client, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.pid > 0)
        ask.insert(QStringLiteral("peer_pid"), cred.pid);
    if (!m_peer.isEmpty())
        ask.insert(QStringLiteral("peer"), m_peer);
    logSecret("secret_ask", request.name, nullptr, QString());
    DeciderClient* decider = m_server.decider();
    const bool hadDecider = decider && decider->connected();
    const DeciderClient::Answer answer =
        hadDecider ? decider->askSecret(ask, name, m_server.config().askTimeout) : DeciderClient::Answer{};
    using Decision = DeciderClient::Decision;
    if (!answer.answered) {
        logSecret("secret_deny", request.name, "deny", QStringLiteral("ask:deny (no decider or no answer)"));
        sendRequestReply(hadDecider && decider->connected() ? "DENIED no answer" : "DENIED no decider");
        return;
    }
    if (!answer.problem.isEmpty()) {
        logSecret("secret_deny", request.name, "deny", QStringLiteral("ask:invalid-answer: ") + answer.problem);
        sendRequestReply("DENIED invalid answer");
        return;
    }
    const char* decision = "deny";
    switch (answer.decision) {
    case Decision::Deny: break;
    case Decision::Once: decision = "once"; break;
    case Decision::Session: decision = "session"; break;
    case Decision::Always: decision = "always"; break;
    }
    const QString rule = QStringLiteral("ask:") + QLatin1String(decision);
    if (answer.decision == Decision::Deny) {
        logSecret("secret_deny", request.name, decision, rule);
        sendRequestReply("DENIED denied");
        return;
    }
    // The value is already in that file (the helper wrote it before answering); it never passes
    // through the proxy. The path was checked against the name (DeciderMessage::checkSecretAnswer).
    logSecret("secret_grant", request.name, decision, rule, answer.path);
    sendRequestReply("OK " + answer.path.toStdString());
}

bool ProxyConnection::readPeerHeader()
{
    PeerInfo peer;
    std::size_t length = 0;
    std::string error;
    for (;;) {
        const ParseStatus status = PeerHeader::parse(m_buffer, &peer, &length, &error);
        if (status == ParseStatus::Ok)
            break;
        if (status == ParseStatus::NeedMore && receiveMore())
            continue;
        // Bad, or the client stopped (or timed out) before its header was complete. Nothing is
        // answered: the bridge sent something no bridge sends, so no protocol reply would help.
        logDeny(QString(), 0, "peer-header",
            "bad-request: peer header: " + (status == ParseStatus::Bad ? error : std::string("incomplete")));
        return false;
    }
    m_buffer.erase(0, length);
    m_peer = peerJson(peer);
    return true;
}

void ProxyConnection::logDeny(
    const QString& host, int port, const char* proto, const std::string& rule, const std::string& address)
{
    QJsonObject e{{QStringLiteral("kind"), QStringLiteral("net_deny")}, {QStringLiteral("host"), host},
        {QStringLiteral("port"), port}, {QStringLiteral("proto"), QLatin1String(proto)},
        {QStringLiteral("rule"), q(rule)}};
    if (!address.empty())
        e.insert(QStringLiteral("address"), q(address));
    writeEvent(e);
}

void ProxyConnection::logAllow(const Target& t, const char* proto, const sockaddr_storage& address)
{
    writeEvent({{QStringLiteral("kind"), QStringLiteral("net_allow")}, {QStringLiteral("host"), t.host.name},
        {QStringLiteral("port"), int(t.port)}, {QStringLiteral("proto"), QLatin1String(proto)},
        {QStringLiteral("address"), q(AddressFilter::text(address))}, {QStringLiteral("rule"), q(t.rule)}});
}

void ProxyConnection::sendHttpError(int status, const std::string& reason, const std::string& body)
{
    const std::string response =
        "HTTP/1.1 " + std::to_string(status) + " " + reason +
        "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    (void)sendAll(m_client, response);
}

void ProxyConnection::sendSocksReply(unsigned char code)
{
    const unsigned char reply[10] = {5, code, 0, 1, 0, 0, 0, 0, 0, 0};
    (void)sendAll(m_client, std::string_view(reinterpret_cast<const char*>(reply), sizeof reply));
}

ProxyConnection::Refusal ProxyConnection::admit(const Authority& authority, const char* proto, Target* out)
{
    const ProxyConfig& config = m_server.config();
    QString error;
    Target t;
    t.port = authority.port;
    const QByteArray raw(authority.host.data(), qsizetype(authority.host.size()));
    if (!HostNormalizer::normalize(raw, &t.host, &error)) {
        logDeny(
            QString::fromLatin1(printable(authority.host)), authority.port, proto, "bad-host: " + error.toStdString());
        return Refusal::BadRequest;
    }
    out->host = t.host; // for the refusal message
    // Deny rules win over everything: grants are consulted only where the policy says Ask.
    EgressPolicy::Decision decision = config.policy.decide(t.host, t.port);
    std::int64_t grant = 0;
    GrantTable::Match remembered;
    if (decision.verdict == EgressPolicy::Verdict::Ask && m_server.grants().match(t.host, t.port, &remembered)) {
        decision = {EgressPolicy::Verdict::Allow, QStringLiteral("grant:session")};
        grant = remembered.grant;
    } else if (decision.verdict == EgressPolicy::Verdict::Ask) {
        QJsonObject ask{{QStringLiteral("kind"), QStringLiteral("net")}, {QStringLiteral("host"), t.host.name},
            {QStringLiteral("port"), int(t.port)}, {QStringLiteral("proto"), QLatin1String(proto)}};
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(m_client, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.pid > 0)
            ask.insert(QStringLiteral("peer_pid"), cred.pid);
        // Which process asked, as the bridge said: shown to the person, never part of the rule.
        if (!m_peer.isEmpty())
            ask.insert(QStringLiteral("peer"), m_peer);
        writeEvent({{QStringLiteral("kind"), QStringLiteral("net_ask")}, {QStringLiteral("host"), t.host.name},
            {QStringLiteral("port"), int(t.port)}, {QStringLiteral("proto"), QLatin1String(proto)},
            {QStringLiteral("rule"), QStringLiteral("unlisted")}});
        DeciderClient* decider = m_server.decider();
        const DeciderClient::Answer answer =
            decider ? decider->ask(ask, t.host, t.port, config.askTimeout) : DeciderClient::Answer{};
        using Decision = DeciderClient::Decision;
        switch (answer.decision) {
        case Decision::Deny:
            if (!answer.problem.isEmpty())
                decision = {EgressPolicy::Verdict::Deny, QStringLiteral("ask:invalid-answer: ") + answer.problem};
            else
                decision = {EgressPolicy::Verdict::Deny, decider && decider->connected()
                                                             ? QStringLiteral("ask:deny")
                                                             : QStringLiteral("ask:deny (no decider or no answer)")};
            break;
        case Decision::Once: decision = {EgressPolicy::Verdict::Allow, QStringLiteral("ask:once")}; break;
        case Decision::Session:
        case Decision::Always:
            // The decider's reader already remembered answer.pattern (DeciderClient.h); writing
            // "always" into the profile is the helper's job, here it lasts the proxy's life.
            decision = {EgressPolicy::Verdict::Allow,
                answer.decision == Decision::Session ? QStringLiteral("ask:session") : QStringLiteral("ask:always")};
            break;
        }
        if (answer.decision != Decision::Deny)
            grant = answer.grant;
    }
    t.rule = decision.rule.toStdString();
    if (decision.verdict != EgressPolicy::Verdict::Allow) {
        logDeny(t.host.name, t.port, proto, t.rule);
        return Refusal::NotAllowed;
    }
    if (grant != 0) {
        // Register first, then check: a revoke marks the id before it closes registered
        // connections, so either it sees this one or this one sees the mark (GrantTable.h).
        m_grant = grant;
        m_server.connections().setGrant(m_serial, grant);
        if (m_server.grants().isRevoked(grant)) {
            logDeny(t.host.name, t.port, proto, "grant-revoked");
            return Refusal::NotAllowed;
        }
    }
    // Resolve once; what is checked is what is dialed.
    std::vector<sockaddr_storage> candidates;
    bool fromMap = false;
    if (t.host.ipLiteral) {
        sockaddr_storage ss{};
        const QByteArray latin = t.host.name.toLatin1();
        if (t.host.ipv6) {
            auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
            sin6->sin6_family = AF_INET6;
            if (inet_pton(AF_INET6, latin.constData(), &sin6->sin6_addr) != 1)
                return Refusal::BadRequest;
        } else {
            auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
            sin->sin_family = AF_INET;
            if (inet_pton(AF_INET, latin.constData(), &sin->sin_addr) != 1)
                return Refusal::BadRequest;
        }
        candidates.push_back(ss);
    } else if (config.useResolveMap) {
        const auto it = config.resolveMap.find(t.host.name);
        if (it != config.resolveMap.end()) {
            candidates = it->second;
            fromMap = true;
        }
    } else {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* result = nullptr;
        const QByteArray name = t.host.name.toLatin1();
        if (::getaddrinfo(name.constData(), nullptr, &hints, &result) == 0) {
            for (addrinfo* ai = result; ai; ai = ai->ai_next) {
                if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
                    continue;
                sockaddr_storage ss{};
                std::memcpy(&ss, ai->ai_addr, std::min<std::size_t>(ai->ai_addrlen, sizeof ss));
                candidates.push_back(ss);
            }
            ::freeaddrinfo(result);
        }
    }
    if (candidates.empty()) {
        logDeny(t.host.name, t.port, proto, "unresolved");
        return Refusal::Unreachable;
    }
    for (sockaddr_storage& ss : candidates) {
        if (ss.ss_family == AF_INET)
            reinterpret_cast<sockaddr_in*>(&ss)->sin_port = htons(t.port);
        else
            reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port = htons(t.port);
        const std::string text = AddressFilter::text(ss);
        if (m_server.isSelf(ss)) {
            logDeny(t.host.name, t.port, proto, "proxy-loop", text);
            return Refusal::NotAllowed;
        }
        // Every address must pass, not just the first: a name that resolves to one public and one
        // private address must not reach the private one on a retry.
        const bool exempt = (fromMap && config.mappedMayBePrivate) || config.policy.mayReachNonGlobal(q(text));
        if (!AddressFilter::isGlobal(ss) && !exempt) {
            logDeny(t.host.name, t.port, proto, "non-global-address", text);
            return Refusal::NotAllowed;
        }
    }
    t.addresses = std::move(candidates);
    *out = std::move(t);
    return Refusal::None;
}

int ProxyConnection::dial(const Target& target, sockaddr_storage* used)
{
    for (const sockaddr_storage& ss : target.addresses) {
        const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        confine::UniqueFd sock(fd);
        // SO_SNDTIMEO bounds a blocking connect() on Linux (socket(7)).
        setTimeout(fd, SO_SNDTIMEO, m_server.config().connectTimeout);
        const socklen_t len = ss.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&ss), len) != 0)
            continue;
        setTimeout(fd, SO_SNDTIMEO, std::chrono::milliseconds(0));
        const int one = 1;
        (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        *used = ss;
        return sock.release();
    }
    return -1;
}

bool ProxyConnection::openUpstream(const Target& target, const char* proto)
{
    sockaddr_storage used{};
    m_upstream.reset(dial(target, &used));
    if (!m_upstream) {
        logDeny(target.host.name, target.port, proto, "connect-failed");
        return false;
    }
    if (!m_server.connections().attachUpstream(m_serial, m_upstream.get())) {
        // Its grant was revoked while this connection was being set up: it never carries a byte.
        logDeny(target.host.name, target.port, proto, "grant-revoked");
        m_upstream.reset();
        return false;
    }
    logAllow(target, proto, used);
    return true;
}

void ProxyConnection::relay(const Target& target, const char* proto, std::string_view first)
{
    Relay::Bytes bytes;
    if (first.empty() || sendAll(m_upstream.get(), first)) {
        setTimeout(m_client, SO_RCVTIMEO, std::chrono::milliseconds(0));
        setTimeout(m_client, SO_SNDTIMEO, std::chrono::milliseconds(0));
        bytes = Relay::run(m_client, m_upstream.get());
        bytes.up += first.size(); // what the client sent with its request (or the rewritten head)
    }
    logClose(target, proto, bytes);
}

void ProxyConnection::logClose(const Target& target, const char* proto, const Relay::Bytes& bytes)
{
    writeEvent({{QStringLiteral("kind"), QStringLiteral("net_close")}, {QStringLiteral("host"), target.host.name},
        {QStringLiteral("port"), int(target.port)}, {QStringLiteral("proto"), QLatin1String(proto)},
        {QStringLiteral("bytes_up"), double(bytes.up)}, {QStringLiteral("bytes_down"), double(bytes.down)}});
}

bool ProxyConnection::checkSni(const Target& target, const char* proto)
{
    std::string sni;
    for (;;) {
        const ClientHello::Status status = ClientHello::parse(m_buffer, &sni);
        if (status == ClientHello::Status::NeedMore) {
            if (m_buffer.size() < ClientHello::maxSize && receiveMore())
                continue;
            logDeny(target.host.name, target.port, proto, "tls: incomplete ClientHello");
            return false;
        }
        if (status == ClientHello::Status::NoSni)
            return true;
        if (status != ClientHello::Status::Sni) {
            // Port 443 tunnels carry TLS; anything unparsable could hide another name.
            logDeny(target.host.name, target.port, proto,
                status == ClientHello::Status::NotTls ? "tls: not a TLS ClientHello" : "tls: malformed ClientHello");
            return false;
        }
        break;
    }
    if (target.host.ipLiteral) {
        logDeny(target.host.name, target.port, proto, "sni-on-ip-literal: " + printable(sni));
        return false;
    }
    HostNormalizer::Host normalized;
    QString error;
    if (!HostNormalizer::normalize(QByteArray::fromStdString(sni), &normalized, &error) ||
        normalized.name != target.host.name) {
        logDeny(target.host.name, target.port, proto, "sni-mismatch: " + printable(sni));
        return false;
    }
    return true;
}

void ProxyConnection::serveHttp()
{
    HttpRequest request;
    std::string error;
    for (;;) {
        const ParseStatus status = RequestParser::parseHttp(m_buffer, &request, &error);
        if (status == ParseStatus::Ok)
            break;
        if (status == ParseStatus::Bad || !receiveMore()) {
            if (status == ParseStatus::Bad) {
                logDeny(QString(), 0, "http", "bad-request: " + error);
                sendHttpError(400, "Bad Request", "cordon-proxy: bad request: " + error + "\n");
            }
            return;
        }
    }
    const char* proto = request.connect ? "connect" : "http";
    Target target;
    switch (admit(request.authority, proto, &target)) {
    case Refusal::None: break;
    case Refusal::BadRequest: sendHttpError(400, "Bad Request", "cordon-proxy: malformed host\n"); return;
    case Refusal::NotAllowed: {
        const std::string host =
            target.host.name.isEmpty() ? printable(request.authority.host) : target.host.name.toStdString();
        sendHttpError(403, "Forbidden",
            "cordon-proxy: connection to " + host + ":" + std::to_string(request.authority.port) +
                " is not allowed by this sandbox's network policy.\nTo allow it, add \"" + host +
                "\" to the profile's network.allow list, or approve it when Cordon asks.\n");
        return;
    }
    case Refusal::Unreachable:
    case Refusal::ConnectFailed:
        sendHttpError(502, "Bad Gateway", "cordon-proxy: cannot resolve or reach the host\n");
        return;
    }
    m_buffer.erase(0, request.headLength);
    if (request.connect) {
        if (target.port == 443) {
            if (!sendAll(m_client, "HTTP/1.1 200 Connection established\r\n\r\n") || !checkSni(target, proto))
                return;
        }
        if (!openUpstream(target, proto)) {
            if (target.port != 443)
                sendHttpError(502, "Bad Gateway", "cordon-proxy: cannot connect to the host\n");
            return;
        }
        if (target.port != 443 && !sendAll(m_client, "HTTP/1.1 200 Connection established\r\n\r\n")) {
            logClose(target, proto, {});
            return;
        }
        relay(target, proto, m_buffer);
        return;
    }
    if (!openUpstream(target, proto)) {
        sendHttpError(502, "Bad Gateway", "cordon-proxy: cannot connect to the host\n");
        return;
    }
    // Origin-form upstream, Host from the one parsed authority (never the client's Host header,
    // which could name another virtual host), one request per connection.
    std::string hostHeader =
        target.host.ipv6 ? "[" + target.host.name.toStdString() + "]" : target.host.name.toStdString();
    if (target.port != 80)
        hostHeader += ":" + std::to_string(target.port);
    std::string head = request.method + " " + request.path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n";
    for (const std::string& h : request.forwardHeaders)
        head += h + "\r\n";
    head += "Connection: close\r\n\r\n";
    relay(target, proto, head + m_buffer);
}

void ProxyConnection::serveSocks()
{
    std::string error;
    SocksGreeting greeting;
    for (;;) {
        const ParseStatus status = RequestParser::parseSocksGreeting(m_buffer, &greeting, &error);
        if (status == ParseStatus::Ok)
            break;
        if (status == ParseStatus::Bad || !receiveMore())
            return;
    }
    if (!greeting.noAuthOffered) {
        (void)sendAll(m_client, std::string_view("\x05\xff", 2));
        return;
    }
    m_buffer.erase(0, greeting.length);
    if (!sendAll(m_client, std::string_view("\x05\x00", 2)))
        return;
    SocksRequest request;
    for (;;) {
        const ParseStatus status = RequestParser::parseSocksRequest(m_buffer, &request, &error);
        if (status == ParseStatus::Ok)
            break;
        if (status == ParseStatus::Bad) {
            logDeny(QString(), 0, "socks5", "bad-request: " + error);
            // 0x07 command not supported (BIND, UDP ASSOCIATE), 0x08 address type not supported,
            // 0x01 general failure for everything malformed (RFC 1928 section 6).
            if (request.command == 2 || request.command == 3)
                sendSocksReply(7);
            else if (error == "unknown SOCKS5 address type")
                sendSocksReply(8);
            else
                sendSocksReply(1);
            return;
        }
        if (!receiveMore())
            return;
    }
    m_buffer.erase(0, request.length);
    Target target;
    switch (admit(request.authority, "socks5", &target)) {
    case Refusal::None: break;
    case Refusal::BadRequest: sendSocksReply(1); return;
    case Refusal::NotAllowed:
        sendSocksReply(2); // connection not allowed by ruleset
        return;
    case Refusal::Unreachable: sendSocksReply(4); return;
    case Refusal::ConnectFailed: sendSocksReply(5); return;
    }
    if (target.port == 443) {
        sendSocksReply(0);
        if (!checkSni(target, "socks5"))
            return;
    }
    if (!openUpstream(target, "socks5")) {
        if (target.port != 443)
            sendSocksReply(5);
        return;
    }
    if (target.port != 443)
        sendSocksReply(0);
    relay(target, "socks5", m_buffer);
}

} // namespace cordon::proxy
