#pragma once
// Where a value of the effective policy came from. Layers apply in this order, each over the
// previous: built-in defaults, the profile, the command line, the person's saved "always"
// answers (grants/PROFILE.json), the organization's managed policy.

#include <QString>

namespace cordon {

enum class Source {
    BuiltIn,
    Profile,
    CommandLine,
    Grant, // an "always" answer saved in grants/PROFILE.json (AlwaysGrantStore)
    Organization
};

// "built-in", "profile", "command-line", "always-allowed", "organization" (stable: used in --json
// output).
QString sourceName(Source source);

} // namespace cordon
