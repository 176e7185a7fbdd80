#pragma once
// Starts a rootless cordon-helper for `cordonctl run` when none answers (docs/cli.md): found with
// Installation::helperBinary(), started as `cordon-helper --rootless --socket PATH --idle-exit 60`
// fully detached (double fork, setsid, stdin/stdout/stderr on /dev/null, no other descriptor), so
// that it outlives this cordonctl, serves the next ones, and exits by itself once idle. Then waits
// up to three seconds for its socket to accept a connection.

#include <QString>

namespace cordon::cli {

class HelperClient;

class HelperStarter final {
public:
    // The socket an auto-started helper should listen on: $CORDON_HELPER_SOCKET, else the
    // rootless socket; empty when there is none (no XDG_RUNTIME_DIR): then nothing is started.
    static QString socketPath();
    // Starts the helper and connects `client` to it. False with *error saying why not.
    [[nodiscard]] static bool start(HelperClient* client, QString* error, int waitMs = 3000);
};

} // namespace cordon::cli
