#pragma once
// Exec and direct-connect events through seccomp user notification
// (Documentation/userspace-api/seccomp_filter.rst, "Userspace Notification"; seccomp_unotify(2)).
//
// The shim installs a second, tiny filter after the main one: execve, execveat and connect return
// SECCOMP_RET_USER_NOTIF, everything else SECCOMP_RET_ALLOW. The listener descriptor goes to the
// monitor (outside the sandbox, over the monitor/shim socket pair) before the command is started,
// and the monitor serves it from its event loop: it reads the path and argv (execve) or the
// socket address (connect) from the caller's memory (process_vm_readv(2): the access check of
// /proc/PID/mem without a descriptor to open and close per call), checks afterwards with
// SECCOMP_IOCTL_NOTIF_ID_VALID that the notification is still alive, so that what it read belongs
// to the process that made the call and not to a process that reused its pid, and answers:
//   execve, execveat                     CONTINUE: the kernel runs the call as if allowed; an event
//   connect to AF_UNIX, loopback, or an  CONTINUE, no event
//     unspecified address (0.0.0.0, ::)
//   connect to anything else             -ENETUNREACH and a net_direct event: the sandbox's network
//                                        namespace has no route, so the kernel would fail it the
//                                        same way; answering it ourselves is what records it
//
// Logging only, never enforcement. SECCOMP_USER_NOTIF_FLAG_CONTINUE is unsafe as a security
// decision (the kernel document says so): the kernel reads the arguments again after we answer,
// and another thread of the caller may have changed the memory in between, so what we logged is
// not necessarily what ran. That is acceptable here because nothing depends on it: what a process
// may execute is decided by the mount policy and Landlock, and where it may connect by the empty
// network namespace. A racing agent can make an event lie or go missing; it cannot gain anything.
//
// Ordering with the main filter: the kernel runs every filter and keeps the action of highest
// precedence (KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG > ALLOW), so a
// denial of the main filter always wins over our notification, whichever was installed first; the
// main filter denies neither execve, execveat nor connect, and kills foreign ABIs, for which this
// filter answers ALLOW. tests/confine checks the precedence against the kernel.
//
// When the monitor dies, the listener closes and the kernel fails pending calls with ENOSYS; the
// sandbox is dying with it anyway (parent-death signals).

#include "UniqueFd.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cordon::confine {

class EventWriter;

class SeccompNotifier {
public:
    // Shim side: installs the notification filter on the calling process (no_new_privs must be
    // set) and returns the listener (O_CLOEXEC). Dies with SandboxFailed when the kernel refuses.
    static UniqueFd install();

    // What to do with a connect(): report and refuse, or let the kernel run it.
    struct ConnectVerdict {
        bool refuse = false; // answer -ENETUNREACH and report
        bool inet6 = false;
        std::string address; // numeric, as inet_ntop writes it
        unsigned port = 0;
    };
    // `addr` is the sockaddr the caller passed, `length` its length as far as we could read it.
    static ConnectVerdict judgeConnect(const unsigned char* addr, std::size_t length);

    // Monitor side. `pidNamespace`: the sandbox's pid namespace (/proc/SHIM/ns/pid), to translate
    // the notification's pid into the pid inside with one ioctl (NS_GET_PID_IN_PIDNS, Linux 6.10)
    // instead of formatting /proc/PID/status, which was a third of the cost of an exec event.
    SeccompNotifier(UniqueFd listener, UniqueFd pidNamespace);
    int fd() const noexcept { return m_listener.get(); }
    // Serves what is pending (poll reported POLLIN), up to a small batch. False when the kernel
    // refused to hand out or take an answer: every exec inside would then hang or fail, so the
    // caller ends the session (the listener stays open until then: closing it would make every
    // later exec fail with ENOSYS while the session seemed to go on).
    [[nodiscard]] bool serve(EventWriter& events);

    // Bounds of what an exec event carries.
    static constexpr std::size_t kMaxArgs = 64;
    static constexpr std::size_t kMaxArgBytes = 8 * 1024;
    static constexpr std::size_t kMaxPathBytes = 4096;

private:
    bool serveOne(EventWriter& events);

    pid_t namespacePid(pid_t pid);

    UniqueFd m_listener;
    UniqueFd m_pidNamespace;
    bool m_memoryWarned = false;
    std::vector<unsigned char> m_request;  // struct seccomp_notif, sized as the kernel says
    std::vector<unsigned char> m_response; // struct seccomp_notif_resp
};

} // namespace cordon::confine
