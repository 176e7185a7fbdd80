# cordon_helperd_broker: the escalation and grant machinery of cordon-helper (EscalationBroker,
# GrantTable) and its line channels (JsonLineChannel, DeciderChannel to cordon-proxy). A library of
# its own so that tests/daemon links it without the daemon's main. Included by
# helper/daemon/CMakeLists.txt; paths are relative to this file so any includer works.
add_library(cordon_helperd_broker STATIC
    ${CMAKE_CURRENT_LIST_DIR}/JsonLineChannel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/DeciderChannel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/EscalationBroker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/GrantTable.cpp)
target_include_directories(cordon_helperd_broker PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(cordon_helperd_broker PUBLIC cordon_protocol cordon_journal cordon_core Qt6::Core PRIVATE cordon_options)
set_target_properties(cordon_helperd_broker PROPERTIES AUTOMOC ON)
