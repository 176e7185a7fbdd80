# One INTERFACE target carries the language standard, warnings, hardening and Qt defines.
# Every Cordon target links it; nothing sets flags globally.
add_library(cordon_options INTERFACE)
target_compile_features(cordon_options INTERFACE cxx_std_20)
target_compile_options(cordon_options INTERFACE
    -Wall -Wextra -Wshadow
    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast>
    -fstack-protector-strong
    $<$<BOOL:${CORDON_WERROR}>:-Werror>)
target_compile_definitions(cordon_options INTERFACE
    _GLIBCXX_ASSERTIONS
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=3>
    QT_NO_CAST_FROM_ASCII QT_NO_CONTEXTLESS_CONNECT QT_NO_KEYWORDS)
target_link_options(cordon_options INTERFACE -Wl,-z,relro,-z,now)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(CORDON_ASAN)
    target_compile_options(cordon_options INTERFACE -fsanitize=address -fno-omit-frame-pointer)
    target_link_options(cordon_options INTERFACE -fsanitize=address)
endif()
if(CORDON_UBSAN)
    target_compile_options(cordon_options INTERFACE -fsanitize=undefined -fno-sanitize-recover=undefined)
    target_link_options(cordon_options INTERFACE -fsanitize=undefined)
endif()
if(NOT CMAKE_BUILD_TYPE)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "" FORCE)
endif()
