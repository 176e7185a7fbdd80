<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>cordon::gui::MainWindow</name>
    <message numerus="yes">
        <location filename="../app/gui/widgets/MainWindow.cpp" line="+304"/>
        <source>Exporting… %n event(s)</source>
        <translation>
            <numerusform>Exporting… %n event</numerusform>
            <numerusform>Exporting… %n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+220"/>
        <source>Stop all %n running session(s)?</source>
        <translation>
            <numerusform>Stop the running session?</numerusform>
            <numerusform>Stop all %n running sessions?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+70"/>
        <source>%n session(s) still running. Stop them before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</source>
        <translation>
            <numerusform>%n session still running. Stop it before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</numerusform>
            <numerusform>%n sessions still running. Stop them before quitting?
Sessions you keep go on running; Cordon shows them again when you start it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+104"/>
        <source>Showing the latest %n event(s); older ones stay in the journal.</source>
        <translation>
            <numerusform>Showing the latest event; older ones stay in the journal.</numerusform>
            <numerusform>Showing the latest %n events; older ones stay in the journal.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::ProfileEditorDialog</name>
    <message numerus="yes">
        <location filename="../app/gui/editor/ProfileEditorDialog.cpp" line="+264"/>
        <source>%n problem(s) to fix before saving. First: %1</source>
        <translation>
            <numerusform>%n problem to fix before saving: %1</numerusform>
            <numerusform>%n problems to fix before saving. First: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::TimelineExporter</name>
    <message numerus="yes">
        <location filename="../app/gui/models/TimelineExporter.cpp" line="+79"/>
        <source>%n event(s) exported.</source>
        <translation>
            <numerusform>%n event exported.</numerusform>
            <numerusform>%n events exported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cordon::gui::TrayIcon</name>
    <message numerus="yes">
        <location filename="../app/gui/widgets/TrayIcon.cpp" line="+99"/>
        <source>Cordon: %n request(s) waiting for your answer</source>
        <translation>
            <numerusform>Cordon: %n request waiting for your answer</numerusform>
            <numerusform>Cordon: %n requests waiting for your answer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Cordon: %n session(s) running</source>
        <translation>
            <numerusform>Cordon: %n session running</numerusform>
            <numerusform>Cordon: %n sessions running</numerusform>
        </translation>
    </message>
</context>
</TS>
