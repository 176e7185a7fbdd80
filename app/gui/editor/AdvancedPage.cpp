#include "AdvancedPage.h"

#include "FieldMarks.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

#include "LaunchSpec.h"

namespace cordon::gui {

AdvancedPage::TextField AdvancedPage::makeField(const QString& name, const QString& placeholder)
{
    TextField f;
    f.edit = new QPlainTextEdit(this);
    f.edit->setObjectName(name + QStringLiteral("PlainTextEdit"));
    f.edit->setPlaceholderText(placeholder);
    f.edit->setTabChangesFocus(true);
    f.edit->setFixedHeight(f.edit->fontMetrics().lineSpacing() * 3 + 12);
    f.reason = FieldMarks::makeReasonLabel(this, name + QStringLiteral("ReasonLabel"));
    f.source = FieldMarks::makeSourceLabel(this, name + QStringLiteral("SourceLabel"));
    connect(f.edit, &QPlainTextEdit::textChanged, this, &EditorPage::changed);
    return f;
}

AdvancedPage::AdvancedPage(QWidget* parent) : EditorPage(parent)
{
    setObjectName(QStringLiteral("advancedPage"));
    m_pass = makeField(QStringLiteral("envPass"), tr("one name or glob per line, e.g. LC_*"));
    m_set = makeField(QStringLiteral("envSet"), tr("NAME=value, one per line"));
    m_path = makeField(QStringLiteral("envPath"), tr("one directory per line, e.g. ~/.local/bin"));
    m_protect = makeField(QStringLiteral("protect"), tr("workspace-relative paths, one per line"));
    m_protectDefault = new QCheckBox(tr("Protect the &default list (.git/hooks, .envrc, .vscode, …)"), this);
    m_protectDefault->setObjectName(QStringLiteral("protectDefaultCheckBox"));
    m_protectDefault->setToolTip(Profile::defaultProtectedPaths().join(u' '));
    m_envDeny = FieldMarks::makeSourceLabel(this, QStringLiteral("envDenyLabel"));
    m_envDenyLock = new LockLabel(QStringLiteral("envDenyLockLabel"), this);

    auto* env = new QGroupBox(tr("Environment"), this);
    auto* envForm = new QFormLayout(env);
    envForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](QFormLayout* form, const QString& text, const TextField& f, QWidget* extra = nullptr) {
        auto* label = new QLabel(text, this);
        label->setBuddy(f.edit);
        form->addRow(label, stacked(this, {f.edit, f.reason, f.source, extra}));
    };
    row(envForm, tr("&Let in:"), m_pass);
    row(envForm, tr("&Set:"), m_set);
    row(envForm, tr("&PATH first:"), m_path);
    envForm->addRow(QString(), stacked(this, {m_envDenyLock, m_envDeny}));

    auto* protect = new QGroupBox(tr("Protected workspace paths (read-only inside)"), this);
    auto* protectLayout = new QVBoxLayout(protect);
    protectLayout->addWidget(m_protectDefault);
    protectLayout->addWidget(stacked(this, {m_protect.edit, m_protect.reason, m_protect.source}));

    auto* layers = new QGroupBox(tr("Layers that may be missing on this machine"), this);
    m_landlock = new QCheckBox(tr("Land&lock file rules"), layers);
    m_landlock->setObjectName(QStringLiteral("landlockCheckBox"));
    m_landlockScopes = new QCheckBox(tr("Landlock sco&pes (Linux 6.12+)"), layers);
    m_landlockScopes->setObjectName(QStringLiteral("landlockScopesCheckBox"));
    m_cgroup = new QCheckBox(tr("c&group limits"), layers);
    m_cgroup->setObjectName(QStringLiteral("cgroupCheckBox"));
    m_bestEffortReason = FieldMarks::makeReasonLabel(layers, QStringLiteral("bestEffortReasonLabel"));
    m_bestEffortSource = FieldMarks::makeSourceLabel(layers, QStringLiteral("bestEffortSourceLabel"));
    m_bestEffortLock = new LockLabel(QStringLiteral("bestEffortLockLabel"), layers);
    auto* checks = new QHBoxLayout;
    checks->addWidget(m_landlock);
    checks->addWidget(m_landlockScopes);
    checks->addWidget(m_cgroup);
    checks->addStretch(1);
    auto* layersLayout = new QVBoxLayout(layers);
    layersLayout->addLayout(checks);
    layersLayout->addWidget(m_bestEffortReason);
    layersLayout->addWidget(m_bestEffortSource);
    layersLayout->addWidget(m_bestEffortLock);

    m_cordonTools = new QCheckBox(tr("Cordon's own &tools on PATH inside (/run/cordon/bin)"), this);
    m_cordonTools->setObjectName(QStringLiteral("cordonToolsCheckBox"));

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(env);
    layout->addWidget(protect);
    layout->addWidget(layers);
    layout->addWidget(m_cordonTools);
    layout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("advancedScrollArea"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_protectDefault, &QCheckBox::toggled, this, [this](bool useDefault) {
        m_protect.edit->setEnabled(!useDefault);
        Q_EMIT changed();
    });
    for (QCheckBox* c : {m_landlock, m_landlockScopes, m_cgroup, m_cordonTools})
        connect(c, &QCheckBox::toggled, this, &EditorPage::changed);
}

QString AdvancedPage::title() const
{
    return tr("Advanced");
}

QStringList AdvancedPage::lines(const QPlainTextEdit* edit)
{
    QStringList out;
    const QStringList all = edit->toPlainText().split(u'\n');
    for (const QString& line : all)
        if (!line.trimmed().isEmpty())
            out.append(line);
    return out;
}

void AdvancedPage::load(const Profile& profile, const PageState& state)
{
    auto joinRules = [](const QList<PathRule>& rules) {
        QStringList out;
        for (const auto& r : rules)
            out.append(r.text());
        return out.join(u'\n');
    };
    m_pass.edit->setPlainText(profile.envPass.join(u'\n'));
    QStringList set;
    for (const auto& [name, value] : profile.envSet)
        set.append(name + u'=' + value);
    m_set.edit->setPlainText(set.join(u'\n'));
    m_path.edit->setPlainText(joinRules(profile.envPath));
    m_protectDefault->setChecked(!profile.protect.has_value());
    m_protect.edit->setPlainText(profile.protect ? joinRules(*profile.protect) : QString());
    m_protect.edit->setEnabled(profile.protect.has_value());
    m_landlock->setChecked(profile.bestEffort & spec::LayerLandlock);
    m_landlockScopes->setChecked(profile.bestEffort & spec::LayerLandlockScopes);
    m_cgroup->setChecked(profile.bestEffort & spec::LayerCgroup);
    m_cordonTools->setChecked(profile.cordonTools);

    const EffectivePolicy* eff = state.effective;
    const QString fromProfile =
        FieldMarks::provenanceText(eff ? eff->profileName.from : Provenance{Source::Profile, profile.origin});
    m_pass.source->setText(tr("Always let in: TERM, LANG (built-in default); the rest %1").arg(fromProfile));
    m_set.source->setText(fromProfile);
    m_path.source->setText(fromProfile);
    m_protect.source->setText(profile.protect ? fromProfile : tr("built-in default list"));
    if (eff) {
        m_bestEffortSource->setText(FieldMarks::provenanceText(eff->bestEffort.from));
        if (eff->bestEffort.from.source == Source::Organization) {
            for (QCheckBox* c : {m_landlock, m_landlockScopes, m_cgroup})
                c->setEnabled(false);
            m_bestEffortLock->setFile(
                eff->bestEffort.from.origin, tr("%1: every layer is required on this machine (forbidBestEffort)")
                                                 .arg(FieldMarks::organizationText()));
        }
        QStringList denied;
        QStringList files;
        for (const auto& d : eff->envDeny) {
            denied.append(d.pattern);
            if (!files.contains(d.from.origin))
                files.append(d.from.origin);
        }
        if (!denied.isEmpty()) {
            m_envDenyLock->setFile(files.join(u'\n'),
                tr("%1: never let in: %2").arg(FieldMarks::organizationText(), denied.join(QStringLiteral(", "))));
        }
    }
    if (!state.lockedBy.isEmpty())
        makeReadOnly();
}

void AdvancedPage::contribute(QJsonObject* root, QStringList* problems)
{
    const QString environment = QStringLiteral("environment");
    const QStringList pass = lines(m_pass.edit);
    if (!pass.isEmpty()) {
        QStringList trimmed;
        for (const auto& p : pass)
            trimmed.append(p.trimmed());
        mergeInto(root, environment, QStringLiteral("pass"), QJsonArray::fromStringList(trimmed));
    }
    const QStringList setLines = lines(m_set.edit);
    m_setNames.clear();
    if (!setLines.isEmpty()) {
        QJsonObject set;
        for (const QString& line : setLines) {
            const auto eq = line.indexOf(u'=');
            const QString name = line.left(eq).trimmed();
            QString message;
            if (eq <= 0)
                message = tr("\"%1\": expected NAME=value").arg(line.trimmed());
            else if (set.contains(name))
                message = tr("%1 is set twice; expected each variable once").arg(name);
            if (!message.isEmpty()) {
                FieldMarks::setInvalid(m_set.edit, m_set.reason, message);
                problems->append(message);
                continue;
            }
            set.insert(name, line.mid(eq + 1));
            m_setNames.append(name);
        }
        mergeInto(root, environment, QStringLiteral("set"), set);
    }
    const QStringList path = lines(m_path.edit);
    if (!path.isEmpty()) {
        QStringList trimmed;
        for (const auto& p : path)
            trimmed.append(p.trimmed());
        mergeInto(root, environment, QStringLiteral("path"), QJsonArray::fromStringList(trimmed));
    }
    if (!m_protectDefault->isChecked()) {
        QStringList trimmed;
        for (const auto& p : lines(m_protect.edit))
            trimmed.append(p.trimmed());
        mergeInto(root, QStringLiteral("filesystem"), QStringLiteral("protect"), QJsonArray::fromStringList(trimmed));
    }
    QJsonArray layers;
    if (m_landlock->isChecked())
        layers.append(QStringLiteral("landlock"));
    if (m_landlockScopes->isChecked())
        layers.append(QStringLiteral("landlockScopes"));
    if (m_cgroup->isChecked())
        layers.append(QStringLiteral("cgroup"));
    if (!layers.isEmpty())
        root->insert(QStringLiteral("bestEffort"), layers);
    if (m_cordonTools->isChecked())
        root->insert(QStringLiteral("cordonTools"), true);
}

void AdvancedPage::clearErrors()
{
    for (TextField* f : {&m_pass, &m_set, &m_path, &m_protect})
        FieldMarks::clearInvalid(f->edit, f->reason);
    FieldMarks::clearInvalid(m_landlock, m_bestEffortReason);
}

bool AdvancedPage::showError(const QString& pointer, const QString& message)
{
    const QStringList parts = pointerParts(pointer);
    if (parts.isEmpty())
        return false;
    auto mark = [&](TextField& f, bool byIndex) {
        QString text = message;
        if (byIndex && parts.size() >= 3) {
            bool ok = false;
            const int index = parts.at(2).toInt(&ok);
            if (ok)
                text = tr("Line %1: %2").arg(index + 1).arg(message);
        } else if (!byIndex && parts.size() >= 3) {
            text = tr("%1: %2").arg(parts.at(2), message);
        }
        FieldMarks::setInvalid(f.edit, f.reason, text);
        return true;
    };
    if (parts.at(0) == u"environment") {
        const QString key = parts.value(1);
        if (key == u"pass")
            return mark(m_pass, true);
        if (key == u"set")
            return mark(m_set, false);
        if (key == u"path")
            return mark(m_path, true);
        return mark(m_pass, false);
    }
    if (parts.at(0) == u"filesystem" && parts.value(1) == u"protect")
        return mark(m_protect, true);
    if (parts.at(0) == u"bestEffort" || parts.at(0) == u"cordonTools") {
        FieldMarks::setInvalid(m_landlock, m_bestEffortReason, message);
        return true;
    }
    return false;
}

} // namespace cordon::gui
