#include "FileDialog.h"

#include <QFileDialog>

namespace cordon::gui {

std::optional<QString>& FileDialog::nextDirectory()
{
    static std::optional<QString> next;
    return next;
}

std::optional<QString>& FileDialog::nextSaveFileName()
{
    static std::optional<QString> next;
    return next;
}

QString FileDialog::getExistingDirectory(QWidget* parent, const QString& title, const QString& start)
{
    if (auto next = std::exchange(nextDirectory(), std::nullopt))
        return *next;
    return QFileDialog::getExistingDirectory(parent, title, start);
}

QString FileDialog::getSaveFileName(QWidget* parent, const QString& title, const QString& start, const QString& filter)
{
    if (auto next = std::exchange(nextSaveFileName(), std::nullopt))
        return *next;
    return QFileDialog::getSaveFileName(parent, title, start, filter);
}

void FileDialog::setNextDirectory(const QString& path)
{
    nextDirectory() = path;
}

void FileDialog::setNextSaveFileName(const QString& path)
{
    nextSaveFileName() = path;
}

} // namespace cordon::gui
