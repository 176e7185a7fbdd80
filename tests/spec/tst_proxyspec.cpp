// What the launch spec compiler (core/policy/LaunchSpecCompiler) adds for the egress bridge when
// the helper daemon gives it a proxy: the proxy's socket directory bound read-only at
// /run/cordon/proxy, the spec's proxyPort and proxySocket, and the proxy variables in both cases,
// which no profile can override or remove. Without a proxy, none of it.

#include "LaunchSpecCodec.h"
#include "LaunchSpecCompiler.h"
#include "PolicyResolver.h"
#include "ProfileParser.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cordon;
using spec::MountKind;

class TestProxySpec final : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;
    QString m_homePath;
    QString m_ws;
    QTemporaryDir m_runtime; // stands in for $XDG_RUNTIME_DIR/cordon/sessions/ID

    bool compile(const QByteArray& profileJson, const CompileContext& base, spec::LaunchSpec* out, PolicyError* error,
        const QHash<QString, QString>& environment = {})
    {
        ResolveRequest r;
        QStringList errors;
        if (!ProfileParser::parse(profileJson, QStringLiteral("test.json"), &r.profile, &errors)) {
            qWarning() << errors;
            return false;
        }
        r.home = m_homePath;
        r.workspace = m_ws;
        EffectivePolicy policy;
        if (!PolicyResolver::resolve(r, &policy, error))
            return false;
        policy.workspace = m_ws;
        CompileContext context = base;
        context.argv = {QStringLiteral("true")};
        context.userName = QStringLiteral("tester");
        context.environment = environment;
        context.runIdSuffix = QStringLiteral("0123abcd");
        CompileReport report;
        return LaunchSpecCompiler::compile(policy, context, out, &report, error);
    }

    static QStringList envOf(const spec::LaunchSpec& s)
    {
        QStringList out;
        for (const auto& e : s.env)
            out.append(QString::fromStdString(e));
        return out;
    }

    CompileContext withProxy() const
    {
        CompileContext c;
        c.proxyPort = 3128;
        c.proxyHostDir = m_runtime.path();
        c.proxySocketName = QStringLiteral("proxy.sock");
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_runtime.isValid());
        m_homePath = QFileInfo(m_home.path()).canonicalFilePath();
        m_ws = m_homePath + QStringLiteral("/src/proj");
        QVERIFY(QDir().mkpath(m_ws));
    }

    void proxyIsBoundAndAnnounced()
    {
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", withProxy(), &s, &error), qPrintable(error.message));
        QCOMPARE(s.proxyPort, std::uint16_t(3128));
        QCOMPARE(s.proxySocket, std::string("/run/cordon/proxy/proxy.sock"));
        qsizetype bind = -1;
        qsizetype run = -1;
        for (std::size_t i = 0; i < s.mounts.size(); ++i) {
            if (s.mounts[i].target == "/run/cordon/proxy")
                bind = static_cast<qsizetype>(i);
            if (s.mounts[i].target == "/run" && s.mounts[i].kind == MountKind::Tmpfs)
                run = static_cast<qsizetype>(i);
        }
        QVERIFY(bind > run && run >= 0); // below the fresh /run
        const spec::Mount& m = s.mounts[static_cast<std::size_t>(bind)];
        // Read-only: connecting to a Unix socket needs no write access to its directory or mount.
        QCOMPARE(m.kind, MountKind::BindReadOnly);
        QCOMPARE(QString::fromStdString(m.source), QFileInfo(m_runtime.path()).canonicalFilePath());
        const QStringList env = envOf(s);
        for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"})
            QVERIFY2(env.contains(QString::fromLatin1(name) + QStringLiteral("=http://127.0.0.1:3128")), name);
        QVERIFY(env.contains(QStringLiteral("NO_PROXY=localhost,127.0.0.1,::1")));
        QVERIFY(env.contains(QStringLiteral("no_proxy=localhost,127.0.0.1,::1")));
        // And it survives the wire format.
        spec::LaunchSpec back;
        std::string decodeError;
        QVERIFY2(spec::decodeLaunchSpec(spec::encodeLaunchSpec(s), back, decodeError), decodeError.c_str());
        QVERIFY(back == s);
    }

    void profileCannotOverrideTheProxy()
    {
        spec::LaunchSpec s;
        PolicyError error;
        const QHash<QString, QString> launcher = {{QStringLiteral("HTTPS_PROXY"), QStringLiteral("http://evil:1")},
            {QStringLiteral("no_proxy"), QStringLiteral("*")}};
        const QByteArray profile = "{\"schemaVersion\":1,\"name\":\"t\",\"environment\":{"
                                   "\"pass\":[\"HTTPS_PROXY\",\"no_proxy\"],"
                                   "\"set\":{\"HTTP_PROXY\":\"http://10.0.0.1:8080\",\"NO_PROXY\":\"*\"}}}";
        QVERIFY2(compile(profile, withProxy(), &s, &error, launcher), qPrintable(error.message));
        const QStringList env = envOf(s);
        for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"}) {
            const QString prefix = QString::fromLatin1(name) + u'=';
            QCOMPARE(env.filter(QRegularExpression(QStringLiteral("^") + prefix)).size(), 1);
            QVERIFY2(env.contains(prefix + QStringLiteral("http://127.0.0.1:3128")), name);
        }
        QCOMPARE(
            env.filter(QRegularExpression(QStringLiteral("^(NO_PROXY|no_proxy)=localhost,127.0.0.1,::1$"))).size(), 2);
    }

    void noProxyNoBridge()
    {
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(compile(R"({"schemaVersion":1,"name":"t"})", CompileContext{}, &s, &error));
        QCOMPARE(s.proxyPort, std::uint16_t(0));
        QVERIFY(s.proxySocket.empty());
        for (const auto& m : s.mounts)
            QVERIFY(m.target != "/run/cordon/proxy");
        const QRegularExpression proxyVariable(
            QStringLiteral("^(http|https|all|no)_proxy="), QRegularExpression::CaseInsensitiveOption);
        QVERIFY2(envOf(s).filter(proxyVariable).isEmpty(), qPrintable(envOf(s).join(u' ')));
    }

    void badProxyContextIsRefused_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("name");
        QTest::newRow("missing directory") << QStringLiteral("/nonexistent/cordon-proxy") << QStringLiteral("p.sock");
        QTest::newRow("relative directory") << QStringLiteral("run/x") << QStringLiteral("p.sock");
        QTest::newRow("system directory") << QStringLiteral("/etc") << QStringLiteral("p.sock");
        QTest::newRow("name with slash") << QString() << QStringLiteral("a/p.sock");
        QTest::newRow("dot-dot name") << QString() << QStringLiteral("..");
        QTest::newRow("empty name") << QString() << QString();
        QTest::newRow("name too long") << QString() << QString(120, u'x');
    }

    void badProxyContextIsRefused()
    {
        QFETCH(QString, dir);
        QFETCH(QString, name);
        CompileContext c = withProxy();
        if (!dir.isNull())
            c.proxyHostDir = dir;
        c.proxySocketName = name;
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(!compile(R"({"schemaVersion":1,"name":"t"})", c, &s, &error));
        QVERIFY(!error.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProxySpec)
#include "tst_proxyspec.moc"
