#include "SecretSource.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDBusError>
#include <QFile>
#include <QScopeGuard>
#include <QUuid>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");
const QString kSessionInterface = QStringLiteral("org.freedesktop.Secret.Session");

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes the bus connection however the lookup ends, so that no half-used connection to a bus
// the user controls outlives the call.
class PrivateBus final {
public:
    explicit PrivateBus(const QString& address)
        : m_name(QStringLiteral("cordon-secrets-") + QUuid::createUuid().toString(QUuid::WithoutBraces)),
          m_connection(QDBusConnection::connectToBus(address, m_name))
    { }
    ~PrivateBus() { QDBusConnection::disconnectFromBus(m_name); }
    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;
    QDBusConnection& connection() { return m_connection; }

private:
    QString m_name;
    QDBusConnection m_connection;
};

bool callOk(const QDBusMessage& reply, const QString& what, QString* error)
{
    if (reply.type() == QDBusMessage::ReplyMessage)
        return true;
    *error = QStringLiteral("the Secret Service refused %1: %2").arg(what, reply.errorMessage().left(200));
    return false;
}

} // namespace

bool SecretSource::read(const ProfileSecret& secret, const SecretContext& context, QByteArray* value, QString* error)
{
    value->clear();
    switch (secret.sourceKind) {
    case ProfileSecret::SourceKind::Env: {
        const auto it = context.clientEnvironment.constFind(secret.sourceEnv);
        if (it == context.clientEnvironment.constEnd()) {
            *error = QStringLiteral("secret %1: the environment variable %2 is not set where Cordon was started")
                         .arg(secret.name, secret.sourceEnv);
            return false;
        }
        *value = it.value().toUtf8();
        break;
    }
    case ProfileSecret::SourceKind::File: {
        const QString path = secret.sourceFile.expand(context.home, context.workspace);
        if (!readFile(path, value, error)) {
            *error = QStringLiteral("secret %1: %2").arg(secret.name, *error);
            return false;
        }
        break;
    }
    case ProfileSecret::SourceKind::Keyring:
        if (!readKeyring(secret, context.sessionBusAddress, value, error)) {
            *error = QStringLiteral("secret %1: %2").arg(secret.name, *error);
            return false;
        }
        break;
    }
    if (value->isEmpty()) {
        *error = QStringLiteral("secret %1: the value from %2 is empty").arg(secret.name, secret.sourceText());
        return false;
    }
    if (value->size() > kMaxValueBytes) {
        value->fill('\0');
        value->clear();
        *error = QStringLiteral("secret %1: the value from %2 is larger than %3 bytes")
                     .arg(secret.name, secret.sourceText())
                     .arg(kMaxValueBytes);
        return false;
    }
    if (secret.deliver == ProfileSecret::Delivery::Env && value->contains('\0')) {
        value->fill('\0');
        value->clear();
        *error = QStringLiteral("secret %1: the value contains a NUL byte and cannot be an environment variable")
                     .arg(secret.name);
        return false;
    }
    return true;
}

bool SecretSource::readFile(const QString& path, QByteArray* value, QString* error)
{
    // O_NONBLOCK: a FIFO planted at the path must not hang the helper; the fstat below then refuses
    // anything that is not a regular file.
    const QByteArray encoded = QFile::encodeName(path);
    int fd;
    do {
        fd = ::open(encoded.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, errnoText(errno));
        return false;
    }
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int saved = errno;
        ::close(fd);
        *error = S_ISREG(st.st_mode) ? QStringLiteral("cannot stat %1: %2").arg(path, errnoText(saved))
                                     : QStringLiteral("%1 is not a regular file").arg(path);
        return false;
    }
    if (st.st_size > kMaxValueBytes) {
        ::close(fd);
        *error = QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(kMaxValueBytes);
        return false;
    }
    value->resize(kMaxValueBytes + 1);
    qsizetype total = 0;
    while (total < value->size()) {
        const ssize_t n = ::read(fd, value->data() + total, static_cast<size_t>(value->size() - total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            value->fill('\0');
            value->clear();
            *error = QStringLiteral("cannot read %1: %2").arg(path, errnoText(saved));
            return false;
        }
        if (n == 0)
            break;
        total += n;
    }
    ::close(fd); // read-only: nothing to lose on a failed close
    value->resize(total);
    // Token files usually end with one newline that is not part of the token.
    if (value->endsWith('\n'))
        value->chop(1);
    return true;
}

bool SecretSource::readKeyring(
    const ProfileSecret& secret, const QString& busAddress, QByteArray* value, QString* error)
{
    if (busAddress.isEmpty()) {
        *error = QStringLiteral("no session bus to reach the keyring (DBUS_SESSION_BUS_ADDRESS is not set)");
        return false;
    }
    // SearchItems takes a{ss}: QtDBus marshals a QMap<QString, QString> only once it is registered.
    static const int registered = [] {
        qDBusRegisterMetaType<QMap<QString, QString>>();
        return 1;
    }();
    Q_UNUSED(registered);
    PrivateBus bus(busAddress);
    if (!bus.connection().isConnected()) {
        *error = QStringLiteral("cannot connect to the session bus: %1").arg(bus.connection().lastError().message());
        return false;
    }
    const auto call = [&](const QString& path, const QString& interface, const QString& method,
                          const QList<QVariant>& arguments) {
        QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
        message.setArguments(arguments);
        return bus.connection().call(message, QDBus::Block, kKeyringTimeoutMs);
    };

    // 1. A session with the "plain" algorithm: the value crosses the local bus unencrypted, which
    //    the specification allows; the bus is the user's own and so is the secret.
    const QDBusMessage opened = call(kServicePath, kServiceInterface, QStringLiteral("OpenSession"),
        {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))});
    if (!callOk(opened, QStringLiteral("OpenSession"), error))
        return false;
    if (opened.arguments().size() != 2 || !opened.arguments().at(1).canConvert<QDBusObjectPath>()) {
        *error = QStringLiteral("the Secret Service answered OpenSession with something unexpected");
        return false;
    }
    const QDBusObjectPath session = opened.arguments().at(1).value<QDBusObjectPath>();
    const auto closeSession = qScopeGuard([&] { call(session.path(), kSessionInterface, QStringLiteral("Close"), {}); });

    // 2. Find the item by its attributes. A locked item is not unlocked from here: that would pop
    //    up the keyring's own prompt at an unpredictable moment; the person unlocks their keyring.
    QMap<QString, QString> attributes;
    for (const auto& [key, val] : secret.keyringAttributes)
        attributes.insert(key, val);
    const QDBusMessage found =
        call(kServicePath, kServiceInterface, QStringLiteral("SearchItems"), {QVariant::fromValue(attributes)});
    if (!callOk(found, QStringLiteral("SearchItems"), error))
        return false;
    if (found.arguments().size() != 2) {
        *error = QStringLiteral("the Secret Service answered SearchItems with something unexpected");
        return false;
    }
    const auto paths = [](const QVariant& v) {
        QList<QDBusObjectPath> list;
        if (v.canConvert<QDBusArgument>())
            v.value<QDBusArgument>() >> list;
        else
            list = v.value<QList<QDBusObjectPath>>();
        return list;
    };
    const QList<QDBusObjectPath> unlocked = paths(found.arguments().at(0));
    const QList<QDBusObjectPath> locked = paths(found.arguments().at(1));
    if (unlocked.isEmpty()) {
        *error = locked.isEmpty() ? QStringLiteral("no keyring item matches %1").arg(secret.sourceText())
                                  : QStringLiteral("the keyring item for %1 is locked; unlock your keyring and try again")
                                        .arg(secret.sourceText());
        return false;
    }
    if (unlocked.size() > 1) {
        // Two items match: picking one would be a guess about which credential the person meant.
        *error = QStringLiteral("%1 keyring items match %2; add attributes so that exactly one does")
                     .arg(unlocked.size())
                     .arg(secret.sourceText());
        return false;
    }

    // 3. GetSecrets([item], session) -> a{o(oayays)}: (session, parameters, value, content type).
    const QDBusMessage got = call(kServicePath, kServiceInterface, QStringLiteral("GetSecrets"),
        {QVariant::fromValue(QList<QDBusObjectPath>{unlocked.first()}), QVariant::fromValue(session)});
    if (!callOk(got, QStringLiteral("GetSecrets"), error))
        return false;
    if (got.arguments().size() != 1 || !got.arguments().at(0).canConvert<QDBusArgument>()) {
        *error = QStringLiteral("the Secret Service answered GetSecrets with something unexpected");
        return false;
    }
    const QDBusArgument map = got.arguments().at(0).value<QDBusArgument>();
    bool haveValue = false;
    map.beginMap();
    while (!map.atEnd()) {
        QDBusObjectPath item;
        QDBusObjectPath itemSession;
        QByteArray parameters;
        QByteArray bytes;
        QString contentType;
        map.beginMapEntry();
        map >> item;
        map.beginStructure();
        map >> itemSession >> parameters >> bytes >> contentType;
        map.endStructure();
        map.endMapEntry();
        if (item == unlocked.first() && !haveValue) {
            *value = bytes;
            haveValue = true;
        }
        bytes.fill('\0');
    }
    map.endMap();
    if (!haveValue) {
        *error = QStringLiteral("the Secret Service returned no value for %1").arg(secret.sourceText());
        return false;
    }
    return true;
}

} // namespace cordon::helperd
