#pragma once
// Test helper: builds a reasonable launch spec (the shape cordonctl compiles for the built-in
// shell profile) and runs cordon-sandbox on it, the way cordonctl does: the encoded spec in a
// memfd, passed as an inherited descriptor.

#include "LaunchSpec.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

struct SandboxResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

class SandboxRunner {
public:
    // A spec with read-only system binds, a minimal /dev, devpts, proc, fresh /tmp and home,
    // and `workspace` bound read-write at its own path and used as the working directory.
    static cordon::spec::LaunchSpec defaultSpec(const QString& workspace, const QStringList& argv);

    // Runs `binary` (a file name in CORDON_BIN_DIR) on `spec`. `wrapper` is put in front of the
    // command line (e.g. setpriv to run as another user); `extraEnv` is added to
    // cordon-sandbox's own environment (not the sandbox's).
    static SandboxResult run(const cordon::spec::LaunchSpec& spec, const QStringList& wrapper = {},
        const QStringList& extraEnv = {}, const QString& binary = QStringLiteral("cordon-sandbox"),
        int timeoutMs = 60000);

    static QString binaryPath(const QString& name);

    // Host processes whose command line contains `marker` (a /proc scan).
    static QList<int> hostProcessesWith(const QByteArray& marker);
};
