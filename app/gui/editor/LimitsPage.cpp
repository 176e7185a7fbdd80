#include "LimitsPage.h"

#include "FieldMarks.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace cordon::gui {

namespace {

struct LimitText {
    LimitKey key;
    const char* label;
    const char* placeholder;
    const char* hint;
};

const LimitText kLimits[] = {
    {LimitKey::Timeout, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "&Time:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "no limit"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "a duration: 30s, 10m, 2h, 1d (1s to 366d)")},
    {LimitKey::Memory, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "&Memory:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "no limit"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "a size: 512M, 4G (16M to 1T)")},
    {LimitKey::Pids, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "&Processes:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "no limit"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "tasks at once (8 to 4194304)")},
    {LimitKey::Cpu, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "&CPUs:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "no limit"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "a number of CPUs: 0.5, 2 (up to 1024)")},
    {LimitKey::OpenFiles, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "&Open files:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "no limit"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "16 to 1048576")},
    {LimitKey::FileSize, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "&File size:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "no limit"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "largest file the agent may write (1M to 1024T)")},
    {LimitKey::TmpSize, QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "Temporary &space:"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "1G (default)"),
        QT_TRANSLATE_NOOP("cordon::gui::LimitsPage", "size of /tmp and the home inside (1M to 1T)")},
};

bool isWholeNumber(const QString& text)
{
    if (text.isEmpty() || text.size() > 15)
        return false;
    for (QChar c : text)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

} // namespace

LimitsPage::LimitsPage(QWidget* parent) : EditorPage(parent)
{
    setObjectName(QStringLiteral("limitsPage"));
    auto* main = new QGroupBox(tr("Time, memory, processes, CPU"), this);
    auto* more = new QGroupBox(tr("Files and temporary space"), this);
    auto* mainForm = new QFormLayout(main);
    auto* moreForm = new QFormLayout(more);
    for (QFormLayout* f : {mainForm, moreForm})
        f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const LimitText& t : kLimits) {
        const bool isMain = t.key == LimitKey::Timeout || t.key == LimitKey::Memory || t.key == LimitKey::Pids ||
                            t.key == LimitKey::Cpu;
        QWidget* box = isMain ? static_cast<QWidget*>(main) : more;
        const QString name = Limits::jsonKey(t.key);
        Field& f = m_fields[static_cast<int>(t.key)];
        f.edit = new QLineEdit(box);
        f.edit->setObjectName(name + QStringLiteral("LineEdit"));
        f.edit->setPlaceholderText(tr(t.placeholder));
        f.edit->setToolTip(tr(t.hint));
        f.edit->setMaximumWidth(220);
        f.reason = FieldMarks::makeReasonLabel(box, name + QStringLiteral("ReasonLabel"));
        f.source = FieldMarks::makeSourceLabel(box, name + QStringLiteral("SourceLabel"));
        f.lock = new LockLabel(name + QStringLiteral("LockLabel"), box);
        auto* label = new QLabel(tr(t.label), box);
        label->setBuddy(f.edit);
        (isMain ? mainForm : moreForm)->addRow(label, stacked(box, {f.edit, f.reason, f.source, f.lock}));
        QLabel* source = f.source;
        connect(f.edit, &QLineEdit::textEdited, this, [source] { source->setText(tr("changed here")); });
        connect(f.edit, &QLineEdit::textChanged, this, &EditorPage::changed);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(main);
    layout->addWidget(more);
    layout->addStretch(1);
}

QString LimitsPage::title() const
{
    return tr("Limits");
}

QString LimitsPage::formatValue(LimitKey key, qint64 v)
{
    if (key != LimitKey::Cpu)
        return Limits::format(key, v);
    QString text = QString::number(v / 1000);
    if (const qint64 fraction = v % 1000) {
        QString digits = QStringLiteral("%1").arg(fraction, 3, 10, QChar(u'0'));
        while (digits.endsWith(u'0'))
            digits.chop(1);
        text += u'.' + digits;
    }
    return text;
}

void LimitsPage::load(const Profile& profile, const PageState& state)
{
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        Field& f = m_fields[i];
        const auto v = profile.limits.value(key);
        {
            const QSignalBlocker block(f.edit);
            f.edit->setText(v ? formatValue(key, *v) : QString());
        }
        if (!state.effective)
            continue;
        const auto& effective = state.effective->limit(key);
        if (effective)
            f.source->setText(
                tr("In effect: %1, %2")
                    .arg(formatValue(key, effective->value), FieldMarks::provenanceText(effective->from)));
        else
            f.source->setText(tr("In effect: no limit"));
        if (const auto& ceiling = state.effective->ceilings.at(key))
            f.lock->setFile(ceiling->file,
                tr("at most %1: %2").arg(formatValue(key, ceiling->value), FieldMarks::organizationText()));
    }
    if (!state.lockedBy.isEmpty())
        makeReadOnly();
}

void LimitsPage::contribute(QJsonObject* root, QStringList*)
{
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        const QString text = m_fields[i].edit->text().trimmed();
        if (text.isEmpty())
            continue;
        QJsonValue value(text);
        // Counts and CPUs are JSON numbers; anything else goes in as typed, for the parser to judge.
        if ((key == LimitKey::Pids || key == LimitKey::OpenFiles) && isWholeNumber(text)) {
            value = QJsonValue(text.toDouble());
        } else if (key == LimitKey::Cpu) {
            bool ok = false;
            const double cpus = text.toDouble(&ok);
            if (ok)
                value = QJsonValue(cpus);
        }
        mergeInto(root, QStringLiteral("limits"), Limits::jsonKey(key), value);
    }
}

void LimitsPage::clearErrors()
{
    for (Field& f : m_fields)
        FieldMarks::clearInvalid(f.edit, f.reason);
}

bool LimitsPage::showError(const QString& pointer, const QString& message)
{
    const QStringList parts = pointerParts(pointer);
    if (parts.isEmpty() || parts.at(0) != u"limits")
        return false;
    const auto key = parts.size() >= 2 ? Limits::fromJsonKey(parts.at(1)) : std::nullopt;
    Field& f = m_fields[static_cast<int>(key.value_or(LimitKey::Timeout))];
    FieldMarks::setInvalid(f.edit, f.reason, message);
    return true;
}

} // namespace cordon::gui
