#pragma once
// How this cordon-helper runs (docs/helper.md): its mode, where it listens, where it keeps state.

#include <QString>

namespace cordon::helperd {

struct HelperConfig {
    bool rootMode = false; // --system: serves every user, runs each sandbox as its user
    QString socketPath;
    QString stateDir;        // journal.sqlite, output/
    int idleExitSeconds = 0; // 0: never
    QString sandboxBinary;
    QString proxyBinary;
    QString testProxyResolveMap; // tests only (CORDON_PROXY_TEST=1)
    // --output-limit: bytes of a session's output log kept (OutputLog); the rest is discarded.
    qint64 outputLimitBytes = kDefaultOutputLimitBytes;
    // --hello-timeout: a connection that has not completed hello by then is closed. Security
    // review: a client that connects and never speaks would otherwise hold one of the slots below
    // for ever (16 such connections lock its uid out, 64 of several uids everyone).
    int helloTimeoutSeconds = kDefaultHelloTimeoutSeconds;

    static constexpr qint64 kDefaultOutputLimitBytes = qint64(64) << 20;
    static constexpr int kDefaultHelloTimeoutSeconds = 10;
    static constexpr int kMaxHelloTimeoutSeconds = 300;

    // Limits of what one helper keeps going at once.
    static constexpr int kMaxClients = 64;
    // Security review: with only the global cap, one local user of the root helper could hold
    // all 64 connections and lock every other user out (and before the hello deadline above, a
    // client that never spoke was never closed). Each uid gets a share; uid 0 (the administrator)
    // is not capped per uid.
    static constexpr int kMaxClientsPerUid = 16;
    static constexpr int kMaxSessionsPerUid = 32;
    static constexpr int kMaxSessions = 256;
    static constexpr int kMaxEndedKept = 64; // ended sessions kept for `list all`
    // stop: the sandbox's own grace (SIGTERM, then SIGKILL inside) plus this margin before the
    // helper SIGKILLs the monitor itself.
    static constexpr int kStopKillAfterMs = 15000;
    static constexpr quint16 kProxyPortInside = 3128;
};

} // namespace cordon::helperd
