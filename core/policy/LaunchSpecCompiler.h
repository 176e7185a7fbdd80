#pragma once
// Compiles an EffectivePolicy, the workspace and the command into the launch spec that
// cordon-sandbox applies (core/spec/LaunchSpec.h). This is where paths meet the real file system:
// the workspace is canonicalized and checked with the user's own access(2); workspace-relative
// rules are checked component by component with lstat so that a symbolic link planted in the
// workspace is refused instead of followed (the class of bug behind CVE-2017-5226-style and
// many container-runtime breakouts: the privileged side following a link the confined side
// controls); home and absolute rules resolve the user's own links (stow, dotfile managers).
//
// Mount order (the helper applies it as given; parents before children):
//   1 system read-only (/usr, /etc, /opt; /bin... as symlinks on merged-/usr systems)
//   2 /dev (tmpfs, device binds, devpts, shm, fd links)   3 /proc
//   4 tmpfs /tmp, /var/tmp, /run
//   5 home tmpfs, binds of home/absolute rules, the workspace, workspace rules, protected paths,
//     Cordon's tools, and read-write self-binds of every directory between a writable bind and a
//     read-only bind or guarded path below it (so that `mv .git .git.old` fails with EBUSY instead
//     of moving the read-only .git/hooks out of the host's way): sorted by depth so a parent always
//     precedes its children
// Protected paths and read rules inside a writable bind that do not exist at launch become
// guarded paths (spec::GuardedPath), which the monitor watches and quarantines from outside.
//   6 hides, last, so that they cover any bind.
// With a proxy (CompileContext::proxyPort), the proxy's socket directory is one more read-only
// bind of step 5 (at proxyTarget()), and the proxy variables are set last in the environment.

#include "EffectivePolicy.h"
#include "LaunchSpec.h"
#include "PolicyError.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace cordon {

struct CompileContext {
    QStringList argv;                    // the command; empty: the profile's command
    QHash<QString, QString> environment; // the launcher's environment (only allowlisted names pass)
    QString userName;
    QString toolsDir;                       // host directory holding cordon-demo-agent (cordonTools)
    QString runIdSuffix;                    // tests: fixed; empty: 8 random hex digits
    QString hostRoot = QStringLiteral("/"); // tests may point the system-directory scan elsewhere
    // The egress bridge, chosen by the helper daemon (0: none, the sandbox reaches nothing).
    // proxyHostDir is the host directory holding the proxy's Unix socket (for example
    // $XDG_RUNTIME_DIR/cordon/sessions/ID); it is bound read-only at proxyTarget() inside, and
    // proxySocketName is the socket's name in it. The proxy variables of the environment then
    // point every client at 127.0.0.1:proxyPort, where the shim's bridge listens.
    quint16 proxyPort = 0;
    QString proxyHostDir;
    QString proxySocketName;
    // Exec and direct-connect events (LaunchSpec::execEvents), for a launcher that reads the
    // sandbox's event stream (the helper daemon; cordonctl's direct mode has none).
    bool execEvents = false;
    // The secret broker (helper/daemon, docs/helper.md "Secrets"). secretsHostDir: the session's
    // host directory of delivered secret files, bound read-only at
    // ProfileSecret::deliveryDirectory(); empty: none. secretEnvironment: NAME=value set last in the
    // environment, after the profile's own variables and the proxy's (a name that collides with a
    // proxy or CORDON_ variable is refused). requestTool: the host path of cordon-request, bound
    // read-only and executable at requestToolTarget() (PATH gets toolsTarget()).
    QString secretsHostDir;
    QList<QPair<QString, QByteArray>> secretEnvironment;
    QString requestTool;
};

struct CompileReport {
    QStringList skipped;         // optional paths that do not exist on the host ("rule -> path")
    QStringList hiddenAbsent;    // hides with nothing to cover (outside every bind, or missing)
    QStringList protectedAbsent; // protected workspace paths that do not exist yet (host paths; guarded)
    QString workspace;           // canonical
};

class LaunchSpecCompiler final {
public:
    [[nodiscard]] static bool compile(const EffectivePolicy& policy, const CompileContext& context,
        spec::LaunchSpec* out, CompileReport* report, PolicyError* error);

    // Inside the sandbox Cordon's tools are bound here and this directory is appended to PATH.
    // (/run is a fresh tmpfs, so the helper can create the mount point; /opt may be a
    // read-only bind of the host's.)
    static QString toolsTarget() { return QStringLiteral("/run/cordon/bin"); }
    static QString defaultPath() { return QStringLiteral("/usr/local/bin:/usr/bin:/bin"); }
    // Where the proxy's socket directory appears inside (under /run, a fresh tmpfs).
    static QString proxyTarget() { return QStringLiteral("/run/cordon/proxy"); }
    // Where cordon-request appears inside (CompileContext::requestTool).
    static QString requestToolTarget() { return toolsTarget() + QStringLiteral("/cordon-request"); }

    // Checks and canonicalizes a workspace directory; false with PathRefused and a message.
    [[nodiscard]] static bool checkWorkspace(
        const QString& workspace, const QString& home, QString* canonical, PolicyError* error);
    // lstat each component of `relative` below `base`: a symbolic link anywhere is refused.
    // *exists tells whether the full path exists.
    [[nodiscard]] static bool checkNoSymlinks(
        const QString& base, const QString& relative, bool* exists, QString* linkPath);
    static bool isSystemPath(const QString& canonical);
};

} // namespace cordon
