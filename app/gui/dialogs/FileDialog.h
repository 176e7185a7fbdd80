#pragma once
// Folder and file choosers through one door, so that tests can answer them (CONVENTIONS.md seams):
// setNextDirectory() makes the next getExistingDirectory() return that path without a dialog.

#include <QString>

#include <optional>

class QWidget;

namespace cordon::gui {

class FileDialog final {
public:
    // Empty when the person cancelled.
    static QString getExistingDirectory(QWidget* parent, const QString& title, const QString& start);
    static QString getSaveFileName(QWidget* parent, const QString& title, const QString& start, const QString& filter);

    static void setNextDirectory(const QString& path);
    static void setNextSaveFileName(const QString& path);

private:
    static std::optional<QString>& nextDirectory();
    static std::optional<QString>& nextSaveFileName();
};

} // namespace cordon::gui
