#pragma once
// The shim: pid 1 of the sandbox's pid namespace. It finishes building the sandbox from the
// inside (mounts, network, hostname, terminal), applies the confinement layers to itself, starts
// the command, reaps every process that ends up parented to it, forwards signals, and exits with
// the command's status. When it exits, the kernel kills whatever is left in the namespace.

#include "LaunchSpec.h"
#include "UniqueFd.h"

#include <string>
#include <sys/types.h>
#include <vector>

namespace cordon::confine {

class Shim {
public:
    // `controlFd`: the shim's end of the monitor/shim socketpair; `ttyMask`: which of 0, 1, 2 are
    // terminals (Terminal::ttyMask() in the monitor, before the clone); `execEvents`: install the
    // exec-event notifier and pass its listener to the monitor (SeccompNotifier.h).
    Shim(const spec::LaunchSpec& spec, int controlFd, unsigned ttyMask, bool execEvents);

    [[noreturn]] void run();

private:
    void waitForMonitor();
    void waitForCgroup();
    void bringUpLoopback();
    void setNames();
    void passTerminal();
    void applyLayers();
    void startBridge();
    pid_t startCommand();
    [[noreturn]] void execCommand(int errorPipe);
    [[noreturn]] void reap(pid_t command);

    const spec::LaunchSpec& m_spec;
    int m_control = -1;
    unsigned m_ttyMask = 0;
    int m_slave = -1; // the pty slave in terminal mode
    bool m_execEvents = false;
    UniqueFd m_proxyListener; // 127.0.0.1:proxyPort, until the bridge takes it
    pid_t m_bridge = -1;
};

} // namespace cordon::confine
