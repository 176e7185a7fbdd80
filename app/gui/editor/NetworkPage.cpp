#include "NetworkPage.h"

#include "Duration.h"
#include "FieldMarks.h"
#include "HostNormalizer.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QShortcut>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace cordon::gui {

namespace {

// Index 0 of the tri-state combos: the key is left out and the built-in default applies.
constexpr int kDefaultIndex = 0;

} // namespace

NetworkPage::NetworkPage(QWidget* parent) : EditorPage(parent)
{
    setObjectName(QStringLiteral("networkPage"));

    auto* lists = new QHBoxLayout;
    lists->addWidget(buildList(&m_allow, QStringLiteral("allow"), tr("&Allowed hosts")), 1);
    lists->addWidget(buildList(&m_deny, QStringLiteral("deny"), tr("&Denied hosts")), 1);

    m_managedDenyBox = new QGroupBox(tr("Denied by your organization"), this);
    m_managedDenyBox->setObjectName(QStringLiteral("managedDenyGroupBox"));
    m_managedDenyModel = new QStandardItemModel(this);
    m_managedDenyView = new QListView(m_managedDenyBox);
    m_managedDenyView->setObjectName(QStringLiteral("managedDenyListView"));
    m_managedDenyView->setModel(m_managedDenyModel);
    m_managedDenyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_managedDenyView->setMaximumHeight(70);
    m_managedDenyLock = new LockLabel(QStringLiteral("managedDenyLockLabel"), m_managedDenyBox);
    auto* managedLayout = new QVBoxLayout(m_managedDenyBox);
    managedLayout->addWidget(m_managedDenyView);
    managedLayout->addWidget(m_managedDenyLock);
    m_managedDenyBox->setVisible(false);

    auto* testBox = new QGroupBox(tr("Test a host"), this);
    m_testHost = new QLineEdit(testBox);
    m_testHost->setObjectName(QStringLiteral("testHostLineEdit"));
    m_testHost->setPlaceholderText(tr("host or host:port, e.g. api.example.com:443"));
    setAlwaysEditable(m_testHost);
    m_testResult = new QLabel(testBox);
    m_testResult->setObjectName(QStringLiteral("testHostResultLabel"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* testLabel = new QLabel(tr("&Host:"), testBox);
    testLabel->setBuddy(m_testHost);
    auto* testLayout = new QGridLayout(testBox);
    testLayout->addWidget(testLabel, 0, 0);
    testLayout->addWidget(m_testHost, 0, 1);
    testLayout->addWidget(m_testResult, 1, 0, 1, 2);

    auto* questions = new QGroupBox(tr("Questions about other hosts"), this);
    m_askTimeout = new QLineEdit(questions);
    m_askTimeout->setObjectName(QStringLiteral("askTimeoutLineEdit"));
    m_askTimeout->setPlaceholderText(tr("60s (default)"));
    m_askTimeout->setToolTip(tr("How long a question waits for an answer (1s to 1h); no answer is a deny"));
    m_askTimeoutReason = FieldMarks::makeReasonLabel(questions, QStringLiteral("askTimeoutReasonLabel"));
    m_askTimeoutSource = FieldMarks::makeSourceLabel(questions, QStringLiteral("askTimeoutSourceLabel"));
    m_askTimeoutLock = new LockLabel(QStringLiteral("askTimeoutLockLabel"), questions);
    m_unattended = new QComboBox(questions);
    m_unattended->setObjectName(QStringLiteral("unattendedComboBox"));
    m_unattended->addItem(tr("Default (deny at once)"));
    m_unattended->addItem(tr("Deny at once"), QStringLiteral("deny"));
    m_unattended->addItem(tr("Wait for an answer"), QStringLiteral("wait"));
    m_unattended->setToolTip(tr("What happens to a question while no Cordon window is open to answer it"));
    m_unattendedReason = FieldMarks::makeReasonLabel(questions, QStringLiteral("unattendedReasonLabel"));
    m_unattendedSource = FieldMarks::makeSourceLabel(questions, QStringLiteral("unattendedSourceLabel"));
    m_unattendedLock = new LockLabel(QStringLiteral("unattendedLockLabel"), questions);
    m_allowAlways = new QComboBox(questions);
    m_allowAlways->setObjectName(QStringLiteral("allowAlwaysComboBox"));
    m_allowAlways->addItem(tr("Default (offered)"));
    m_allowAlways->addItem(tr("Offered"), true);
    m_allowAlways->addItem(tr("Not offered"), false);
    m_allowAlways->setToolTip(tr("Whether \"Always allow\" is offered, and answers saved earlier apply"));
    m_allowAlwaysReason = FieldMarks::makeReasonLabel(questions, QStringLiteral("allowAlwaysReasonLabel"));
    m_allowAlwaysSource = FieldMarks::makeSourceLabel(questions, QStringLiteral("allowAlwaysSourceLabel"));
    m_allowAlwaysLock = new LockLabel(QStringLiteral("allowAlwaysLockLabel"), questions);
    auto* form = new QFormLayout(questions);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](const QString& text, QWidget* field, QLabel* reason, QLabel* source, QWidget* lock) {
        auto* label = new QLabel(text, questions);
        label->setBuddy(field);
        form->addRow(label, stacked(questions, {field, reason, source, lock}));
    };
    row(tr("Ask &timeout:"), m_askTimeout, m_askTimeoutReason, m_askTimeoutSource, m_askTimeoutLock);
    row(tr("With no window &open:"), m_unattended, m_unattendedReason, m_unattendedSource, m_unattendedLock);
    row(tr("\"Al&ways allow\":"), m_allowAlways, m_allowAlwaysReason, m_allowAlwaysSource, m_allowAlwaysLock);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(lists, 1);
    layout->addWidget(m_managedDenyBox);
    layout->addWidget(testBox);
    layout->addWidget(questions);

    connect(m_testHost, &QLineEdit::textChanged, this, &NetworkPage::updateTest);
    connect(m_askTimeout, &QLineEdit::textChanged, this, [this] {
        m_askTimeoutSource->setText(tr("changed here"));
        Q_EMIT changed();
    });
    connect(m_unattended, &QComboBox::currentIndexChanged, this, [this] {
        m_unattendedSource->setText(tr("changed here"));
        Q_EMIT changed();
    });
    connect(m_allowAlways, &QComboBox::currentIndexChanged, this, [this] {
        m_allowAlwaysSource->setText(tr("changed here"));
        Q_EMIT changed();
    });
    connect(this, &EditorPage::changed, this, &NetworkPage::updateTest);
}

QWidget* NetworkPage::buildList(HostList* list, const QString& prefix, const QString& title)
{
    auto* box = new QGroupBox(this);
    auto* label = new QLabel(title, box);
    list->model = new QStandardItemModel(this);
    list->view = new QListView(box);
    list->view->setObjectName(prefix + QStringLiteral("ListView"));
    list->view->setModel(list->model);
    list->view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    list->view->setMinimumHeight(90);
    list->input = new QLineEdit(box);
    list->input->setObjectName(prefix + QStringLiteral("LineEdit"));
    list->input->setPlaceholderText(tr("host:port or *.domain"));
    label->setBuddy(list->input);
    list->add = new QPushButton(tr("Add"), box);
    list->add->setObjectName(prefix + QStringLiteral("AddButton"));
    list->add->setAutoDefault(false);
    list->remove = new QPushButton(tr("Remove"), box);
    list->remove->setObjectName(prefix + QStringLiteral("RemoveButton"));
    list->remove->setAutoDefault(false);
    list->reason = FieldMarks::makeReasonLabel(box, prefix + QStringLiteral("ReasonLabel"));
    list->source = FieldMarks::makeSourceLabel(box, prefix + QStringLiteral("SourceLabel"));

    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(list->input, 1);
    inputRow->addWidget(list->add);
    inputRow->addWidget(list->remove);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(label);
    layout->addWidget(list->view, 1);
    layout->addWidget(list->reason);
    layout->addLayout(inputRow);
    layout->addWidget(list->source);

    connect(list->input, &QLineEdit::returnPressed, this, [this, list] { addHost(list); });
    connect(list->add, &QPushButton::clicked, this, [this, list] { addHost(list); });
    connect(list->remove, &QPushButton::clicked, this, [this, list] { removeHost(list); });
    auto* del = new QShortcut(QKeySequence::Delete, list->view);
    del->setContext(Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, [this, list] { removeHost(list); });
    connect(list->model, &QStandardItemModel::itemChanged, this, [this] { Q_EMIT changed(); });
    return box;
}

QString NetworkPage::title() const
{
    return tr("Network");
}

void NetworkPage::addHost(HostList* list)
{
    const QString text = list->input->text().trimmed();
    if (text.isEmpty())
        return;
    auto* item = new QStandardItem(text);
    item->setToolTip(tr("changed here"));
    list->model->appendRow(item);
    list->input->clear();
    Q_EMIT changed();
}

void NetworkPage::removeHost(HostList* list)
{
    const QModelIndex current = list->view->currentIndex();
    if (!current.isValid() || list->view->editTriggers() == QAbstractItemView::NoEditTriggers)
        return;
    list->model->removeRow(current.row());
    Q_EMIT changed();
}

QStringList NetworkPage::hosts(const HostList& list) const
{
    QStringList out;
    for (int i = 0; i < list.model->rowCount(); ++i)
        out.append(list.model->item(i)->text().trimmed());
    return out;
}

void NetworkPage::load(const Profile& profile, const PageState& state)
{
    const EffectivePolicy* eff = state.effective;
    const Provenance fromProfile = eff ? eff->profileName.from : Provenance{Source::Profile, profile.origin};
    m_profileOrigin = FieldMarks::provenanceText(fromProfile);
    auto fill = [&](HostList* list, const QList<HostPattern>& patterns) {
        list->model->clear();
        for (const auto& p : patterns) {
            auto* item = new QStandardItem(p.text());
            item->setToolTip(m_profileOrigin);
            list->model->appendRow(item);
        }
        list->source->setText(tr("Each entry: %1").arg(m_profileOrigin));
    };
    fill(&m_allow, profile.networkAllow);
    fill(&m_deny, profile.networkDeny);

    m_managedDeny.clear();
    m_managedDenyModel->clear();
    QStringList files;
    if (state.context) {
        for (const auto& f : state.context->managed.policies) {
            for (const auto& h : f.networkDeny) {
                m_managedDeny.append({h, f.path});
                auto* item = new QStandardItem(FieldMarks::lockIcon(), h.text());
                item->setToolTip(FieldMarks::organizationText() + u'\n' + f.path);
                m_managedDenyModel->appendRow(item);
                if (!files.contains(f.path))
                    files.append(f.path);
            }
        }
        m_forbidPromptsFile = state.context->managed.forbidPromptsFile();
    }
    m_managedDenyBox->setVisible(!m_managedDeny.isEmpty());
    if (!m_managedDeny.isEmpty())
        m_managedDenyLock->setFile(
            files.join(u'\n'), tr("%1: these hosts are denied in every sandbox, whatever the lists above say")
                                   .arg(FieldMarks::organizationText()));

    m_askTimeout->setText(profile.askTimeout ? Duration::format(*profile.askTimeout) : QString());
    m_unattended->setCurrentIndex(!profile.unattended                           ? kDefaultIndex
                                  : *profile.unattended == UnattendedMode::Deny ? 1
                                                                                : 2);
    m_allowAlways->setCurrentIndex(!profile.allowAlways ? kDefaultIndex : *profile.allowAlways ? 1 : 2);

    if (eff) {
        m_askTimeoutSource->setText(
            tr("In effect: %1, %2")
                .arg(Duration::format(eff->askTimeout.value), FieldMarks::provenanceText(eff->askTimeout.from)));
        m_unattendedSource->setText(
            tr("In effect: %1, %2")
                .arg(unattendedModeName(eff->unattended.value), FieldMarks::provenanceText(eff->unattended.from)));
        m_allowAlwaysSource->setText(tr("In effect: %1, %2")
                                         .arg(eff->allowAlways.value ? tr("offered") : tr("not offered"),
                                             FieldMarks::provenanceText(eff->allowAlways.from)));
        if (eff->askTimeoutCeiling)
            m_askTimeoutLock->setFile(eff->askTimeoutCeiling->file,
                tr("at most %1: %2")
                    .arg(Duration::format(eff->askTimeoutCeiling->value), FieldMarks::organizationText()));
        // Values the organization decides are not the profile's to change.
        if (eff->unattended.from.source == Source::Organization) {
            m_unattended->setEnabled(false);
            m_unattendedLock->setFile(eff->unattended.from.origin);
        }
        if (eff->allowAlways.from.source == Source::Organization) {
            m_allowAlways->setEnabled(false);
            m_allowAlwaysLock->setFile(eff->allowAlways.from.origin);
        }
    }
    if (!state.lockedBy.isEmpty())
        makeReadOnly();
    updateTest();
}

void NetworkPage::contribute(QJsonObject* root, QStringList*)
{
    const QStringList allow = hosts(m_allow);
    const QStringList deny = hosts(m_deny);
    if (!allow.isEmpty())
        mergeInto(root, QStringLiteral("network"), QStringLiteral("allow"), QJsonArray::fromStringList(allow));
    if (!deny.isEmpty())
        mergeInto(root, QStringLiteral("network"), QStringLiteral("deny"), QJsonArray::fromStringList(deny));
    if (!m_askTimeout->text().trimmed().isEmpty())
        mergeInto(root, QStringLiteral("network"), QStringLiteral("askTimeout"), m_askTimeout->text().trimmed());
    if (m_unattended->currentIndex() != kDefaultIndex)
        mergeInto(
            root, QStringLiteral("network"), QStringLiteral("unattended"), m_unattended->currentData().toString());
    if (m_allowAlways->currentIndex() != kDefaultIndex)
        mergeInto(
            root, QStringLiteral("network"), QStringLiteral("allowAlways"), m_allowAlways->currentData().toBool());
}

void NetworkPage::clearErrors()
{
    for (HostList* list : {&m_allow, &m_deny}) {
        FieldMarks::clearInvalid(list->view, list->reason);
        for (int i = 0; i < list->model->rowCount(); ++i) {
            QStandardItem* item = list->model->item(i);
            if (item->data(Qt::UserRole).toBool()) {
                const QSignalBlocker block(list->model);
                item->setData(false, Qt::UserRole);
                item->setData(QVariant(), Qt::BackgroundRole);
                item->setData(QVariant(), Qt::DecorationRole);
                item->setToolTip(m_profileOrigin);
            }
        }
        list->view->viewport()->update();
    }
    FieldMarks::clearInvalid(m_askTimeout, m_askTimeoutReason);
    FieldMarks::clearInvalid(m_unattended, m_unattendedReason);
    FieldMarks::clearInvalid(m_allowAlways, m_allowAlwaysReason);
}

bool NetworkPage::showError(const QString& pointer, const QString& message)
{
    const QStringList parts = pointerParts(pointer);
    if (parts.size() < 2 || parts.at(0) != u"network")
        return false;
    const QString& key = parts.at(1);
    if (key == u"allow" || key == u"deny") {
        HostList* list = key == u"allow" ? &m_allow : &m_deny;
        QString text = message;
        bool ok = false;
        const int index = parts.size() >= 3 ? parts.at(2).toInt(&ok) : -1;
        if (ok && index >= 0 && index < list->model->rowCount()) {
            QStandardItem* item = list->model->item(index);
            const QSignalBlocker block(list->model);
            item->setData(true, Qt::UserRole);
            item->setData(QColor(0xff, 0xeb, 0xee), Qt::BackgroundRole);
            item->setData(FieldMarks::errorIcon(), Qt::DecorationRole);
            item->setToolTip(message);
            text = tr("%1: %2").arg(item->text(), message);
            list->view->viewport()->update();
        }
        FieldMarks::setInvalid(list->view, list->reason, text);
        return true;
    }
    if (key == u"askTimeout")
        FieldMarks::setInvalid(m_askTimeout, m_askTimeoutReason, message);
    else if (key == u"unattended")
        FieldMarks::setInvalid(m_unattended, m_unattendedReason, message);
    else if (key == u"allowAlways")
        FieldMarks::setInvalid(m_allowAlways, m_allowAlwaysReason, message);
    else
        FieldMarks::setInvalid(m_allow.view, m_allow.reason, message);
    return true;
}

NetworkPage::TestResult NetworkPage::testHost(const QString& input) const
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return {};
    // "host", "host:port", "[v6]:port" or a bare IPv6 address; the port defaults to 443.
    QString hostPart = text;
    int port = 443;
    bool portOk = true;
    if (text.startsWith(u'[')) {
        const auto close = text.indexOf(u']');
        if (close > 0) {
            hostPart = text.left(close + 1);
            const QString after = text.mid(close + 1);
            if (after.startsWith(u':'))
                port = after.mid(1).toInt(&portOk);
            else if (!after.isEmpty())
                portOk = false;
        }
    } else if (text.count(u':') == 1) {
        hostPart = text.section(u':', 0, 0);
        port = text.section(u':', 1).toInt(&portOk);
    } else if (text.count(u':') > 1) {
        hostPart = u'[' + text + u']';
    }
    if (!portOk || port < 1 || port > 65535)
        return {QString(), QString(), tr("Not a port: expected a number from 1 to 65535")};
    HostNormalizer::Host host;
    QString error;
    if (!HostNormalizer::normalize(hostPart.toUtf8(), &host, &error))
        return {QString(), QString(), tr("Cordon would refuse this name: %1").arg(error)};

    // The organization's denials first, so that a host both lists deny is reported as theirs.
    EgressPolicy policy;
    QList<QPair<QString, QString>> origins; // rule text -> where it comes from
    QString ignored;
    for (const auto& [pattern, file] : m_managedDeny) {
        if (policy.addDeny(pattern.text(), &ignored))
            origins.append(
                {QStringLiteral("deny:") + pattern.text(), tr("%1 (%2)").arg(FieldMarks::organizationText(), file)});
    }
    for (const QString& h : hosts(m_deny))
        if (policy.addDeny(h, &ignored))
            origins.append({QStringLiteral("deny:") + h, tr("from this profile")});
    for (const QString& h : hosts(m_allow))
        if (policy.addAllow(h, &ignored))
            origins.append({QStringLiteral("allow:") + h, tr("from this profile")});
    const EgressPolicy::Decision d = policy.decide(host, port);
    const QString target = (host.ipv6 ? u'[' + host.name + u']' : host.name) + u':' + QString::number(port);
    QString origin;
    for (const auto& [rule, from] : origins) {
        // The decision names the rule in normalized form; compare the same way.
        HostPattern p;
        QString expected;
        const QString kind = rule.section(u':', 0, 0);
        if (HostPattern::parse(rule.section(u':', 1), &p, &expected) && kind + u':' + p.text() == d.rule) {
            origin = from;
            break;
        }
    }
    switch (d.verdict) {
    case EgressPolicy::Verdict::Allow:
        return {QStringLiteral("allow"), d.rule, tr("Allow %1: rule %2, %3").arg(target, d.rule, origin)};
    case EgressPolicy::Verdict::Deny:
        return {QStringLiteral("deny"), d.rule, tr("Deny %1: rule %2, %3").arg(target, d.rule, origin)};
    case EgressPolicy::Verdict::Ask:
        if (!m_forbidPromptsFile.isEmpty())
            return {QStringLiteral("deny"), QString(),
                tr("Deny %1: no rule matches, and %2 forbids questions (%3)")
                    .arg(target, FieldMarks::organizationText(), m_forbidPromptsFile)};
        return {QStringLiteral("ask"), QString(), tr("Ask for %1: no rule matches, so Cordon asks you").arg(target)};
    }
    return {};
}

void NetworkPage::updateTest()
{
    const TestResult r = testHost(m_testHost->text());
    m_testResult->setText(r.text);
    m_testResult->setProperty("verdict", r.verdict);
    m_testResult->setProperty("rule", r.rule);
    QString color = QStringLiteral("#5f6368");
    if (r.verdict == u"allow")
        color = QStringLiteral("#2e7d32");
    else if (r.verdict == u"deny" || (r.verdict.isEmpty() && !r.text.isEmpty()))
        color = QStringLiteral("#c62828");
    else if (r.verdict == u"ask")
        color = QStringLiteral("#9a6700");
    m_testResult->setStyleSheet(QStringLiteral("color: %1;").arg(color));
}

} // namespace cordon::gui
