#include "MessageBox.h"

namespace cordon::gui {

namespace {
int g_asked = 0;
QString g_lastText;
} // namespace

std::optional<QMessageBox::StandardButton>& MessageBox::nextAnswer()
{
    static std::optional<QMessageBox::StandardButton> answer;
    return answer;
}

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title, const QString& text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    ++g_asked;
    g_lastText = text;
    if (auto answer = std::exchange(nextAnswer(), std::nullopt))
        return *answer;
    QMessageBox box(QMessageBox::Question, title, text, buttons, parent);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(defaultButton);
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

void MessageBox::warning(QWidget* parent, const QString& title, const QString& text)
{
    ++g_asked;
    g_lastText = text;
    if (std::exchange(nextAnswer(), std::nullopt))
        return;
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    nextAnswer() = answer;
}

int MessageBox::askedCount()
{
    return g_asked;
}

QString MessageBox::lastText()
{
    return g_lastText;
}

void MessageBox::resetRecord()
{
    g_asked = 0;
    g_lastText.clear();
}

} // namespace cordon::gui
