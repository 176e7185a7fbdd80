#include "ProfileWriter.h"

#include "Duration.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "LaunchSpec.h"

#include <utility>
#include <vector>

namespace cordon {

namespace {

// A JSON value whose object keys keep the order they were added in (QJsonObject sorts them), so
// that a written profile reads like the built-in ones.
struct Node {
    enum class Kind {
        Raw, // a number, a boolean or an already quoted string
        Array,
        Object,
    };
    Kind kind = Kind::Raw;
    QString raw;
    std::vector<std::pair<QString, Node>> members; // Object: key -> value; Array: "" -> value

    static Node string(const QString& s);
    static Node number(qint64 v) { return Node{Kind::Raw, QString::number(v), {}}; }
    static Node boolean(bool b) { return Node{Kind::Raw, b ? QStringLiteral("true") : QStringLiteral("false"), {}}; }
    static Node object() { return Node{Kind::Object, {}, {}}; }
    static Node array() { return Node{Kind::Array, {}, {}}; }
    static Node strings(const QStringList& list)
    {
        Node a = array();
        for (const auto& s : list)
            a.append(string(s));
        return a;
    }

    void add(const QString& key, Node value) { members.emplace_back(key, std::move(value)); }
    void add(const char* key, Node value) { add(QString::fromLatin1(key), std::move(value)); }
    void append(Node value) { members.emplace_back(QString(), std::move(value)); }
    bool isEmpty() const { return members.empty(); }
};

QString quote(const QString& s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (QChar c : s) {
        switch (c.unicode()) {
        case u'"': out += QStringLiteral("\\\""); break;
        case u'\\': out += QStringLiteral("\\\\"); break;
        case u'\b': out += QStringLiteral("\\b"); break;
        case u'\f': out += QStringLiteral("\\f"); break;
        case u'\n': out += QStringLiteral("\\n"); break;
        case u'\r': out += QStringLiteral("\\r"); break;
        case u'\t': out += QStringLiteral("\\t"); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\u%1").arg(static_cast<uint>(c.unicode()), 4, 16, QChar(u'0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

Node Node::string(const QString& s)
{
    return Node{Kind::Raw, quote(s), {}};
}

// The whole value on one line: ["a", "b"], { "k": v }.
QString inlineText(const Node& n)
{
    switch (n.kind) {
    case Node::Kind::Raw: return n.raw;
    case Node::Kind::Array: {
        QStringList parts;
        for (const auto& m : n.members)
            parts.append(inlineText(m.second));
        return u'[' + parts.join(QStringLiteral(", ")) + u']';
    }
    case Node::Kind::Object: {
        if (n.members.empty())
            return QStringLiteral("{}");
        QStringList parts;
        for (const auto& m : n.members)
            parts.append(quote(m.first) + QStringLiteral(": ") + inlineText(m.second));
        return QStringLiteral("{ ") + parts.join(QStringLiteral(", ")) + QStringLiteral(" }");
    }
    }
    return {};
}

// Lines are kept within the project's 120 columns where a value allows it; anything longer is
// opened one level (an object's keys or an array's items on lines of their own). `depth` > 0 and
// the top-level object is always opened.
constexpr qsizetype kMaxColumns = 120;

void render(const Node& n, int depth, qsizetype prefixWidth, bool forceOpen, QString* out)
{
    const QString text = inlineText(n);
    const QString indent(4 * depth, u' ');
    if (n.kind == Node::Kind::Raw || n.members.empty() ||
        (!forceOpen && indent.size() + prefixWidth + text.size() + 1 <= kMaxColumns)) {
        *out += text;
        return;
    }
    const bool isObject = n.kind == Node::Kind::Object;
    const QString inner(4 * (depth + 1), u' ');
    *out += isObject ? u'{' : u'[';
    *out += u'\n';
    for (std::size_t i = 0; i < n.members.size(); ++i) {
        const auto& [key, value] = n.members[i];
        *out += inner;
        qsizetype prefix = 0;
        if (isObject) {
            const QString k = quote(key) + QStringLiteral(": ");
            *out += k;
            prefix = k.size();
        }
        render(value, depth + 1, prefix, false, out);
        if (i + 1 < n.members.size())
            *out += u',';
        *out += u'\n';
    }
    *out += indent;
    *out += isObject ? u'}' : u']';
}

QStringList ruleTexts(const QList<PathRule>& rules)
{
    QStringList out;
    for (const auto& r : rules)
        out.append(r.text());
    return out;
}

QStringList hostTexts(const QList<HostPattern>& hosts)
{
    QStringList out;
    for (const auto& h : hosts)
        out.append(h.text());
    return out;
}

// The number of CPUs exactly, from milli-CPUs: 500 -> 0.5, 2000 -> 2 (no binary rounding).
QString cpuText(qint64 milli)
{
    QString text = QString::number(milli / 1000);
    const qint64 fraction = milli % 1000;
    if (fraction != 0) {
        QString digits = QStringLiteral("%1").arg(fraction, 3, 10, QChar(u'0'));
        while (digits.endsWith(u'0'))
            digits.chop(1);
        text += u'.' + digits;
    }
    return text;
}

Node limitNode(LimitKey key, qint64 v)
{
    switch (key) {
    case LimitKey::Pids:
    case LimitKey::OpenFiles: return Node::number(v);
    case LimitKey::Cpu: return Node{Node::Kind::Raw, cpuText(v), {}};
    default: return Node::string(Limits::format(key, v));
    }
}

Node secretNode(const ProfileSecret& s)
{
    Node o = Node::object();
    o.add("name", Node::string(s.name));
    Node from = Node::object();
    switch (s.sourceKind) {
    case ProfileSecret::SourceKind::Env: from.add("env", Node::string(s.sourceEnv)); break;
    case ProfileSecret::SourceKind::File: from.add("file", Node::string(s.sourceFile.text())); break;
    case ProfileSecret::SourceKind::Keyring: {
        Node keyring = Node::object();
        for (const auto& [attribute, value] : s.keyringAttributes)
            keyring.add(attribute, Node::string(value));
        from.add("keyring", std::move(keyring));
        break;
    }
    }
    o.add("from", std::move(from));
    o.add("deliver", Node::string(ProfileSecret::deliveryName(s.deliver)));
    // The parser defaults "as" to the name; an explicit one equal to it means the same.
    if (s.deliver == ProfileSecret::Delivery::Env && !s.envName.isEmpty() && s.envName != s.name)
        o.add("as", Node::string(s.envName));
    // Refused with deliver "env" (a variable cannot be withdrawn); the default is left unwritten.
    if (s.deliver != ProfileSecret::Delivery::Env && s.ttlSeconds != ProfileSecret::kDefaultTtlSeconds)
        o.add("ttl", Node::string(Duration::format(s.ttlSeconds)));
    if (s.allowAlways)
        o.add("allowAlways", Node::boolean(*s.allowAlways));
    return o;
}

Node profileNode(const Profile& p)
{
    Node root = Node::object();
    root.add("schemaVersion", Node::number(p.schemaVersion));
    root.add("name", Node::string(p.name));
    if (!p.displayName.isEmpty())
        root.add("displayName", Node::string(p.displayName));
    if (!p.description.isEmpty())
        root.add("description", Node::string(p.description));
    if (!p.icon.isEmpty())
        root.add("icon", Node::string(p.icon));
    if (!p.command.isEmpty())
        root.add("command", Node::strings(p.command));
    if (p.cordonTools)
        root.add("cordonTools", Node::boolean(true));

    Node fs = Node::object();
    if (!p.read.isEmpty())
        fs.add("read", Node::strings(ruleTexts(p.read)));
    if (!p.write.isEmpty())
        fs.add("write", Node::strings(ruleTexts(p.write)));
    if (!p.hide.isEmpty())
        fs.add("hide", Node::strings(ruleTexts(p.hide)));
    if (p.protect) // an empty list is meaningful: it turns the default list off
        fs.add("protect", Node::strings(ruleTexts(*p.protect)));
    if (!fs.isEmpty())
        root.add("filesystem", std::move(fs));

    Node env = Node::object();
    if (!p.envPass.isEmpty())
        env.add("pass", Node::strings(p.envPass));
    if (!p.envSet.isEmpty()) {
        Node set = Node::object();
        for (const auto& [name, value] : p.envSet)
            set.add(name, Node::string(value));
        env.add("set", std::move(set));
    }
    if (!p.envPath.isEmpty())
        env.add("path", Node::strings(ruleTexts(p.envPath)));
    if (!env.isEmpty())
        root.add("environment", std::move(env));

    Node limits = Node::object();
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        if (const auto v = p.limits.value(key))
            limits.add(Limits::jsonKey(key), limitNode(key, *v));
    }
    if (!limits.isEmpty())
        root.add("limits", std::move(limits));

    Node net = Node::object();
    if (!p.networkAllow.isEmpty())
        net.add("allow", Node::strings(hostTexts(p.networkAllow)));
    if (!p.networkDeny.isEmpty())
        net.add("deny", Node::strings(hostTexts(p.networkDeny)));
    if (p.askTimeout)
        net.add("askTimeout", Node::string(Duration::format(*p.askTimeout)));
    if (p.unattended)
        net.add("unattended", Node::string(unattendedModeName(*p.unattended)));
    if (p.allowAlways)
        net.add("allowAlways", Node::boolean(*p.allowAlways));
    if (!net.isEmpty())
        root.add("network", std::move(net));

    if (!p.secrets.isEmpty()) {
        Node secrets = Node::array();
        for (const auto& s : p.secrets)
            secrets.append(secretNode(s));
        root.add("secrets", std::move(secrets));
    }

    if (p.bestEffort != 0) {
        QStringList layers;
        if (p.bestEffort & spec::LayerLandlock)
            layers.append(QStringLiteral("landlock"));
        if (p.bestEffort & spec::LayerLandlockScopes)
            layers.append(QStringLiteral("landlockScopes"));
        if (p.bestEffort & spec::LayerCgroup)
            layers.append(QStringLiteral("cgroup"));
        root.add("bestEffort", Node::strings(layers));
    }
    return root;
}

QJsonValue toJsonValue(const Node& n)
{
    switch (n.kind) {
    case Node::Kind::Raw: {
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + n.raw.toUtf8() + QByteArray("]"));
        return doc.array().at(0);
    }
    case Node::Kind::Array: {
        QJsonArray a;
        for (const auto& m : n.members)
            a.append(toJsonValue(m.second));
        return a;
    }
    case Node::Kind::Object: {
        QJsonObject o;
        for (const auto& m : n.members)
            o.insert(m.first, toJsonValue(m.second));
        return o;
    }
    }
    return {};
}

} // namespace

QByteArray ProfileWriter::write(const Profile& profile)
{
    QString out;
    render(profileNode(profile), 0, 0, true, &out);
    out += u'\n';
    return out.toUtf8();
}

QJsonObject ProfileWriter::toJson(const Profile& profile)
{
    return toJsonValue(profileNode(profile)).toObject();
}

} // namespace cordon
