// Benchmark of cordon-proxy (issue 3, "Performance"): a 1 GiB transfer from a loopback server
// through the proxy (HTTP CONNECT tunnel) against the same transfer made directly, median of
// several runs (target: >= 90% of direct throughput), and the latency an allowed CONNECT adds
// over a direct connect(), median over 1000 connects (target: < 1 ms).
//
// usage: proxy_bench [--bytes N] [--runs N] [--connects N] [--proxy PATH]
// The proxy is started in test mode with a name map (bench.test -> 127.0.0.1); nothing but
// loopback is contacted. Prints the figures and the ratios; docs/proxy.md quotes a real run.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "proxy_bench: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

int listenLoopback(std::uint16_t* port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 512) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        fail("listen");
    *port = ntohs(a.sin_port);
    return fd;
}

int connectLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
        fail("connect");
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

void writeAll(int fd, const char* p, std::size_t n)
{
    while (n > 0) {
        const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        p += w;
        n -= std::size_t(w);
    }
}

// Source: every accepted connection gets `bytes` bytes, then EOF.
void sourceServer(int listenFd, std::size_t bytes)
{
    std::vector<char> buf(1 << 20, 'x');
    for (;;) {
        const int c = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0)
            return;
        std::size_t left = bytes;
        while (left > 0) {
            const std::size_t n = std::min(left, buf.size());
            const ssize_t w = ::send(c, buf.data(), n, MSG_NOSIGNAL);
            if (w <= 0)
                break;
            left -= std::size_t(w);
        }
        ::close(c);
    }
}

// Sink: accepts and closes (the latency target).
void sinkServer(int listenFd)
{
    for (;;) {
        const int c = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0)
            return;
        ::close(c);
    }
}

std::string readHead(int fd)
{
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (::recv(fd, &c, 1, 0) != 1)
            break;
        head += c;
    }
    return head;
}

int openTunnel(std::uint16_t proxyPort, std::uint16_t target)
{
    const int fd = connectLoopback(proxyPort);
    const std::string req = "CONNECT bench.test:" + std::to_string(target) + " HTTP/1.1\r\n\r\n";
    writeAll(fd, req.data(), req.size());
    const std::string head = readHead(fd);
    if (head.rfind("HTTP/1.1 200", 0) != 0) {
        std::fprintf(stderr, "proxy_bench: CONNECT refused: %s\n", head.c_str());
        std::exit(1);
    }
    return fd;
}

std::size_t drain(int fd)
{
    static std::vector<char> buf(1 << 20);
    std::size_t total = 0;
    for (;;) {
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0)
            return total;
        total += std::size_t(n);
    }
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t bytes = std::size_t(1) << 30;
    int runs = 5, connects = 1000;
    const char* binDir = std::getenv("CORDON_BIN_DIR");
    std::string proxy = std::string(binDir ? binDir : ".") + "/cordon-proxy";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--bytes")
            bytes = std::strtoull(argv[i + 1], nullptr, 10);
        else if (a == "--runs")
            runs = std::atoi(argv[i + 1]);
        else if (a == "--connects")
            connects = std::atoi(argv[i + 1]);
        else if (a == "--proxy")
            proxy = argv[i + 1];
    }
    if (::signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        fail("signal");
    std::uint16_t sourcePort = 0, sinkPort = 0;
    const int sourceFd = listenLoopback(&sourcePort);
    const int sinkFd = listenLoopback(&sinkPort);
    std::thread(sourceServer, sourceFd, bytes).detach();
    std::thread(sinkServer, sinkFd).detach();

    char mapPath[] = "/tmp/proxy_bench_map_XXXXXX";
    const int mapFd = ::mkstemp(mapPath);
    if (mapFd < 0)
        fail("mkstemp");
    const char mapLine[] = "bench.test 127.0.0.1\n";
    if (::write(mapFd, mapLine, sizeof mapLine - 1) != ssize_t(sizeof mapLine - 1))
        fail("write map");
    ::fchmod(mapFd, 0644);
    ::close(mapFd);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        fail("pipe");
    const pid_t pid = ::fork();
    if (pid < 0)
        fail("fork");
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::setenv("CORDON_PROXY_TEST", "1", 1);
        ::execl(proxy.c_str(), proxy.c_str(), "--listen-tcp", "127.0.0.1:0", "--resolve-map", mapPath,
            "--test-mapped-may-be-private", "--allow", "bench.test", "--events", "/dev/null",
            static_cast<char*>(nullptr));
        _exit(127);
    }
    ::close(out[1]);
    char portText[16] = {};
    ssize_t got = 0;
    while (got < ssize_t(sizeof portText - 1)) {
        const ssize_t n = ::read(out[0], portText + got, 1);
        if (n <= 0 || portText[got] == '\n')
            break;
        got += n;
    }
    const auto proxyPort = std::uint16_t(std::atoi(portText));
    ::unlink(mapPath);
    if (proxyPort == 0) {
        std::fprintf(stderr, "proxy_bench: proxy did not start (%s)\n", proxy.c_str());
        return 1;
    }

    std::vector<double> direct, proxied;
    for (int r = 0; r < runs; ++r) {
        for (int via = 0; via < 2; ++via) {
            const auto t0 = Clock::now();
            const int fd = via ? openTunnel(proxyPort, sourcePort) : connectLoopback(sourcePort);
            const std::size_t n = drain(fd);
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            ::close(fd);
            if (n != bytes) {
                std::fprintf(stderr, "proxy_bench: short transfer %zu of %zu\n", n, bytes);
                return 1;
            }
            (via ? proxied : direct).push_back(double(bytes) / s / 1e6);
        }
    }
    std::vector<double> directLat, proxiedLat;
    for (int i = 0; i < connects; ++i) {
        auto t0 = Clock::now();
        int fd = connectLoopback(sinkPort);
        directLat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        ::close(fd);
        t0 = Clock::now();
        fd = openTunnel(proxyPort, sinkPort);
        proxiedLat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        ::close(fd);
    }
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    // CPU the proxy spent in total (all runs and connects): on a CPU-bound loopback the proxy's
    // second pass through the TCP stack competes with sender and receiver for the same cores.
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    const double proxyCpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                            double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;

    const double d = median(direct), p = median(proxied);
    const double dl = median(directLat), pl = median(proxiedLat);
    std::printf("transfer %zu bytes, %d runs (median)\n", bytes, runs);
    std::printf("  direct        %10.1f MB/s\n", d);
    std::printf("  via proxy     %10.1f MB/s\n", p);
    std::printf("  ratio         %10.3f   (target >= 0.90)\n", p / d);
    std::printf("  proxy CPU     %10.2f s for %d x %zu bytes + %d connects (%u CPUs online)\n", proxyCpu, runs, bytes,
        connects, unsigned(std::thread::hardware_concurrency()));
    std::printf("connect latency, %d connects (median)\n", connects);
    std::printf("  direct connect           %8.1f us\n", dl);
    std::printf("  CONNECT via proxy (200)  %8.1f us\n", pl);
    std::printf("  added                    %8.1f us   (target < 1000 us)\n", pl - dl);
    return 0;
}
