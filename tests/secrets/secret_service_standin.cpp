// A stand-in for a freedesktop.org Secret Service (gnome-keyring, KWallet...) on a private test
// bus: it serves the calls Cordon's SecretSource makes (OpenSession "plain", SearchItems,
// GetSecrets, Session.Close) over real D-Bus, with items from a JSON file:
//   [{"attributes": {"service": "github"}, "value": "token", "locked": false}, ...]
// It prints "ready" on stdout once it owns org.freedesktop.secrets. Tests only.

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDBusVirtualObject>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

// The Secret Service's Secret struct (oayays): session, parameters, value, content type.
struct SecretStruct {
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};
Q_DECLARE_METATYPE(SecretStruct)

QDBusArgument& operator<<(QDBusArgument& argument, const SecretStruct& s)
{
    argument.beginStructure();
    argument << s.session << s.parameters << s.value << s.contentType;
    argument.endStructure();
    return argument;
}

const QDBusArgument& operator>>(const QDBusArgument& argument, SecretStruct& s)
{
    argument.beginStructure();
    argument >> s.session >> s.parameters >> s.value >> s.contentType;
    argument.endStructure();
    return argument;
}

using SecretMap = QMap<QDBusObjectPath, SecretStruct>;

namespace {

struct Item {
    QMap<QString, QString> attributes;
    QByteArray value;
    bool locked = false;
    QDBusObjectPath path;
};

class SecretService final : public QDBusVirtualObject {
public:
    explicit SecretService(QList<Item> items) : m_items(std::move(items)) { }

    QString introspect(const QString&) const override { return {}; }

    bool handleMessage(const QDBusMessage& message, const QDBusConnection& connection) override
    {
        const QString member = message.member();
        if (member == QLatin1String("OpenSession")) {
            if (message.arguments().value(0).toString() != QLatin1String("plain"))
                return connection.send(message.createErrorReply(QStringLiteral("org.freedesktop.DBus.Error.NotSupported"),
                    QStringLiteral("only plain")));
            ++m_sessions;
            return connection.send(message.createReply({QVariant::fromValue(QDBusVariant(QString())),
                QVariant::fromValue(QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/session/s1")))}));
        }
        if (member == QLatin1String("SearchItems")) {
            QMap<QString, QString> wanted;
            message.arguments().value(0).value<QDBusArgument>() >> wanted;
            QList<QDBusObjectPath> unlocked;
            QList<QDBusObjectPath> locked;
            for (const Item& item : m_items) {
                bool match = true;
                for (auto it = wanted.begin(); it != wanted.end(); ++it)
                    match = match && item.attributes.value(it.key()) == it.value();
                if (match)
                    (item.locked ? locked : unlocked) << item.path;
            }
            return connection.send(message.createReply({QVariant::fromValue(unlocked), QVariant::fromValue(locked)}));
        }
        if (member == QLatin1String("GetSecrets")) {
            QList<QDBusObjectPath> wanted;
            message.arguments().value(0).value<QDBusArgument>() >> wanted;
            const QDBusObjectPath session = message.arguments().value(1).value<QDBusObjectPath>();
            SecretMap map;
            for (const Item& item : m_items) {
                if (wanted.contains(item.path) && !item.locked)
                    map.insert(item.path, SecretStruct{session, {}, item.value, QStringLiteral("text/plain")});
            }
            return connection.send(message.createReply(QVariant::fromValue(map)));
        }
        if (member == QLatin1String("Close")) {
            ++m_closed;
            std::printf("closed %d\n", m_closed);
            std::fflush(stdout);
            return connection.send(message.createReply());
        }
        return false;
    }

private:
    QList<Item> m_items;
    int m_sessions = 0;
    int m_closed = 0;
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: secret_service_standin ITEMS.json\n");
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly))
        return 2;
    QList<Item> items;
    int n = 0;
    for (const QJsonValue& v : QJsonDocument::fromJson(file.readAll()).array()) {
        Item item;
        const QJsonObject o = v.toObject();
        const QJsonObject attributes = o.value(QStringLiteral("attributes")).toObject();
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            item.attributes.insert(it.key(), it.value().toString());
        item.value = o.value(QStringLiteral("value")).toString().toUtf8();
        item.locked = o.value(QStringLiteral("locked")).toBool();
        item.path = QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login/%1").arg(++n));
        items << item;
    }
    qDBusRegisterMetaType<QMap<QString, QString>>();
    qDBusRegisterMetaType<SecretStruct>();
    qDBusRegisterMetaType<SecretMap>();
    QDBusConnection bus = QDBusConnection::sessionBus();
    SecretService service(items);
    if (!bus.registerVirtualObject(QStringLiteral("/org/freedesktop/secrets"), &service,
            QDBusConnection::SubPath)
        || !bus.registerService(QStringLiteral("org.freedesktop.secrets"))) {
        std::fprintf(stderr, "cannot register: %s\n", qPrintable(bus.lastError().message()));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    return app.exec();
}
