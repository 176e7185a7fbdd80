#pragma once
// Parses a profile document (schema: resources/schema/profile.schema.json) into a Profile.
// Strict: unknown keys, wrong types and absurd values are errors, each naming the file, the JSON
// pointer and what was expected. Every error is collected.

#include "Profile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace cordon {

class JsonReader;

class ProfileParser final {
public:
    // `fileName` is used in messages and becomes the profile's origin.
    [[nodiscard]] static bool parse(const QByteArray& json, const QString& fileName, Profile* out, QStringList* errors);
    [[nodiscard]] static bool parseFile(const QString& path, Profile* out, QStringList* errors);

    // Shared with the managed-policy loader, which reads a profile embedded in a managed file and
    // ceilings with the same keys.
    static void parseProfileObject(JsonReader& reader, const QJsonObject& root, Profile* out, bool allowKind);
    static void parseLimits(JsonReader& reader, const QJsonObject& object, const QString& pointer, Limits* out);
    static QList<PathRule> parsePathList(
        JsonReader& reader, const QJsonObject& object, const QString& pointer, const char* key, bool workspaceOnly);
    // A duration ("30s", "10m") between min and max seconds; `bounds` is the message when outside.
    // Absent: nullopt without error.
    static std::optional<qint64> parseDuration(JsonReader& reader, const QJsonObject& object, const QString& pointer,
        const char* key, qint64 min, qint64 max, const QString& bounds);
    // network.askTimeout and the managed maxAskTimeout: 1s..1h.
    static std::optional<qint64> parseAskTimeout(
        JsonReader& reader, const QJsonObject& object, const QString& pointer, const char* key);
};

} // namespace cordon
