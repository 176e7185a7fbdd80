#pragma once
// Starts cordon-helper rootless for the person when none answers (issue 4: "cordon started with no
// helper running starts one"). The helper must outlive the app and never be its child: double
// fork, setsid, standard streams on /dev/null, every other descriptor closed by O_CLOEXEC.

#include <QString>

namespace cordon::gui {

class HelperStarter final {
public:
    // Runs `binary --rootless --socket SOCKET --idle-exit N` detached. Returns the helper's pid, or
    // 0 with *error set. Only async-signal-safe calls happen between fork and exec.
    static qint64 startDetached(const QString& binary, const QString& socketPath, QString* error);
    // Seconds a helper started by the app stays alive without clients or sessions.
    static constexpr int kIdleExitSeconds = 600;
};

} // namespace cordon::gui
