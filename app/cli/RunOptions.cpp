#include "RunOptions.h"

#include "Installation.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcessEnvironment>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

// A relative --ro/--rw/--hide path means what it means in the shell: relative to the current
// directory (not to the workspace, as in a profile).
bool pathOption(const QString& option, const QString& value, QList<PathRule>* into, QString* error)
{
    QString text = value;
    if (!text.isEmpty() && !text.startsWith(u'/') && !text.startsWith(u'~'))
        text = QDir::cleanPath(QDir::current().absoluteFilePath(text));
    PathRule rule;
    QString expected;
    if (!PathRule::parse(text, &rule, &expected)) {
        *error = tr("%1 \"%2\": %3").arg(option, value, expected);
        return false;
    }
    into->append(rule);
    return true;
}

} // namespace

bool RunOptions::parse(const QStringList& args, qsizetype from, Mode mode, RunOptions* out, QString* error)
{
    RunOptions o;
    for (qsizetype i = from; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (arg == u"--") {
            if (mode == Mode::Show) {
                *error = tr("profile show takes no command");
                return false;
            }
            o.command = args.mid(i + 1);
            break;
        }
        if (!arg.startsWith(u'-') || arg == u"-") {
            if (mode == Mode::Show) {
                o.positionals.append(arg);
                continue;
            }
            o.command = args.mid(i);
            break;
        }
        if (mode == Mode::Show && arg == u"--effective") {
            o.effective = true;
            continue;
        }
        if (mode == Mode::Run && arg == u"--direct") {
            o.direct = true;
            continue;
        }
        if (mode == Mode::Show && arg == u"--json") {
            o.json = true;
            continue;
        }
        QString value;
        bool hasInlineValue = false;
        const auto eq = arg.indexOf(u'=');
        if (arg.startsWith(QStringLiteral("--")) && eq > 2) {
            value = arg.mid(eq + 1);
            arg.truncate(eq);
            hasInlineValue = true;
        }
        static const QStringList withValue = {
            QStringLiteral("--profile"),
            QStringLiteral("--workspace"),
            QStringLiteral("--ro"),
            QStringLiteral("--rw"),
            QStringLiteral("--hide"),
            QStringLiteral("--env"),
            QStringLiteral("--timeout"),
            QStringLiteral("--memory"),
            QStringLiteral("--pids"),
            QStringLiteral("--cpu"),
            QStringLiteral("--open-files"),
            QStringLiteral("--file-size"),
            QStringLiteral("--tmp-size"),
        };
        if (!withValue.contains(arg)) {
            *error = tr("unknown option %1").arg(arg);
            return false;
        }
        if (!hasInlineValue) {
            if (i + 1 >= args.size()) {
                *error = tr("%1 needs a value").arg(arg);
                return false;
            }
            value = args.at(++i);
        }
        if (arg == u"--profile") {
            o.profile = value;
            o.profileGiven = true;
        } else if (arg == u"--workspace") {
            if (value.isEmpty()) {
                *error = tr("--workspace needs a directory");
                return false;
            }
            o.workspace = value;
        } else if (arg == u"--ro") {
            if (!pathOption(arg, value, &o.overrides.readOnly, error))
                return false;
        } else if (arg == u"--rw") {
            if (!pathOption(arg, value, &o.overrides.readWrite, error))
                return false;
        } else if (arg == u"--hide") {
            if (!pathOption(arg, value, &o.overrides.hide, error))
                return false;
        } else if (arg == u"--env") {
            if (!EnvPattern::isValidName(value)) {
                *error = tr("--env \"%1\": expected a variable name of A-Z, a-z, 0-9 and _").arg(value);
                return false;
            }
            o.overrides.envNames.append(value);
        } else {
            for (int k = 0; k < kLimitKeyCount; ++k) {
                const LimitKey key = Limits::keyAt(k);
                if (Limits::optionName(key) != arg)
                    continue;
                qint64 v = 0;
                QString expected;
                if (!Limits::parseText(key, value, &v, &expected)) {
                    *error = tr("%1 \"%2\": %3").arg(arg, value, expected);
                    return false;
                }
                o.overrides.limits.setValue(key, v);
                o.limitTexts.insert(static_cast<int>(key), value);
            }
        }
    }
    *out = o;
    return true;
}

LaunchRequest RunOptions::launchRequest() const
{
    LaunchRequest request;
    request.profile = profile;
    request.workspace = workspace;
    request.cwd = QDir::currentPath();
    request.argv = command;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        request.environment.insert(key, env.value(key));
    request.overrides = overrides;
    request.home = Installation::homeDirectory();
    request.userName = Installation::userName();
    request.toolsDir = Installation::toolsDirectory();
    return request;
}

} // namespace cordon::cli
