#pragma once
// A value's source and origin: the file path ("/home/a/.config/cordon/profiles/x.json",
// "built-in:shell", "/etc/cordon/managed.d/10-corp.json") or the option ("--memory").

#include "Source.h"

#include <QString>

namespace cordon {

struct Provenance {
    Source source = Source::BuiltIn;
    QString origin;

    bool operator==(const Provenance&) const = default;
};

} // namespace cordon
