#pragma once
// Environment variable names and name globs ("LC_*", "*_TOKEN", "AWS_*"): '*' matches any run of
// characters, '?' one character; everything else is a literal name character [A-Za-z0-9_].

#include <QString>

namespace cordon {

class EnvPattern final {
public:
    // A plain name: [A-Za-z_][A-Za-z0-9_]*.
    static bool isValidName(const QString& name);
    // A name that may contain '*' and '?'.
    static bool isValidPattern(const QString& pattern);
    static bool matches(const QString& pattern, const QString& name);
};

} // namespace cordon
