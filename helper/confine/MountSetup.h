#pragma once
// Builds the sandbox's filesystem from the launch spec's mount list, inside the shim's private
// mount namespace: a small tmpfs root, the spec's binds and file systems applied in order, the
// root made read-only, pivot_root, and the working directory. Everything is done through file
// descriptors (openat2, open_tree, move_mount, fsmount) so that no path is resolved twice and no
// symlink is followed: privileged sandbox helpers have mostly been broken by path handling,
// following planted symlinks and checking a path before using it (DESIGN.md "Lessons from the
// field").

#include "LaunchSpec.h"
#include "UniqueFd.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace cordon::confine {

class MountSetup {
public:
    explicit MountSetup(const spec::LaunchSpec& spec);

    // Runs in the shim, in its new user and mount namespaces, before any capability is dropped.
    // On return the process is in the new root, at spec.cwd. Dies (PathRefused for planted
    // symlinks and missing required paths, SandboxFailed otherwise) on any failure.
    void apply();

private:
    void makeHostTreePrivate();
    void cloneBindSources();
    void createRoot();
    void createHideSources();
    void applyMount(std::size_t index);
    void mountBind(std::size_t index);
    void mountFilesystem(const spec::Mount& mount);
    void makeDir(const spec::Mount& mount);
    void makeSymlink(const spec::Mount& mount);
    void hide(const spec::Mount& mount);
    void protectProcEntries(int procMount);
    void sealRootAndPivot();

    // Opens the directory that holds `target`'s last component, creating missing directories
    // only on file systems the sandbox made itself. Returns an invalid fd when a component is
    // missing beneath a bind (creating it would create it on the host).
    UniqueFd openParent(const std::string& target, bool create, std::string& leaf);
    bool isOwnMount(int fd) const;
    void rememberOwnMount(int fd);

    const spec::LaunchSpec& m_spec;
    std::vector<UniqueFd> m_trees;       // per mount index: the detached clone of a bind's source
    std::vector<bool> m_sourceIsDir;     // per mount index: the bind source's type
    UniqueFd m_root;                     // the new root tmpfs
    UniqueFd m_hideSource;               // detached tmpfs holding an empty mode-000 dir and file
    std::set<std::uint64_t> m_ownMounts; // mount ids of the tmpfs mounts made for this sandbox
};

} // namespace cordon::confine
