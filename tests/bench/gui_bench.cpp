// Benchmark of the desktop app (`cordon`, app/gui) against the targets of issue 4:
//   1. popup:    an approval pop-up appears within 100 ms of the escalation reaching the app;
//   2. timeline: the timeline keeps up with 20,000 events/s, the Qt event loop never blocked for
//                longer than 50 ms;
//   3. memory:   the app stays under 200 MB with a million events in the journal.
// Not a test (docs/benchmarks.md, "Desktop app"): it prints figures and verdicts, never fails a build.
//
// usage: gui_bench [--only popup|timeline|memory] [--runs N] [--samples N] [--events-per-second N]
//                  [--seconds S] [--burst N] [--journal-events N] [--browse-events N] [--bin-dir DIR]
//
// Real parts wherever they can run. The app's own classes (SocketHelperConnection, the models,
// MainWindow shown, ApprovalPopup) are built and wired as app/gui/main.cpp wires them, in this
// process, so that Qt's event delivery can be timed from QApplication::notify without touching
// the app's code:
//   - popup: a real cordon-helper (rootless, temporary socket and state, the proxy's test-only
//     name map), a real sandbox running curl against a loopback HTTP server for a host the profile
//     does not list, so that the real proxy asks the helper and the helper asks the app;
//   - timeline: the helper cannot produce 20,000 real events/s, so a scripted helper on a real Unix
//     socket (its own thread, plain POSIX, never waiting for the GUI thread) speaks
//     docs/protocol.md to the real SocketHelperConnection and pushes paced `event` lines;
//   - memory: a real journal of a million plausible events written with core/journal's Journal,
//     served by a real cordon-helper; the app runs in a child process of its own (peak RSS is per
//     process) which follows, then browses the journal page by page as scrolling does.
// QT_QPA_PLATFORM defaults to offscreen; run under `xvfb-run -a` with QT_QPA_PLATFORM=xcb for real
// X11 painting.

#include "ApprovalPopup.h"
#include "DBusNotificationBackend.h"
#include "FileDialog.h"
#include "GrantModel.h"
#include "HelperConnection.h"
#include "Journal.h"
#include "LineFramer.h"
#include "LoopbackServer.h"
#include "MainWindow.h"
#include "MessageSchema.h"
#include "ProfileListModel.h"
#include "RequestNotifier.h"
#include "SessionEventTail.h"
#include "SessionModel.h"
#include "SocketHelperConnection.h"
#include "SystemClock.h"
#include "TimelineModel.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSocketNotifier>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QWindow>

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <vector>

using namespace cordon::gui;

namespace {

// ---------------------------------------------------------------------------------------------
// Options, clocks, statistics, the machine

struct Options {
    QString only; // empty: every part
    int runs = 3;
    int samples = 30;
    int eventsPerSecond = 20000;
    double seconds = 10.0;
    // The helper pushes events after each journal commit, 256 events or 50 ms, whichever first
    // (docs/helper.md, "Events"): at 20,000/s that is a burst of 256 lines every 12.8 ms.
    int burst = 256;
    qint64 journalEvents = 1000000;
    qint64 browseEvents = -1; // -1: the whole journal
    QString binDir;
    // Internal: the memory part's child process.
    bool memoryChild = false;
    QString childSocket;
};

constexpr qint64 kPopupTargetMs = 100;
constexpr qint64 kStallTargetMs = 50;
constexpr double kMemoryTargetMB = 200.0;
constexpr int kWatchdogIntervalMs = 5;

qint64 steadyNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

qint64 realtimeNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

qint64 threadCpuNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

// Nearest rank, as launch-bench.py does.
double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * double(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

double median(const std::vector<double>& values)
{
    if (values.empty())
        return std::nan("");
    std::vector<double> v = values;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double maximum(const std::vector<double>& values)
{
    return values.empty() ? std::nan("") : *std::max_element(values.begin(), values.end());
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() >= 3 ? QString::fromLatin1(parts[0] + ' ' + parts[1] + ' ' + parts[2]) : QStringLiteral("?");
}

// A field of /proc/self/status in kB (VmHWM, VmRSS, RssAnon, RssFile), -1 when absent.
qint64 statusKb(const char* field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

double kbToMB(qint64 kb)
{
    return double(kb) * 1024.0 / 1e6;
}

void say(const QString& text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

QString fmt(double value, int decimals = 1)
{
    return std::isnan(value) ? QStringLiteral("n/a") : QString::number(value, 'f', decimals);
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// Runs the event loop until done() holds or the time is up. A nested QEventLoop, entered from
// outside any event handler, so that what it dispatches counts as the loop's own work.
bool spinUntil(const std::function<bool()>& done, qint64 timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QElapsedTimer elapsed;
    elapsed.start();
    bool ok = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        } else if (elapsed.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return ok;
}

void spinFor(qint64 durationMs)
{
    QElapsedTimer t;
    t.start();
    spinUntil([&] { return t.elapsed() >= durationMs; }, durationMs + 1000);
}

// ---------------------------------------------------------------------------------------------
// Timing Qt's event delivery. Every event of the GUI thread passes through QApplication::notify,
// so overriding it shows, without touching app code: how long each top-level dispatch took (what
// "the event loop was blocked" means), when a socket notifier's activation began (the earliest
// moment app code can see a message from the helper) and when the pop-up's window was painted.

class BenchApplication final : public QApplication {
public:
    struct Dispatch {
        qint64 ns = 0;
        QString what; // receiver class, object name and event type
    };

    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override;

    void startDispatchTiming()
    {
        m_longest.clear();
        m_timing = true;
    }
    void stopDispatchTiming() { m_timing = false; }
    // The longest top-level dispatches since startDispatchTiming(), longest first.
    std::vector<Dispatch> longestDispatches() const { return m_longest; }

    // The start of the socket-notifier activation being delivered right now (innermost), or 0.
    qint64 currentSocketActivationNs() const { return m_sockActStarts.empty() ? 0 : m_sockActStarts.back(); }

    // Calls `painted` with the time the pop-up's window finished its next paint: the end of the
    // Expose or UpdateRequest of its QWindow in which its widgets were painted (painting and the
    // flush to the platform's backing store happen there), or of the top-level dispatch when the
    // paint came some other way; and with the type of that event.
    void armPopupPaint(QWidget* popup, std::function<void(qint64 ns, QEvent::Type closing)> painted)
    {
        m_popup = popup;
        m_popupPainted = std::move(painted);
        m_sawPopupPaint = false;
    }
    void disarmPopupPaint()
    {
        m_popup = nullptr;
        m_popupPainted = {};
        m_sawPopupPaint = false;
    }

private:
    void notePopupPaintDone(QEvent::Type closing)
    {
        auto callback = std::exchange(m_popupPainted, {});
        m_popup = nullptr;
        m_sawPopupPaint = false;
        callback(steadyNs(), closing);
    }
    void keepIfLongest(qint64 ns, QObject* receiver, QEvent::Type type);

    static constexpr size_t kKeptDispatches = 8;
    int m_depth = 0;
    bool m_timing = false;
    std::vector<Dispatch> m_longest;
    std::vector<qint64> m_sockActStarts;
    QWidget* m_popup = nullptr;
    std::function<void(qint64, QEvent::Type)> m_popupPainted;
    bool m_sawPopupPaint = false;
};

bool BenchApplication::notify(QObject* receiver, QEvent* event)
{
    const QEvent::Type type = event->type();
    const bool outermost = m_depth == 0;
    const bool sockAct = type == QEvent::SockAct && qobject_cast<QSocketNotifier*>(receiver) != nullptr;
    const qint64 start = (outermost && m_timing) || sockAct ? steadyNs() : 0;
    if (sockAct)
        m_sockActStarts.push_back(start);
    bool popupWindowEvent = false;
    if (m_popup && (type == QEvent::Expose || type == QEvent::UpdateRequest))
        popupWindowEvent = receiver == m_popup->windowHandle();

    ++m_depth;
    const bool result = QApplication::notify(receiver, event);
    --m_depth;

    if (sockAct)
        m_sockActStarts.pop_back();
    if (m_popup && type == QEvent::Paint && receiver->isWidgetType() &&
        static_cast<QWidget*>(receiver)->window() == m_popup)
        m_sawPopupPaint = true;
    if (m_popup && m_sawPopupPaint && (popupWindowEvent || outermost))
        notePopupPaintDone(type);
    if (outermost && m_timing)
        keepIfLongest(steadyNs() - start, receiver, type);
    return result;
}

void BenchApplication::keepIfLongest(qint64 ns, QObject* receiver, QEvent::Type type)
{
    if (m_longest.size() == kKeptDispatches && ns <= m_longest.back().ns)
        return;
    // Only the few longest are named, so that naming costs nothing on the common path.
    QString what = QString::fromLatin1(receiver->metaObject()->className());
    if (!receiver->objectName().isEmpty())
        what += u'(' + receiver->objectName() + u')';
    // A QTimer has no name; its interval tells which one it is (TimelineModel's batch: 50 ms).
    if (const auto* timer = qobject_cast<const QTimer*>(receiver))
        what += QStringLiteral("(%1 ms%2)")
                    .arg(timer->interval())
                    .arg(timer->isSingleShot() ? QStringLiteral(", single-shot") : QString());
    switch (type) {
    case QEvent::SockAct: what += QStringLiteral(" socket activation"); break;
    case QEvent::Timer: what += QStringLiteral(" timer"); break;
    case QEvent::MetaCall: what += QStringLiteral(" queued call"); break;
    case QEvent::UpdateRequest: what += QStringLiteral(" paint (UpdateRequest)"); break;
    case QEvent::Expose: what += QStringLiteral(" paint (Expose)"); break;
    case QEvent::LayoutRequest: what += QStringLiteral(" layout"); break;
    default: what += QStringLiteral(" event %1").arg(int(type)); break;
    }
    m_longest.push_back({ns, what});
    std::sort(m_longest.begin(), m_longest.end(), [](const Dispatch& a, const Dispatch& b) { return a.ns > b.ns; });
    if (m_longest.size() > kKeptDispatches)
        m_longest.pop_back();
}

BenchApplication* benchApp()
{
    return static_cast<BenchApplication*>(QCoreApplication::instance());
}

// Records the gaps between the ticks of a 5 ms timer: a gap much longer than 5 ms is time in which
// the event loop could not serve a timer that was due, i.e. a stall a person would feel.
class LoopWatchdog {
public:
    LoopWatchdog()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kWatchdogIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = steadyNs();
            m_gapsMs.push_back(ms(now - m_last));
            m_last = now;
        });
    }
    void start()
    {
        m_gapsMs.clear();
        m_last = steadyNs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    const std::vector<double>& gapsMs() const { return m_gapsMs; }

private:
    QTimer m_timer;
    qint64 m_last = 0;
    std::vector<double> m_gapsMs;
};

// ---------------------------------------------------------------------------------------------
// The app: its objects wired as app/gui/main.cpp wires them. The differences: the socket is the
// bench's helper (no helper start), settings in a temporary file, and no terminal launcher, so
// that Launch goes straight to the helper without a terminal (as in the GUI tests).

class AppUnderTest {
public:
    // `probe` is called once the connection exists and before anything else connects to it, so
    // that its slots run before the app's own.
    AppUnderTest(const QString& socketPath, const QString& settingsFile,
        const std::function<void(HelperConnection*)>& probe = {})
        : settings(settingsFile, QSettings::IniFormat)
    {
        translations.install(settings.value(Translations::settingsKey()).toString());
        SocketHelperConnection::Options options;
        options.socketPaths = {socketPath};
        options.startHelper = false;
        options.clientName = QStringLiteral("cordon gui_bench");
        connection = std::make_unique<SocketHelperConnection>(options);
        if (probe)
            probe(connection.get());
        profiles = std::make_unique<ProfileListModel>();
        profiles->reload();
        sessions = std::make_unique<SessionModel>(connection.get(), &clock);
        timeline = std::make_unique<TimelineModel>(connection.get(), &clock);
        grants = std::make_unique<GrantModel>(connection.get());
        tail = std::make_unique<SessionEventTail>(connection.get());
        window = std::make_unique<MainWindow>(connection.get(),
            MainWindow::Models{profiles.get(), sessions.get(), timeline.get(), grants.get()}, &settings);
        popup = std::make_unique<ApprovalPopup>(connection.get(), &clock, tail.get());
        notifications = std::make_unique<DBusNotificationBackend>();
        MainWindow* w = window.get();
        notifier = std::make_unique<RequestNotifier>(
            connection.get(), popup.get(), notifications.get(), [w] { return !w->isVisible(); });
        trayIcon = std::make_unique<TrayIcon>(profiles.get());
        if (QSystemTrayIcon::isSystemTrayAvailable()) {
            window->setCloseHidesWindow(true);
            trayIcon->show();
        }
        window->show();
        // A person watching the timeline: its view is the one that paints.
        if (auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabWidget")))
            tabs->setCurrentIndex(1);
        connection->start();
    }
    ~AppUnderTest()
    {
        // Widgets before the models and the connection they hold pointers to (main.cpp's stack order).
        trayIcon.reset();
        notifier.reset();
        notifications.reset();
        popup.reset();
        window.reset();
        tail.reset();
        grants.reset();
        timeline.reset();
        sessions.reset();
        profiles.reset();
        connection.reset();
    }

    QTreeView* timelineView() const { return window->findChild<QTreeView*>(QStringLiteral("timelineView")); }

    QSettings settings;
    Translations translations;
    SystemClock clock;
    std::unique_ptr<SocketHelperConnection> connection;
    std::unique_ptr<ProfileListModel> profiles;
    std::unique_ptr<SessionModel> sessions;
    std::unique_ptr<TimelineModel> timeline;
    std::unique_ptr<GrantModel> grants;
    std::unique_ptr<SessionEventTail> tail;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<ApprovalPopup> popup;
    std::unique_ptr<DBusNotificationBackend> notifications;
    std::unique_ptr<RequestNotifier> notifier;
    std::unique_ptr<TrayIcon> trayIcon;
};

// ---------------------------------------------------------------------------------------------
// A real cordon-helper, rootless, its socket and state where the bench says.

class HelperProcess {
public:
    ~HelperProcess() { stop(); }

    bool start(const QString& binDir, const QString& socketPath, const QString& stateDir, const QStringList& extra = {},
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(binDir + QStringLiteral("/cordon-helper"),
            QStringList{QStringLiteral("--rootless"), QStringLiteral("--socket"), socketPath,
                QStringLiteral("--state-dir"), stateDir} +
                extra);
        if (!m_process.waitForStarted(10000))
            return false;
        // Ready when its socket answers a connect().
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000 && m_process.state() == QProcess::Running) {
            if (canConnect(socketPath))
                return true;
            ::usleep(20000);
        }
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(30000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }

private:
    static bool canConnect(const QString& path)
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        if (fd < 0 || size_t(p.size()) >= sizeof a.sun_path) {
            if (fd >= 0)
                ::close(fd);
            return false;
        }
        std::memcpy(a.sun_path, p.constData(), size_t(p.size()));
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        return ok;
    }

    QProcess m_process;
};

// ---------------------------------------------------------------------------------------------
// Plausible agent activity: what a coding agent's sessions journal (docs/helper.md, "Events"):
// mostly exec (builds, tests, git, searches), egress allowed to the usual hosts, some denials,
// questions and decisions, the odd guard or secret. Deterministic (seeded), so that every run
// writes and pushes the same data.

struct SyntheticEvent {
    cordon::EventKind kind = cordon::EventKind::Exec;
    qint64 pid = 0;
    QString subject;
    QJsonObject detail;
};

class ActivityGenerator {
public:
    explicit ActivityGenerator(quint32 seed) : m_rng(seed) { }

    SyntheticEvent next()
    {
        const int roll = pick(1000);
        if (roll < 580)
            return exec();
        if (roll < 820)
            return netAllow();
        if (roll < 910)
            return netDeny();
        if (roll < 940)
            return netAsk();
        if (roll < 970)
            return decision();
        if (roll < 985)
            return guard();
        return secret();
    }

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }
    template <typename T, size_t N>
    const T& any(const T (&items)[N])
    {
        return items[pick(int(N))];
    }
    qint64 pid() { return 100000 + pick(300000); }

    SyntheticEvent exec()
    {
        static const char* const modules[] = {
            "api", "auth", "billing", "db", "http", "queue", "render", "search", "session", "storage", "sync", "ui"};
        const QString module = QString::fromLatin1(any(modules));
        const int n = pick(40);
        QStringList argv;
        switch (pick(9)) {
        case 0: argv = {QStringLiteral("git"), QStringLiteral("status"), QStringLiteral("--porcelain=v2")}; break;
        case 1:
            argv = {QStringLiteral("git"), QStringLiteral("diff"), QStringLiteral("--stat"), QStringLiteral("HEAD~1"),
                QStringLiteral("--"), QStringLiteral("src/%1").arg(module)};
            break;
        case 2:
            argv = {QStringLiteral("rg"), QStringLiteral("-n"), QStringLiteral("--json"),
                QStringLiteral("fn %1_handler").arg(module), QStringLiteral("src/")};
            break;
        case 3:
            argv = {QStringLiteral("python3"), QStringLiteral("-m"), QStringLiteral("pytest"), QStringLiteral("-x"),
                QStringLiteral("-q"), QStringLiteral("tests/test_%1.py::test_case_%2").arg(module).arg(n)};
            break;
        case 4:
            argv = {QStringLiteral("g++"), QStringLiteral("-O2"), QStringLiteral("-std=c++20"),
                QStringLiteral("-Iinclude"), QStringLiteral("-c"),
                QStringLiteral("src/%1/part%2.cpp").arg(module).arg(n), QStringLiteral("-o"),
                QStringLiteral("build/%1/part%2.o").arg(module).arg(n)};
            break;
        case 5:
            argv = {QStringLiteral("node"), QStringLiteral("node_modules/.bin/jest"), QStringLiteral("--ci"),
                QStringLiteral("src/%1/%1.test.ts").arg(module)};
            break;
        case 6:
            argv = {QStringLiteral("sed"), QStringLiteral("-n"), QStringLiteral("%1,%2p").arg(n * 10).arg(n * 10 + 60),
                QStringLiteral("src/%1/mod.rs").arg(module)};
            break;
        case 7: argv = {QStringLiteral("cat"), QStringLiteral("docs/%1.md").arg(module)}; break;
        default: argv = {QStringLiteral("make"), QStringLiteral("-j2"), QStringLiteral("%1-tests").arg(module)}; break;
        }
        SyntheticEvent e;
        e.kind = cordon::EventKind::Exec;
        e.pid = pid();
        e.subject = QStringLiteral("/usr/bin/") + argv.constFirst();
        e.detail = {
            {QStringLiteral("argv"), QJsonArray::fromStringList(argv)}, {QStringLiteral("ns_pid"), 2 + pick(5000)}};
        return e;
    }

    SyntheticEvent netAllow()
    {
        static const char* const hosts[][2] = {{"api.anthropic.com", "160.79.104.10"},
            {"registry.npmjs.org", "104.16.24.35"}, {"pypi.org", "151.101.0.223"},
            {"files.pythonhosted.org", "151.101.64.223"}, {"github.com", "140.82.121.4"},
            {"objects.githubusercontent.com", "185.199.108.133"}, {"crates.io", "18.165.83.31"}};
        const auto& host = any(hosts);
        SyntheticEvent e;
        e.kind = cordon::EventKind::NetAllow;
        e.pid = pid();
        e.subject = QString::fromLatin1(host[0]) + QStringLiteral(":443");
        e.detail = {{QStringLiteral("proto"), QStringLiteral("connect")},
            {QStringLiteral("address"), QString::fromLatin1(host[1])},
            {QStringLiteral("rule"), QStringLiteral("allow:") + QString::fromLatin1(host[0])},
            {QStringLiteral("conn"), ++m_conn}};
        return e;
    }

    SyntheticEvent netDeny()
    {
        SyntheticEvent e;
        e.kind = cordon::EventKind::NetDeny;
        e.pid = pid();
        switch (pick(3)) {
        case 0:
            e.subject = QStringLiteral("telemetry.vendor.example:443");
            e.detail = {{QStringLiteral("proto"), QStringLiteral("connect")},
                {QStringLiteral("rule"), QStringLiteral("deny:*.vendor.example")}};
            break;
        case 1:
            e.subject = QStringLiteral("metadata.google.internal:80");
            e.detail = {{QStringLiteral("proto"), QStringLiteral("http")},
                {QStringLiteral("rule"), QStringLiteral("non-global-address")},
                {QStringLiteral("address"), QStringLiteral("169.254.169.254")}};
            break;
        default:
            e.subject = QStringLiteral("93.184.215.14:443");
            e.detail = {{QStringLiteral("direct"), true}, {QStringLiteral("family"), QStringLiteral("ipv4")}};
            break;
        }
        return e;
    }

    SyntheticEvent netAsk()
    {
        static const char* const hosts[] = {
            "gist.github.com", "raw.githubusercontent.com", "huggingface.co", "stackoverflow.com"};
        SyntheticEvent e;
        e.kind = cordon::EventKind::NetAsk;
        e.pid = pid();
        e.subject = QString::fromLatin1(any(hosts)) + QStringLiteral(":443");
        e.detail = {
            {QStringLiteral("proto"), QStringLiteral("connect")}, {QStringLiteral("rule"), QStringLiteral("unlisted")}};
        return e;
    }

    SyntheticEvent decision()
    {
        static const char* const decisions[] = {"once", "deny", "session", "once"};
        SyntheticEvent e;
        e.kind = cordon::EventKind::Decision;
        e.subject = QStringLiteral("raw.githubusercontent.com:443");
        e.detail = {{QStringLiteral("request"), ++m_request},
            {QStringLiteral("decision"), QString::fromLatin1(any(decisions))},
            {QStringLiteral("scope"), QStringLiteral("host")}, {QStringLiteral("by"), QStringLiteral("client")}};
        return e;
    }

    SyntheticEvent guard()
    {
        SyntheticEvent e;
        e.kind = cordon::EventKind::LimitWarning;
        e.pid = pid();
        e.subject = QStringLiteral("/home/ann/.ssh/id_ed25519");
        e.detail = {{QStringLiteral("guard"), true}, {QStringLiteral("action"), QStringLiteral("open")},
            {QStringLiteral("critical"), false}};
        return e;
    }

    SyntheticEvent secret()
    {
        SyntheticEvent e;
        const bool ask = pick(2) == 0;
        e.kind = ask ? cordon::EventKind::SecretAsk : cordon::EventKind::SecretGrant;
        e.subject = QStringLiteral("GITHUB_TOKEN");
        e.detail = ask ? QJsonObject{{QStringLiteral("delivery"), QStringLiteral("env")}}
                       : QJsonObject{{QStringLiteral("delivery"), QStringLiteral("env")},
                             {QStringLiteral("decision"), QStringLiteral("session")},
                             {QStringLiteral("by"), QStringLiteral("client")}};
        return e;
    }

    std::mt19937 m_rng;
    qint64 m_conn = 0;
    qint64 m_request = 0;
};

struct SessionInfo {
    QString id, profile, workspace;
    QStringList argv;
};

SessionInfo sessionInfo(int index)
{
    static const char* const profiles[] = {"claude-code", "codex", "aider", "shell"};
    static const char* const workspaces[] = {"webapp", "cordon", "infra", "data-pipeline", "mobile"};
    SessionInfo s;
    s.profile = QString::fromLatin1(profiles[index % 4]);
    s.id = QStringLiteral("%1-%2").arg(s.profile).arg(
        0x5a3c0000u + quint32(index) * 2654435761u % 0xffffu, 8, 16, QLatin1Char('0'));
    s.workspace = QStringLiteral("/home/ann/src/") + QString::fromLatin1(workspaces[index % 5]);
    s.argv = s.profile == QLatin1String("shell") ? QStringList{QStringLiteral("/bin/bash"), QStringLiteral("-l")}
                                                 : QStringList{s.profile};
    return s;
}

// ---------------------------------------------------------------------------------------------
// Part 2's helper: speaks docs/protocol.md on a real Unix socket, from a thread of its own (plain
// POSIX, so that nothing it does waits for the GUI thread's event loop). It answers hello,
// subscribe, list, history (an empty journal), grants, pending and runs; announces its sessions;
// then, when told, pushes `event` lines at a paced rate in the helper's burst size, and, like the
// helper, queues what the client has not read yet (the real helper disconnects a client at 8 MiB).

class ScriptedHelperPeer {
public:
    struct Config {
        QString socketPath;
        int eventsPerSecond = 20000;
        double seconds = 10;
        int burst = 256;
        int sessions = 4;
    };
    struct Result {
        qint64 sent = 0;
        qint64 firstSentNs = 0;
        qint64 lastWrittenNs = 0; // the last event's last byte handed to the kernel
        qint64 maxQueuedBytes = 0;
        QString error;
    };

    explicit ScriptedHelperPeer(Config config) : m_config(std::move(config)) { }
    ~ScriptedHelperPeer() { stop(); }

    bool start(QString* error);
    void beginPushing() { m_push.store(true); }
    qint64 sentSoFar() const { return m_sentSoFar.load(); }
    bool finished() const { return m_finished.load(); }
    void stop();
    const Result& result() const { return m_result; } // after finished() or stop()
    qint64 totalEvents() const { return qint64(std::llround(m_config.eventsPerSecond * m_config.seconds)); }

private:
    void run();
    void handleRequest(const QByteArray& line, QByteArray* out);
    QByteArray eventLine(qint64 id, qint64 timeMs) const;
    static QByteArray encodeChecked(const QJsonObject& message);

    Config m_config;
    int m_listenFd = -1;
    int m_wake[2] = {-1, -1};
    std::thread m_thread;
    std::atomic<bool> m_push{false};
    std::atomic<bool> m_finished{false};
    std::atomic<qint64> m_sentSoFar{0};
    Result m_result;
    std::vector<SessionInfo> m_sessions;
    std::vector<QByteArray> m_tails; // each event's fields after id and time, pre-encoded
};

QByteArray ScriptedHelperPeer::encodeChecked(const QJsonObject& message)
{
    // Everything the peer says passes the app's own decoder first (docs/protocol.md, exactly).
    cordon::protocol::ProtocolError error;
    if (!cordon::protocol::MessageSchema::validate(message, cordon::protocol::Direction::FromHelper, &error))
        qFatal("gui_bench: the scripted helper would send an invalid message: %s", qPrintable(error.message));
    return cordon::protocol::MessageSchema::encode(message);
}

bool ScriptedHelperPeer::start(QString* error)
{
    for (int i = 0; i < m_config.sessions; ++i)
        m_sessions.push_back(sessionInfo(i));
    // A few thousand distinct events, cycled: building each line from its pre-encoded fields costs
    // the peer little, so that the machine's two cores go to the app rather than to the stand-in.
    ActivityGenerator generator(20261124);
    for (int i = 0; i < 4096; ++i) {
        const SyntheticEvent e = generator.next();
        const QJsonObject rest{{QStringLiteral("session"), m_sessions[size_t(i % m_config.sessions)].id},
            {QStringLiteral("kind"), cordon::EventKindNames::name(e.kind)}, {QStringLiteral("pid"), e.pid},
            {QStringLiteral("subject"), e.subject}, {QStringLiteral("detail"), e.detail}};
        m_tails.push_back(QJsonDocument(rest).toJson(QJsonDocument::Compact).mid(1)); // without its '{'
    }
    // The line format is checked against the app's decoder once, here.
    {
        QJsonObject message;
        std::optional<qint64> id;
        cordon::protocol::ProtocolError protocolError;
        const QByteArray line = eventLine(1, QDateTime::currentMSecsSinceEpoch());
        if (!cordon::protocol::MessageSchema::decode(
                line.chopped(1), cordon::protocol::Direction::FromHelper, &message, &id, &protocolError)) {
            *error = QStringLiteral("scripted event line refused by the schema: ") + protocolError.message;
            return false;
        }
    }

    m_listenFd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    const QByteArray p = QFile::encodeName(m_config.socketPath);
    if (m_listenFd < 0 || size_t(p.size()) >= sizeof a.sun_path || ::pipe2(m_wake, O_CLOEXEC) != 0) {
        *error = QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    std::memcpy(a.sun_path, p.constData(), size_t(p.size()));
    ::unlink(p.constData());
    if (::bind(m_listenFd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listenFd, 4) != 0) {
        *error = QStringLiteral("bind %1: %2").arg(m_config.socketPath, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_thread = std::thread([this] { run(); });
    return true;
}

void ScriptedHelperPeer::stop()
{
    if (m_thread.joinable()) {
        (void)!::write(m_wake[1], "x", 1);
        m_thread.join();
    }
    for (int* fd : {&m_listenFd, &m_wake[0], &m_wake[1]}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

QByteArray ScriptedHelperPeer::eventLine(qint64 id, qint64 timeMs) const
{
    QByteArray line;
    const QByteArray& tail = m_tails[size_t(id) % m_tails.size()];
    line.reserve(tail.size() + 64);
    line += R"({"type":"event","event":{"id":)";
    line += QByteArray::number(id);
    line += R"(,"time":)";
    line += QByteArray::number(timeMs);
    line += ',';
    line += tail;
    line += "}\n";
    return line;
}

void ScriptedHelperPeer::handleRequest(const QByteArray& line, QByteArray* out)
{
    QJsonObject m;
    std::optional<qint64> id;
    cordon::protocol::ProtocolError error;
    // The app's requests go through the helper's own strict decoder: an unknown field is an error.
    if (!cordon::protocol::MessageSchema::decode(line, cordon::protocol::Direction::ToHelper, &m, &id, &error)) {
        m_result.error = QStringLiteral("the app sent a request the protocol refuses: ") + error.message;
        return;
    }
    const QString type = m.value(QLatin1String("type")).toString();
    QJsonObject reply{{QStringLiteral("id"), id.value_or(0)}};
    if (type == QLatin1String("hello")) {
        reply.insert(QStringLiteral("type"), QStringLiteral("hello"));
        reply.insert(QStringLiteral("version"), cordon::protocol::kProtocolVersion);
        reply.insert(QStringLiteral("helper"), QStringLiteral("gui_bench scripted helper"));
        reply.insert(QStringLiteral("mode"), QStringLiteral("rootless"));
        reply.insert(QStringLiteral("uid"), qint64(::getuid()));
    } else if (type == QLatin1String("subscribe")) {
        reply.insert(QStringLiteral("type"), QStringLiteral("subscribed"));
    } else if (type == QLatin1String("history")) {
        // A journal with nothing before this run: every event comes live.
        reply.insert(QStringLiteral("type"), QStringLiteral("history"));
        reply.insert(QStringLiteral("events"), QJsonArray());
        reply.insert(QStringLiteral("more"), false);
    } else if (type == QLatin1String("list")) {
        reply.insert(QStringLiteral("type"), QStringLiteral("sessions"));
        reply.insert(QStringLiteral("sessions"), QJsonArray());
    } else if (type == QLatin1String("grants")) {
        reply.insert(QStringLiteral("type"), QStringLiteral("grants"));
        reply.insert(QStringLiteral("grants"), QJsonArray());
    } else if (type == QLatin1String("pending")) {
        reply.insert(QStringLiteral("type"), QStringLiteral("pending"));
        reply.insert(QStringLiteral("requests"), QJsonArray());
    } else if (type == QLatin1String("runs")) {
        reply.insert(QStringLiteral("type"), QStringLiteral("runs"));
        reply.insert(QStringLiteral("runs"), QJsonArray());
    } else {
        reply.insert(QStringLiteral("type"), QStringLiteral("error"));
        reply.insert(QStringLiteral("code"), QStringLiteral("unknown-type"));
        reply.insert(QStringLiteral("message"), QStringLiteral("not scripted: ") + type);
    }
    *out += encodeChecked(reply);
    if (type == QLatin1String("subscribe")) {
        // The sessions the events belong to, as the helper announces them (state changes).
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const SessionInfo& s : m_sessions)
            *out += encodeChecked(QJsonObject{{QStringLiteral("type"), QStringLiteral("session")},
                {QStringLiteral("session"),
                    QJsonObject{{QStringLiteral("id"), s.id}, {QStringLiteral("profile"), s.profile},
                        {QStringLiteral("workspace"), s.workspace},
                        {QStringLiteral("argv"), QJsonArray::fromStringList(s.argv)},
                        {QStringLiteral("state"), QStringLiteral("running")}, {QStringLiteral("started"), now - 60000},
                        {QStringLiteral("pid"), 4242}, {QStringLiteral("pending"), 0}}}});
    }
}

void ScriptedHelperPeer::run()
{
    pollfd accepting[2] = {{m_listenFd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
    while (::poll(accepting, 2, -1) < 0 && errno == EINTR) { }
    if (accepting[1].revents)
        return;
    const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
        m_result.error = QStringLiteral("accept failed");
        m_finished.store(true);
        return;
    }
    cordon::protocol::LineFramer framer;
    QByteArray out;
    qsizetype written = 0; // bytes of `out` already sent
    const qint64 total = totalEvents();
    const qint64 burstNs = qint64(1e9 * double(m_config.burst) / double(m_config.eventsPerSecond));
    qint64 nextBurstNs = 0;
    qint64 nextId = 1;
    bool done = false;
    for (;;) {
        const qint64 now = steadyNs();
        if (m_push.load() && nextId <= total && nextBurstNs == 0)
            nextBurstNs = m_result.firstSentNs = now;
        if (nextBurstNs != 0 && nextId <= total && now >= nextBurstNs) {
            const qint64 timeMs = QDateTime::currentMSecsSinceEpoch();
            for (int i = 0; i < m_config.burst && nextId <= total; ++i)
                out += eventLine(nextId++, timeMs);
            m_sentSoFar.store(nextId - 1);
            nextBurstNs += burstNs;
        }
        if (written < out.size()) {
            const ssize_t n = ::send(fd, out.constData() + written, size_t(out.size() - written), MSG_NOSIGNAL);
            if (n > 0)
                written += n;
            else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                m_result.error = QStringLiteral("send: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
                break;
            }
            m_result.maxQueuedBytes = std::max<qint64>(m_result.maxQueuedBytes, out.size() - written);
            if (written == out.size()) {
                out.clear();
                written = 0;
            }
        }
        if (!done && nextId > total && out.isEmpty()) {
            done = true;
            m_result.sent = total;
            m_result.lastWrittenNs = steadyNs();
            m_finished.store(true);
        }
        // Sleep until the next burst is due (ppoll: to the microsecond, not the millisecond), the
        // socket can take more, or the app says something.
        timespec timeout{};
        const timespec* timeoutPtr = nullptr;
        if (nextBurstNs != 0 && nextId <= total) {
            const qint64 waitNs = std::max<qint64>(0, nextBurstNs - steadyNs());
            timeout = {time_t(waitNs / 1000000000), long(waitNs % 1000000000)};
            timeoutPtr = &timeout;
        } else if (!m_push.load()) {
            timeout = {0, 5000000}; // look at the flag again
            timeoutPtr = &timeout;
        }
        pollfd fds[2] = {{fd, short(POLLIN | (written < out.size() ? POLLOUT : 0)), 0}, {m_wake[0], POLLIN, 0}};
        if (::ppoll(fds, 2, timeoutPtr, nullptr) < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            char buf[65536];
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0)
                break; // the app went away
            if (n > 0) {
                if (!framer.append(buf, n)) {
                    m_result.error = QStringLiteral("the app sent a line too long");
                    break;
                }
                while (const auto line = framer.next())
                    handleRequest(*line, &out);
            }
        }
    }
    if (!done)
        m_result.sent = m_sentSoFar.load();
    ::close(fd);
    m_finished.store(true);
}

// ---------------------------------------------------------------------------------------------
// Part 1: pop-up latency

struct PopupSample {
    int index = -1;                        // the agent's request number (its URL's last path element)
    double socketToPaintedMs = 0;          // notifier activation -> painted: the target's measure
    double signalToPaintedMs = 0;          // escalationReceived -> painted
    double signalToShownMs = 0;            // escalationReceived -> show() returned (isVisible)
    double helperToPaintedMs = 0;          // the request's `time` (helper clock, ms) -> painted
    double curlToPaintedMs = 0;            // the shell's timestamp just before curl -> painted
    QEvent::Type paintedIn = QEvent::None; // the event that painted the window (Expose, UpdateRequest)
};

struct PopupRun {
    std::vector<PopupSample> samples; // warm ones
    std::optional<PopupSample> cold;  // the first pop-up of the process
    QString error;
};

class PopupBench {
public:
    PopupBench(const Options& options, const QString& dir) : m_options(options), m_dir(dir) { }
    bool setUp(QString* error);
    PopupRun run(int runIndex, bool includeCold);
    void tearDown();

private:
    const Options& m_options;
    QString m_dir;
    QString m_socket;
    QString m_workspaceRoot;
    HelperProcess m_helper;
    cordon::test::LoopbackServer m_server;
    std::unique_ptr<AppUnderTest> m_app;
    // Per escalation being measured.
    qint64 m_socketNs = 0;
    qint64 m_signalNs = 0;
    qint64 m_shownNs = 0;
    QJsonObject m_request;
    std::function<void()> m_onEscalation; // set while a run waits for pop-ups
    bool m_coldTaken = false;
};

bool PopupBench::setUp(QString* error)
{
    if (!QFileInfo(QStringLiteral("/usr/bin/curl")).isExecutable()) {
        *error = QStringLiteral("no /usr/bin/curl");
        return false;
    }
    if (!m_server.start("127.0.0.1")) {
        *error = QStringLiteral("cannot start the loopback HTTP server");
        return false;
    }
    m_socket = m_dir + QStringLiteral("/run/helper.sock");
    m_workspaceRoot = m_dir + QStringLiteral("/workspaces");
    QDir().mkpath(m_workspaceRoot);
    const QString profiles = qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/cordon/profiles");
    QDir().mkpath(profiles);
    // The agent: N+1 requests for a host the profile does not settle, one after another, each
    // stamped (CLOCK_REALTIME, which every namespace shares) just before curl starts; a pause
    // between them so that each pop-up starts from a hidden window and an idle app.
    const QString script =
        QStringLiteral("for i in $(seq 0 %1); do date +%s%N >t$i; /usr/bin/curl -sS -m 60 -o /dev/null "
                       "http://unlisted.test:%2/$i 2>>curl.err; sleep 0.25; done; echo done >finished")
            .arg(m_options.samples)
            .arg(m_server.port());
    const QJsonObject profile{{QStringLiteral("schemaVersion"), 1},
        {QStringLiteral("name"), QStringLiteral("benchpopup")},
        {QStringLiteral("description"), QStringLiteral("gui_bench: asks for unlisted.test again and again")},
        {QStringLiteral("command"), QJsonArray{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script}},
        {QStringLiteral("network"),
            QJsonObject{{QStringLiteral("askTimeout"), QStringLiteral("60s")},
                {QStringLiteral("unattended"), QStringLiteral("deny")}, {QStringLiteral("allowAlways"), false}}}};
    if (!writeFile(profiles + QStringLiteral("/benchpopup.json"), QJsonDocument(profile).toJson()) ||
        !writeFile(m_dir + QStringLiteral("/resolve-map"), "unlisted.test 127.0.0.1\n")) {
        *error = QStringLiteral("cannot write the profile or the name map");
        return false;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1")); // allows the name map
    if (!m_helper.start(m_options.binDir, m_socket, m_dir + QStringLiteral("/helper-state"),
            {QStringLiteral("--test-proxy-resolve-map"), m_dir + QStringLiteral("/resolve-map")}, env)) {
        *error = QStringLiteral("cordon-helper did not start");
        return false;
    }

    m_app = std::make_unique<AppUnderTest>(
        m_socket, m_dir + QStringLiteral("/cordon.ini"), [this](HelperConnection* connection) {
            // First in line on the signal, before ApprovalPopup::enqueue: the moment app code has the
            // escalation decoded, and the socket activation that brought it.
            QObject::connect(
                connection, &HelperConnection::escalationReceived, connection, [this](const QJsonObject& r) {
                    m_signalNs = steadyNs();
                    const qint64 sock = benchApp()->currentSocketActivationNs();
                    m_socketNs = sock ? sock : m_signalNs;
                    m_request = r;
                    if (m_onEscalation)
                        m_onEscalation();
                });
        });
    m_app->popup->setArmDelayMs(0);
    // Last in line: ApprovalPopup::enqueue has run, show() included.
    QObject::connect(m_app->connection.get(), &HelperConnection::escalationReceived, m_app->popup.get(),
        [this](const QJsonObject&) { m_shownNs = steadyNs(); });
    if (!spinUntil([this] { return m_app->connection->isReady(); }, 20000)) {
        *error = QStringLiteral("the app did not connect to cordon-helper");
        return false;
    }
    return true;
}

PopupRun PopupBench::run(int runIndex, bool includeCold)
{
    PopupRun result;
    const QString workspace = m_workspaceRoot + QStringLiteral("/run%1").arg(runIndex);
    QDir().mkpath(workspace);
    // A fresh workspace per run, chosen with Browse (the window remembers the last one per
    // profile), then Launch, as a person does; no terminal launcher: straight to the helper.
    m_app->window->selectProfile(QStringLiteral("benchpopup"));
    FileDialog::setNextDirectory(workspace);
    if (auto* browse = m_app->window->findChild<QPushButton*>(QStringLiteral("browseButton")))
        browse->click();
    auto* launch = m_app->window->findChild<QPushButton*>(QStringLiteral("launchButton"));
    if (!launch || !launch->isEnabled()) {
        result.error = QStringLiteral("the Launch button is not enabled (profile benchpopup not listed?)");
        return result;
    }
    QString launchError;
    QMetaObject::Connection failed = QObject::connect(m_app->window.get(), &MainWindow::launchFailed,
        m_app->window.get(), [&launchError](const QString& message) { launchError = message; });
    launch->click();

    const int wanted = m_options.samples + 1; // request 0 warms up (or is the cold sample)
    int answered = 0;
    // Armed when the escalation arrives with the pop-up hidden, before enqueue() shows it, so that a
    // paint done inside show() itself is not missed.
    m_onEscalation = [&] {
        if (m_app->popup->isVisible())
            return; // one at a time: the agent asks again only after an answer
        const qint64 signalNs = m_signalNs;
        const qint64 socketNs = m_socketNs;
        const QJsonObject request = m_request;
        benchApp()->armPopupPaint(m_app->popup.get(), [&, signalNs, socketNs, request](
                                                          qint64 paintedNs, QEvent::Type closing) {
            const qint64 paintedRealNs = realtimeNs();
            PopupSample s;
            s.socketToPaintedMs = ms(paintedNs - socketNs);
            s.signalToPaintedMs = ms(paintedNs - signalNs);
            // show() returned before the paint, unless the platform painted inside show().
            s.signalToShownMs = ms((m_shownNs >= signalNs ? m_shownNs : paintedNs) - signalNs);
            s.helperToPaintedMs = double(paintedRealNs / 1000000 - request.value(QLatin1String("time")).toInteger());
            for (const QJsonValue& arg : request.value(QLatin1String("argv")).toArray())
                if (arg.toString().contains(QLatin1String("unlisted.test")))
                    s.index = arg.toString().section(u'/', -1).toInt();
            QFile stamp(request.value(QLatin1String("workspace")).toString() + QStringLiteral("/t%1").arg(s.index));
            if (s.index >= 0 && stamp.open(QIODevice::ReadOnly))
                s.curlToPaintedMs = ms(paintedRealNs - stamp.readAll().trimmed().toLongLong());
            else
                s.curlToPaintedMs = std::nan("");
            s.paintedIn = closing;
            if (!m_coldTaken) {
                m_coldTaken = true;
                if (includeCold)
                    result.cold = s;
            } else if (s.index > 0) {
                result.samples.push_back(s);
            }
            // Answer once this paint has returned, alternating as a person might: once, deny, once...
            const QString decision = answered % 2 ? QStringLiteral("deny") : QStringLiteral("once");
            ++answered;
            QTimer::singleShot(0, m_app->popup.get(), [this, decision] { m_app->popup->decide(decision); });
        });
    };

    const bool ok = spinUntil([&] { return answered >= wanted || !launchError.isEmpty(); }, 120000 + wanted * 5000);
    m_onEscalation = {};
    benchApp()->disarmPopupPaint();
    QObject::disconnect(failed);
    if (m_app->window->rememberedWorkspace(QStringLiteral("benchpopup")) != workspace)
        result.error = QStringLiteral("launched in another workspace than this run's");
    else if (!launchError.isEmpty())
        result.error = QStringLiteral("launch failed: ") + launchError;
    else if (!ok)
        result.error = QStringLiteral("only %1 of %2 pop-ups came").arg(answered).arg(wanted);
    // The agent ends by itself after its last request; wait for it so that runs do not overlap.
    spinUntil([&] { return QFileInfo::exists(workspace + QStringLiteral("/finished")); }, 30000);
    spinFor(300);
    return result;
}

void PopupBench::tearDown()
{
    m_app.reset();
    m_helper.stop();
    m_server.stop();
}

// ---------------------------------------------------------------------------------------------
// Part 2: the timeline at 20,000 events/s

struct TimelineRun {
    qint64 sent = 0;
    qint64 received = 0;
    qint64 lastIdShown = 0;
    qint64 rowsInserted = 0;         // into the timeline while pushing: each event once, none twice
    double sendSeconds = 0;          // first to last event handed to the socket
    double catchUpMs = std::nan(""); // last event written -> shown in the model
    qint64 maxLagEvents = 0;         // sent but not yet shown, at worst (sampled at each insert)
    qint64 peerMaxQueuedBytes = 0;
    double guiCpuPercent = 0;       // GUI thread CPU time / wall time while pushing
    int paints = 0;                 // paint events of the timeline's viewport while pushing
    std::vector<double> gapsMs;     // watchdog gaps while pushing
    std::vector<double> idleGapsMs; // watchdog gaps with the app idle, before
    std::vector<BenchApplication::Dispatch> longest;
    QString error;
};

// Counts paint events of a widget (the timeline's viewport), to say how often it really painted.
class PaintCounter final : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

TimelineRun runTimeline(const Options& options, const QString& dir, int runIndex)
{
    TimelineRun r;
    ScriptedHelperPeer::Config config;
    config.socketPath = dir + QStringLiteral("/scripted%1.sock").arg(runIndex);
    config.eventsPerSecond = options.eventsPerSecond;
    config.seconds = options.seconds;
    config.burst = options.burst;
    ScriptedHelperPeer peer(config);
    QString error;
    if (!peer.start(&error)) {
        r.error = error;
        return r;
    }
    qint64 received = 0;
    qint64 lastIdShown = 0;
    qint64 caughtUpNs = 0;
    PaintCounter paints;
    AppUnderTest app(config.socketPath, dir + QStringLiteral("/cordon-timeline.ini"), [&](HelperConnection* c) {
        QObject::connect(c, &HelperConnection::eventReceived, c, [&received](const QJsonObject&) { ++received; });
    });
    if (!spinUntil([&] { return app.connection->isReady() && !app.timeline->isLoading() && app.timeline->caughtUp(); },
            20000)) {
        r.error = QStringLiteral("the app did not get ready against the scripted helper");
        return r;
    }
    const qint64 total = peer.totalEvents();
    // The highest id shown (rows within one insert may be ordered by time rather than by id).
    QObject::connect(app.timeline.get(), &QAbstractItemModel::rowsInserted, app.timeline.get(),
        [&](const QModelIndex&, int first, int last) {
            r.rowsInserted += last - first + 1;
            for (int row = first; row <= last; ++row)
                lastIdShown =
                    std::max(lastIdShown, app.timeline->index(row, 0).data(TimelineModel::IdRole).toLongLong());
            r.maxLagEvents = std::max(r.maxLagEvents, peer.sentSoFar() - lastIdShown);
            if (lastIdShown >= total && caughtUpNs == 0)
                caughtUpNs = steadyNs();
        });
    app.timelineView()->viewport()->installEventFilter(&paints);

    // The floor: the same watchdog with the app shown and idle.
    LoopWatchdog watchdog;
    watchdog.start();
    spinFor(2000);
    watchdog.stop();
    r.idleGapsMs = watchdog.gapsMs();

    paints.count = 0;
    watchdog.start();
    benchApp()->startDispatchTiming();
    const qint64 cpu0 = threadCpuNs();
    const qint64 wall0 = steadyNs();
    peer.beginPushing();
    const bool complete =
        spinUntil([&] { return peer.finished() && lastIdShown >= total; }, qint64(options.seconds * 1000) + 30000);
    const qint64 wall1 = steadyNs();
    const qint64 cpu1 = threadCpuNs();
    benchApp()->stopDispatchTiming();
    watchdog.stop();
    peer.stop();

    const ScriptedHelperPeer::Result& p = peer.result();
    r.sent = p.sent;
    r.received = received;
    r.lastIdShown = lastIdShown;
    r.sendSeconds = double(p.lastWrittenNs - p.firstSentNs) / 1e9;
    if (caughtUpNs && p.lastWrittenNs)
        r.catchUpMs = ms(caughtUpNs - p.lastWrittenNs);
    r.peerMaxQueuedBytes = p.maxQueuedBytes;
    r.guiCpuPercent = 100.0 * double(cpu1 - cpu0) / double(wall1 - wall0);
    r.paints = paints.count;
    r.gapsMs = watchdog.gapsMs();
    r.longest = benchApp()->longestDispatches();
    if (!p.error.isEmpty())
        r.error = p.error;
    else if (!complete)
        r.error =
            QStringLiteral("not caught up: %1 of %2 events shown when the bench gave up").arg(lastIdShown).arg(total);
    return r;
}

// ---------------------------------------------------------------------------------------------
// Part 3: memory with a million events in the journal

// Writes `count` plausible events into a fresh journal at `path`, as the helper lays it out, with
// Journal's own batching (append + flush every 512). A day of several agents' sessions, one after
// another, the last ending half a minute ago, so that both follow mode's window and the start of
// the journal are full.
bool writeJournal(const QString& path, qint64 count, QString* error, qint64* elapsedMs)
{
    QElapsedTimer timer;
    timer.start();
    cordon::Journal journal;
    if (!journal.open(path, cordon::Journal::Mode::ReadWrite, error))
        return false;
    journal.setBatchLimits(512, 3600 * 1000);
    const passwd* pw = ::getpwuid(::getuid());
    const QString user = pw ? QString::fromLocal8Bit(pw->pw_name) : QStringLiteral("user");
    const int runs = int(std::clamp<qint64>(count / 20000, 1, 200));
    const qint64 end = QDateTime::currentMSecsSinceEpoch() - 30000;
    const qint64 span = qint64(24) * 3600 * 1000;
    const qint64 start = end - span;
    ActivityGenerator generator(4242);
    qint64 written = 0;
    QList<qint64> ids;
    for (int run = 0; run < runs; ++run) {
        const SessionInfo s = sessionInfo(run);
        const qint64 events = count / runs + (run < count % runs ? 1 : 0);
        const qint64 runStart = start + span * run / runs;
        const qint64 runEnd = start + span * (run + 1) / runs;
        cordon::RunRecord record;
        record.runId = s.id + QStringLiteral("-%1").arg(run);
        record.profile = s.profile;
        record.workspace = s.workspace;
        record.argv = QJsonArray::fromStringList(s.argv);
        record.startedMs = runStart;
        record.policySnapshot = QJsonObject{{QStringLiteral("profile"), s.profile},
            {QStringLiteral("network"),
                QJsonObject{{QStringLiteral("allow"),
                                QJsonArray{QStringLiteral("api.anthropic.com"), QStringLiteral("registry.npmjs.org"),
                                    QStringLiteral("pypi.org"), QStringLiteral("github.com")}},
                    {QStringLiteral("askTimeout"), QStringLiteral("60s")}}},
            {QStringLiteral("launchedBy"),
                QJsonObject{{QStringLiteral("uid"), double(::getuid())}, {QStringLiteral("user"), user},
                    {QStringLiteral("helper"), QStringLiteral("rootless")}}}};
        if (!journal.beginRun(&record, error))
            return false;
        for (qint64 i = 0; i < events; ++i) {
            cordon::Event e;
            e.runId = record.runId;
            e.timeMs = runStart + (runEnd - runStart) * i / std::max<qint64>(1, events);
            if (i == 0) {
                e.kind = cordon::EventKind::Launch;
                e.subject = s.argv.constFirst();
                e.detail = {{QStringLiteral("argv"), QJsonArray::fromStringList(s.argv)}};
            } else if (i == events - 1) {
                e.kind = cordon::EventKind::Exit;
                e.detail = {{QStringLiteral("status"), 0}};
            } else {
                SyntheticEvent g = generator.next();
                e.kind = g.kind;
                e.pid = g.pid;
                e.subject = std::move(g.subject);
                e.detail = std::move(g.detail);
            }
            journal.append(std::move(e));
            if (journal.pendingCount() >= 512 && !journal.flush(&ids, error))
                return false;
            ++written;
        }
        if (!journal.flush(&ids, error) || !journal.endRun(record.runId, runEnd, 0, error))
            return false;
    }
    if (!journal.close(error))
        return false;
    *elapsedMs = timer.elapsed();
    return written == count;
}

struct MemoryPhase {
    QString name;
    qint64 hwmKb = 0, rssKb = 0, anonKb = 0, fileKb = 0;
    qint64 rows = 0;
    double elapsedMs = 0;
};

MemoryPhase phase(const QString& name, qint64 rows, double elapsedMs)
{
    return {name, statusKb("VmHWM"), statusKb("VmRSS"), statusKb("RssAnon"), statusKb("RssFile"), rows, elapsedMs};
}

// The child: the app against the helper at `socket`; follows, then browses; prints one line.
int memoryChild(const Options& options)
{
    const QString dir = qEnvironmentVariable("GUI_BENCH_DIR");
    QList<MemoryPhase> phases;
    QString error;
    int requests = 0;       // history pages asked for while browsing
    int directRequests = 0; // of which the bench asked itself (the view had not)
    {
        QElapsedTimer t;
        t.start();
        AppUnderTest app(options.childSocket, dir + QStringLiteral("/cordon-memory.ini"));
        // Follow mode: ready, and the timeline has paged up to now.
        const bool followed = spinUntil(
            [&] { return app.connection->isReady() && !app.timeline->isLoading() && app.timeline->caughtUp(); },
            300000);
        spinFor(1000); // painted and settled
        phases.append(phase(QStringLiteral("follow"), app.timeline->rowCount(), double(t.elapsed())));
        if (!followed)
            error = QStringLiteral("follow mode did not catch up");

        // Browse: Follow off (the check box, as a person does), back to the start of the journal,
        // then to the end of the view again and again, which is where the view asks the model for
        // the next page (QAbstractItemView: fetchMore when the scroll bar reaches its maximum).
        t.restart();
        auto* follow = app.window->findChild<QCheckBox*>(QStringLiteral("followCheckBox"));
        follow->setChecked(false);
        app.timeline->reload();
        QScrollBar* bar = app.timelineView()->verticalScrollBar();
        const qint64 wanted = options.browseEvents < 0 ? std::numeric_limits<qint64>::max() : options.browseEvents;
        int pages = 0; // history requests (each shows as loading)
        int direct = 0;
        QObject::connect(app.timeline.get(), &TimelineModel::loadingChanged, app.timeline.get(),
            [&pages](bool loading) { pages += loading ? 1 : 0; });
        auto browsed = [&] { return app.timeline->trimmedRows() + app.timeline->rowCount(); };
        while (browsed() < wanted && error.isEmpty()) {
            if (!spinUntil([&] { return !app.timeline->isLoading(); }, 60000)) {
                error = QStringLiteral("a history page did not come");
                break;
            }
            if (app.timeline->isLoading())
                continue; // the view asked for the next page itself on the loop's last turn
            if (!app.timeline->canFetchMore({}))
                break; // the end of the journal
            // The view lays out new rows on its next turn of the loop; only then has the scroll bar
            // its new range.
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();
            bar->triggerAction(QAbstractSlider::SliderToMaximum);
            QCoreApplication::processEvents();
            if (!app.timeline->isLoading() && app.timeline->canFetchMore({})) {
                // The bar was already at its maximum (rows left from the top as many as came in):
                // ask as the view would on the next scroll.
                app.timeline->fetchMore({});
                ++direct;
            }
        }
        spinUntil([&] { return !app.timeline->isLoading(); }, 60000);
        spinFor(1000);
        phases.append(phase(QStringLiteral("browse"), browsed(), double(t.elapsed())));
        requests = pages;
        directRequests = direct;
    }
    QJsonArray out;
    for (const MemoryPhase& p : phases)
        out.append(QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("hwm"), p.hwmKb},
            {QStringLiteral("rss"), p.rssKb}, {QStringLiteral("anon"), p.anonKb}, {QStringLiteral("file"), p.fileKb},
            {QStringLiteral("rows"), p.rows}, {QStringLiteral("ms"), p.elapsedMs}});
    const QJsonObject result{{QStringLiteral("phases"), out}, {QStringLiteral("error"), error},
        {QStringLiteral("pages"), requests}, {QStringLiteral("direct"), directRequests}};
    std::printf("GUI_BENCH_MEMORY %s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}

struct MemoryRun {
    QList<MemoryPhase> phases;
    QString error;
    int pages = 0;
    int directPages = 0;
    double peakMB() const
    {
        qint64 hwm = 0;
        for (const MemoryPhase& p : phases)
            hwm = std::max(hwm, p.hwmKb);
        return kbToMB(hwm);
    }
};

MemoryRun runMemoryChild(const Options& options, const QString& dir, const QString& stateDir, const QString& tag)
{
    MemoryRun result;
    HelperProcess helper;
    const QString socket = dir + QStringLiteral("/run-%1/helper.sock").arg(tag);
    if (!helper.start(options.binDir, socket, stateDir)) {
        result.error = QStringLiteral("cordon-helper did not start");
        return result;
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GUI_BENCH_DIR"), dir);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList args{QStringLiteral("--memory-child"), QStringLiteral("--socket"), socket};
    if (options.browseEvents >= 0)
        args << QStringLiteral("--browse-events") << QString::number(options.browseEvents);
    child.start(QCoreApplication::applicationFilePath(), args);
    if (!child.waitForFinished(30 * 60 * 1000)) {
        child.kill();
        child.waitForFinished(5000);
        result.error = QStringLiteral("the app process did not finish");
        return result;
    }
    const QByteArray output = child.readAllStandardOutput();
    const qsizetype at = output.indexOf("GUI_BENCH_MEMORY ");
    if (at < 0) {
        result.error = QStringLiteral("the app process printed no result (exit %1)").arg(child.exitCode());
        return result;
    }
    const QByteArray line = output.mid(at + 17).split('\n').value(0);
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    result.error = o.value(QLatin1String("error")).toString();
    result.pages = o.value(QLatin1String("pages")).toInt();
    result.directPages = o.value(QLatin1String("direct")).toInt();
    for (const QJsonValue& v : o.value(QLatin1String("phases")).toArray()) {
        const QJsonObject p = v.toObject();
        result.phases.append({p.value(QLatin1String("name")).toString(), p.value(QLatin1String("hwm")).toInteger(),
            p.value(QLatin1String("rss")).toInteger(), p.value(QLatin1String("anon")).toInteger(),
            p.value(QLatin1String("file")).toInteger(), p.value(QLatin1String("rows")).toInteger(),
            p.value(QLatin1String("ms")).toDouble()});
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Reports

QString verdict(bool met)
{
    return met ? QStringLiteral("MET") : QStringLiteral("NOT MET");
}

void reportPopup(const Options& options, const QString& dir)
{
    say(QStringLiteral("\n== Pop-up latency (target: shown within %1 ms of the escalation reaching the app)")
            .arg(kPopupTargetMs));
    say(QStringLiteral("setup: real cordon-helper (rootless) + cordon-proxy + sandbox; curl asks the proxy for "
                       "unlisted.test (name map -> loopback HTTP server); ApprovalPopup arm delay 0; MainWindow shown; "
                       "%1 runs x %2 requests (+1 warm-up each), answered once/deny alternately")
            .arg(options.runs)
            .arg(options.samples));
    say(QStringLiteral("measured from the socket notifier's activation that delivered the escalation (the earliest "
                       "point in app code) to the end of the pop-up window's first paint; load average %1")
            .arg(loadAverage()));
    PopupBench bench(options, dir);
    QString error;
    if (!bench.setUp(&error)) {
        say(QStringLiteral("pop-up: n/a: ") + error);
        bench.tearDown();
        return;
    }
    std::vector<double> runMedians, all, allSignal, allShown, allHelper, allCurl;
    std::optional<PopupSample> cold;
    int byExpose = 0, byUpdateRequest = 0, byOther = 0;
    for (int i = 0; i < options.runs; ++i) {
        PopupRun r = bench.run(i, i == 0);
        if (r.cold)
            cold = r.cold;
        std::vector<double> sock, signal, shown, helper, curl;
        for (const PopupSample& s : r.samples) {
            ++(s.paintedIn == QEvent::Expose           ? byExpose
                : s.paintedIn == QEvent::UpdateRequest ? byUpdateRequest
                                                       : byOther);
            sock.push_back(s.socketToPaintedMs);
            signal.push_back(s.signalToPaintedMs);
            shown.push_back(s.signalToShownMs);
            helper.push_back(s.helperToPaintedMs);
            if (!std::isnan(s.curlToPaintedMs))
                curl.push_back(s.curlToPaintedMs);
        }
        say(QStringLiteral("run %1: n=%2  socket->painted median %3 p90 %4 max %5 ms | signal->shown median %6 | "
                           "signal->painted median %7 | helper raised->painted median %8 | curl start->painted median "
                           "%9 p90 %10 max %11 ms%12  (load %13)")
                .arg(i + 1)
                .arg(r.samples.size())
                .arg(fmt(median(sock), 2), fmt(percentile(sock, 90), 2), fmt(maximum(sock), 2), fmt(median(shown), 2),
                    fmt(median(signal), 2), fmt(median(helper), 0), fmt(median(curl), 1), fmt(percentile(curl, 90), 1),
                    fmt(maximum(curl), 1))
                .arg(r.error.isEmpty() ? QString() : QStringLiteral("  ERROR: ") + r.error, loadAverage()));
        if (!sock.empty())
            runMedians.push_back(median(sock));
        all.insert(all.end(), sock.begin(), sock.end());
        allSignal.insert(allSignal.end(), signal.begin(), signal.end());
        allShown.insert(allShown.end(), shown.begin(), shown.end());
        allHelper.insert(allHelper.end(), helper.begin(), helper.end());
        allCurl.insert(allCurl.end(), curl.begin(), curl.end());
    }
    bench.tearDown();
    if (cold)
        say(QStringLiteral(
            "first pop-up of the process (cold: window created, fonts and styles loaded): socket->painted "
            "%1 ms, curl start->painted %2 ms")
                .arg(fmt(cold->socketToPaintedMs, 2), fmt(cold->curlToPaintedMs, 1)));
    say(QStringLiteral("all %1 warm samples: socket->painted median %2 p90 %3 max %4 ms; signal->painted median %5 ms; "
                       "helper raised->painted median %6 ms (ms clock); curl start->painted median %7 p90 %8 max %9 ms")
            .arg(all.size())
            .arg(fmt(median(all), 2), fmt(percentile(all, 90), 2), fmt(maximum(all), 2), fmt(median(allSignal), 2),
                fmt(median(allHelper), 0), fmt(median(allCurl), 1), fmt(percentile(allCurl, 90), 1),
                fmt(maximum(allCurl), 1)));
    say(QStringLiteral("the pop-up was painted in: an Expose of its window %1 times, an UpdateRequest %2, another "
                       "event %3")
            .arg(byExpose)
            .arg(byUpdateRequest)
            .arg(byOther));
    if (all.empty()) {
        say(QStringLiteral("RESULT pop-up: no samples: n/a"));
        return;
    }
    say(QStringLiteral("RESULT pop-up: median of run medians %1 ms, max %2 ms, target %3 ms (every pop-up): %4")
            .arg(fmt(median(runMedians), 2), fmt(maximum(all), 2))
            .arg(kPopupTargetMs)
            .arg(verdict(maximum(all) <= double(kPopupTargetMs))));
}

void reportTimeline(const Options& options, const QString& dir)
{
    say(QStringLiteral("\n== Timeline at %1 events/s (target: keeps up, event loop never blocked > %2 ms)")
            .arg(options.eventsPerSecond)
            .arg(kStallTargetMs));
    say(QStringLiteral("setup: scripted helper thread on a real Unix socket -> real SocketHelperConnection; MainWindow "
                       "shown on the Timeline tab, Follow on; %1 events/s for %2 s in bursts of %3 (the helper's "
                       "journal batch); watchdog: a %4 ms PreciseTimer, gaps between its ticks; platform %5")
            .arg(options.eventsPerSecond)
            .arg(options.seconds)
            .arg(options.burst)
            .arg(kWatchdogIntervalMs)
            .arg(QGuiApplication::platformName()));
    std::vector<double> maxGaps, p99Gaps, catchUps;
    bool allKept = true;
    for (int i = 0; i < options.runs; ++i) {
        say(QStringLiteral("run %1: load average before %2").arg(i + 1).arg(loadAverage()));
        const TimelineRun r = runTimeline(options, dir, i);
        const double maxGap = maximum(r.gapsMs);
        const double p99 = percentile(r.gapsMs, 99);
        const auto over = std::count_if(r.gapsMs.begin(), r.gapsMs.end(), [](double g) { return g > kStallTargetMs; });
        say(QStringLiteral("  sent %1 in %2 s (%3/s), received %4 (lost %5), rows inserted %6, highest id shown %7; "
                           "caught up %8 ms after the last event was written; max lag %9 events; scripted helper's "
                           "queue peaked at %10 KiB")
                .arg(r.sent)
                .arg(fmt(r.sendSeconds, 2))
                .arg(fmt(r.sendSeconds > 0 ? double(r.sent) / r.sendSeconds : 0, 0))
                .arg(r.received)
                .arg(r.sent - r.received)
                .arg(r.rowsInserted)
                .arg(r.lastIdShown)
                .arg(fmt(r.catchUpMs, 0))
                .arg(r.maxLagEvents)
                .arg(r.peerMaxQueuedBytes / 1024));
        say(QStringLiteral("  event loop: %1 watchdog gaps, median %2 p99 %3 max %4 ms, %5 over %6 ms; idle before: "
                           "p99 %7 max %8 ms; GUI thread CPU %9%; timeline viewport painted %10 times")
                .arg(r.gapsMs.size())
                .arg(fmt(median(r.gapsMs), 2), fmt(p99, 1), fmt(maxGap, 1))
                .arg(over)
                .arg(kStallTargetMs)
                .arg(fmt(percentile(r.idleGapsMs, 99), 1), fmt(maximum(r.idleGapsMs), 1), fmt(r.guiCpuPercent, 0))
                .arg(r.paints));
        QStringList longest;
        for (size_t k = 0; k < std::min<size_t>(r.longest.size(), 4); ++k)
            longest.append(QStringLiteral("%1 ms %2").arg(fmt(ms(r.longest[k].ns), 1), r.longest[k].what));
        say(QStringLiteral("  longest dispatches: ") + longest.join(QStringLiteral("; ")));
        if (!r.error.isEmpty())
            say(QStringLiteral("  ERROR: ") + r.error);
        const bool kept = r.error.isEmpty() && r.sent > 0 && r.sent == r.received && r.lastIdShown == r.sent &&
                          r.rowsInserted == r.sent;
        allKept = allKept && kept;
        if (!r.gapsMs.empty()) {
            maxGaps.push_back(maxGap);
            p99Gaps.push_back(p99);
        }
        if (!std::isnan(r.catchUpMs))
            catchUps.push_back(r.catchUpMs);
    }
    const double worst = maximum(maxGaps);
    say(QStringLiteral("RESULT timeline: every event shown: %1; caught up median %2 ms after the end; longest stall "
                       "median %3 ms (max %4 ms), p99 gap median %5 ms; target: none lost and no stall > %6 ms: %7")
            .arg(allKept ? QStringLiteral("yes") : QStringLiteral("NO"), fmt(median(catchUps), 0),
                fmt(median(maxGaps), 1), fmt(worst, 1), fmt(median(p99Gaps), 1))
            .arg(kStallTargetMs)
            .arg(verdict(allKept && !maxGaps.empty() && worst <= double(kStallTargetMs))));
}

void reportMemory(const Options& options, const QString& dir)
{
    say(QStringLiteral("\n== Memory with %1 events in the journal (target: under %2 MB)")
            .arg(options.journalEvents)
            .arg(kMemoryTargetMB));
    const QString stateDir = dir + QStringLiteral("/memory-state");
    const QString emptyStateDir = dir + QStringLiteral("/memory-state-empty");
    QDir().mkpath(stateDir);
    QFile::setPermissions(stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QString error;
    qint64 writeMs = 0;
    if (!writeJournal(stateDir + QStringLiteral("/journal.sqlite"), options.journalEvents, &error, &writeMs)) {
        say(QStringLiteral("memory: n/a: cannot write the journal: ") + error);
        return;
    }
    const qint64 bytes = QFileInfo(stateDir + QStringLiteral("/journal.sqlite")).size();
    say(QStringLiteral(
        "setup: journal of %1 events over 24 h (%2 sessions; exec, net_allow, net_deny, net_ask, "
        "decision, guard, secret) written with Journal in %3 s, %4 MB; served by a real cordon-helper; the "
        "app (its own process, platform %5) follows (20,000-row window), then Follow off and pages "
        "from the start of the journal to %6; peak = VmHWM")
            .arg(options.journalEvents)
            .arg(std::clamp<qint64>(options.journalEvents / 20000, 1, 200))
            .arg(fmt(double(writeMs) / 1000, 1))
            .arg(fmt(double(bytes) / 1e6, 0))
            .arg(QGuiApplication::platformName())
            .arg(options.browseEvents < 0 ? QStringLiteral("its end")
                                          : QString::number(options.browseEvents) + QStringLiteral(" events")));
    std::vector<double> baselinePeaks, peaks, endRss;
    bool complete = true;
    for (int i = 0; i < options.runs; ++i) {
        const MemoryRun baseline = runMemoryChild(options, dir, emptyStateDir, QStringLiteral("empty%1").arg(i));
        const MemoryRun loaded = runMemoryChild(options, dir, stateDir, QStringLiteral("full%1").arg(i));
        auto describe = [](const MemoryRun& m) {
            QStringList parts;
            for (const MemoryPhase& p : m.phases)
                parts.append(
                    QStringLiteral("%1 (%2 rows/events, %3 s): RSS %4 MB (anon %5, file %6), peak %7 MB")
                        .arg(p.name)
                        .arg(p.rows)
                        .arg(fmt(p.elapsedMs / 1000, 1))
                        .arg(fmt(kbToMB(p.rssKb)), fmt(kbToMB(p.anonKb)), fmt(kbToMB(p.fileKb)), fmt(kbToMB(p.hwmKb))));
            if (m.pages > 0)
                parts.append(QStringLiteral("%1 history pages while browsing (%2 asked by the bench, the rest by the "
                                            "view as it reached its end)")
                                 .arg(m.pages)
                                 .arg(m.directPages));
            return parts.join(QStringLiteral("; ")) +
                   (m.error.isEmpty() ? QString() : QStringLiteral("  ERROR: ") + m.error);
        };
        say(QStringLiteral("run %1 (load %2):").arg(i + 1).arg(loadAverage()));
        say(QStringLiteral("  baseline, empty journal: ") + describe(baseline));
        say(QStringLiteral("  %1 events: ").arg(options.journalEvents) + describe(loaded));
        complete = complete && baseline.error.isEmpty() && loaded.error.isEmpty() && !loaded.phases.isEmpty();
        if (!baseline.phases.isEmpty())
            baselinePeaks.push_back(baseline.peakMB());
        if (!loaded.phases.isEmpty()) {
            peaks.push_back(loaded.peakMB());
            endRss.push_back(kbToMB(loaded.phases.constLast().rssKb));
        }
    }
    // What the helper served: retention (30 days, 1 GiB) must have left the journal whole.
    cordon::Journal check;
    qint64 stored = -1;
    if (check.open(stateDir + QStringLiteral("/journal.sqlite"), cordon::Journal::Mode::ReadOnly, &error))
        (void)check.eventCount(&stored, &error);
    say(QStringLiteral("events in the journal after the runs: %1").arg(stored));
    say(QStringLiteral("RESULT memory: peak median %1 MB (max %2 MB), RSS at the end median %3 MB, baseline (no "
                       "journal) peak median %4 MB; target %5 MB: %6")
            .arg(fmt(median(peaks)), fmt(maximum(peaks)), fmt(median(endRss)), fmt(median(baselinePeaks)))
            .arg(kMemoryTargetMB)
            .arg(complete && !peaks.empty() ? verdict(maximum(peaks) < kMemoryTargetMB) : QStringLiteral("n/a")));
}

[[noreturn]] void usage(int status)
{
    std::fprintf(status ? stderr : stdout,
        "usage: gui_bench [--only popup|timeline|memory] [--runs N] [--samples N] [--events-per-second N]\n"
        "                 [--seconds S] [--burst N] [--journal-events N] [--browse-events N] [--bin-dir DIR]\n"
        "Benchmarks the desktop app against issue 4's targets; see docs/benchmarks.md (\"Desktop app\").\n"
        "  --only PART            run one part (default: all three)\n"
        "  --runs N               runs per part (default 3)\n"
        "  --samples N            pop-ups per run (default 30)\n"
        "  --events-per-second N  timeline push rate (default 20000)\n"
        "  --seconds S            timeline push duration (default 10)\n"
        "  --burst N              events per push burst (default 256, the helper's journal batch)\n"
        "  --journal-events N     events in the memory part's journal (default 1000000)\n"
        "  --browse-events N      how far the memory part pages (default: the whole journal)\n"
        "  --bin-dir DIR          where cordon-helper, cordon-sandbox, cordon-proxy are (default: next to this)\n"
        "QT_QPA_PLATFORM defaults to offscreen; for X11 painting: xvfb-run -a env QT_QPA_PLATFORM=xcb gui_bench\n");
    std::exit(status);
}

Options parseOptions(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        auto value = [&]() -> QString {
            if (i + 1 >= argc)
                usage(2);
            return QString::fromLocal8Bit(argv[++i]);
        };
        bool ok = true;
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h"))
            usage(0);
        else if (arg == QLatin1String("--only"))
            o.only = value();
        else if (arg == QLatin1String("--runs"))
            o.runs = value().toInt(&ok);
        else if (arg == QLatin1String("--samples"))
            o.samples = value().toInt(&ok);
        else if (arg == QLatin1String("--events-per-second"))
            o.eventsPerSecond = value().toInt(&ok);
        else if (arg == QLatin1String("--seconds"))
            o.seconds = value().toDouble(&ok);
        else if (arg == QLatin1String("--burst"))
            o.burst = value().toInt(&ok);
        else if (arg == QLatin1String("--journal-events"))
            o.journalEvents = value().toLongLong(&ok);
        else if (arg == QLatin1String("--browse-events"))
            o.browseEvents = value().toLongLong(&ok);
        else if (arg == QLatin1String("--bin-dir"))
            o.binDir = value();
        else if (arg == QLatin1String("--memory-child"))
            o.memoryChild = true;
        else if (arg == QLatin1String("--socket"))
            o.childSocket = value();
        else
            usage(2);
        if (!ok)
            usage(2);
    }
    const bool partOk = o.only.isEmpty() || o.only == QLatin1String("popup") || o.only == QLatin1String("timeline") ||
                        o.only == QLatin1String("memory");
    if (!partOk || o.runs < 1 || o.samples < 1 || o.eventsPerSecond < 1 || o.seconds <= 0 || o.burst < 1 ||
        o.journalEvents < 2)
        usage(2);
    return o;
}

} // namespace

int main(int argc, char* argv[])
{
    Options options = parseOptions(argc, argv);
    // Offscreen unless told otherwise (the GUI tests' platform); xcb under xvfb-run for X11 painting.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    std::optional<QTemporaryDir> tmp;
    if (!options.memoryChild) {
        tmp.emplace(QDir::tempPath() + QStringLiteral("/gui_bench-XXXXXX"));
        if (!tmp->isValid()) {
            std::fprintf(stderr, "gui_bench: cannot create a temporary directory\n");
            return 1;
        }
        // The helper started here and the app's models read profiles, grants and managed policy
        // from in here only (as the GUI tests do); the memory part's child inherits it.
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(tmp->filePath(QStringLiteral("config"))));
        qputenv("XDG_STATE_HOME", QFile::encodeName(tmp->filePath(QStringLiteral("state"))));
        qputenv("CORDON_MANAGED_DIR", QFile::encodeName(tmp->filePath(QStringLiteral("managed"))));
    }
    // The connection's debug lines ("connected to ...") would interleave with the report.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "cordon.*.debug=false");
    BenchApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cordon"));
    QApplication::setOrganizationName(QStringLiteral("cordon"));
    if (options.memoryChild)
        return memoryChild(options);

    if (options.binDir.isEmpty())
        options.binDir = QCoreApplication::applicationDirPath();
    for (const char* binary : {"cordon-helper", "cordon-sandbox", "cordon-proxy"}) {
        if (!QFileInfo(options.binDir + u'/' + QLatin1String(binary)).isExecutable() &&
            options.only != QLatin1String("timeline")) {
            std::fprintf(stderr, "gui_bench: %s is not built in %s (ninja cordon-helper cordon-sandbox cordon-proxy)\n",
                binary, qPrintable(options.binDir));
            return 1;
        }
    }
    const QString dir = tmp->path();
    say(QStringLiteral("gui_bench: the desktop app against issue 4's targets; %1 UTC; platform %2; %3 CPUs; load "
                       "average %4; pid %5")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                QGuiApplication::platformName())
            .arg(std::thread::hardware_concurrency())
            .arg(loadAverage())
            .arg(QCoreApplication::applicationPid()));
    const bool all = options.only.isEmpty();
    if (all || options.only == QLatin1String("popup"))
        reportPopup(options, dir);
    if (all || options.only == QLatin1String("timeline"))
        reportTimeline(options, dir);
    if (all || options.only == QLatin1String("memory"))
        reportMemory(options, dir);
    say(QStringLiteral("\nload average at the end: %1").arg(loadAverage()));
    return 0;
}
