#include "LaunchMessage.h"

#include "Installation.h"

#include <QDir>
#include <QJsonArray>
#include <QProcessEnvironment>

namespace cordon::cli {

namespace {

QJsonArray paths(const QList<PathRule>& rules, const LaunchMessage::Context& context)
{
    QJsonArray array;
    for (const PathRule& rule : rules) {
        // RunOptions made relative paths absolute against the current directory already; a
        // workspace-relative rule cannot come from the command line, but expand it against the
        // current directory all the same rather than send something relative.
        array.append(rule.expand(context.home, context.cwd));
    }
    return array;
}

bool isProfileFile(const QString& profile)
{
    return profile.contains(u'/') || profile.endsWith(QStringLiteral(".json"));
}

} // namespace

LaunchMessage::Context LaunchMessage::current()
{
    Context context;
    context.cwd = QDir::currentPath();
    context.home = Installation::homeDirectory();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        context.environment.insert(key, env.value(key));
    return context;
}

QStringList LaunchMessage::unsupported(const RunOptions& options)
{
    QStringList names;
    for (LimitKey key : {LimitKey::OpenFiles, LimitKey::FileSize, LimitKey::TmpSize}) {
        if (options.overrides.limits.value(key))
            names.append(Limits::optionName(key));
    }
    return names;
}

QJsonObject LaunchMessage::overrides(const RunOptions& options, const Context& context)
{
    QJsonObject o;
    const Limits& limits = options.overrides.limits;
    auto text = [&](LimitKey key) {
        const QString written = options.limitTexts.value(static_cast<int>(key));
        return written.isEmpty() ? Limits::format(key, *limits.value(key)) : written;
    };
    if (limits.value(LimitKey::Timeout))
        o.insert(QStringLiteral("timeout"), text(LimitKey::Timeout));
    if (limits.value(LimitKey::Memory))
        o.insert(QStringLiteral("memory"), text(LimitKey::Memory));
    if (const auto pids = limits.value(LimitKey::Pids))
        o.insert(QStringLiteral("pids"), static_cast<double>(*pids));
    if (const auto cpu = limits.value(LimitKey::Cpu))
        o.insert(QStringLiteral("cpu"), static_cast<double>(*cpu) / 1000.0);
    if (!options.overrides.readOnly.isEmpty())
        o.insert(QStringLiteral("ro"), paths(options.overrides.readOnly, context));
    if (!options.overrides.readWrite.isEmpty())
        o.insert(QStringLiteral("rw"), paths(options.overrides.readWrite, context));
    if (!options.overrides.hide.isEmpty())
        o.insert(QStringLiteral("hide"), paths(options.overrides.hide, context));
    if (!options.overrides.envNames.isEmpty())
        o.insert(QStringLiteral("env"), QJsonArray::fromStringList(options.overrides.envNames));
    return o;
}

QJsonObject LaunchMessage::build(const RunOptions& options, const Context& context)
{
    QJsonObject message;
    message.insert(QStringLiteral("type"), QStringLiteral("launch"));
    const QDir cwd(context.cwd);
    message.insert(QStringLiteral("profile"),
        isProfileFile(options.profile) ? QDir::cleanPath(cwd.absoluteFilePath(options.profile)) : options.profile);
    message.insert(QStringLiteral("workspace"),
        options.workspace.isEmpty() ? context.cwd : cwd.absoluteFilePath(options.workspace));
    message.insert(QStringLiteral("cwd"), context.cwd);
    if (!options.command.isEmpty())
        message.insert(QStringLiteral("argv"), QJsonArray::fromStringList(options.command));
    QJsonObject env;
    for (auto it = context.environment.begin(); it != context.environment.end(); ++it)
        env.insert(it.key(), it.value());
    message.insert(QStringLiteral("env"), env);
    const QJsonObject o = overrides(options, context);
    if (!o.isEmpty())
        message.insert(QStringLiteral("overrides"), o);
    message.insert(QStringLiteral("terminal"), true);
    message.insert(QStringLiteral("attach"), true);
    return message;
}

} // namespace cordon::cli
