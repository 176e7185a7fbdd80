#pragma once
// The options shared by `run`, `profile show` and `profile spec`, parsed by hand:
// QCommandLineParser has no notion of "--" ending the options so that the command keeps its own.

#include "CommandLineOverrides.h"
#include "EnvPattern.h"
#include "LaunchPlanner.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace cordon::cli {

struct RunOptions {
    QString profile = QStringLiteral("shell");
    bool profileGiven = false;
    QString workspace; // empty: the current directory
    CommandLineOverrides overrides;
    QStringList command;     // after "--" (or from the first non-option)
    // The limit options as the person wrote them ("10m", "2G"), keyed by LimitKey: the helper
    // protocol carries timeout and memory as text so that its error messages quote the user.
    QMap<int, QString> limitTexts;
    bool direct = false;     // run --direct: no helper, cordon-sandbox started by cordonctl itself
    bool effective = false;  // profile show --effective
    bool json = false;       // profile show --json
    QStringList positionals; // profile show NAME

    enum class Mode {
        Run,
        Show,
        Spec
    };
    // Parses args[from..]. In Show mode the first positional is the profile name and no command is
    // taken; in Run/Spec mode the first positional (or "--") starts the command.
    [[nodiscard]] static bool parse(
        const QStringList& args, qsizetype from, Mode mode, RunOptions* out, QString* error);

    // The launch these options ask for, from this process's environment, home and directory.
    LaunchRequest launchRequest() const;
};

} // namespace cordon::cli
