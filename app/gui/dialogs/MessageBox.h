#pragma once
// The app's questions and warnings, through one door so that tests can answer them
// (CONVENTIONS.md seams, after KeePassXC's MessageBox): setNextAnswer() makes the next call
// return that button at once, without showing anything.

#include <QMessageBox>

#include <optional>

namespace cordon::gui {

class MessageBox final {
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
        QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton);
    static void warning(QWidget* parent, const QString& title, const QString& text);

    // Tests: the answer of the next question()/warning(), consumed by it.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // Tests: how many questions/warnings were asked since the last reset, and the last text.
    static int askedCount();
    static QString lastText();
    static void resetRecord();

private:
    static std::optional<QMessageBox::StandardButton>& nextAnswer();
};

} // namespace cordon::gui
