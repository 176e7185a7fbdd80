#include "HelperSocketPath.h"

#include <QDir>

namespace cordon::protocol {

QString HelperSocketPath::systemSocket()
{
    return QStringLiteral("/run/cordon/helper.sock");
}

QString HelperSocketPath::rootlessSocket()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty() || !QDir::isAbsolutePath(runtime))
        return {};
    return QDir::cleanPath(runtime + QStringLiteral("/cordon/helper.sock"));
}

QStringList HelperSocketPath::candidates()
{
    const QString forced = qEnvironmentVariable("CORDON_HELPER_SOCKET");
    if (!forced.isEmpty())
        return {forced};
    QStringList paths;
    const QString rootless = rootlessSocket();
    if (!rootless.isEmpty())
        paths << rootless;
    paths << systemSocket();
    return paths;
}

} // namespace cordon::protocol
