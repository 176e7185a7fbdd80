#pragma once
// The proxy parses bytes from inside a sandbox, so it never runs as root (DESIGN.md, "Processes
// and trust boundaries", rule 1). Started as root (CI, the system helper), it switches to the
// given user (default "nobody") after binding its sockets and before reading any request, and
// verifies that root cannot be regained.

#include <string>

namespace cordon::proxy {

class Privileges final {
public:
    struct Target {
        unsigned uid = 0;
        unsigned gid = 0;
    };
    // Looks the user up (done before anything else so that NSS is loaded while still root).
    [[nodiscard]] static bool lookUp(const std::string& user, Target* out, std::string* error);
    // setgroups({}), setresgid, setresuid, then checks that getresuid/getresgid show only the
    // target and that setuid(0) now fails. False with a message on any failure.
    [[nodiscard]] static bool drop(const Target& target, std::string* error);
};

} // namespace cordon::proxy
