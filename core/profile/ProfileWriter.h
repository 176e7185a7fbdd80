#pragma once
// Writes a Profile back as the JSON document ProfileParser reads (docs/profiles.md), for the
// profile editor's "Save" and `profile export`. The key order is that of the built-in profiles in
// resources/profiles (schemaVersion, name, displayName, description, icon, command, cordonTools,
// filesystem, environment, limits, network, secrets, bestEffort), indentation is 4 spaces, and
// short values stay on one line as people write them. Values that equal the parser's defaults and
// were absent stay absent (optional keys are written only when set), so that
// ProfileParser::parse(ProfileWriter::write(p)) gives back p for every profile the parser accepts.

#include "Profile.h"

#include <QByteArray>
#include <QJsonObject>

namespace cordon {

class ProfileWriter final {
public:
    // The document, UTF-8, ending in a newline.
    static QByteArray write(const Profile& profile);
    // The same content as a JSON object (key order is lost: QJsonObject sorts its keys).
    static QJsonObject toJson(const Profile& profile);
};

} // namespace cordon
