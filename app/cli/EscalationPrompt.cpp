#include "EscalationPrompt.h"

#include "InertText.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

constexpr int kExtendMinutes = 15;

bool offers(const QJsonObject& request, const char* field, const QString& value)
{
    return request.value(QLatin1String(field)).toArray().contains(value);
}

} // namespace

int EscalationPrompt::openTerminal()
{
    int fd;
    do {
        fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

EscalationPrompt::~EscalationPrompt()
{
    if (m_active)
        end(QString());
    if (m_fd >= 0)
        ::close(m_fd);
}

QStringList EscalationPrompt::frame(const QJsonObject& request)
{
    const QString kind = request.value(QLatin1String("kind")).toString();
    QStringList lines;
    const QString title = kind == u"time"     ? tr("cordon: the session's time is up")
                          : kind == u"secret" ? tr("cordon: a secret is requested")
                                              : tr("cordon: network access requested");
    lines.append(QStringLiteral("+-- ") + title + u' ' + QString(std::max<qsizetype>(4, 60 - title.size()), u'-'));
    lines.append(
        QStringLiteral("| ") + tr("session  %1 (profile %2)")
                                   .arg(InertText::render(request.value(QLatin1String("session")).toString(), 40),
                                       InertText::render(request.value(QLatin1String("profile")).toString(), 40)));
    if (kind == u"time") {
        lines.append(QStringLiteral("| ") + tr("the timebox ended; more time keeps the command running"));
    } else {
        const QString subject = request.value(QLatin1String("subject")).toString();
        lines.append(QStringLiteral("| ") +
                     (kind == u"secret" ? tr("secret   %1") : tr("host     %1")).arg(InertText::render(subject, 200)));
        QStringList argv;
        for (const QJsonValue& a : request.value(QLatin1String("argv")).toArray())
            argv.append(InertText::render(a.toString(), 80));
        lines.append(
            QStringLiteral("| ") + tr("process  %1 (pid %2)")
                                       .arg(InertText::render(request.value(QLatin1String("exe")).toString(), 120))
                                       .arg(request.value(QLatin1String("pid")).toInteger()));
        if (!argv.isEmpty())
            lines.append(QStringLiteral("|          ") + argv.join(u' ').left(200));
    }
    QStringList keys;
    if (kind == u"time") {
        if (offers(request, "choices", QStringLiteral("extend")))
            keys.append(tr("[e]xtend %1 min").arg(kExtendMinutes));
        keys.append(tr("[d]eny"));
    } else {
        keys.append(tr("[d]eny"));
        if (offers(request, "choices", QStringLiteral("once")))
            keys.append(tr("[o]nce"));
        if (offers(request, "choices", QStringLiteral("session")))
            keys.append(tr("[s]ession"));
        if (offers(request, "choices", QStringLiteral("always")))
            keys.append(tr("[a]lways"));
        if (answerForKey(request, 'D'))
            keys.append(tr("(%1: [D]omain-wide session)")
                            .arg(InertText::render(request.value(QLatin1String("domain")).toString(), 120)));
    }
    lines.append(QStringLiteral("| ") + keys.join(QStringLiteral("  ")));
    lines.append(QStringLiteral("+") + QString(64, u'-'));
    return lines;
}

std::optional<EscalationPrompt::Answer> EscalationPrompt::answerForKey(const QJsonObject& request, char key)
{
    const bool time = request.value(QLatin1String("kind")).toString() == u"time";
    auto choice = [&](const char* decision, const char* scope) -> std::optional<Answer> {
        const QString d = QString::fromLatin1(decision);
        if (d != u"deny" && !offers(request, "choices", d))
            return std::nullopt;
        Answer a;
        a.decision = d;
        if (!time)
            a.scope = QString::fromLatin1(scope);
        if (d == u"extend")
            a.minutes = kExtendMinutes;
        return a;
    };
    if (key == 'd')
        return choice("deny", "host");
    if (time)
        return key == 'e' ? choice("extend", "") : std::nullopt;
    switch (key) {
    case 'o': return choice("once", "host");
    case 's': return choice("session", "host");
    case 'a': return choice("always", "host");
    case 'D':
        if (!request.contains(QLatin1String("domain")) || !offers(request, "scopes", QStringLiteral("domain")))
            return std::nullopt;
        return choice("session", "domain");
    default: return std::nullopt;
    }
}

QString EscalationPrompt::describe(const Answer& answer)
{
    if (answer.decision == u"deny")
        return tr("denied");
    if (answer.decision == u"extend")
        return tr("extended by %1 min").arg(answer.minutes);
    if (answer.scope == u"domain")
        return tr("allowed: %1, domain-wide").arg(answer.decision);
    return tr("allowed: %1").arg(answer.decision);
}

void EscalationPrompt::write(const QString& text)
{
    if (m_fd < 0)
        return;
    const QByteArray bytes = text.toUtf8();
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(m_fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // a terminal that went away: the helper's timeout decides
        done += n;
    }
}

void EscalationPrompt::begin(const QJsonObject& request, qint64 nowMs)
{
    if (m_active)
        end(QString());
    m_request = request;
    m_requestId = request.value(QLatin1String("id")).toInteger();
    m_deadline = request.value(QLatin1String("deadline")).toInteger();
    m_active = true;
    // Single keys without echo: raw-ish input unless the terminal is already there. Output
    // processing is left as it is; every line ends with \r\n so that it works either way.
    m_restore = false;
    termios mode{};
    if (m_fd >= 0 && ::tcgetattr(m_fd, &mode) == 0 && (mode.c_lflag & (ICANON | ECHO))) {
        m_saved = mode;
        mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
        mode.c_cc[VMIN] = 1;
        mode.c_cc[VTIME] = 0;
        m_restore = ::tcsetattr(m_fd, TCSANOW, &mode) == 0;
    }
    write(QStringLiteral("\r\n") + frame(request).join(QStringLiteral("\r\n")) + QStringLiteral("\r\n"));
    tick(nowMs);
}

void EscalationPrompt::tick(qint64 nowMs)
{
    if (!m_active)
        return;
    const qint64 left = std::max<qint64>(0, (m_deadline - nowMs + 999) / 1000);
    const QString fallback = m_request.value(QLatin1String("kind")).toString() == u"time" ? tr("ends") : tr("denied");
    write(QStringLiteral("\r\x1b[K") + tr("  answer with one key; %1 in %2 s ").arg(fallback).arg(left));
}

std::optional<EscalationPrompt::Answer> EscalationPrompt::feed(const QByteArray& keys)
{
    if (!m_active)
        return std::nullopt;
    for (char key : keys) {
        if (auto answer = answerForKey(m_request, key))
            return answer;
    }
    return std::nullopt;
}

void EscalationPrompt::end(const QString& outcome)
{
    if (!m_active)
        return;
    write(QStringLiteral("\r\x1b[K") + (outcome.isEmpty() ? QString() : QStringLiteral("  ") + outcome) +
          QStringLiteral("\r\n"));
    if (m_restore)
        ::tcsetattr(m_fd, TCSANOW, &m_saved);
    m_restore = false;
    m_active = false;
    m_requestId = 0;
}

} // namespace cordon::cli
