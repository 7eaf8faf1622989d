# eksa_test(NAME LABEL <unit|integration|e2e> SOURCES ... LIBS ...)
# Builds a GoogleTest binary and registers each TEST with CTest under the given label.
function(eksa_test name)
  cmake_parse_arguments(T "" "LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_LABEL)
    message(FATAL_ERROR "eksa_test(${name}) needs LABEL unit|integration|e2e")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gmock GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  # Where tests find testdata and the built binaries. Compile definitions, because
  # gtest_discover_tests cannot pass a multi-variable ENVIRONMENT list through.
  target_compile_definitions(${name} PRIVATE
    EKSA_SOURCE_DIR="${CMAKE_SOURCE_DIR}" EKSA_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT}
               ENVIRONMENT "EKSA_BINARY_DIR=${CMAKE_BINARY_DIR}")
endfunction()
