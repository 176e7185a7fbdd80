# The secret broker's parts (issue 3 part 4): reading a value from its source and the per-session
# files of delivered secrets. Included by helper/daemon/CMakeLists.txt.
add_library(cordon_helperd_secrets STATIC
    ${CMAKE_CURRENT_LIST_DIR}/SecretSource.cpp
    ${CMAKE_CURRENT_LIST_DIR}/SecretStore.cpp)
set_target_properties(cordon_helperd_secrets PROPERTIES AUTOMOC ON)
target_include_directories(cordon_helperd_secrets PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(cordon_helperd_secrets PUBLIC cordon_core Qt6::Core Qt6::DBus PRIVATE cordon_options)
