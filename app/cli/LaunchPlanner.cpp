#include "LaunchPlanner.h"

#include "Installation.h"
#include "ManagedPolicyLoader.h"
#include "PolicyResolver.h"
#include "ProfileLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

} // namespace

bool LaunchPlanner::plan(const RunOptions& options, bool compile, LaunchPlan* out, PolicyError* error)
{
    ManagedPolicy managed;
    QStringList errors;
    if (!ManagedPolicyLoader::loadDefault(&managed, &errors)) {
        error->code = ExitCode::ProfileInvalid;
        error->message =
            tr("the managed policy is invalid, so nothing may launch until it is fixed:\n%1").arg(errors.join(u'\n'));
        return false;
    }
    const ProfileLocator locator(managed, ProfileLocator::defaultUserDirectory());
    ResolveRequest request;
    if (!locator.find(options.profile, &request.profile, &request.profileSource, error))
        return false;
    request.commandLine = options.overrides;
    request.managed = managed;
    request.home = Installation::homeDirectory();
    if (request.home.isEmpty()) {
        error->code = ExitCode::Internal;
        error->message = tr("cannot determine your home directory");
        return false;
    }
    const QString canonicalHome = QFileInfo(request.home).canonicalFilePath();
    if (!canonicalHome.isEmpty())
        request.home = canonicalHome;
    const QString workspace = QDir::cleanPath(
        QDir::current().absoluteFilePath(options.workspace.isEmpty() ? QStringLiteral(".") : options.workspace));
    const QString canonical = QFileInfo(workspace).canonicalFilePath();
    request.workspace = canonical.isEmpty() ? workspace : canonical;

    LaunchPlan plan;
    if (!PolicyResolver::resolve(request, &plan.policy, error))
        return false;
    // The compiler checks the workspace as the user named it (a symlink is resolved there and
    // refused when it leads somewhere unreadable).
    plan.policy.workspace = workspace;

    CompileContext context;
    context.argv = options.command;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        context.environment.insert(key, env.value(key));
    context.userName = Installation::userName();
    context.toolsDir = Installation::toolsDirectory();
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

} // namespace cordon::cli
