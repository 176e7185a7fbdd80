#include "TerminalLauncher.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace cordon::gui {

QStringList TerminalLauncher::knownEmulators()
{
    return {QStringLiteral("x-terminal-emulator"), QStringLiteral("gnome-terminal"), QStringLiteral("konsole"),
        QStringLiteral("xfce4-terminal"), QStringLiteral("kitty"), QStringLiteral("alacritty"),
        QStringLiteral("foot"), QStringLiteral("xterm")};
}

TerminalLauncher::Style TerminalLauncher::styleOf(const QString& emulator)
{
    const QString name = QFileInfo(emulator).fileName();
    if (name == u"gnome-terminal" || name == u"kgx" || name == u"ptyxis")
        return Style::DoubleDash;
    if (name == u"xfce4-terminal" || name == u"mate-terminal")
        return Style::DashX;
    if (name == u"kitty" || name == u"foot")
        return Style::Direct;
    return Style::DashE;
}

QStringList TerminalLauncher::commandLine(const QStringList& emulator, const QString& program, const QStringList& args)
{
    if (emulator.isEmpty())
        return {};
    QStringList out = emulator;
    switch (styleOf(emulator.constFirst())) {
    case Style::DoubleDash: out.append(QStringLiteral("--")); break;
    case Style::DashE: out.append(QStringLiteral("-e")); break;
    case Style::DashX: out.append(QStringLiteral("-x")); break;
    case Style::Direct: break;
    }
    out.append(program);
    out.append(args);
    return out;
}

QString TerminalLauncher::findExecutable(const QString& name) const
{
    if (name.contains(u'/'))
        return QFileInfo(name).isExecutable() ? name : QString();
    return QStandardPaths::findExecutable(name);
}

QStringList TerminalLauncher::findEmulator(const QString& preferred) const
{
    if (preferred == noTerminal())
        return {};
    // A choice (Settings or $TERMINAL) may carry options: split it like a command line, never
    // through a shell.
    const auto resolve = [this](const QString& spec) -> QStringList {
        QStringList words = QProcess::splitCommand(spec.trimmed());
        if (words.isEmpty())
            return {};
        const QString path = findExecutable(words.constFirst());
        if (path.isEmpty())
            return {};
        words.first() = path;
        return words;
    };
    if (!preferred.isEmpty())
        return resolve(preferred); // what the person chose, or nothing: never a surprise
    const QString fromEnvironment = qEnvironmentVariable("TERMINAL");
    if (!fromEnvironment.isEmpty()) {
        const QStringList found = resolve(fromEnvironment);
        if (!found.isEmpty())
            return found;
    }
    for (const QString& name : knownEmulators()) {
        const QString path = findExecutable(name);
        if (!path.isEmpty())
            return {path};
    }
    return {};
}

QStringList TerminalLauncher::installedEmulators() const
{
    QStringList out;
    for (const QString& name : knownEmulators())
        if (!findExecutable(name).isEmpty())
            out.append(name);
    return out;
}

QString TerminalLauncher::cordonctl() const
{
    if (!m_cordonctl.isEmpty())
        return m_cordonctl;
    const QString nextToApp = QCoreApplication::applicationDirPath() + QStringLiteral("/cordonctl");
    if (QFileInfo(nextToApp).isExecutable())
        return nextToApp;
    return QStandardPaths::findExecutable(QStringLiteral("cordonctl"));
}

QStringList TerminalLauncher::runArguments(const QString& profile, const QString& workspace, const QStringList& argv)
{
    QStringList args{QStringLiteral("run"), QStringLiteral("--profile"), profile, QStringLiteral("--workspace"),
        workspace};
    if (!argv.isEmpty()) {
        args.append(QStringLiteral("--"));
        args.append(argv);
    }
    return args;
}

bool TerminalLauncher::launch(const QString& profile, const QString& workspace, const QStringList& argv, QString* error)
{
    const QStringList emulator = findEmulator();
    if (emulator.isEmpty()) {
        *error = disabled() ? tr("Running agents in a terminal is turned off in Settings.")
                            : tr("No terminal emulator was found (tried $TERMINAL, %1).")
                                  .arg(knownEmulators().join(QStringLiteral(", ")));
        return false;
    }
    const QString ctl = cordonctl();
    if (ctl.isEmpty()) {
        *error = tr("cordonctl was found neither next to Cordon nor in PATH.");
        return false;
    }
    const QStringList line = commandLine(emulator, ctl, runArguments(profile, workspace, argv));
    if (!startDetached(line.constFirst(), line.mid(1), workspace)) {
        *error = tr("%1 could not be started.")
                     .arg(emulator.constFirst());
        return false;
    }
    return true;
}

bool TerminalLauncher::startDetached(const QString& program, const QStringList& args, const QString& workingDirectory)
{
    return QProcess::startDetached(program, args, workingDirectory);
}

} // namespace cordon::gui
