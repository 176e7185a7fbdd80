#pragma once
// The cordonctl commands that talk to a running cordon-helper (docs/cli.md): ps, stop, logs,
// pending, approve, deny, grants, revoke. Each takes the arguments after its name and returns the
// exit status. None starts a helper: without one they say so and exit with 123.

#include "ExitCode.h"

#include <QJsonObject>
#include <QStringList>

namespace cordon::cli {

class HelperClient;

class HelperCommands final {
public:
    static int ps(const QStringList& args);
    static int stop(const QStringList& args);
    static int logs(const QStringList& args);
    static int pending(const QStringList& args);
    static int approve(const QStringList& args);
    static int deny(const QStringList& args);
    static int grants(const QStringList& args);
    static int revoke(const QStringList& args);

    // Connects `client`; on failure prints why (and what to do) and returns the exit code, else 0.
    static int connect(HelperClient* client);
    // Prints an error reply (or a transport failure when reply has no "code") as cordonctl's
    // error and returns the exit code it maps to: launch-failed carries its own, not-found and
    // invalid are usage errors (119), not-allowed 121, a helper that cannot be reached 123,
    // internal 118.
    static int fail(const QString& context, const QJsonObject& reply, const QString& error);
    static ExitCode exitCodeFor(const QJsonObject& reply);
};

} // namespace cordon::cli
