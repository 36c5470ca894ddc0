# Installs the built project into a temporary prefix, builds examples/stand_and_push against it
# out of tree, and runs it: proves find_package(tianmu) works for secondary development.
# Inputs: BUILD_DIR, SOURCE_DIR, WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/stand_and_push
                        -B ${WORK_DIR}/build -G Ninja -DCMAKE_BUILD_TYPE=Release
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the example against the installed package failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the example failed (${rc})")
endif()
# Run it with the installed assets only (the source tree's are hidden by the environment).
execute_process(COMMAND ${CMAKE_COMMAND} -E env TIANMU_ASSETS=${WORK_DIR}/prefix/share/tianmu/assets
                        ${WORK_DIR}/build/stand_and_push tm1s 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "standing")
  message(FATAL_ERROR "the example did not run to a standing robot (exit ${rc}): ${out}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
