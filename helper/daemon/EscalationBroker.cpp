#include "EscalationBroker.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTimer>

#include <climits>
#include <utility>

namespace cordon::helperd {

namespace {

// Multi-label public suffixes under which "*.parent" would hand out other people's names: the
// common second-level registries and the big shared hosting domains of the Public Suffix List
// (https://publicsuffix.org/list/). A small built-in subset on purpose: a suffix missing here
// only means a too-wide *suggestion*, which the person still has to choose explicitly, and the
// proxy refuses single-label parents ("*.com") by itself.
const QSet<QString>& publicSuffixes()
{
    static const QSet<QString> suffixes = {
        // United Kingdom
        QStringLiteral("co.uk"),
        QStringLiteral("org.uk"),
        QStringLiteral("ac.uk"),
        QStringLiteral("gov.uk"),
        QStringLiteral("me.uk"),
        QStringLiteral("ltd.uk"),
        QStringLiteral("plc.uk"),
        QStringLiteral("net.uk"),
        QStringLiteral("sch.uk"),
        QStringLiteral("nhs.uk"),
        QStringLiteral("police.uk"),
        // Australia, New Zealand
        QStringLiteral("com.au"),
        QStringLiteral("net.au"),
        QStringLiteral("org.au"),
        QStringLiteral("edu.au"),
        QStringLiteral("gov.au"),
        QStringLiteral("id.au"),
        QStringLiteral("co.nz"),
        QStringLiteral("net.nz"),
        QStringLiteral("org.nz"),
        QStringLiteral("govt.nz"),
        QStringLiteral("ac.nz"),
        // Asia
        QStringLiteral("co.jp"),
        QStringLiteral("ne.jp"),
        QStringLiteral("or.jp"),
        QStringLiteral("ac.jp"),
        QStringLiteral("go.jp"),
        QStringLiteral("co.kr"),
        QStringLiteral("or.kr"),
        QStringLiteral("go.kr"),
        QStringLiteral("com.cn"),
        QStringLiteral("net.cn"),
        QStringLiteral("org.cn"),
        QStringLiteral("gov.cn"),
        QStringLiteral("edu.cn"),
        QStringLiteral("com.hk"),
        QStringLiteral("org.hk"),
        QStringLiteral("com.tw"),
        QStringLiteral("org.tw"),
        QStringLiteral("com.sg"),
        QStringLiteral("edu.sg"),
        QStringLiteral("gov.sg"),
        QStringLiteral("co.in"),
        QStringLiteral("net.in"),
        QStringLiteral("org.in"),
        QStringLiteral("gov.in"),
        QStringLiteral("ac.in"),
        QStringLiteral("co.id"),
        QStringLiteral("or.id"),
        QStringLiteral("com.my"),
        QStringLiteral("com.ph"),
        QStringLiteral("com.vn"),
        QStringLiteral("co.th"),
        QStringLiteral("ac.th"),
        QStringLiteral("com.pk"),
        QStringLiteral("co.il"),
        QStringLiteral("org.il"),
        QStringLiteral("ac.il"),
        QStringLiteral("com.sa"),
        QStringLiteral("com.tr"),
        QStringLiteral("gov.tr"),
        // Americas, Africa, Europe
        QStringLiteral("com.br"),
        QStringLiteral("net.br"),
        QStringLiteral("org.br"),
        QStringLiteral("gov.br"),
        QStringLiteral("com.mx"),
        QStringLiteral("org.mx"),
        QStringLiteral("gob.mx"),
        QStringLiteral("com.ar"),
        QStringLiteral("gob.ar"),
        QStringLiteral("com.co"),
        QStringLiteral("com.pe"),
        QStringLiteral("co.za"),
        QStringLiteral("org.za"),
        QStringLiteral("gov.za"),
        QStringLiteral("com.ng"),
        QStringLiteral("com.eg"),
        QStringLiteral("co.ke"),
        QStringLiteral("com.ua"),
        QStringLiteral("com.pl"),
        QStringLiteral("co.at"),
        QStringLiteral("or.at"),
        QStringLiteral("com.es"),
        QStringLiteral("com.gr"),
        QStringLiteral("com.pt"),
        // Shared hosting: every subdomain belongs to someone else
        QStringLiteral("github.io"),
        QStringLiteral("githubusercontent.com"),
        QStringLiteral("gitlab.io"),
        QStringLiteral("herokuapp.com"),
        QStringLiteral("appspot.com"),
        QStringLiteral("blogspot.com"),
        QStringLiteral("cloudfront.net"),
        QStringLiteral("azurewebsites.net"),
        QStringLiteral("cloudapp.net"),
        QStringLiteral("azureedge.net"),
        QStringLiteral("s3.amazonaws.com"),
        QStringLiteral("compute.amazonaws.com"),
        QStringLiteral("elasticbeanstalk.com"),
        QStringLiteral("firebaseapp.com"),
        QStringLiteral("web.app"),
        QStringLiteral("netlify.app"),
        QStringLiteral("vercel.app"),
        QStringLiteral("pages.dev"),
        QStringLiteral("workers.dev"),
        QStringLiteral("r2.dev"),
        QStringLiteral("fly.dev"),
        QStringLiteral("onrender.com"),
        QStringLiteral("readthedocs.io"),
        QStringLiteral("ngrok.io"),
        QStringLiteral("ngrok-free.app"),
        QStringLiteral("trycloudflare.com"),
        QStringLiteral("glitch.me"),
        QStringLiteral("repl.co"),
        QStringLiteral("deno.dev"),
        QStringLiteral("surge.sh"),
    };
    return suffixes;
}

QString normalizedHost(const QString& host)
{
    QString h = host.toLower();
    if (h.endsWith(u'.'))
        h.chop(1);
    return h;
}

bool isIpLiteral(const QString& host)
{
    if (host.contains(u':') || host.startsWith(u'['))
        return true;
    // The proxy refuses every numeric spelling but the canonical dotted quad; whatever its last
    // label is all digits (or hex) is an address, never a name to widen.
    const QString last = host.section(u'.', -1);
    if (last.isEmpty())
        return false;
    if (last.startsWith(QLatin1String("0x")))
        return true;
    for (const QChar c : last) {
        if (!c.isDigit())
            return false;
    }
    return true;
}

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

QString decisionName(Decision decision)
{
    switch (decision) {
    case Decision::Deny: return QStringLiteral("deny");
    case Decision::Once: return QStringLiteral("once");
    case Decision::Session: return QStringLiteral("session");
    case Decision::Always: return QStringLiteral("always");
    case Decision::Extend: return QStringLiteral("extend");
    }
    return QStringLiteral("deny");
}

std::optional<Decision> decisionFromName(const QString& name)
{
    for (const Decision d : {Decision::Deny, Decision::Once, Decision::Session, Decision::Always, Decision::Extend}) {
        if (name == decisionName(d))
            return d;
    }
    return std::nullopt;
}

QString scopeName(Scope scope)
{
    return scope == Scope::Domain ? QStringLiteral("domain") : QStringLiteral("host");
}

std::optional<Scope> scopeFromName(const QString& name)
{
    if (name == QLatin1String("host"))
        return Scope::Host;
    if (name == QLatin1String("domain"))
        return Scope::Domain;
    return std::nullopt;
}

QString resolvedByName(ResolvedBy by)
{
    switch (by) {
    case ResolvedBy::Client: return QStringLiteral("client");
    case ResolvedBy::Timeout: return QStringLiteral("timeout");
    case ResolvedBy::Unattended: return QStringLiteral("unattended");
    case ResolvedBy::SessionEnded: return QStringLiteral("session-ended");
    case ResolvedBy::Policy: return QStringLiteral("policy");
    }
    return QStringLiteral("timeout");
}

QString kindName(EscalationRequest::Kind kind)
{
    switch (kind) {
    case EscalationRequest::Kind::Net: return QStringLiteral("net");
    case EscalationRequest::Kind::Secret: return QStringLiteral("secret");
    case EscalationRequest::Kind::Time: return QStringLiteral("time");
    }
    return QStringLiteral("net");
}

QString hostPattern(const QString& host, int port)
{
    QString h = normalizedHost(host);
    if (h.contains(u':') && !h.startsWith(u'['))
        h = u'[' + h + u']';
    return h + u':' + QString::number(port);
}

bool isKnownPublicSuffix(const QString& domain)
{
    return publicSuffixes().contains(normalizedHost(domain));
}

QString domainSuggestion(const QString& host, int port)
{
    const QString h = normalizedHost(host);
    if (h.isEmpty() || isIpLiteral(h))
        return QString();
    const qsizetype dot = h.indexOf(u'.');
    if (dot <= 0)
        return QString();
    const QString parent = h.mid(dot + 1);
    // The parent needs two labels: "*.com" would be a whole top-level domain.
    if (!parent.contains(u'.') || parent.startsWith(u'.') || parent.contains(QLatin1String("..")))
        return QString();
    if (publicSuffixes().contains(parent))
        return QString();
    return QStringLiteral("*.") + parent + u':' + QString::number(port);
}

QJsonObject EscalationRequest::toJson() const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("session"), session},
        {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace},
        {QStringLiteral("kind"), kindName(kind)},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("pid"), pid},
        {QStringLiteral("exe"), exe},
        {QStringLiteral("argv"), toArray(argv)},
        {QStringLiteral("time"), timeMs},
        {QStringLiteral("deadline"), deadlineMs},
        {QStringLiteral("choices"), toArray(choices)},
        {QStringLiteral("scopes"), toArray(scopes)},
    };
    if (kind == Kind::Net) {
        o.insert(QStringLiteral("host"), host);
        o.insert(QStringLiteral("port"), port);
    }
    if (!domain.isEmpty())
        o.insert(QStringLiteral("domain"), domain);
    return o;
}

EscalationBroker::EscalationBroker(Clock clock, QObject* parent) : QObject(parent), m_clock(std::move(clock))
{
    qRegisterMetaType<EscalationRequest>();
    qRegisterMetaType<Resolution>();
    qRegisterMetaType<uid_t>("uid_t");
}

EscalationBroker::~EscalationBroker() = default;

qint64 EscalationBroker::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 EscalationBroker::raise(EscalationRequest request, std::chrono::milliseconds timeout, bool waitForClient,
    bool promptsAllowed, bool alwaysAllowed, std::function<void(Resolution&)> answer)
{
    const qint64 id = m_nextId++;
    const qint64 timeoutMs = std::max<qint64>(0, timeout.count());
    request.id = id;
    request.timeMs = now();
    request.deadlineMs = request.timeMs + timeoutMs;
    request.domain.clear();
    if (request.kind == EscalationRequest::Kind::Time) {
        request.choices = {decisionName(Decision::Deny), decisionName(Decision::Extend)};
        if (request.subject.isEmpty())
            request.subject = QStringLiteral("timebox");
    } else {
        request.choices = {decisionName(Decision::Deny), decisionName(Decision::Once), decisionName(Decision::Session)};
        if (alwaysAllowed)
            request.choices.append(decisionName(Decision::Always));
    }
    if (request.kind == EscalationRequest::Kind::Net) {
        if (request.subject.isEmpty())
            request.subject = hostPattern(request.host, request.port);
        request.domain = domainSuggestion(request.host, request.port);
    }
    request.scopes = {scopeName(Scope::Host)};
    if (!request.domain.isEmpty())
        request.scopes.append(scopeName(Scope::Domain));

    Resolution immediate;
    immediate.requestId = id;
    immediate.decision = Decision::Deny;
    if (!promptsAllowed) {
        immediate.by = ResolvedBy::Policy;
        finish(request, std::move(answer), immediate);
        return id;
    }
    if (clientCount(request.uid) <= 0 && !waitForClient) {
        immediate.by = ResolvedBy::Unattended;
        finish(request, std::move(answer), immediate);
        return id;
    }

    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    connect(timer, &QTimer::timeout, this, [this, id] {
        Resolution r;
        r.requestId = id;
        r.decision = Decision::Deny;
        r.by = ResolvedBy::Timeout;
        resolve(id, r);
    });
    m_pending.emplace(id, Pending{request, std::move(answer), timer});
    timer->start(static_cast<int>(std::min<qint64>(timeoutMs, INT_MAX)));
    Q_EMIT raised(request);
    return id;
}

bool EscalationBroker::decide(
    uid_t uid, qint64 id, Decision decision, Scope scope, int minutes, protocol::ProtocolError* error)
{
    const auto fail = [error](protocol::ErrorCode code, const QString& message) {
        if (error) {
            error->code = code;
            error->message = message;
        }
        return false;
    };
    const auto it = m_pending.find(id);
    if (it == m_pending.end() || it->second.request.uid != uid) {
        const auto done = m_resolved.constFind(id);
        if (it == m_pending.end() && done != m_resolved.constEnd() && done.value() == uid)
            return fail(protocol::ErrorCode::AlreadyDecided, QStringLiteral("request %1 is already decided").arg(id));
        // One message for "never existed", "forgotten" and "another user's": no oracle.
        return fail(protocol::ErrorCode::NotFound, QStringLiteral("no pending request %1").arg(id));
    }
    const EscalationRequest& request = it->second.request;
    if (!request.choices.contains(decisionName(decision)))
        return fail(protocol::ErrorCode::Invalid,
            QStringLiteral("request %1 does not offer \"%2\"").arg(id).arg(decisionName(decision)));
    if (!request.scopes.contains(scopeName(scope)))
        return fail(protocol::ErrorCode::Invalid,
            QStringLiteral("request %1 does not offer scope \"%2\"").arg(id).arg(scopeName(scope)));
    if (decision == Decision::Extend) {
        if (minutes < 1 || minutes > kMaxExtendMinutes)
            return fail(protocol::ErrorCode::Invalid,
                QStringLiteral("minutes: expected 1 to %1 with \"extend\"").arg(kMaxExtendMinutes));
    } else if (minutes != 0) {
        return fail(protocol::ErrorCode::Invalid, QStringLiteral("minutes: only with \"extend\""));
    }

    Resolution r;
    r.requestId = id;
    r.decision = decision;
    r.scope = scope;
    r.by = ResolvedBy::Client;
    r.minutes = minutes;
    resolve(id, r);
    return true;
}

void EscalationBroker::resolve(qint64 id, Resolution resolution)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending p = std::move(it->second);
    m_pending.erase(it);
    // Deleted later: this may run inside the timer's own timeout signal.
    p.timer->stop();
    p.timer->deleteLater();
    finish(p.request, std::move(p.answer), resolution);
}

void EscalationBroker::finish(
    const EscalationRequest& request, std::function<void(Resolution&)> answer, const Resolution& resolution)
{
    Resolution r = resolution;
    switch (request.kind) {
    case EscalationRequest::Kind::Net:
        r.pattern = r.scope == Scope::Domain ? request.domain : hostPattern(request.host, request.port);
        break;
    case EscalationRequest::Kind::Secret: r.pattern = request.subject; break;
    case EscalationRequest::Kind::Time: r.pattern.clear(); break;
    }
    remember(request.id, request.uid);
    if (answer) {
        // Only the grant id comes back from the callback: what was decided, by whom and for which
        // pattern stays the broker's word (a timeout stays a deny whatever the callback does).
        Resolution answered = r;
        answer(answered);
        r.grantId = answered.grantId;
    }
    Q_EMIT resolved(request.uid, r, request.session);
}

void EscalationBroker::remember(qint64 id, uid_t uid)
{
    m_resolved.insert(id, uid);
    m_resolvedOrder.push_back(id);
    while (m_resolvedOrder.size() > static_cast<size_t>(kRememberedResolved)) {
        m_resolved.remove(m_resolvedOrder.front());
        m_resolvedOrder.pop_front();
    }
}

void EscalationBroker::setClientCount(uid_t uid, int escalationSubscribers)
{
    if (escalationSubscribers <= 0)
        m_clients.remove(uid);
    else
        m_clients.insert(uid, escalationSubscribers);
}

int EscalationBroker::clientCount(uid_t uid) const
{
    return m_clients.value(uid, 0);
}

void EscalationBroker::endSession(const QString& session)
{
    QList<qint64> ids;
    for (const auto& [id, p] : m_pending) {
        if (p.request.session == session)
            ids.append(id);
    }
    for (const qint64 id : ids) {
        Resolution r;
        r.requestId = id;
        r.decision = Decision::Deny;
        r.by = ResolvedBy::SessionEnded;
        resolve(id, r); // a callback may have resolved a later one already: resolve() skips it
    }
}

QList<EscalationRequest> EscalationBroker::pending(uid_t uid) const
{
    QList<EscalationRequest> list;
    for (const auto& [id, p] : m_pending) {
        if (p.request.uid == uid)
            list.append(p.request);
    }
    return list;
}

int EscalationBroker::pendingCount(const QString& session) const
{
    int n = 0;
    for (const auto& [id, p] : m_pending) {
        if (p.request.session == session)
            ++n;
    }
    return n;
}

} // namespace cordon::helperd
