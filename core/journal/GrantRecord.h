#pragma once
// A lasting answer to an escalation ("allow for this session", "allow always"): scoped to one run
// or to a profile, listed and revocable live (DESIGN.md, "Approvals").

#include <QString>
#include <QtGlobal>

#include <optional>

namespace cordon {

struct GrantRecord final {
    enum class Scope {
        Run,
        Profile
    };

    qint64 id = 0; // assigned by the journal
    Scope scope = Scope::Run;
    QString runId;    // when scope == Run
    QString profile;  // when scope == Profile
    QString subject;  // host:port, *.domain:port or secret name
    QString decision; // e.g. "allow"
    qint64 createdMs = 0;
    std::optional<qint64> expiresMs;
    std::optional<qint64> revokedMs;

    friend bool operator==(const GrantRecord& a, const GrantRecord& b) = default;
};

} // namespace cordon
