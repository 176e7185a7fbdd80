#include "LaunchPlanner.h"

#include "AlwaysGrantStore.h"
#include "ManagedPolicyLoader.h"
#include "PolicyResolver.h"
#include "ProfileLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

} // namespace

bool LaunchPlanner::plan(const LaunchRequest& launch, bool compile, LaunchPlan* out, PolicyError* error)
{
    ManagedPolicy managed;
    QStringList errors;
    if (!ManagedPolicyLoader::loadDefault(&managed, &errors)) {
        error->code = ExitCode::ProfileInvalid;
        error->message =
            tr("the managed policy is invalid, so nothing may launch until it is fixed:\n%1").arg(errors.join(u'\n'));
        return false;
    }
    if (launch.home.isEmpty() || !QDir::isAbsolutePath(launch.home)) {
        error->code = ExitCode::Internal;
        error->message = tr("cannot determine your home directory");
        return false;
    }
    if (!QDir::isAbsolutePath(launch.cwd)) {
        error->code = ExitCode::Internal;
        error->message = tr("the working directory must be an absolute path");
        return false;
    }
    // The person's profiles, found the way ProfileLocator::defaultUserDirectory() finds them for the
    // running process, but from the client's environment: the helper plans for someone else.
    QString config = launch.environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (config.isEmpty() || !QDir::isAbsolutePath(config))
        config = launch.home + QStringLiteral("/.config");
    const ProfileLocator locator(managed, QDir::cleanPath(config + QStringLiteral("/cordon/profiles")));
    ResolveRequest request;
    if (!locator.find(launch.profile, &request.profile, &request.profileSource, error))
        return false;
    request.commandLine = launch.overrides;
    // The person's earlier "always" answers; read and written through the same call so that
    // XDG_CONFIG_HOME means the same to both.
    request.grantsDirectory = AlwaysGrantStore::directoryFor(
        launch.home, launch.environment.value(QStringLiteral("XDG_CONFIG_HOME")));
    request.managed = managed;
    request.home = launch.home;
    const QString canonicalHome = QFileInfo(request.home).canonicalFilePath();
    if (!canonicalHome.isEmpty())
        request.home = canonicalHome;
    const QString workspace = QDir::cleanPath(
        QDir(launch.cwd).absoluteFilePath(launch.workspace.isEmpty() ? QStringLiteral(".") : launch.workspace));
    const QString canonical = QFileInfo(workspace).canonicalFilePath();
    request.workspace = canonical.isEmpty() ? workspace : canonical;

    LaunchPlan plan;
    if (!PolicyResolver::resolve(request, &plan.policy, error))
        return false;
    // The compiler checks the workspace as the user named it (a symlink is resolved there and
    // refused when it leads somewhere unreadable).
    plan.policy.workspace = workspace;

    CompileContext context = launch.context;
    context.argv = launch.argv;
    context.environment.clear();
    for (auto it = launch.environment.begin(); it != launch.environment.end(); ++it)
        context.environment.insert(it.key(), it.value());
    context.userName = launch.userName;
    context.toolsDir = launch.toolsDir;
    plan.compiled = LaunchSpecCompiler::compile(plan.policy, context, &plan.spec, &plan.report, &plan.compileError);
    if (plan.compiled)
        plan.policy.workspace = plan.report.workspace;
    if (compile && !plan.compiled) {
        *error = plan.compileError;
        return false;
    }
    *out = plan;
    return true;
}

QJsonObject LaunchPlanner::json(const LaunchPlan& plan)
{
    QJsonObject o = plan.policy.toJson();
    QJsonObject compile{{QStringLiteral("ok"), plan.compiled}};
    if (plan.compiled) {
        compile.insert(QStringLiteral("skipped"), QJsonArray::fromStringList(plan.report.skipped));
        compile.insert(QStringLiteral("hiddenAbsent"), QJsonArray::fromStringList(plan.report.hiddenAbsent));
        compile.insert(QStringLiteral("protectedAbsent"), QJsonArray::fromStringList(plan.report.protectedAbsent));
    } else {
        compile.insert(QStringLiteral("error"), plan.compileError.message);
        compile.insert(QStringLiteral("exitCode"), toInt(plan.compileError.code));
    }
    o.insert(QStringLiteral("launch"), compile);
    return o;
}

} // namespace cordon
