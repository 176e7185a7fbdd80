#pragma once
// What the journal keeps of the policy a run ran under (RunRecord::policySnapshot): the effective
// policy with every value's source (EffectivePolicy::toJson, the shape `cordonctl profile show
// --json` prints), what the compiler reported, and who launched it. The journal hashes the stored
// bytes, so a later review can prove which rules applied. Also the proxy's policy document
// (docs/proxy.md, "--policy"): the network part of the same effective policy.

#include "LaunchPlanner.h"

#include <QJsonObject>
#include <QString>

#include <sys/types.h>

namespace cordon::helperd {

class PolicySnapshot final {
public:
    static QJsonObject json(const LaunchPlan& plan, uid_t uid, const QString& userName, const QString& helperMode);
    // {"allow": [...], "deny": [...], "allow_private": false}
    static QJsonObject proxyPolicy(const EffectivePolicy& policy);
    // The uid a snapshot written by json() names; -1 when absent (a run of another writer).
    static qint64 uidOf(const QJsonObject& snapshot);
};

} // namespace cordon::helperd
