// Journal throughput: events per second journaled with batching (issue 3: >= 20,000/s, none lost).
//
//   journal_bench [--events N] [--runs R] [--batch B] [--dir DIR]
//
// Each run writes N pre-built events (a realistic mix of exec, net and secret events) into a fresh
// journal in DIR through append() + flush() when flushDue(), exactly as the helper drives it, then
// reopens the file and checks every event is there. Prints each run and the median. Also measures
// appendAndCommit() (one fsynced transaction per event) for comparison.

#include "Journal.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cordon;

namespace {

QList<Event> buildEvents(const QString& runId, int count)
{
    QList<Event> events;
    events.reserve(count);
    for (int i = 0; i < count; ++i) {
        Event e;
        e.runId = runId;
        e.timeMs = 1'700'000'000'000 + i;
        e.pid = 1000 + i % 300;
        switch (i % 4) {
        case 0:
        case 1:
            e.kind = EventKind::Exec;
            e.subject = QStringLiteral("/usr/bin/git");
            e.detail = QJsonObject{{QStringLiteral("argv"), QJsonArray{QStringLiteral("git"), QStringLiteral("status"),
                                                                QStringLiteral("--porcelain=v2")}},
                {QStringLiteral("cwd"), QStringLiteral("/work/project")}};
            break;
        case 2:
            e.kind = EventKind::NetAllow;
            e.subject = QStringLiteral("api.anthropic.com:443");
            e.detail = QJsonObject{{QStringLiteral("rule"), QStringLiteral("api.anthropic.com")},
                {QStringLiteral("address"), QStringLiteral("160.79.104.10")}};
            break;
        default:
            e.kind = EventKind::NetDeny;
            e.subject = QStringLiteral("telemetry.example.com:443");
            e.detail = QJsonObject{{QStringLiteral("reason"), QStringLiteral("not in allow list")}};
            break;
        }
        events.append(e);
    }
    return events;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int events = 200'000;
    int runs = 5;
    int batch = Journal::defaultBatchSize;
    QString dirBase = QDir::tempPath();
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--events"))
            events = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--runs"))
            runs = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--batch"))
            batch = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dirBase = args[i + 1];
        else {
            std::fprintf(stderr, "usage: journal_bench [--events N] [--runs R] [--batch B] [--dir DIR]\n");
            return 2;
        }
    }
    if (events < 1 || runs < 1 || batch < 1) {
        std::fprintf(stderr, "journal_bench: --events, --runs and --batch must be positive\n");
        return 2;
    }

    const QList<Event> prepared = buildEvents(QStringLiteral("bench-run"), events);
    std::vector<double> rates;
    std::printf(
        "journal_bench: %d events per run, %d runs, batch %d, in %s\n", events, runs, batch, qPrintable(dirBase));
    for (int r = 0; r < runs; ++r) {
        QTemporaryDir dir(dirBase + QStringLiteral("/journal-bench-XXXXXX"));
        if (!dir.isValid()) {
            std::fprintf(stderr, "journal_bench: cannot make a directory in %s\n", qPrintable(dirBase));
            return 1;
        }
        const QString path = dir.filePath(QStringLiteral("journal.db"));
        QString error;
        qint64 acknowledged = 0;
        qint64 elapsedNs = 0;
        {
            Journal journal;
            journal.setBatchLimits(batch, Journal::defaultMaxBatchAgeMs);
            RunRecord run;
            run.runId = QStringLiteral("bench-run");
            run.profile = QStringLiteral("bench");
            if (!journal.open(path, Journal::Mode::ReadWrite, &error) || !journal.beginRun(&run, &error)) {
                std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
                return 1;
            }
            QList<qint64> ids;
            QElapsedTimer timer;
            timer.start();
            for (const Event& e : prepared) {
                journal.append(e);
                if (journal.flushDue()) {
                    if (!journal.flush(&ids, &error)) {
                        std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
                        return 1;
                    }
                    acknowledged += ids.size();
                }
            }
            if (!journal.flush(&ids, &error)) {
                std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
                return 1;
            }
            acknowledged += ids.size();
            elapsedNs = timer.nsecsElapsed();
            if (!journal.close(&error)) {
                std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
                return 1;
            }
        }
        // None lost: a fresh connection counts what is on disk.
        Journal check;
        qint64 stored = 0;
        if (!check.open(path, Journal::Mode::ReadOnly, &error) || !check.eventCount(&stored, &error)) {
            std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
            return 1;
        }
        if (acknowledged != events || stored != events) {
            std::fprintf(stderr, "journal_bench: LOST EVENTS: %d appended, %lld acknowledged, %lld stored\n", events,
                static_cast<long long>(acknowledged), static_cast<long long>(stored));
            return 1;
        }
        const double rate = events / (static_cast<double>(elapsedNs) / 1e9);
        rates.push_back(rate);
        std::printf("run %d: %d events in %.3f s = %.0f events/s (stored %lld, none lost)\n", r + 1, events,
            static_cast<double>(elapsedNs) / 1e9, rate, static_cast<long long>(stored));
        std::fflush(stdout);
    }
    const double med = median(rates);
    std::printf("median: %.0f events/s (target >= 20000) %s\n", med, med >= 20000 ? "PASS" : "BELOW TARGET");

    // For comparison: one durable (synchronous=FULL) transaction per event.
    {
        QTemporaryDir dir(dirBase + QStringLiteral("/journal-bench-XXXXXX"));
        const QString path = dir.filePath(QStringLiteral("journal.db"));
        Journal journal;
        RunRecord run;
        run.runId = QStringLiteral("bench-run");
        QString error;
        if (!dir.isValid() || !journal.open(path, Journal::Mode::ReadWrite, &error) ||
            !journal.beginRun(&run, &error)) {
            std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
            return 1;
        }
        const int single = std::min<int>(2000, events);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < single; ++i) {
            qint64 id = 0;
            if (!journal.appendAndCommit(prepared[i], &id, &error)) {
                std::fprintf(stderr, "journal_bench: %s\n", qPrintable(error));
                return 1;
            }
        }
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        std::printf("appendAndCommit (fsync per event): %d events in %.3f s = %.0f events/s\n", single, seconds,
            single / seconds);
    }
    return med >= 20000 ? 0 : 1;
}
