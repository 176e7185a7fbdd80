#include "GrantTable.h"

#include "EgressPolicy.h"

#include <algorithm>

namespace cordon::proxy {

void GrantTable::add(std::int64_t grant, const HostPattern& pattern)
{
    std::lock_guard lock(m_mutex);
    m_revoked.erase(grant);
    const QString text = pattern.text();
    const bool known = std::any_of(m_entries.begin(), m_entries.end(),
        [&](const Entry& e) { return e.grant == grant && e.pattern.text() == text; });
    if (!known) // the same grant restored twice stays one entry
        m_entries.push_back({grant, pattern});
}

void GrantTable::renew(std::int64_t grant)
{
    std::lock_guard lock(m_mutex);
    m_revoked.erase(grant);
}

int GrantTable::revoke(std::int64_t grant)
{
    std::lock_guard lock(m_mutex);
    m_revoked.insert(grant);
    const auto before = m_entries.size();
    m_entries.erase(
        std::remove_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.grant == grant; }),
        m_entries.end());
    return int(before - m_entries.size());
}

bool GrantTable::isRevoked(std::int64_t grant) const
{
    std::lock_guard lock(m_mutex);
    return m_revoked.count(grant) != 0;
}

bool GrantTable::match(const HostNormalizer::Host& host, int port, Match* out) const
{
    std::lock_guard lock(m_mutex);
    for (const Entry& e : m_entries) {
        if (EgressPolicy::matches(e.pattern, host, port)) {
            *out = {e.grant, e.pattern.text()};
            return true;
        }
    }
    return false;
}

} // namespace cordon::proxy
