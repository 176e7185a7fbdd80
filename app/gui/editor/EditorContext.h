#pragma once
// What the profile editor needs from its surroundings, injected (no singletons): the managed
// policy in force, where the person's profiles live, the home directory (to write ~/ paths) and
// the file chooser.

#include "ManagedPolicy.h"

#include <QString>

namespace cordon::gui {

class PathChooser;

struct EditorContext {
    ManagedPolicy managed;
    QString userDirectory;              // ProfileLocator::defaultUserDirectory()
    QString home;                       // QDir::homePath()
    PathChooser* pathChooser = nullptr; // not owned; null: QtPathChooser
};

// Where the profile being edited comes from, which decides what Save does.
enum class ProfileKind {
    User,    // the person's own file: Save writes it back
    BuiltIn, // compiled into Cordon: "Save as my own" writes a user profile of the same name
    Managed, // the organization's, or locked by it: read-only
    New,     // not saved yet: Save writes a user profile
};

} // namespace cordon::gui
