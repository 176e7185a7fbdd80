#pragma once
// `cordonctl run` through cordon-helper (docs/cli.md): sends `launch` with this process's stdin,
// stdout and stderr attached (terminal: true) and attach: true, then waits for the session to end
// and returns its exit status. Meanwhile:
//   SIGWINCH          -> `terminal {winch}` (the helper resizes the sandbox's terminal)
//   SIGINT, SIGQUIT   ignored, as in direct mode (in raw mode the terminal sends them to the
//                     sandbox as bytes anyway)
//   SIGTERM, SIGHUP   -> `stop` the session; the status is still the session's
//   escalations of this session -> EscalationPrompt on /dev/tty, bracketed by
//                     `terminal pause-input` / `resume-input`; a `resolved` push for the request
//                     (answered elsewhere, timed out) closes the prompt at once.

#include "HelperClient.h"

#include <QJsonObject>

namespace cordon::cli {

class HelperRun final {
public:
    // `client` is connected. Returns the exit status (the command's, or a Cordon code with the
    // message already printed).
    static int run(HelperClient* client, const QJsonObject& launch);
};

} // namespace cordon::cli
