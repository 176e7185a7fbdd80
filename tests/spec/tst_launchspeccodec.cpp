// The launch spec is the only thing that crosses from policy to confinement, so its decoder is
// held to the same standard as a protocol parser: everything malformed is refused with a
// message, nothing is guessed.
#include "LaunchSpecCodec.h"

#include <QTest>

using namespace cordon::spec;

namespace {

LaunchSpec sampleSpec()
{
    LaunchSpec s;
    s.runId = "shell-0a1b2c3d";
    s.argv = {"bash", "-c", "echo 'quoted; $(not a shell)'\nsecond line"};
    s.env = {"HOME=/home/u", "PATH=/usr/bin:/bin", "EMPTY="};
    s.cwd = "/home/u/src/proj";
    s.mounts = {
        {MountKind::BindReadOnly, "/usr", "/usr", 0, 0755, true, false},
        {MountKind::Symlink, "usr/bin", "/bin", 0, 0755, false, false},
        {MountKind::Tmpfs, "", "/tmp", 1u << 30, 01777, true, false},
        {MountKind::BindReadWrite, "/home/u/src/proj with space", "/home/u/src/proj with space", 0, 0755, true, false},
        {MountKind::BindReadOnly, "/home/u/.gitconfig", "/home/u/.gitconfig", 0, 0755, false, true},
        {MountKind::Hide, "", "/home/u/src/proj/.env", 0, 0, false, false},
    };
    s.limits.timeoutSeconds = 600;
    s.limits.memoryBytes = 2ull << 30;
    s.limits.pids = 1024;
    s.limits.cpuMilli = 1500;
    s.bestEffort = LayerCgroup;
    s.guarded = {
        {"/home/u/src/proj/.git/commondir", true},
        {"/home/u/src/proj/.envrc with space", false},
    };
    s.proxyPort = 3128;
    s.proxySocket = "/run/cordon/proxy/proxy.sock";
    s.execEvents = true;
    return s;
}

} // namespace

class TestLaunchSpecCodec final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsEveryField()
    {
        const LaunchSpec in = sampleSpec();
        std::string error;
        QVERIFY2(validateLaunchSpec(in, error), error.c_str());
        LaunchSpec out;
        QVERIFY2(decodeLaunchSpec(encodeLaunchSpec(in), out, error), error.c_str());
        QVERIFY(out == in);
        QCOMPARE(out.argv.at(2), in.argv.at(2)); // newlines and shell syntax survive verbatim
        QCOMPARE(out.guarded.size(), std::size_t(2));
        QCOMPARE(out.guarded.at(0).hostPath, std::string("/home/u/src/proj/.git/commondir"));
        QVERIFY(out.guarded.at(0).critical);
        QVERIFY(!out.guarded.at(1).critical);
        QCOMPARE(out.proxyPort, std::uint16_t(3128));
        QCOMPARE(out.proxySocket, std::string("/run/cordon/proxy/proxy.sock"));
        QVERIFY(out.execEvents);
    }

    // Version 2's fields have defaults that mean "off", and those round-trip too.
    void proxyAndExecEventsOff()
    {
        LaunchSpec in = sampleSpec();
        in.proxyPort = 0;
        in.proxySocket.clear();
        in.execEvents = false;
        const std::string bytes = encodeLaunchSpec(in);
        QVERIFY(bytes.rfind("cordon-launch-spec 2\n", 0) == 0);
        LaunchSpec out;
        std::string error;
        QVERIFY2(decodeLaunchSpec(bytes, out, error), error.c_str());
        QVERIFY(out == in);
    }

    // The guard record is optional (a spec without guarded paths has none) and repeatable.
    void guardRecordIsOptional()
    {
        LaunchSpec in = sampleSpec();
        in.guarded.clear();
        const std::string bytes = encodeLaunchSpec(in);
        QVERIFY(bytes.find("guard ") == std::string::npos);
        LaunchSpec out;
        std::string error;
        QVERIFY2(decodeLaunchSpec(bytes, out, error), error.c_str());
        QVERIFY(out == in);
    }

    void refusesMalformedInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string good = encodeLaunchSpec(sampleSpec());
        const QByteArray g = QByteArray::fromStdString(good);
        QTest::newRow("empty") << QByteArray() << "not a Cordon launch spec";
        QTest::newRow("other magic") << QByteArray("bwrap-args 1\n") << "not a Cordon launch spec";
        QTest::newRow("future version") << QByteArray(g).replace("launch-spec 2\n", "launch-spec 3\n")
                                        << "unsupported launch spec version 3";
        // A version 1 spec (no proxy or exec-events records) is refused, not half-applied.
        QTest::newRow("old version") << QByteArray(g).replace("launch-spec 2\n", "launch-spec 1\n")
                                     << "unsupported launch spec version 1";
        QTest::newRow("proxy port out of range")
            << QByteArray(g).replace("proxy_port 4\n3128\n", "proxy_port 5\n65536\n") << "proxy_port out of range";
        QTest::newRow("exec events not bool")
            << QByteArray(g).replace("exec_events 1\n1\n", "exec_events 1\n2\n") << "field 'exec_events' is not 0 or 1";
        QTest::newRow("missing exec events")
            << QByteArray(g).replace("exec_events 1\n1\n", "") << "field 'exec_events' missing";
        QTest::newRow("repeated proxy socket") << (g + "proxy_socket 2\n/x\n") << "field 'proxy_socket' repeated";
        QTest::newRow("unknown field") << (g + "seccomp 3\noff\n") << "unknown field 'seccomp'";
        QTest::newRow("repeated scalar") << (g + "cwd 1\n/\n") << "field 'cwd' repeated";
        QTest::newRow("truncated") << g.left(g.size() - 1) << "truncated";
        QTest::newRow("trailing garbage") << (g + "x") << "malformed record header";
        QTest::newRow("length overflow") << (g + "arg 99999999999999999999\nx\n") << "bad length";
        QTest::newRow("negative length") << (g + "arg -1\nx\n") << "bad length";
        QTest::newRow("non-numeric limit")
            << QByteArray(g).replace("pids 4\n1024\n", "pids 4\n10x4\n") << "field 'pids' is not a number";
        // Guard records appended by hand (the decoder takes records in any order).
        LaunchSpec unguarded = sampleSpec();
        unguarded.guarded.clear();
        const QByteArray u = QByteArray::fromStdString(encodeLaunchSpec(unguarded));
        auto guard = [](const QByteArray& nested) {
            return "guard " + QByteArray::number(nested.size()) + '\n' + nested + '\n';
        };
        QTest::newRow("unknown guard field")
            << (u + guard("path 4\n/a/b\ncritical 1\n1\nowner 1\nx\n")) << "unknown guard field 'owner'";
        QTest::newRow("guard critical not bool")
            << (u + guard("path 4\n/a/b\ncritical 1\n2\n")) << "field 'critical' is not 0 or 1";
        QTest::newRow("guard without critical") << (u + guard("path 4\n/a/b\n")) << "guard field 'critical' missing";
        QTest::newRow("guard field repeated")
            << (u + guard("path 4\n/a/b\npath 4\n/a/c\ncritical 1\n0\n")) << "guard field 'path' repeated";
        QTest::newRow("relative guard") << (u + guard("path 3\na/b\ncritical 1\n0\n")) << "guarded path";
        QTest::newRow("missing field") << QByteArray(g).replace("best_effort 1\n4\n", "")
                                       << "field 'best_effort' missing";
    }

    void refusesMalformedInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        LaunchSpec out;
        std::string error;
        QVERIFY(!decodeLaunchSpec(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), out, error));
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
    }

    void refusesInvalidSemantics_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("relative target") << 0 << "target must be an absolute normalized path";
        QTest::newRow("dotdot target") << 1 << "target must be an absolute normalized path";
        QTest::newRow("root target") << 2 << "other than /";
        QTest::newRow("relative bind source") << 3 << "source must be an absolute normalized path";
        QTest::newRow("NUL in argument") << 4 << "NUL";
        QTest::newRow("env without =") << 5 << "NAME=VALUE";
        QTest::newRow("bad run id") << 6 << "run id";
        QTest::newRow("no command") << 7 << "no command";
        QTest::newRow("tmpfs with source") << 8 << "takes no source";
        QTest::newRow("optional tmpfs") << 9 << "only binds can be optional";
        QTest::newRow("unknown layer") << 10 << "best-effort";
        QTest::newRow("absurd pids") << 11 << "out of range";
        QTest::newRow("relative cwd") << 12 << "working directory";
        QTest::newRow("relative guarded path") << 13 << "guarded path";
        QTest::newRow("guarded root") << 14 << "guarded path";
        QTest::newRow("dotdot guarded path") << 15 << "guarded path";
        QTest::newRow("proxy port without socket") << 16 << "together";
        QTest::newRow("proxy socket without port") << 17 << "together";
        QTest::newRow("relative proxy socket") << 18 << "proxy socket";
        QTest::newRow("proxy socket too long") << 19 << "proxy socket";
    }

    void refusesInvalidSemantics()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        LaunchSpec s = sampleSpec();
        switch (which) {
        case 0: s.mounts[0].target = "usr"; break;
        case 1: s.mounts[0].target = "/usr/../etc"; break;
        case 2: s.mounts[0].target = "/"; break;
        case 3: s.mounts[0].source = "usr"; break;
        case 4: s.argv.push_back(std::string("a\0b", 3)); break;
        case 5: s.env.push_back("JUSTANAME"); break;
        case 6: s.runId = "Shell_1"; break;
        case 7: s.argv.clear(); break;
        case 8: s.mounts[2].source = "/dev/shm"; break;
        case 9: s.mounts[2].optional = true; break;
        case 10: s.bestEffort = 1u << 20; break;
        case 11: s.limits.pids = 1ull << 40; break;
        case 12: s.cwd = "proj"; break;
        case 13: s.guarded[0].hostPath = ".git/commondir"; break;
        case 14: s.guarded[0].hostPath = "/"; break;
        case 15: s.guarded[0].hostPath = "/home/u/src/proj/../.git/config"; break;
        case 16: s.proxySocket.clear(); break;
        case 17: s.proxyPort = 0; break;
        case 18: s.proxySocket = "run/cordon/proxy/p.sock"; break;
        case 19: s.proxySocket = "/run/" + std::string(kMaxProxySocketPath, 'x'); break;
        }
        std::string error;
        QVERIFY(!validateLaunchSpec(s, error));
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
        // The decoder applies the same checks: an invalid spec never decodes.
        LaunchSpec out;
        std::string decodeError;
        QVERIFY(!decodeLaunchSpec(encodeLaunchSpec(s), out, decodeError));
    }

    void normalizedPaths()
    {
        QVERIFY(isNormalizedAbsolutePath("/"));
        QVERIFY(isNormalizedAbsolutePath("/a/b c/.hidden"));
        QVERIFY(!isNormalizedAbsolutePath(""));
        QVERIFY(!isNormalizedAbsolutePath("a/b"));
        QVERIFY(!isNormalizedAbsolutePath("/a//b"));
        QVERIFY(!isNormalizedAbsolutePath("/a/./b"));
        QVERIFY(!isNormalizedAbsolutePath("/a/.."));
        QVERIFY(!isNormalizedAbsolutePath("/a/"));
    }

    // Cheap, deterministic fuzzing: every prefix and every single-byte corruption of a valid
    // spec either decodes to something that validates or is refused; nothing crashes (the
    // ASan/UBSan CI pass makes "nothing crashes" mean something).
    void corruptedInputNeverCrashes()
    {
        const std::string good = encodeLaunchSpec(sampleSpec());
        int refused = 0;
        for (size_t cut = 0; cut < good.size(); ++cut) {
            LaunchSpec out;
            std::string error;
            if (!decodeLaunchSpec(std::string_view(good).substr(0, cut), out, error))
                ++refused;
        }
        QCOMPARE(refused, static_cast<int>(good.size())); // no proper prefix is a valid spec
        for (size_t i = 0; i < good.size(); i += 3) {
            for (char c : {'\0', '\n', ' ', '9', 'z', '/', '\xff'}) {
                std::string bad = good;
                bad[i] = c;
                LaunchSpec out;
                std::string error;
                if (decodeLaunchSpec(bad, out, error)) {
                    std::string again;
                    QVERIFY2(validateLaunchSpec(out, again), again.c_str());
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestLaunchSpecCodec)
#include "tst_launchspeccodec.moc"
