#include "QtPathChooser.h"

#include <QFileDialog>

namespace cordon::gui {

QString QtPathChooser::choosePath(QWidget* parent, const QString& title, const QString& start)
{
    // Qt's own dialog: the native one cannot choose "a file or a directory" in one go.
    QFileDialog dialog(parent, title, start);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setOption(QFileDialog::DontUseNativeDialog, true);
    dialog.setOption(QFileDialog::DontResolveSymlinks, true);
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    dialog.setLabelText(QFileDialog::Accept, QFileDialog::tr("&Choose"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    return dialog.selectedFiles().constFirst();
}

} // namespace cordon::gui
