# Unit tests of cordon-helper's escalation and grant machinery (helper/daemon/broker.cmake).
# Included by tests/daemon/CMakeLists.txt; Qt Test, GUI-less, real timers, socketpairs and a real
# SQLite journal in a temporary directory.
if(TARGET cordon_helperd_broker)
    cordon_add_test(tst_escalationbroker SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_escalationbroker.cpp
                    LIBS cordon_helperd_broker cordon_protocol Qt6::Test LABELS daemon)
    cordon_add_test(tst_deciderchannel SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_deciderchannel.cpp
                    LIBS cordon_helperd_broker cordon_protocol Qt6::Test LABELS daemon)
    cordon_add_test(tst_grantable SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_grantable.cpp
                    LIBS cordon_helperd_broker cordon_journal cordon_protocol Qt6::Test LABELS daemon)
endif()
