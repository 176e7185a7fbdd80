#pragma once
// Opens the person's terminal emulator on `cordonctl run --profile P --workspace W [-- ARGV]`
// (issue 4, "a terminal agent gets a terminal the person can type into"). Every Cordon profile
// runs a command-line program (the built-in agents, the demo agent, `shell`), so the least
// surprising home for it is the terminal the person already uses: their fonts, keys, scrollback
// and copy/paste, and the output stays there. cordonctl attaches to the helper like any client;
// the app keeps answering escalations, because the helper sends an attached launcher escalations
// only when no other client subscribes to them (docs/protocol.md, "Who may answer").
//
// Which emulator: the one chosen in Settings, else $TERMINAL, else the first installed of
// x-terminal-emulator, gnome-terminal, konsole, xfce4-terminal, kitty, alacritty, foot, xterm.
// Each takes the program to run its own way (commandLine()); none is given a shell string.
//
// The seam (CONVENTIONS.md, "Seams for tests"): startDetached() is virtual, so tests capture the
// argv instead of opening a window, and findExecutable() looks in $PATH, which tests control.

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace cordon::gui {

class TerminalLauncher {
    Q_DECLARE_TR_FUNCTIONS(cordon::gui::TerminalLauncher)

public:
    // How an emulator takes the program to run.
    enum class Style {
        DoubleDash, // EMULATOR -- PROGRAM ARGS...      (gnome-terminal)
        DashE,      // EMULATOR -e PROGRAM ARGS...      (xterm, konsole, alacritty, x-terminal-emulator)
        DashX,      // EMULATOR -x PROGRAM ARGS...      (xfce4-terminal: -e would take one string)
        Direct,     // EMULATOR PROGRAM ARGS...         (kitty, foot)
    };

    // The settings value meaning "no terminal: launch through the helper, output to the log".
    static QString noTerminal() { return QStringLiteral("none"); }

    TerminalLauncher() = default;
    virtual ~TerminalLauncher() = default;
    TerminalLauncher(const TerminalLauncher&) = delete;
    TerminalLauncher& operator=(const TerminalLauncher&) = delete;

    // The emulators Cordon knows, in the order it tries them.
    static QStringList knownEmulators();
    // The style of an emulator, by its file name; an unknown one (from $TERMINAL) gets -e, the
    // Debian x-terminal-emulator convention most emulators follow.
    static Style styleOf(const QString& emulator);
    // The emulator's argv (program first) that runs `program` with `args`.
    static QStringList commandLine(const QStringList& emulator, const QString& program, const QStringList& args);

    // The person's choice from Settings: empty = automatic, noTerminal(), or a program name/path
    // (with options, e.g. "kitty --single-instance").
    void setPreferred(const QString& preferred) { m_preferred = preferred; }
    QString preferred() const { return m_preferred; }
    bool disabled() const { return m_preferred == noTerminal(); }
    // The emulator to use (program and its own options), or empty when none is found or disabled.
    QStringList findEmulator() const { return findEmulator(m_preferred); }
    // The same for a choice other than the current one (Settings shows what it would open).
    QStringList findEmulator(const QString& preferred) const;
    // The installed emulators among knownEmulators() (for the Settings list).
    QStringList installedEmulators() const;

    // cordonctl: next to the app, else in $PATH; setCordonctl overrides (tests).
    void setCordonctl(const QString& path) { m_cordonctl = path; }
    QString cordonctl() const;
    // The cordonctl arguments for one launch.
    static QStringList runArguments(const QString& profile, const QString& workspace, const QStringList& argv = {});

    // Opens the terminal on cordonctl run, in `workspace` (cordonctl takes its cwd from there).
    // False with a message a person can act on when there is no emulator or it cannot start.
    [[nodiscard]] bool launch(
        const QString& profile, const QString& workspace, const QStringList& argv, QString* error);

protected:
    // Starts `program` detached (its own session, it outlives the app). Tests override it.
    virtual bool startDetached(const QString& program, const QStringList& args, const QString& workingDirectory);
    virtual QString findExecutable(const QString& name) const;

private:
    QString m_preferred;
    QString m_cordonctl;
};

} // namespace cordon::gui
