// Renders each page of the profile editor into PNG files for docs/screenshots (run under Xvfb by
// screenshots.sh): a user's copy of the claude-code profile with a few hosts and secrets, under a
// plausible corporate policy, so that locks and provenance are visible; and one invalid state.
//
//     cordon-editor-screenshots OUTPUT_DIR

#include "ManagedPolicyLoader.h"
#include "ProfileEditorDialog.h"
#include "ProfileParser.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QTabWidget>

#include <cstdio>

using namespace cordon;
using namespace cordon::gui;

namespace {

const char kPolicy[] = R"json({
    "kind": "policy", "schemaVersion": 1, "description": "Corporate baseline",
    "filesystem": { "hide": ["~/.ssh", "~/.aws"] },
    "environment": { "deny": ["*_SECRET*", "AWS_*"] },
    "limits": { "max": { "memory": "8G", "timeout": "12h" } },
    "network": { "deny": ["*.pastebin.com", "169.254.169.254"] },
    "maxAskTimeout": "2m", "forbidAlways": false, "denySecrets": ["AWS_SECRET_ACCESS_KEY"]
})json";

const char kProfile[] = R"json({
    "schemaVersion": 1, "name": "claude-code", "displayName": "Claude Code (mine)",
    "description": "My copy of the built-in profile: the API host allowed in advance, telemetry denied.",
    "icon": "claude-code", "command": ["claude", "--verbose"],
    "filesystem": { "read": ["~/.gitconfig", "~/.npm-global", "~/.local/bin"],
                    "write": ["~/.claude", "~/.claude.json", "~/.ssh/known_hosts"], "hide": [".env"] },
    "environment": { "pass": ["COLORTERM", "LC_*", "NO_COLOR"], "set": { "EDITOR": "vi" },
                     "path": ["~/.local/bin", "~/.npm-global/bin"] },
    "limits": { "timeout": "8h", "memory": "16G", "pids": 4096, "cpu": 2 },
    "network": { "allow": ["api.anthropic.com:443", "*.githubusercontent.com:443"],
                 "deny": ["statsig.anthropic.com", "sentry.io"], "askTimeout": "90s", "unattended": "wait" },
    "secrets": [
        { "name": "GITHUB_TOKEN", "from": { "env": "GITHUB_TOKEN" }, "deliver": "env", "as": "GH_TOKEN" },
        { "name": "NPM_TOKEN", "from": { "file": "~/.config/npm/token" }, "deliver": "file", "ttl": "15m",
          "allowAlways": true },
        { "name": "ANTHROPIC_API_KEY", "from": { "keyring": { "service": "anthropic", "account": "me" } },
          "deliver": "request" },
        { "name": "AWS_SECRET_ACCESS_KEY", "from": { "env": "AWS_SECRET_ACCESS_KEY" }, "deliver": "request" }
    ],
    "bestEffort": ["landlockScopes"]
})json";

bool grab(ProfileEditorDialog* dialog, const QString& path)
{
    // Let layouts settle and the window paint before grabbing.
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 100)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!dialog->grab().save(path)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return false;
    }
    std::printf("%s\n", qPrintable(path));
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: cordon-editor-screenshots OUTPUT_DIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);

    EditorContext context;
    context.home = QStringLiteral("/home/you");
    context.userDirectory = QStringLiteral("/home/you/.config/cordon/profiles");
    QStringList errors;
    if (!ManagedPolicyLoader::parseFile(
            kPolicy, QStringLiteral("/etc/cordon/managed.d/10-corp.json"), &context.managed, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors.join(u'\n')));
        return 1;
    }
    Profile profile;
    if (!ProfileParser::parse(
            kProfile, context.userDirectory + QStringLiteral("/claude-code.json"), &profile, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors.join(u'\n')));
        return 1;
    }

    ProfileEditorDialog dialog(profile, ProfileKind::User, context);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("testHostLineEdit"))->setText(QStringLiteral("paste.pastebin.com"));
    dialog.findChild<QListWidget*>(QStringLiteral("secretsListWidget"))->setCurrentRow(1);
    const char* const names[] = {"general", "files", "network", "secrets", "limits", "advanced"};
    bool ok = true;
    for (int i = 0; i < dialog.tabs()->count(); ++i) {
        dialog.tabs()->setCurrentIndex(i);
        ok = grab(&dialog, out + QStringLiteral("/profile-editor-%1.png").arg(QString::fromLatin1(names[i]))) && ok;
    }

    // Invalid input, marked where it is: Save is disabled.
    dialog.tabs()->setCurrentIndex(4);
    dialog.findChild<QLineEdit*>(QStringLiteral("memoryLineEdit"))->setText(QStringLiteral("4096"));
    dialog.findChild<QLineEdit*>(QStringLiteral("cpuLineEdit"))->setText(QStringLiteral("0"));
    ok = grab(&dialog, out + QStringLiteral("/profile-editor-invalid.png")) && ok;

    // A profile the organization locks: read-only, with the lock and the file that locks it.
    EditorContext lockedContext = context;
    if (!ManagedPolicyLoader::parseFile(
            R"json({"kind": "policy", "schemaVersion": 1, "lockedProfiles": ["shell"]})json",
            QStringLiteral("/etc/cordon/managed.d/20-lock.json"), &lockedContext.managed, &errors)) {
        std::fprintf(stderr, "%s\n", qPrintable(errors.join(u'\n')));
        return 1;
    }
    Profile shell;
    ProfileKind kind = ProfileKind::New;
    QString error;
    if (!ProfileEditorDialog::findProfile(QStringLiteral("shell"), lockedContext, &shell, &kind, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    ProfileEditorDialog locked(shell, kind, lockedContext);
    locked.show();
    locked.tabs()->setCurrentIndex(4);
    ok = grab(&locked, out + QStringLiteral("/profile-editor-locked.png")) && ok;
    return ok ? 0 : 1;
}
