#pragma once
// The app's language (issue 4, "Translations"): the system locale, or the one chosen in Settings
// (QSettings "ui/language"), loaded from the .qm files compiled into the app
// (":/cordon/i18n/cordon_LANG.qm", built from translations/*.ts) plus Qt's own catalogue for its
// standard dialogs when the system has it. Applied at start-up: the widgets are built in code with
// their strings set once, so a new choice takes effect on the next start.

#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QString>

#include <memory>

class QSettings;
class QTranslator;

namespace cordon::gui {

class Translations final {
    Q_DECLARE_TR_FUNCTIONS(cordon::gui::Translations)

public:
    struct Language {
        QString code; // "" = the system's, else "en", "de", ...
        QString name; // in its own language ("Deutsch"), so that a person can always find theirs
    };

    // The languages Cordon ships, the system default first.
    static QList<Language> available();
    static QString settingsKey() { return QStringLiteral("ui/language"); }
    // The settings' language, or the system's when none is set.
    static QLocale localeFor(const QString& code);
    // Path of the compiled catalogue of a language (in the resources).
    static QString catalogue(const QString& code) { return QStringLiteral(":/cordon/i18n/cordon_%1.qm").arg(code); }

    Translations();
    ~Translations();
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    // Installs the translators for `code` ("" = system) into the application. True when a Cordon
    // catalogue was found for it (English needs none for its singular strings but has one for
    // plurals).
    bool install(const QString& code);

private:
    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace cordon::gui
