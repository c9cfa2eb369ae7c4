# Embeds the numbered SQL migrations of each dialect into the binary as a generated
# C++ source, so `stackd migrate` needs no files next to the executable.
function(stackd_embed_migrations out_var)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/embedded_migrations.cpp)
  file(GLOB common_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/storage/migrations/common/*.sql)
  file(GLOB sqlite_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/storage/migrations/sqlite/*.sql)
  file(GLOB postgres_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/storage/migrations/postgres/*.sql)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DOUT=${generated}
            -DCOMMON_DIR=${CMAKE_CURRENT_SOURCE_DIR}/storage/migrations/common
            -DSQLITE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/storage/migrations/sqlite
            -DPOSTGRES_DIR=${CMAKE_CURRENT_SOURCE_DIR}/storage/migrations/postgres
            -P ${PROJECT_SOURCE_DIR}/cmake/write_migrations.cmake
    DEPENDS ${common_files} ${sqlite_files} ${postgres_files} ${PROJECT_SOURCE_DIR}/cmake/write_migrations.cmake
    COMMENT "Embedding SQL migrations")
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
