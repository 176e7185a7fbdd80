#pragma once
// Renders text that came from inside a sandbox (host names, argv, executables, secret names,
// event details) so that it is shown and does nothing else (DESIGN.md, "Approvals": render
// anything the agent controls inert). One implementation for cordonctl and the desktop app:
//   - in a terminal, a prompt that printed such text raw could be repainted by an escape sequence
//     ("\e[2K\rallow? [y]");
//   - in a widget, a person could misread it: a bidi override (CVE-2021-42574, "Trojan Source")
//     shows "moc.live" as "evil.com", a newline pushes the real host out of a label, zero-width or
//     filler characters make two names look alike.
//
// What is escaped, and how:
//   - C0 controls, DEL and C1 controls (U+0080..U+009F, 8-bit CSI among them): \xNN
//   - format characters (Unicode category Cf: bidi embeddings, overrides and isolates, LRM/RLM,
//     zero-width space/joiners, BOM, tag characters), line and paragraph separators, every space
//     other than U+0020, unpaired surrogates, unassigned code points (a later Unicode version may
//     make them any of the above) and invisible fillers (U+115F, U+1160, U+3164, U+FFA0, U+2800,
//     U+034F): U+XXXX
//   - the backslash itself: \\ , so that "\x1B" in the output always means an escaped byte and
//     never text the sandbox wrote to look like one.
// A widget showing the result must also use Qt::PlainText (no rich text from the agent).

#include <QString>

namespace cordon {

class InertText final {
public:
    // The inert form of `text`. With maxLength >= 0 the result is cut to at most that many
    // characters (QChar units) and ends with "…" when something was cut; an escape is never split.
    [[nodiscard]] static QString render(const QString& text, qsizetype maxLength = -1);
    // True when render(text) == text (nothing needed escaping).
    [[nodiscard]] static bool isInert(const QString& text);
};

} // namespace cordon
