#pragma once
// Merges the layers into one EffectivePolicy: built-in defaults <- profile <- command line <-
// saved "always" answers <- managed policy. The managed policy wins: its hides beat any read/write
// rule on the same path or below it, its environment denials beat passes, its network denials beat
// every allow (deny rules are checked first), its ceilings cap limits (a command-line value above
// a ceiling is refused, never silently capped), a locked profile refuses command-line options that
// loosen it, and forbidAlways (implied for a locked profile) makes saved answers be ignored.

#include "CommandLineOverrides.h"
#include "EffectivePolicy.h"
#include "ManagedPolicy.h"
#include "PolicyError.h"
#include "Profile.h"

namespace cordon {

struct ResolveRequest {
    Profile profile;                        // its origin: file path or "built-in:NAME" or the managed file
    Source profileSource = Source::Profile; // Organization for a managed profile
    CommandLineOverrides commandLine;
    ManagedPolicy managed;
    QString home;      // absolute
    QString workspace; // absolute (canonical when it exists)
    // Where the person's "always" answers are kept (AlwaysGrantStore; DIR/PROFILE.json is read).
    // Empty: none are consulted. Production passes AlwaysGrantStore::defaultDirectory() (cordonctl)
    // or AlwaysGrantStore::directoryFor(the client's home, its XDG_CONFIG_HOME) (the helper).
    QString grantsDirectory;
};

class PolicyResolver final {
public:
    [[nodiscard]] static bool resolve(const ResolveRequest& request, EffectivePolicy* out, PolicyError* error);

    // Built-in defaults that apply when no layer sets a value.
    static constexpr qint64 kDefaultTmpSize = 1LL << 30;
};

} // namespace cordon
