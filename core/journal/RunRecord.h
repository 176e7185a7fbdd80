#pragma once
// A run (one sandboxed session) as the journal keeps it: what was launched, under which effective
// policy (a snapshot and its SHA-256, so a later review sees exactly the rules that applied), and
// how it ended.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace cordon {

struct RunRecord final {
    QString runId;
    QString profile;
    QString workspace;
    QJsonArray argv;
    qint64 startedMs = 0;
    std::optional<qint64> endedMs;
    std::optional<int> exitStatus;
    QJsonObject policySnapshot;
    QByteArray policySha256Hex; // filled in by the journal from the snapshot's stored bytes

    friend bool operator==(const RunRecord& a, const RunRecord& b) = default;
};

} // namespace cordon
