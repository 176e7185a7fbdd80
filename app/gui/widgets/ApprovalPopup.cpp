#include "ApprovalPopup.h"

#include "Clock.h"
#include "EventPresentation.h"
#include "HelperConnection.h"
#include "InertText.h"
#include "SessionEventTail.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cordon::gui {

namespace {

constexpr int kMinimumWidth = 520;

// Shows `text` (already composed from inert parts) as plain text: a label never interprets what
// the agent wrote as rich text.
void setPlainLabelText(QLabel* label, const QString& text)
{
    label->setTextFormat(Qt::PlainText);
    label->setText(text);
}

QString field(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

bool offers(const QJsonObject& request, const char* list, const char* word)
{
    return request.value(QLatin1String(list)).toArray().contains(QJsonValue(QLatin1String(word)));
}

// One argument as a person would type it: quoted when it has spaces or is empty; inert.
QString shellWord(const QString& arg)
{
    const QString inert = InertText::render(arg, 400);
    if (!inert.isEmpty() && !inert.contains(u' ') && !inert.contains(u'\'') && !inert.contains(u'"'))
        return inert;
    QString quoted = inert;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

ApprovalPopup::ApprovalPopup(HelperConnection* connection, const Clock* clock, SessionEventTail* tail, QWidget* parent)
    : QWidget(parent, Qt::Window | Qt::WindowStaysOnTopHint | Qt::WindowTitleHint | Qt::WindowCloseButtonHint)
    , m_connection(connection)
    , m_clock(clock)
    , m_tail(tail)
{
    setObjectName(QStringLiteral("approvalPopup"));
    // Qt adds " — Cordon" (the application display name) to the title itself.
    setWindowTitle(tr("An agent asks"));
    setWindowIcon(QIcon(QStringLiteral(":/cordon/icons/cordon.svg")));

    m_queueLabel = new QLabel(this);
    m_queueLabel->setObjectName(QStringLiteral("queueLabel"));
    m_headlineLabel = new QLabel(this);
    m_headlineLabel->setObjectName(QStringLiteral("headlineLabel"));
    m_headlineLabel->setWordWrap(true);
    m_subjectField = new QLineEdit(this);
    m_subjectField->setObjectName(QStringLiteral("subjectLineEdit"));
    m_subjectField->setReadOnly(true);
    m_subjectField->setFrame(false);
    m_subjectField->setFocusPolicy(Qt::ClickFocus);
    QFont subjectFont = m_subjectField->font();
    subjectFont.setBold(true);
    subjectFont.setPointSizeF(subjectFont.pointSizeF() * 1.25);
    m_subjectField->setFont(subjectFont);
    QPalette subjectPalette = m_subjectField->palette();
    subjectPalette.setColor(QPalette::Base, subjectPalette.color(QPalette::Window));
    m_subjectField->setPalette(subjectPalette);
    m_agentLabel = new QLabel(this);
    m_agentLabel->setObjectName(QStringLiteral("agentLabel"));
    m_agentLabel->setWordWrap(true);

    auto* processCaption = new QLabel(tr("Asked by:"), this);
    m_processView = new QPlainTextEdit(this);
    m_processView->setObjectName(QStringLiteral("processPlainTextEdit"));
    m_processView->setReadOnly(true);
    m_processView->setFocusPolicy(Qt::ClickFocus);
    m_processView->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_processView->setFixedHeight(fontMetrics().lineSpacing() * 3 + 12);
    processCaption->setBuddy(m_processView);

    auto* eventsCaption = new QLabel(tr("Just before, this session:"), this);
    m_eventsLabel = new QLabel(this);
    m_eventsLabel->setObjectName(QStringLiteral("eventsLabel"));
    m_eventsLabel->setTextFormat(Qt::PlainText);
    m_eventsLabel->setWordWrap(true);
    m_eventsLabel->setForegroundRole(QPalette::PlaceholderText);

    m_scopeGroupBox = new QGroupBox(tr("Allow"), this);
    m_scopeGroupBox->setObjectName(QStringLiteral("scopeGroupBox"));
    m_scopeHostButton = new QRadioButton(m_scopeGroupBox);
    m_scopeHostButton->setObjectName(QStringLiteral("scopeHostRadioButton"));
    m_scopeDomainButton = new QRadioButton(m_scopeGroupBox);
    m_scopeDomainButton->setObjectName(QStringLiteral("scopeDomainRadioButton"));
    auto* scopeLayout = new QVBoxLayout(m_scopeGroupBox);
    scopeLayout->addWidget(m_scopeHostButton);
    scopeLayout->addWidget(m_scopeDomainButton);

    m_countdownLabel = new QLabel(this);
    m_countdownLabel->setObjectName(QStringLiteral("countdownLabel"));
    m_countdownBar = new QProgressBar(this);
    m_countdownBar->setObjectName(QStringLiteral("countdownProgressBar"));
    m_countdownBar->setTextVisible(false);
    m_countdownBar->setMaximumHeight(6);

    m_denyButton = new QPushButton(tr("&Deny"), this);
    m_denyButton->setObjectName(QStringLiteral("denyButton"));
    m_denyButton->setDefault(true);
    m_denyButton->setAutoDefault(true);
    m_onceButton = new QPushButton(tr("Allow &once"), this);
    m_onceButton->setObjectName(QStringLiteral("onceButton"));
    m_sessionButton = new QPushButton(tr("Allow for this &session"), this);
    m_sessionButton->setObjectName(QStringLiteral("sessionButton"));
    m_alwaysButton = new QPushButton(tr("&Always allow"), this);
    m_alwaysButton->setObjectName(QStringLiteral("alwaysButton"));
    m_extendButton = new QPushButton(tr("Allow &more time"), this);
    m_extendButton->setObjectName(QStringLiteral("extendButton"));
    m_extendMinutesSpinBox = new QSpinBox(this);
    m_extendMinutesSpinBox->setObjectName(QStringLiteral("extendMinutesSpinBox"));
    m_extendMinutesSpinBox->setRange(1, 1440);
    m_extendMinutesSpinBox->setValue(30);
    m_extendMinutesSpinBox->setSuffix(tr(" min"));
    m_denyAllButton = new QPushButton(tr("Deny a&ll"), this);
    m_denyAllButton->setObjectName(QStringLiteral("denyAllButton"));
    for (QPushButton* b : {m_onceButton, m_sessionButton, m_alwaysButton, m_extendButton, m_denyAllButton})
        b->setAutoDefault(false);

    connect(m_denyButton, &QPushButton::clicked, this, [this] { decide(QStringLiteral("deny")); });
    connect(m_onceButton, &QPushButton::clicked, this, [this] { decide(QStringLiteral("once")); });
    connect(m_sessionButton, &QPushButton::clicked, this, [this] { decide(QStringLiteral("session")); });
    connect(m_alwaysButton, &QPushButton::clicked, this, [this] { decide(QStringLiteral("always")); });
    connect(m_extendButton, &QPushButton::clicked, this, [this] { decide(QStringLiteral("extend")); });
    connect(m_denyAllButton, &QPushButton::clicked, this, &ApprovalPopup::denyAll);

    auto* top = new QHBoxLayout;
    top->addWidget(m_headlineLabel, 1);
    top->addWidget(m_queueLabel, 0, Qt::AlignTop);

    auto* extendRow = new QHBoxLayout;
    extendRow->addWidget(m_extendMinutesSpinBox);
    extendRow->addWidget(m_extendButton);
    extendRow->addStretch();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_denyAllButton);
    buttons->addStretch();
    buttons->addWidget(m_alwaysButton);
    buttons->addWidget(m_sessionButton);
    buttons->addWidget(m_onceButton);
    buttons->addWidget(m_denyButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_subjectField);
    layout->addWidget(m_agentLabel);
    layout->addSpacing(4);
    layout->addWidget(processCaption);
    layout->addWidget(m_processView);
    layout->addWidget(eventsCaption);
    layout->addWidget(m_eventsLabel);
    layout->addWidget(m_scopeGroupBox);
    layout->addLayout(extendRow);
    layout->addSpacing(4);
    layout->addWidget(m_countdownLabel);
    layout->addWidget(m_countdownBar);
    layout->addLayout(buttons);
    // A strut, not setMinimumWidth(): an explicit minimum would keep the layout from imposing its
    // own, and the buttons (longer in German or French) would be squeezed into clipped text.
    layout->addStrut(kMinimumWidth);

    setTabOrder(m_denyButton, m_onceButton);
    setTabOrder(m_onceButton, m_sessionButton);
    setTabOrder(m_sessionButton, m_alwaysButton);
    setTabOrder(m_alwaysButton, m_scopeHostButton);
    setTabOrder(m_scopeHostButton, m_scopeDomainButton);
    setTabOrder(m_scopeDomainButton, m_extendMinutesSpinBox);
    setTabOrder(m_extendMinutesSpinBox, m_extendButton);
    setTabOrder(m_extendButton, m_denyAllButton);

    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &ApprovalPopup::tick);
    m_armTimer.setSingleShot(true);
    connect(&m_armTimer, &QTimer::timeout, this, [this] { arm(true); });

    if (m_connection) {
        connect(m_connection, &HelperConnection::escalationReceived, this, &ApprovalPopup::enqueue);
        connect(m_connection, &HelperConnection::resolved, this,
            [this](const QJsonObject& message) { removeRequest(message.value(QLatin1String("request")).toInteger()); });
        connect(m_connection, &HelperConnection::ready, this, [this] {
            // After a reconnect: what is still pending is asked again; what was settled meanwhile goes.
            // Only requests queued before asking can be stale: one pushed after the question
            // was sent is newer than the answer.
            const QList<qint64> before = queuedIds();
            m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("pending")}},
                [this, before, self = QPointer<ApprovalPopup>(this)](const QJsonObject& reply) {
                    if (!self || HelperConnection::isError(reply))
                        return;
                    QSet<qint64> still;
                    for (const QJsonValue& value : reply.value(QLatin1String("requests")).toArray()) {
                        still.insert(value.toObject().value(QLatin1String("id")).toInteger());
                        enqueue(value.toObject());
                    }
                    for (qint64 id : before)
                        if (!still.contains(id))
                            removeRequest(id);
                });
        });
    }
    if (m_tail)
        connect(m_tail, &SessionEventTail::changed, this, [this](const QString& session) {
            if (!m_queue.isEmpty() && field(m_queue.constFirst(), "session") == session)
                refreshEvents();
        });
}

qint64 ApprovalPopup::currentRequestId() const
{
    return m_queue.isEmpty() ? 0 : m_queue.constFirst().value(QLatin1String("id")).toInteger();
}

QList<qint64> ApprovalPopup::queuedIds() const
{
    QList<qint64> ids;
    for (const QJsonObject& r : m_queue)
        ids.append(r.value(QLatin1String("id")).toInteger());
    return ids;
}

void ApprovalPopup::enqueue(const QJsonObject& request)
{
    const qint64 id = request.value(QLatin1String("id")).toInteger();
    if (id <= 0 || queuedIds().contains(id))
        return;
    m_queue.append(request);
    Q_EMIT queueSizeChanged(queueSize());
    if (m_queue.size() == 1)
        showCurrent();
    else
        tick(); // the count
    if (!isVisible()) {
        show();
        raise();
        activateWindow();
    }
}

void ApprovalPopup::removeRequest(qint64 id)
{
    for (int i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).value(QLatin1String("id")).toInteger() != id)
            continue;
        m_queue.removeAt(i);
        Q_EMIT queueSizeChanged(queueSize());
        if (i == 0)
            showCurrent();
        else
            tick();
        return;
    }
}

void ApprovalPopup::showCurrent()
{
    if (m_queue.isEmpty()) {
        m_tick.stop();
        hide();
        return;
    }
    const QJsonObject& r = m_queue.constFirst();
    const QString kind = field(r, "kind");
    const QString profile = InertText::render(field(r, "profile"), 80);
    const QString subject = InertText::render(field(r, "subject"), 300);
    if (kind == QLatin1String("secret"))
        setPlainLabelText(m_headlineLabel, tr("%1 asks for a secret:").arg(profile));
    else if (kind == QLatin1String("time"))
        setPlainLabelText(m_headlineLabel, tr("%1 has reached its time limit and asks for more time.").arg(profile));
    else
        setPlainLabelText(m_headlineLabel, tr("%1 wants to connect to:").arg(profile));
    m_subjectField->setText(kind == QLatin1String("time") ? tr("More time") : subject);
    m_subjectField->setCursorPosition(0);
    m_subjectField->setToolTip(InertText::render(field(r, "subject")));
    setPlainLabelText(m_agentLabel,
        tr("Profile %1 · workspace %2 · session %3")
            .arg(profile, InertText::render(field(r, "workspace"), 200), InertText::render(field(r, "session"), 64)));

    QStringList words;
    for (const QJsonValue& arg : r.value(QLatin1String("argv")).toArray())
        words.append(shellWord(arg.toString()));
    m_processView->setPlainText(tr("%1 (pid %2)\n%3")
                                    .arg(InertText::render(field(r, "exe"), 400))
                                    .arg(r.value(QLatin1String("pid")).toInteger())
                                    .arg(words.join(u' ')));

    const bool net = kind == QLatin1String("net");
    const bool domainOffered = net && offers(r, "scopes", "domain") && r.contains(QLatin1String("domain"));
    m_scopeGroupBox->setVisible(domainOffered);
    m_scopeHostButton->setText(tr("Only this &host: %1").arg(subject));
    m_scopeDomainButton->setText(tr("Any host in &this domain: %1").arg(InertText::render(field(r, "domain"), 200)));
    m_scopeHostButton->setChecked(true); // scope widens only by an explicit choice

    m_onceButton->setVisible(offers(r, "choices", "once"));
    m_sessionButton->setVisible(offers(r, "choices", "session"));
    m_alwaysButton->setVisible(offers(r, "choices", "always"));
    const bool extend = offers(r, "choices", "extend");
    m_extendButton->setVisible(extend);
    m_extendMinutesSpinBox->setVisible(extend);

    const qint64 total = r.value(QLatin1String("deadline")).toInteger() - r.value(QLatin1String("time")).toInteger();
    m_countdownBar->setRange(0, static_cast<int>(qBound<qint64>(1, total / 100, qint64(1000000))));
    refreshEvents();
    tick();
    if (!m_tick.isActive())
        m_tick.start();
    // Deny is the default for every request. QPushButton drops its default mark when it loses the
    // focus outside a QDialog (a click on Allow once did that), so set it again each time.
    m_denyButton->setDefault(true);
    m_denyButton->setFocus();
    arm(m_armDelayMs <= 0);
    if (m_armDelayMs > 0)
        m_armTimer.start(m_armDelayMs);
    adjustSize();
}

void ApprovalPopup::refreshEvents()
{
    if (m_queue.isEmpty() || !m_tail) {
        m_eventsLabel->clear();
        return;
    }
    QStringList lines;
    for (const QJsonObject& e : m_tail->events(field(m_queue.constFirst(), "session")))
        lines.append(QStringLiteral("%1  %2  %3")
                         .arg(QDateTime::fromMSecsSinceEpoch(e.value(QLatin1String("time")).toInteger())
                                  .toString(QStringLiteral("HH:mm:ss")),
                             EventPresentation::kindLabel(field(e, "kind")), EventPresentation::summary(e, 90)));
    m_eventsLabel->setText(lines.isEmpty() ? tr("(no events seen yet)") : lines.join(u'\n'));
}

void ApprovalPopup::arm(bool armed)
{
    for (QPushButton* b : {m_onceButton, m_sessionButton, m_alwaysButton, m_extendButton})
        b->setEnabled(armed);
}

qint64 ApprovalPopup::remainingMs() const
{
    if (m_queue.isEmpty())
        return 0;
    return qMax<qint64>(0, m_queue.constFirst().value(QLatin1String("deadline")).toInteger() - m_clock->nowMs());
}

void ApprovalPopup::tick()
{
    const int waiting = queueSize();
    m_queueLabel->setText(waiting > 1 ? tr("1 of %1").arg(waiting) : QString());
    m_queueLabel->setVisible(waiting > 1);
    m_denyAllButton->setVisible(waiting > 1);
    if (m_queue.isEmpty())
        return;
    const qint64 remaining = remainingMs();
    if (remaining <= 0) {
        // The helper denies at its deadline anyway; say so to it and move on.
        decide(QStringLiteral("deny"));
        return;
    }
    const int seconds = static_cast<int>((remaining + 999) / 1000);
    m_countdownLabel->setText(
        tr("Denied automatically in %1")
            .arg(QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'))));
    m_countdownBar->setValue(static_cast<int>(qMin<qint64>(remaining / 100, m_countdownBar->maximum())));
}

void ApprovalPopup::decide(const QString& decision)
{
    if (m_queue.isEmpty())
        return;
    const QJsonObject request = m_queue.takeFirst();
    const qint64 id = request.value(QLatin1String("id")).toInteger();
    QString scope;
    if (decision != QLatin1String("deny") && decision != QLatin1String("extend") && m_scopeGroupBox->isVisible())
        scope = m_scopeDomainButton->isChecked() ? QStringLiteral("domain") : QStringLiteral("host");
    sendDecision(id, decision, scope, decision == QLatin1String("extend") ? m_extendMinutesSpinBox->value() : 0);
    Q_EMIT queueSizeChanged(queueSize());
    showCurrent();
}

void ApprovalPopup::sendDecision(qint64 request, const QString& decision, const QString& scope, int minutes)
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request"), request},
        {QStringLiteral("decision"), decision}};
    if (!scope.isEmpty())
        message.insert(QStringLiteral("scope"), scope);
    if (minutes > 0)
        message.insert(QStringLiteral("minutes"), minutes);
    // "already-decided" or "not-found" just mean someone (or the deadline) was first: nothing to do.
    m_connection->send(message);
    Q_EMIT answered(request, decision);
}

void ApprovalPopup::denyAll()
{
    QSet<qint64> denied;
    while (!m_queue.isEmpty()) {
        const qint64 id = m_queue.takeFirst().value(QLatin1String("id")).toInteger();
        denied.insert(id);
        sendDecision(id, QStringLiteral("deny"), {}, 0);
    }
    Q_EMIT queueSizeChanged(0);
    showCurrent();
    // Requests this app has not seen yet (raised while it was reconnecting) are denied too
    // (docs/protocol.md: "deny all" is a client-side loop over `pending`).
    m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("pending")}},
        [this, denied, self = QPointer<ApprovalPopup>(this)](const QJsonObject& reply) {
            if (!self || HelperConnection::isError(reply))
                return;
            for (const QJsonValue& value : reply.value(QLatin1String("requests")).toArray()) {
                const qint64 id = value.toObject().value(QLatin1String("id")).toInteger();
                if (!denied.contains(id)) {
                    removeRequest(id);
                    sendDecision(id, QStringLiteral("deny"), {}, 0);
                }
            }
        });
}

void ApprovalPopup::keyPressEvent(QKeyEvent* event)
{
    // Esc denies; so does Enter, whatever has the focus (Allow buttons are not auto-default, so a
    // focused one passes Enter on to here): the one key that answers without a choice never allows.
    if (event->key() == Qt::Key_Escape || event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        decide(QStringLiteral("deny"));
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ApprovalPopup::closeEvent(QCloseEvent* event)
{
    // Closing is a Deny of the shown request, never a silent dismissal; the next one shows.
    if (!m_queue.isEmpty()) {
        decide(QStringLiteral("deny"));
        if (!m_queue.isEmpty()) {
            event->ignore();
            return;
        }
    }
    QWidget::closeEvent(event);
}

} // namespace cordon::gui
