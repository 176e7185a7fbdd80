# cordon_gui_editor: the profile editor (issue 4, "Profile editor"), a dialog of pages built in code
# (no .ui files). Included by app/gui/CMakeLists.txt:
#     include(${CMAKE_CURRENT_SOURCE_DIR}/editor/editor.cmake)
#     target_link_libraries(cordon_gui PUBLIC cordon_gui_editor)
# It needs only core (profiles, managed policy, the resolver), the egress decision ("test a host")
# and Widgets, so that its tests (tests/gui-editor) do not depend on the rest of the app.
find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets)
set(_cordon_editor_dir ${CMAKE_CURRENT_LIST_DIR})
add_library(cordon_gui_editor STATIC
    ${_cordon_editor_dir}/PathChooser.h
    ${_cordon_editor_dir}/QtPathChooser.h
    ${_cordon_editor_dir}/QtPathChooser.cpp
    ${_cordon_editor_dir}/EditorContext.h
    ${_cordon_editor_dir}/FieldMarks.h
    ${_cordon_editor_dir}/FieldMarks.cpp
    ${_cordon_editor_dir}/EditorPage.h
    ${_cordon_editor_dir}/EditorPage.cpp
    ${_cordon_editor_dir}/PathRuleTableModel.h
    ${_cordon_editor_dir}/PathRuleTableModel.cpp
    ${_cordon_editor_dir}/AccessDelegate.h
    ${_cordon_editor_dir}/AccessDelegate.cpp
    ${_cordon_editor_dir}/GeneralPage.h
    ${_cordon_editor_dir}/GeneralPage.cpp
    ${_cordon_editor_dir}/FilesPage.h
    ${_cordon_editor_dir}/FilesPage.cpp
    ${_cordon_editor_dir}/NetworkPage.h
    ${_cordon_editor_dir}/NetworkPage.cpp
    ${_cordon_editor_dir}/SecretsPage.h
    ${_cordon_editor_dir}/SecretsPage.cpp
    ${_cordon_editor_dir}/LimitsPage.h
    ${_cordon_editor_dir}/LimitsPage.cpp
    ${_cordon_editor_dir}/AdvancedPage.h
    ${_cordon_editor_dir}/AdvancedPage.cpp
    ${_cordon_editor_dir}/ProfileEditorDialog.h
    ${_cordon_editor_dir}/ProfileEditorDialog.cpp)
# Q_OBJECT classes need moc; the widgets themselves are built in code (no AUTOUIC).
set_target_properties(cordon_gui_editor PROPERTIES AUTOMOC ON)
target_include_directories(cordon_gui_editor PUBLIC ${_cordon_editor_dir})
target_link_libraries(cordon_gui_editor PUBLIC cordon_core cordon_egress Qt6::Widgets PRIVATE cordon_options)
