#include "ProfileSecret.h"

#include <QStringList>

namespace cordon {

bool ProfileSecret::isValidName(const QString& name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        const bool letter = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
        const bool digit = c >= u'0' && c <= u'9';
        if (!letter && !(i > 0 && digit))
            return false;
    }
    return true;
}

QString ProfileSecret::sourceKindName(SourceKind kind)
{
    switch (kind) {
    case SourceKind::Env: return QStringLiteral("env");
    case SourceKind::File: return QStringLiteral("file");
    case SourceKind::Keyring: return QStringLiteral("keyring");
    }
    return {};
}

QString ProfileSecret::deliveryName(Delivery delivery)
{
    switch (delivery) {
    case Delivery::Env: return QStringLiteral("env");
    case Delivery::File: return QStringLiteral("file");
    case Delivery::Request: return QStringLiteral("request");
    }
    return {};
}

QString ProfileSecret::sourceText() const
{
    switch (sourceKind) {
    case SourceKind::Env: return QStringLiteral("env ") + sourceEnv;
    case SourceKind::File: return QStringLiteral("file ") + sourceFile.text();
    case SourceKind::Keyring: {
        QStringList parts;
        for (const auto& [attribute, value] : keyringAttributes)
            parts.append(attribute + u'=' + value);
        return QStringLiteral("keyring ") + parts.join(QStringLiteral(", "));
    }
    }
    return {};
}

} // namespace cordon
