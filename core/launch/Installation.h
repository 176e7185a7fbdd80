#pragma once
// Where Cordon's programs find their companions: cordon-sandbox, cordon-proxy and cordon-helper
// (next to the running binary in a build tree, or <prefix>/libexec/cordon/ when installed) and the resource directory holding the demo agent
// ($CORDON_RESOURCE_DIR, else <prefix>/share/cordon, else the source tree this binary was built
// from, baked in as CORDON_SOURCE_DIR).

#include <QString>

namespace cordon {

class Installation final {
public:
    static QString sandboxBinary();     // empty when not found
    static QString proxyBinary();       // empty when not found
    static QString helperBinary();      // empty when not found
    static QString resourceDirectory(); // empty when not found
    static QString toolsDirectory();    // <resources>/demo-agent, empty when not found
    static QString userName();
    static QString homeDirectory(); // $HOME when absolute, else the passwd entry
    // A companion program next to the running binary or in <prefix>/libexec/cordon/.
    static QString companionBinary(const QString& name);
};

} // namespace cordon
