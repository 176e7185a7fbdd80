#include "Privileges.h"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace cordon::proxy {

bool Privileges::lookUp(const std::string& user, Target* out, std::string* error)
{
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* result = nullptr;
    const int rc = ::getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &result);
    if (rc != 0 || !result) {
        *error = "unknown user \"" + user + "\"";
        return false;
    }
    if (pw.pw_uid == 0 || pw.pw_gid == 0) {
        *error = "user \"" + user + "\" is root or in group root";
        return false;
    }
    out->uid = pw.pw_uid;
    out->gid = pw.pw_gid;
    return true;
}

bool Privileges::drop(const Target& target, std::string* error)
{
    auto fail = [&](const char* what) {
        *error = std::string(what) + ": " + std::strerror(errno);
        return false;
    };
    if (::setgroups(0, nullptr) != 0)
        return fail("setgroups");
    if (::setresgid(target.gid, target.gid, target.gid) != 0)
        return fail("setresgid");
    if (::setresuid(target.uid, target.uid, target.uid) != 0)
        return fail("setresuid");
    uid_t r, e, s;
    gid_t rg, eg, sg;
    if (::getresuid(&r, &e, &s) != 0 || ::getresgid(&rg, &eg, &sg) != 0)
        return fail("getresuid");
    if (r != target.uid || e != target.uid || s != target.uid || rg != target.gid || eg != target.gid ||
        sg != target.gid) {
        *error = "credentials not fully changed";
        return false;
    }
    if (::setuid(0) == 0) {
        *error = "could regain root after dropping privileges";
        return false;
    }
    // No core dumps of a process that holds other people's traffic; no privilege through exec.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return fail("prctl(PR_SET_DUMPABLE)");
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return fail("prctl(PR_SET_NO_NEW_PRIVS)");
    return true;
}

} // namespace cordon::proxy
