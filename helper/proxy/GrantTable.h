#pragma once
// The allow patterns the decider granted for this session ("session" and "always" answers, and
// "grant" messages), each tagged with the grant id the decider gave it so that a "revoke" can
// forget exactly those. Consulted only when the policy says Ask, so the policy's deny rules still
// win over any grant. Thread-safe: connections match while the decider's reader thread adds and
// revokes.
//
// Revoked ids are remembered: a connection that matched a grant (or was allowed "once" under it)
// registers with the connection registry and then checks isRevoked(), while a revoke first marks
// the id here and then closes the registered connections. Whichever comes first, the connection
// cannot slip between the two and outlive the revoke. A later grant or answer that uses the id
// again makes it live again: the decider's lines are applied in the order it wrote them.

#include "HostNormalizer.h"
#include "HostPattern.h"

#include <QString>

#include <cstdint>
#include <mutex>
#include <set>
#include <vector>

namespace cordon::proxy {

class GrantTable final {
public:
    struct Match {
        std::int64_t grant = 0; // 0: remembered without an id (cannot be revoked)
        QString pattern;
    };

    void add(std::int64_t grant, const HostPattern& pattern);
    // A decider answer used this id again ("once" under a grant): it is live from now on.
    void renew(std::int64_t grant);
    // Forgets every pattern of the grant and marks the id revoked; returns how many were forgotten.
    int revoke(std::int64_t grant);
    bool isRevoked(std::int64_t grant) const;
    // The first remembered pattern that allows (host, port), in the order they were granted.
    bool match(const HostNormalizer::Host& host, int port, Match* out) const;

private:
    struct Entry {
        std::int64_t grant;
        HostPattern pattern;
    };
    mutable std::mutex m_mutex;
    std::vector<Entry> m_entries;
    std::set<std::int64_t> m_revoked;
};

} // namespace cordon::proxy
