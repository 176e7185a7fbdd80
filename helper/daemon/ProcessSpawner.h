#pragma once
// Starts cordon-sandbox and cordon-proxy for a session: fork, then in the child (async-signal-safe
// calls only) drop to the user when the helper is root, arm the parent-death signal, place the
// given descriptors, close everything else, exec. Never a shell; argv and envp are built in the
// parent before the fork.
//
// Order in the child, each for a reason:
//   1. signal mask emptied and dispositions reset: the helper blocks SIGTERM/SIGINT/SIGCHLD for
//      its signalfd and ignores SIGPIPE; both would be inherited across exec (signal(7)).
//   2. credentials dropped (root helper only): setgroups, setresgid, setresuid, then verified
//      with getresuid/getresgid, and a setuid(0) that must fail. The drop comes before step 3
//      because a change of credentials clears the parent-death signal (prctl(2),
//      PR_SET_PDEATHSIG: "cleared ... when the credentials change").
//   3. PR_SET_PDEATHSIG(SIGKILL), then getppid() compared with the helper's pid: the helper may
//      have died before the signal was armed (the race SandboxLauncher closes the same way).
//      The helper spawns from its one event-loop thread, which lives as long as the helper (the
//      signal follows the parent *thread*).
//   4. descriptors: each source is dup'ed above every target first, then onto its target, so
//      that a source numbered like another target is not overwritten; close_range above the
//      highest target (no helper descriptor reaches the child: CVE-2016-9962, runc).
//   5. execve with the given environment.
// A failure at any step is written (stage, errno) to a close-on-exec pipe the parent reads: an
// empty read means exec succeeded.

#include "UserAccount.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace cordon::helperd {

struct SpawnRequest {
    QByteArray binary;                    // absolute path
    QList<QByteArray> argv;               // argv[0] included
    QList<QByteArray> env;                // NAME=VALUE, the whole environment
    std::vector<std::pair<int, int>> fds; // (descriptor in the helper, number in the child)
    std::optional<UserAccount> dropTo;    // set when the helper is root
};

struct SpawnedProcess {
    pid_t pid = -1;
    int pidfd = -1; // owned by the caller; readable once the process has exited (pidfd_open(2))
};

class ProcessSpawner final {
public:
    [[nodiscard]] static bool spawn(const SpawnRequest& request, SpawnedProcess* out, QString* error);
};

} // namespace cordon::helperd
