// cordonctl: Cordon from a terminal. Subcommands: run, ps, stop, logs, pending, approve, deny,
// grants, revoke, profile (validate, show, list, spec), doctor, demo, help, version, exit-codes.
// See docs/cli.md.

#include "Console.h"
#include "Doctor.h"
#include "HelperClient.h"
#include "HelperCommands.h"
#include "HelperRun.h"
#include "HelperStarter.h"
#include "LaunchMessage.h"
#include "ExitCode.h"
#include "Installation.h"
#include "LaunchPlanner.h"
#include "LaunchSpecCodec.h"
#include "ManagedPolicyLoader.h"
#include "PolicyPrinter.h"
#include "ProfileLocator.h"
#include "ProfileParser.h"
#include "RunOptions.h"
#include "SandboxLauncher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

using namespace cordon;
using namespace cordon::cli;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

QTextStream& out()
{
    return Console::out();
}

QTextStream& err()
{
    return Console::err();
}

int fail(ExitCode code, const QString& message)
{
    return Console::fail(code, message);
}

int fail(const PolicyError& e)
{
    return fail(e.code, e.message);
}

QString usage()
{
    return tr("usage: cordonctl COMMAND [OPTIONS]\n"
              "\n"
              "  run [--direct] [RUN OPTIONS] [--] [COMMAND ARGS...]\n"
              "                                           run a command (default: the profile's) in a sandbox\n"
              "  ps [--all] [--json]                      list the sessions of the running helper\n"
              "  stop ID | --profile NAME | --all         stop sessions and wait for them to end\n"
              "  logs [--follow] [--session ID] [--kind K]... [--json]\n"
              "                                           the event timeline; --follow keeps printing new events\n"
              "  pending [--json]                         escalation requests waiting for an answer\n"
              "  approve ID [--once|--session|--always] [--domain] [--minutes N]\n"
              "                                           allow a request (default: once, this host only)\n"
              "  deny ID | --all                          deny one request, or every pending one\n"
              "  grants [--session ID] [--json]           the grants in force\n"
              "  revoke ID                                revoke a grant (ends the connections it allowed)\n"
              "  profile validate FILE...                 check profile or managed-policy files\n"
              "  profile show [--effective] [--json] [RUN OPTIONS] [NAME|FILE]\n"
              "                                           show a profile with the source of every value\n"
              "  profile list                             list the profiles: name, source, locked\n"
              "  profile spec [RUN OPTIONS] [--] COMMAND  print the compiled launch spec\n"
              "  doctor [--fix --user NAME]               check (or, as root, set up) what the sandbox needs\n"
              "  demo                                     a sandboxed shell in a demo workspace\n"
              "  exit-codes                               the exit codes Cordon itself uses\n"
              "  help, version\n"
              "\n"
              "RUN OPTIONS\n"
              "  --direct              run without cordon-helper (also CORDON_NO_HELPER=1): no escalations\n"
              "  --profile NAME|FILE   the profile (default: shell); a value with '/' or ending in .json is a file\n"
              "  --workspace DIR       the read-write project directory (default: the current directory)\n"
              "  --timeout DUR         wall-clock limit, e.g. 30s, 10m, 2h, 1d\n"
              "  --memory SIZE         memory limit, e.g. 512M, 4G\n"
              "  --pids N              maximum number of processes and threads\n"
              "  --cpu N               CPUs, e.g. 0.5 or 2\n"
              "  --open-files N, --file-size SIZE, --tmp-size SIZE\n"
              "  --ro PATH, --rw PATH  also show PATH read-only / read-write (repeatable)\n"
              "  --hide PATH           make PATH inaccessible (repeatable)\n"
              "  --env NAME            pass the variable NAME through (repeatable)\n"
              "\n"
              "`run` goes through cordon-helper when one answers, and starts one (cordon-helper --rootless\n"
              "--idle-exit 60) when none does; then network escalations are asked on your terminal.\n");
}

int exitCodes()
{
    for (int c = toInt(ExitCode::Internal); c <= toInt(ExitCode::CommandNotFound); ++c) {
        const auto code = static_cast<ExitCode>(c);
        out() << c << "  " << QString::fromLatin1(exitCodeName(code)).leftJustified(20) << ' '
              << QCoreApplication::translate("cordon-exit-codes", exitCodeAdvice(code)) << '\n';
    }
    out() << tr("Any other status is the command's own (128+N when signal N ended it).") << '\n';
    return 0;
}

int profileValidate(const QStringList& files)
{
    if (files.isEmpty())
        return fail(ExitCode::Usage, tr("profile validate needs at least one FILE"));
    QStringList errors;
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            errors.append(tr("%1: cannot read: %2").arg(path, file.errorString()));
            continue;
        }
        const QByteArray bytes = file.readAll();
        // A managed-policy file says what it is ("kind"); anything else is a profile.
        const QJsonObject root = QJsonDocument::fromJson(bytes).object();
        QStringList fileErrors;
        bool ok = false;
        if (root.contains(QStringLiteral("kind"))) {
            ManagedPolicy scratch;
            ok = ManagedPolicyLoader::parseFile(bytes, path, &scratch, &fileErrors);
        } else {
            Profile p;
            ok = ProfileParser::parse(bytes, path, &p, &fileErrors);
        }
        if (ok)
            out() << tr("%1: valid").arg(path) << '\n';
        else
            errors.append(fileErrors);
    }
    if (!errors.isEmpty())
        return fail(ExitCode::ProfileInvalid, errors.join(QStringLiteral("\ncordonctl: ")));
    return 0;
}

int profileList()
{
    ManagedPolicy managed;
    QStringList errors;
    if (!ManagedPolicyLoader::loadDefault(&managed, &errors))
        return fail(ExitCode::ProfileInvalid, errors.join(u'\n'));
    const ProfileLocator locator(managed, ProfileLocator::defaultUserDirectory());
    QStringList warnings;
    const auto entries = locator.list(&warnings);
    out() << tr("NAME").leftJustified(16) << tr("SOURCE").leftJustified(10) << tr("LOCKED").leftJustified(8)
          << tr("ORIGIN") << '\n';
    for (const auto& e : entries)
        out() << e.name.leftJustified(16) << e.kind.leftJustified(10)
              << (e.locked ? tr("yes") : tr("no")).leftJustified(8) << e.origin << '\n';
    out().flush();
    for (const auto& w : warnings)
        err() << "cordonctl: " << tr("warning: ") << w << '\n';
    return 0;
}

int profileShow(const QStringList& args)
{
    RunOptions options;
    QString error;
    if (!RunOptions::parse(args, 0, RunOptions::Mode::Show, &options, &error))
        return fail(ExitCode::Usage, error);
    if (options.positionals.size() > 1)
        return fail(ExitCode::Usage, tr("profile show takes one profile"));
    if (!options.positionals.isEmpty())
        options.profile = options.positionals.first();
    LaunchPlan plan;
    PolicyError policyError;
    if (!LaunchPlanner::plan(options.launchRequest(), false, &plan, &policyError))
        return fail(policyError);
    if (options.json)
        out() << QJsonDocument(PolicyPrinter::json(plan)).toJson(QJsonDocument::Indented);
    else
        out() << PolicyPrinter::text(plan, options.effective);
    return 0;
}

int profileSpec(const QStringList& args)
{
    RunOptions options;
    QString error;
    if (!RunOptions::parse(args, 0, RunOptions::Mode::Spec, &options, &error))
        return fail(ExitCode::Usage, error);
    LaunchPlan plan;
    PolicyError policyError;
    if (!LaunchPlanner::plan(options.launchRequest(), true, &plan, &policyError))
        return fail(policyError);
    const std::string bytes = spec::encodeLaunchSpec(plan.spec);
    out().flush();
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0)
        return fail(ExitCode::Internal, tr("writing the spec to stdout failed"));
    return 0;
}

// Looks the command up the way the sandbox will: in the spec's PATH, whose directories are the
// host's own (bound read-only) or Cordon's tools directory.
bool commandExists(const spec::LaunchSpec& s, const QString& toolsDir)
{
    const QString cmd = QString::fromStdString(s.argv.front());
    if (cmd.contains(u'/'))
        return true; // a path: the sandbox reports 126/127 itself
    QString path;
    for (const auto& e : s.env)
        if (e.rfind("PATH=", 0) == 0)
            path = QString::fromStdString(e.substr(5));
    for (const QString& dir : path.split(u':', Qt::SkipEmptyParts)) {
        const QString hostDir = dir == LaunchSpecCompiler::toolsTarget() ? toolsDir : dir;
        if (hostDir.isEmpty())
            continue;
        const QFileInfo info(hostDir + u'/' + cmd);
        if (info.exists())
            return true;
    }
    return false;
}

// True when `cordonctl run` should not use a helper at all: --direct or CORDON_NO_HELPER=1.
bool directRequested(const RunOptions& options)
{
    return options.direct || qgetenv("CORDON_NO_HELPER") == "1";
}

// Direct mode: plan here, start cordon-sandbox ourselves, wait (docs/cli.md, "How it runs").
int runDirect(const RunOptions& options);

int run(const QStringList& args)
{
    RunOptions options;
    QString error;
    if (!RunOptions::parse(args, 0, RunOptions::Mode::Run, &options, &error))
        return fail(ExitCode::Usage, error);
    if (directRequested(options))
        return runDirect(options);
    const QStringList unsupported = LaunchMessage::unsupported(options);
    if (!unsupported.isEmpty()) {
        Console::notice(tr("%1 cannot be passed to cordon-helper yet; running without it (network escalations are "
                           "unavailable)")
                            .arg(unsupported.join(QStringLiteral(", "))));
        return runDirect(options);
    }
    HelperClient client;
    if (client.connect(&error))
        return HelperRun::run(&client, LaunchMessage::build(options, LaunchMessage::current()));
    if (client.noHelper()) {
        QString startError;
        if (HelperStarter::start(&client, &startError))
            return HelperRun::run(&client, LaunchMessage::build(options, LaunchMessage::current()));
        error = startError;
    }
    Console::notice(tr("no usable cordon-helper (%1); running without it: network escalations are unavailable")
                        .arg(error));
    return runDirect(options);
}

int runDirect(const RunOptions& options)
{
    QString error;
    LaunchPlan plan;
    PolicyError policyError;
    if (!LaunchPlanner::plan(options.launchRequest(), true, &plan, &policyError))
        return fail(policyError);
    if (!commandExists(plan.spec, Installation::toolsDirectory()))
        return fail(ExitCode::CommandNotFound,
            tr("command \"%1\" not found in the sandbox's PATH").arg(QString::fromStdString(plan.spec.argv.front())));
    const QString sandbox = Installation::sandboxBinary();
    if (sandbox.isEmpty())
        return fail(ExitCode::SandboxUnavailable,
            tr("cordon-sandbox was not found next to cordonctl or in ../libexec/cordon/"));
    out().flush();
    err().flush();
    const int status = SandboxLauncher::run(sandbox, plan.spec, &error);
    if (status < 0)
        return fail(ExitCode::SandboxFailed, error);
    // Files the host will execute or trust later that the sandbox created: the monitor moved each
    // aside the moment it appeared ("<name>.cordon-quarantine-<runId>[-N]") and said so then; this
    // is the summary once the session's own output is over. Anything still at a protected name
    // (a move that failed) is pointed out too.
    const QString runId = QString::fromStdString(plan.spec.runId);
    const QDir workspace(plan.report.workspace);
    auto shown = [&workspace](const QString& path) {
        const QString rel = workspace.relativeFilePath(path);
        return rel.startsWith(QStringLiteral("..")) ? path : rel;
    };
    for (const auto& g : plan.spec.guarded) {
        const QFileInfo guarded(QString::fromStdString(g.hostPath));
        const QString prefix = guarded.fileName() + QStringLiteral(".cordon-quarantine-") + runId;
        const QStringList moved = guarded.dir().entryList(
            {prefix, prefix + QStringLiteral("-*")}, QDir::AllEntries | QDir::Hidden | QDir::System, QDir::Name);
        for (const QString& name : moved)
            err() << "cordonctl: "
                  << tr("the sandbox created %1; moved aside to %2 — review it, then delete it or move it back")
                         .arg(shown(guarded.filePath()), shown(guarded.dir().filePath(name)))
                  << '\n';
    }
    for (const QString& path : std::as_const(plan.report.protectedAbsent)) {
        if (QFileInfo(path).exists() || QFileInfo(path).isSymLink())
            err() << "cordonctl: "
                  << tr("created during the session: %1 — review it before your shell, editor or git runs it")
                         .arg(shown(path))
                  << '\n';
    }
    err().flush();
    return status;
}

QString dataHome()
{
    QString data = QFile::decodeName(qgetenv("XDG_DATA_HOME"));
    if (data.isEmpty() || !QDir::isAbsolutePath(data))
        data = Installation::homeDirectory() + QStringLiteral("/.local/share");
    return data;
}

bool writeIfMissing(const QString& path, const QByteArray& content, bool executable)
{
    if (QFileInfo::exists(path))
        return true;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || f.write(content) != content.size())
        return false;
    if (executable)
        f.setPermissions(f.permissions() | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
    return true;
}

int demo()
{
    const QString ws = dataHome() + QStringLiteral("/cordon/demo-workspace");
    if (!QDir().mkpath(ws + QStringLiteral("/src")))
        return fail(ExitCode::PathRefused, tr("cannot create the demo workspace %1").arg(ws));
    const bool ok =
        writeIfMissing(ws + QStringLiteral("/README.md"),
            "# Cordon demo workspace\n\n"
            "You are inside a Cordon sandbox. This directory is the only place you can write that\n"
            "survives the session. Try:\n\n"
            "    cordon-demo-agent        # an agent that tries every boundary and reports\n"
            "    ls -la ~                 # a fresh, empty home\n"
            "    cat .env                 # hidden by the demo profile\n"
            "    curl https://example.com # no network but loopback\n\n"
            "Type `exit` to leave; the sandbox and everything started in it end with the shell.\n",
            false) &&
        writeIfMissing(ws + QStringLiteral("/.env"), "DEMO_API_KEY=not-a-real-secret\n", false) &&
        writeIfMissing(ws + QStringLiteral("/src/hello.sh"),
            "#!/bin/sh\necho \"hello from $(hostname), pid $$ in the sandbox's own pid namespace\"\n", true) &&
        writeIfMissing(ws + QStringLiteral("/Makefile"), "run:\n\tsh src/hello.sh\n", false);
    if (!ok)
        return fail(ExitCode::PathRefused, tr("cannot populate the demo workspace %1").arg(ws));
    out() << tr("Starting a sandboxed shell in %1 (profile demo-agent): run cordon-demo-agent to watch it try "
                "every boundary; exit leaves the sandbox.")
                 .arg(ws)
          << '\n';
    out().flush();
    return run({QStringLiteral("--profile"), QStringLiteral("demo-agent"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--"), QStringLiteral("bash")});
}

int doctor(const QStringList& args)
{
    bool fixIt = false;
    QString user;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--fix")
            fixIt = true;
        else if (args.at(i) == u"--user" && i + 1 < args.size())
            user = args.at(++i);
        else
            return fail(ExitCode::Usage, tr("unknown doctor option %1").arg(args.at(i)));
    }
    if (fixIt) {
        if (user.isEmpty())
            return fail(ExitCode::Usage, tr("doctor --fix needs --user NAME"));
        QString error;
        const int code = Doctor::fix(user, out(), &error);
        if (code != 0)
            return fail(static_cast<ExitCode>(code), error);
        return 0;
    }
    const int code = Doctor::check(out());
    out().flush();
    return code;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cordonctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CORDON_VERSION));
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty())
        return fail(ExitCode::Usage, tr("no command given"));
    const QString command = args.takeFirst();
    if (command == u"help" || command == u"--help" || command == u"-h") {
        out() << usage();
        return 0;
    }
    if (command == u"version" || command == u"--version") {
        out() << "cordonctl " << QStringLiteral(CORDON_VERSION) << '\n';
        return 0;
    }
    if (command == u"exit-codes")
        return exitCodes();
    if (command == u"run")
        return run(args);
    if (command == u"doctor")
        return doctor(args);
    if (command == u"ps")
        return HelperCommands::ps(args);
    if (command == u"stop")
        return HelperCommands::stop(args);
    if (command == u"logs")
        return HelperCommands::logs(args);
    if (command == u"pending")
        return HelperCommands::pending(args);
    if (command == u"approve")
        return HelperCommands::approve(args);
    if (command == u"deny")
        return HelperCommands::deny(args);
    if (command == u"grants")
        return HelperCommands::grants(args);
    if (command == u"revoke")
        return HelperCommands::revoke(args);
    if (command == u"demo")
        return args.isEmpty() ? demo() : fail(ExitCode::Usage, tr("demo takes no arguments"));
    if (command == u"profile") {
        if (args.isEmpty())
            return fail(ExitCode::Usage, tr("profile needs a subcommand: validate, show, list or spec"));
        const QString sub = args.takeFirst();
        if (sub == u"validate")
            return profileValidate(args);
        if (sub == u"show")
            return profileShow(args);
        if (sub == u"list")
            return args.isEmpty() ? profileList() : fail(ExitCode::Usage, tr("profile list takes no arguments"));
        if (sub == u"spec")
            return profileSpec(args);
        return fail(ExitCode::Usage, tr("unknown profile subcommand %1").arg(sub));
    }
    return fail(ExitCode::Usage, tr("unknown command %1").arg(command));
}
