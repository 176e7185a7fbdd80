# One way to register a test: cordon_add_test(NAME SOURCES a.cpp b.cpp LIBS x y [LABELS l])
# Qt Test executables run GUI-less with LANG=C.UTF-8 so that output and sorting are stable.
function(cordon_add_test name)
    cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE ${T_LIBS} cordon_options)
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    add_test(NAME ${name} COMMAND ${name})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}"
        ENVIRONMENT "LANG=C.UTF-8;QT_QPA_PLATFORM=offscreen;CORDON_SOURCE_DIR=${PROJECT_SOURCE_DIR};CORDON_BIN_DIR=${CMAKE_BINARY_DIR}/bin;${T_ENV}")
endfunction()
