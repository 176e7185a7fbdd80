#pragma once
// Parses a profile document (schema: resources/schema/profile.schema.json) into a Profile.
// Strict: unknown keys, wrong types and absurd values are errors, each naming the file, the JSON
// pointer and what was expected. Every error is collected.

#include "Profile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

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
};

} // namespace cordon
