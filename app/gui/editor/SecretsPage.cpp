#include "SecretsPage.h"

#include "Duration.h"
#include "FieldMarks.h"
#include "FilesPage.h"
#include "PathChooser.h"
#include "QtPathChooser.h"

#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace cordon::gui {

SecretsPage::SecretsPage(QWidget* parent) : EditorPage(parent)
{
    setObjectName(QStringLiteral("secretsPage"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("secretsListWidget"));
    m_list->setMinimumWidth(180);
    m_add = new QPushButton(tr("A&dd secret"), this);
    m_add->setObjectName(QStringLiteral("addSecretButton"));
    m_add->setAutoDefault(false);
    m_remove = new QPushButton(tr("Re&move"), this);
    m_remove->setObjectName(QStringLiteral("removeSecretButton"));
    m_remove->setAutoDefault(false);
    m_listReason = FieldMarks::makeReasonLabel(this, QStringLiteral("secretsReasonLabel"));

    m_form = new QWidget(this);
    m_form->setObjectName(QStringLiteral("secretFormWidget"));
    m_name = new QLineEdit(m_form);
    m_name->setObjectName(QStringLiteral("secretNameLineEdit"));
    m_name->setPlaceholderText(tr("GITHUB_TOKEN"));
    m_source = new QComboBox(m_form);
    m_source->setObjectName(QStringLiteral("secretSourceComboBox"));
    m_source->addItems({tr("an environment variable"), tr("a file"), tr("the keyring (Secret Service)")});
    m_env = new QLineEdit(m_form);
    m_env->setObjectName(QStringLiteral("secretEnvLineEdit"));
    m_env->setPlaceholderText(tr("a variable of Cordon's environment"));
    m_fileRow = new QWidget(m_form);
    m_file = new QLineEdit(m_fileRow);
    m_file->setObjectName(QStringLiteral("secretFileLineEdit"));
    m_file->setPlaceholderText(tr("~/.config/tool/token or /absolute/path"));
    m_fileBrowse = new QPushButton(tr("Bro&wse…"), m_fileRow);
    m_fileBrowse->setObjectName(QStringLiteral("secretFileBrowseButton"));
    m_fileBrowse->setAutoDefault(false);
    auto* fileLayout = new QHBoxLayout(m_fileRow);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(m_file, 1);
    fileLayout->addWidget(m_fileBrowse);
    m_keyring = new QPlainTextEdit(m_form);
    m_keyring->setObjectName(QStringLiteral("secretKeyringPlainTextEdit"));
    m_keyring->setPlaceholderText(tr("attribute=value, one per line, e.g. service=github"));
    m_keyring->setTabChangesFocus(true);
    m_keyring->setFixedHeight(m_keyring->fontMetrics().lineSpacing() * 3 + 12);
    m_deliver = new QComboBox(m_form);
    m_deliver->setObjectName(QStringLiteral("secretDeliverComboBox"));
    m_deliver->addItems({tr("as a variable, at launch"), tr("as a file in /run/cordon/secrets"),
        tr("when the agent asks (cordon-request)")});
    m_as = new QLineEdit(m_form);
    m_as->setObjectName(QStringLiteral("secretAsLineEdit"));
    m_as->setPlaceholderText(tr("the same as the name"));
    m_ttl = new QLineEdit(m_form);
    m_ttl->setObjectName(QStringLiteral("secretTtlLineEdit"));
    m_ttl->setPlaceholderText(tr("1h (default)"));
    m_ttl->setToolTip(tr("How long a delivery holds before it is asked again (1s to 30d)"));
    m_allowAlways = new QComboBox(m_form);
    m_allowAlways->setObjectName(QStringLiteral("secretAllowAlwaysComboBox"));
    m_allowAlways->addItems({tr("Default (not offered)"), tr("Offered"), tr("Not offered")});
    m_origin = FieldMarks::makeSourceLabel(m_form, QStringLiteral("secretOriginLabel"));
    m_deniedLock = new LockLabel(QStringLiteral("secretDeniedLockLabel"), m_form);

    m_formLayout = new QFormLayout(m_form);
    m_formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](const QString& text, QWidget* field, QWidget* focusTarget) {
        auto* reason = FieldMarks::makeReasonLabel(m_form,
            focusTarget->objectName().replace(QRegularExpression(QStringLiteral("(LineEdit|ComboBox|PlainTextEdit)$")),
                QStringLiteral("ReasonLabel")));
        m_reasons.insert(focusTarget, reason);
        auto* label = new QLabel(text, m_form);
        label->setBuddy(focusTarget);
        m_formLayout->addRow(label, stacked(m_form, {field, reason}));
    };
    row(tr("&Name:"), m_name, m_name);
    row(tr("&From:"), m_source, m_source);
    row(tr("&Variable:"), m_env, m_env);
    row(tr("F&ile:"), m_fileRow, m_file);
    row(tr("&Keyring:"), m_keyring, m_keyring);
    row(tr("D&eliver:"), m_deliver, m_deliver);
    row(tr("Variable &inside:"), m_as, m_as);
    row(tr("&Holds for:"), m_ttl, m_ttl);
    row(tr("\"&Always\":"), m_allowAlways, m_allowAlways);
    m_formLayout->addRow(QString(), stacked(m_form, {m_origin, m_deniedLock}));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    auto* left = new QVBoxLayout;
    auto* listLabel = new QLabel(tr("&Secrets:"), this);
    listLabel->setBuddy(m_list);
    left->addWidget(listLabel);
    left->addWidget(m_list, 1);
    left->addWidget(m_listReason);
    left->addLayout(buttons);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addWidget(m_form, 2);

    connect(m_list, &QListWidget::currentRowChanged, this, &SecretsPage::showDraft);
    connect(m_add, &QPushButton::clicked, this, &SecretsPage::addSecret);
    connect(m_remove, &QPushButton::clicked, this, &SecretsPage::removeSecret);
    connect(m_fileBrowse, &QPushButton::clicked, this, &SecretsPage::browseFile);
    for (QLineEdit* e : {m_name, m_env, m_file, m_as, m_ttl})
        connect(e, &QLineEdit::textChanged, this, &SecretsPage::formEdited);
    connect(m_keyring, &QPlainTextEdit::textChanged, this, &SecretsPage::formEdited);
    for (QComboBox* c : {m_source, m_deliver, m_allowAlways})
        connect(c, &QComboBox::currentIndexChanged, this, &SecretsPage::formEdited);
    showDraft(-1);
}

QString SecretsPage::title() const
{
    return tr("Secrets");
}

void SecretsPage::load(const Profile& profile, const PageState& state)
{
    m_context = state.context;
    m_drafts.clear();
    const EffectivePolicy* eff = state.effective;
    const QString origin =
        FieldMarks::provenanceText(eff ? eff->profileName.from : Provenance{Source::Profile, profile.origin});
    for (const ProfileSecret& s : profile.secrets) {
        Draft d;
        d.name = s.name;
        d.source = static_cast<int>(s.sourceKind);
        d.env = s.sourceEnv;
        d.file = s.sourceFile.text();
        QStringList attributes;
        for (const auto& [attribute, value] : s.keyringAttributes)
            attributes.append(attribute + u'=' + value);
        d.keyring = attributes.join(u'\n');
        d.deliver = static_cast<int>(s.deliver);
        if (s.deliver == ProfileSecret::Delivery::Env && s.envName != s.name)
            d.as = s.envName;
        if (s.deliver != ProfileSecret::Delivery::Env && s.ttlSeconds != ProfileSecret::kDefaultTtlSeconds)
            d.ttl = Duration::format(s.ttlSeconds);
        d.allowAlways = !s.allowAlways ? 0 : *s.allowAlways ? 1 : 2;
        d.origin = origin;
        if (eff) {
            for (const auto& e : eff->secrets) {
                if (e.secret.name == s.name && e.isDenied()) {
                    d.deniedBy = e.deniedBy;
                    d.deniedFile = e.allowAlways.from.origin;
                }
            }
        }
        m_drafts.append(d);
    }
    m_readOnly = !state.lockedBy.isEmpty();
    m_list->clear();
    for (int i = 0; i < m_drafts.size(); ++i) {
        m_list->addItem(QString());
        refreshItem(i);
    }
    if (m_readOnly)
        makeReadOnly();
    m_list->setCurrentRow(m_drafts.isEmpty() ? -1 : 0);
    showDraft(m_list->currentRow());
}

void SecretsPage::refreshItem(int row)
{
    QListWidgetItem* item = m_list->item(row);
    if (!item || row >= m_drafts.size())
        return;
    const Draft& d = m_drafts.at(row);
    item->setText(d.name.isEmpty() ? tr("(no name)") : d.name);
    if (m_problems.contains(row)) {
        item->setIcon(FieldMarks::errorIcon());
        QStringList messages;
        for (const auto& p : m_problems.value(row))
            messages.append(p.message);
        item->setToolTip(messages.join(u'\n'));
    } else if (!d.deniedBy.isEmpty()) {
        item->setIcon(FieldMarks::lockIcon());
        item->setToolTip(d.deniedBy);
    } else {
        item->setIcon(QIcon());
        item->setToolTip(d.origin);
    }
}

void SecretsPage::addSecret()
{
    Draft d;
    d.origin = tr("changed here");
    m_drafts.append(d);
    m_list->addItem(QString());
    refreshItem(static_cast<int>(m_drafts.size()) - 1);
    m_list->setCurrentRow(static_cast<int>(m_drafts.size()) - 1);
    m_name->setFocus();
    Q_EMIT changed();
}

void SecretsPage::removeSecret()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_drafts.size())
        return;
    m_drafts.removeAt(row);
    m_problems.clear();
    delete m_list->takeItem(row);
    showDraft(m_list->currentRow());
    Q_EMIT changed();
}

void SecretsPage::showDraft(int row)
{
    m_current = row;
    const bool has = row >= 0 && row < m_drafts.size();
    m_filling = true;
    const Draft d = has ? m_drafts.at(row) : Draft();
    m_name->setText(d.name);
    m_source->setCurrentIndex(d.source);
    m_env->setText(d.env);
    m_file->setText(d.file);
    m_keyring->setPlainText(d.keyring);
    m_deliver->setCurrentIndex(d.deliver);
    m_as->setText(d.as);
    m_ttl->setText(d.ttl);
    m_allowAlways->setCurrentIndex(d.allowAlways);
    m_origin->setText(has ? d.origin : QString());
    if (has && !d.deniedBy.isEmpty())
        m_deniedLock->setFile(d.deniedFile, tr("%1: %2").arg(FieldMarks::organizationText(), d.deniedBy));
    else
        m_deniedLock->setVisible(false);
    m_filling = false;
    m_form->setEnabled(has);
    m_remove->setEnabled(has && !m_readOnly);
    updateFieldStates();
    applyErrorsToForm();
}

void SecretsPage::updateFieldStates()
{
    // Only the fields of the chosen source; "as" only for a variable, a ttl never for one.
    m_formLayout->setRowVisible(m_env->parentWidget(), m_source->currentIndex() == 0);
    m_formLayout->setRowVisible(m_fileRow->parentWidget(), m_source->currentIndex() == 1);
    m_formLayout->setRowVisible(m_keyring->parentWidget(), m_source->currentIndex() == 2);
    m_as->setEnabled(m_deliver->currentIndex() == 0);
    m_ttl->setEnabled(m_deliver->currentIndex() != 0);
}

void SecretsPage::formEdited()
{
    if (m_filling)
        return;
    updateFieldStates();
    if (m_current < 0 || m_current >= m_drafts.size())
        return;
    Draft& d = m_drafts[m_current];
    d.name = m_name->text();
    d.source = m_source->currentIndex();
    d.env = m_env->text();
    d.file = m_file->text();
    d.keyring = m_keyring->toPlainText();
    d.deliver = m_deliver->currentIndex();
    d.as = m_as->text();
    d.ttl = m_ttl->text();
    d.allowAlways = m_allowAlways->currentIndex();
    d.origin = tr("changed here");
    m_origin->setText(d.origin);
    refreshItem(m_current);
    Q_EMIT changed();
}

void SecretsPage::browseFile()
{
    QtPathChooser fallback;
    PathChooser* chooser = m_context && m_context->pathChooser ? m_context->pathChooser : &fallback;
    const QString home = m_context && !m_context->home.isEmpty() ? m_context->home : QDir::homePath();
    const QString chosen = chooser->choosePath(this, tr("Choose the file that holds the secret"), home);
    if (!chosen.isEmpty())
        m_file->setText(FilesPage::ruleText(chosen, home));
}

void SecretsPage::contribute(QJsonObject* root, QStringList* problems)
{
    if (m_drafts.isEmpty())
        return;
    QJsonArray secrets;
    for (int i = 0; i < m_drafts.size(); ++i) {
        const Draft& d = m_drafts.at(i);
        QJsonObject o;
        o.insert(QStringLiteral("name"), d.name);
        QJsonObject from;
        if (d.source == 0) {
            from.insert(QStringLiteral("env"), d.env.trimmed());
        } else if (d.source == 1) {
            from.insert(QStringLiteral("file"), d.file.trimmed());
        } else {
            QJsonObject keyring;
            const QStringList lines = d.keyring.split(u'\n');
            for (const QString& line : lines) {
                if (line.trimmed().isEmpty())
                    continue;
                const auto eq = line.indexOf(u'=');
                if (eq <= 0) {
                    const QString message = tr("\"%1\": expected attribute=value").arg(line.trimmed());
                    m_problems[i].append({QStringLiteral("from/keyring"), message});
                    problems->append(message);
                    continue;
                }
                keyring.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
            }
            from.insert(QStringLiteral("keyring"), keyring);
        }
        o.insert(QStringLiteral("from"), from);
        static const char* const kDeliver[] = {"env", "file", "request"};
        o.insert(QStringLiteral("deliver"), QString::fromLatin1(kDeliver[qBound(0, d.deliver, 2)]));
        if (d.deliver == 0 && !d.as.trimmed().isEmpty())
            o.insert(QStringLiteral("as"), d.as.trimmed());
        if (d.deliver != 0 && !d.ttl.trimmed().isEmpty())
            o.insert(QStringLiteral("ttl"), d.ttl.trimmed());
        if (d.allowAlways != 0)
            o.insert(QStringLiteral("allowAlways"), d.allowAlways == 1);
        secrets.append(o);
    }
    root->insert(QStringLiteral("secrets"), secrets);
    for (auto it = m_problems.cbegin(); it != m_problems.cend(); ++it)
        refreshItem(it.key());
    applyErrorsToForm();
}

QWidget* SecretsPage::widgetFor(const QString& field) const
{
    if (field == u"name" || field.isEmpty())
        return m_name;
    if (field == u"from")
        return m_source;
    if (field.startsWith(QStringLiteral("from/env")))
        return m_env;
    if (field.startsWith(QStringLiteral("from/file")))
        return m_file;
    if (field.startsWith(QStringLiteral("from/keyring")))
        return m_keyring;
    if (field == u"deliver")
        return m_deliver;
    if (field == u"as")
        return m_as;
    if (field == u"ttl")
        return m_ttl;
    if (field == u"allowAlways")
        return m_allowAlways;
    return m_name;
}

void SecretsPage::applyErrorsToForm()
{
    for (auto it = m_reasons.cbegin(); it != m_reasons.cend(); ++it)
        FieldMarks::clearInvalid(it.key(), it.value());
    for (const Problem& p : m_problems.value(m_current)) {
        QWidget* w = widgetFor(p.field);
        FieldMarks::setInvalid(w, m_reasons.value(w), p.message);
    }
    QStringList others;
    for (auto it = m_problems.cbegin(); it != m_problems.cend(); ++it)
        if (it.key() != m_current && it.key() >= 0 && it.key() < m_drafts.size())
            others.append(m_drafts.at(it.key()).name.isEmpty() ? tr("(no name)") : m_drafts.at(it.key()).name);
    if (m_problems.contains(-1)) {
        for (const auto& p : m_problems.value(-1))
            others.append(p.message);
    }
    if (others.isEmpty())
        FieldMarks::clearInvalid(m_list, m_listReason);
    else
        FieldMarks::setInvalid(m_list, m_listReason, tr("Also to fix: %1").arg(others.join(QStringLiteral(", "))));
}

void SecretsPage::clearErrors()
{
    const QList<int> rows = m_problems.keys();
    m_problems.clear();
    for (int row : rows)
        refreshItem(row);
    applyErrorsToForm();
}

bool SecretsPage::showError(const QString& pointer, const QString& message)
{
    const QStringList parts = pointerParts(pointer);
    if (parts.isEmpty() || parts.at(0) != u"secrets")
        return false;
    bool ok = false;
    const int index = parts.size() >= 2 ? parts.at(1).toInt(&ok) : -1;
    if (!ok || index < 0 || index >= m_drafts.size()) {
        m_problems[-1].append({QString(), message});
    } else {
        m_problems[index].append({parts.mid(2).join(u'/'), message});
        refreshItem(index);
    }
    applyErrorsToForm();
    return true;
}

} // namespace cordon::gui
