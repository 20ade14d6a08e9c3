# `reader outline`: exit status 0 with the seed's outline (compared with its
# golden file), 1 for input errors (message names file and line), 2 for usage.
# Run as: cmake -DREADER=... -DSRC=... -DTMP=... -P outline_exit_codes.cmake
function(run expect_rc)
  execute_process(COMMAND ${READER} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "reader ${ARGN}: exit ${rc}, expected ${expect_rc}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: expected to match '${regex}', got:\n${text}")
  endif()
endfunction()

set(seed ${SRC}/corpus/dmm-bitcoin-2024/article.ja.txt)
run(0 outline ${seed})
file(READ ${SRC}/tests/golden/outline/dmm-bitcoin-2024.txt golden)
if(NOT out STREQUAL golden)
  file(WRITE ${TMP}/outline-dmm-bitcoin-2024.txt "${out}")
  message(FATAL_ERROR "outline differs from tests/golden/outline/dmm-bitcoin-2024.txt; got ${TMP}/outline-dmm-bitcoin-2024.txt")
endif()
# The one warning is the heading the body leaves out; nothing spurious.
string(REGEX MATCHALL "warning" warnings "${err}")
list(LENGTH warnings nwarn)
if(NOT nwarn EQUAL 1)
  message(FATAL_ERROR "expected exactly one warning, got:\n${err}")
endif()
expect_match("${err}" "article.ja.txt: warning: line 14: heading \"北朝鮮のサイバー攻撃\" \\(section 4\\)" "seed warning")

run(1 outline ${SRC}/tests/data/articles/bad-utf8.txt)
expect_match("${err}" "bad-utf8.txt: invalid UTF-8 at byte 22 \\(line 2\\)" "invalid UTF-8")
run(1 outline ${SRC}/tests/data/articles/does-not-exist.txt)
expect_match("${err}" "does-not-exist.txt: cannot open" "missing file")

# A directory, a binary file, an empty file: each named, with what is wrong.
run(1 outline ${SRC}/tests/data)
expect_match("${err}" "tests/data: cannot read: Is a directory" "directory")
configure_file(${READER} ${TMP}/outline-binary.dat COPYONLY) # an executable: not text
run(1 outline ${TMP}/outline-binary.dat)
expect_match("${err}" "outline-binary.dat: (NUL byte|invalid UTF-8) at byte [0-9]+ \\(line [0-9]+\\)" "binary file")
file(WRITE ${TMP}/outline-empty.txt "")
run(0 outline ${TMP}/outline-empty.txt)
expect_match("${err}" "outline-empty.txt: warning: no text to outline \\(empty file\\)" "empty file")

run(2 outline)
expect_match("${err}" "FILE expected" "no file")
run(2 outline --bogus ${seed})
expect_match("${err}" "unknown option '--bogus'" "unknown option")
run(2 outline ${seed} ${seed})
run(2)
run(2 no-such-command)
run(0 outline --help)
expect_match("${out}" "usage: reader outline FILE" "help")
run(0 --help)

# Endless input is refused at the size limit, not read until memory runs out.
run(1 outline /dev/zero)
expect_match("${err}" "/dev/zero: larger than [0-9]+ bytes" "endless input")
