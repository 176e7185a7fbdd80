#pragma once
// Where the helper listens (docs/protocol.md): $CORDON_HELPER_SOCKET when set; otherwise the
// rootless helper's $XDG_RUNTIME_DIR/cordon/helper.sock, then the system helper's
// /run/cordon/helper.sock.

#include <QString>
#include <QStringList>

namespace cordon::protocol {

class HelperSocketPath final {
public:
    static QString systemSocket();
    // Empty when XDG_RUNTIME_DIR is unset or not absolute.
    static QString rootlessSocket();
    // The paths a client tries, in order.
    static QStringList candidates();
};

} // namespace cordon::protocol
