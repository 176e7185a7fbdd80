#pragma once
// The `launch` request (docs/protocol.md) for a `cordonctl run` command line: the same launch
// direct mode would plan, expressed so that the helper plans it for us.
//
// Mapping of the run options onto the protocol's `overrides`:
//   --timeout, --memory      the text as the person wrote it ("10m", "2G"): the helper parses it
//                            with the same Limits code and quotes it back in its messages
//   --pids                   a whole number
//   --cpu                    a number of CPUs (0.5)
//   --ro, --rw, --hide       absolute paths: relative ones are already made absolute against the
//                            current directory by RunOptions, "~/x" is expanded with our home
//   --env                    variable names
//   --open-files, --file-size, --tmp-size have no protocol field (version 1): unsupported()
//                            names them so that the caller can run directly instead.
// The profile is a name or, when it is a file (contains '/' or ends in .json), its absolute path;
// the workspace is absolute (default: the current directory).

#include "RunOptions.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace cordon::cli {

class LaunchMessage final {
public:
    struct Context {
        QString cwd;                        // absolute
        QString home;                       // absolute
        QMap<QString, QString> environment; // the client's environment
    };
    // The context of this process.
    static Context current();

    static QJsonObject build(const RunOptions& options, const Context& context);
    // The overrides object alone (empty when there is none).
    static QJsonObject overrides(const RunOptions& options, const Context& context);
    // Options given that the protocol cannot carry ("--open-files", ...).
    static QStringList unsupported(const RunOptions& options);
};

} // namespace cordon::cli
