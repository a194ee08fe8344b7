# reliability.cmake - the fuzz targets and the wiring of the reliability tests
# (bad input, faults, PHI). Included from the top-level CMakeLists.txt.

foreach(t IN ITEMS test_badinput test_faults test_hostile)
  if(TARGET ${t})
    add_dependencies(${t} dermaudit dermaudit-sample)
  endif()
endforeach()
if(TARGET test_hostile)
  # The out-of-memory case needs the address space valgrind takes.
  target_compile_definitions(test_hostile PRIVATE DA_VALGRIND=$<BOOL:${DERMAUDIT_VALGRIND}>)
  set_tests_properties(hostile PROPERTIES COST 1000)
endif()

if(DERMAUDIT_FUZZ)
  # One libFuzzer program per input the program takes from outside. The seed
  # corpus is tests/fuzz/<target>/; new inputs go to the build tree so a run
  # never writes into the sources.
  set(fuzz_targets claims notes extract fees x835 x837 parse)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/rules/asp.h)
    list(APPEND fuzz_targets asp) # the drug payment-limit loader, once it is merged
  endif()
  foreach(target IN LISTS fuzz_targets)
    add_executable(fuzz_${target} tests/fuzz/fuzz_${target}.c)
    target_link_libraries(fuzz_${target} PRIVATE dermaudit_core project_warnings)
    target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
    set(corpus ${CMAKE_CURRENT_BINARY_DIR}/fuzz-corpus/${target})
    file(MAKE_DIRECTORY ${corpus})
    add_test(NAME fuzz_${target}
             COMMAND fuzz_${target} -max_total_time=60 -timeout=10 -rss_limit_mb=2048
                     -max_len=65536 -print_final_stats=1
                     ${corpus} ${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz/${target})
    set_tests_properties(fuzz_${target} PROPERTIES LABELS fuzz TIMEOUT 300)
  endforeach()
endif()
