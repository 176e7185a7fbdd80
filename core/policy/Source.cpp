#include "Source.h"

namespace cordon {

QString sourceName(Source source)
{
    switch (source) {
    case Source::BuiltIn: return QStringLiteral("built-in");
    case Source::Profile: return QStringLiteral("profile");
    case Source::CommandLine: return QStringLiteral("command-line");
    case Source::Grant: return QStringLiteral("always-allowed");
    case Source::Organization: return QStringLiteral("organization");
    }
    return {};
}

} // namespace cordon
