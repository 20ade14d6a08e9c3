# Builds LibReader's native extension for `gem install`: CMake builds the
# SWIG module (target reader_ruby, the library linked statically) for the
# Ruby running this script; the Makefile written here hands it to RubyGems
# (`make`, then `make install sitearchdir=...`).
require "rbconfig"
require "shellwords"

root = File.expand_path("../../../..", __dir__)
build = File.expand_path("cmake-build")
cmake = ENV.fetch("CMAKE", "cmake")
jobs = ENV.fetch("CMAKE_BUILD_PARALLEL_LEVEL", "2")
configure = [cmake, "-S", root, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
             "-DRuby_EXECUTABLE=#{RbConfig.ruby}", "-DREADER_BUILD_TESTS=OFF",
             "-DREADER_BUILD_PYTHON=OFF", "-DREADER_BUILD_EXAMPLES=OFF", "-DREADER_BINDINGS_STATIC=ON"]
unless system(*configure)
  abort "libreader: CMake could not configure the build (it needs cmake, swig, ruby-dev and the " \
        "library's build dependencies: tools/setup-deps.sh)"
end

native = File.join(build, "bindings", "ruby", "libreader", "native.#{RbConfig::CONFIG['DLEXT']}")
File.write("Makefile", <<~MAKE)
  # Written by extconf.rb: the build is CMake's.
  sitearchdir = #{RbConfig::CONFIG['sitearchdir']}
  sitelibdir = #{RbConfig::CONFIG['sitelibdir']}
  all:
  \t#{[cmake, "--build", build, "-j", jobs, "--target", "reader_ruby"].shelljoin}
  install: all
  \tmkdir -p "$(DESTDIR)$(sitearchdir)/libreader"
  \tcp #{native.shellescape} "$(DESTDIR)$(sitearchdir)/libreader/"
  clean:
  .PHONY: all install clean
MAKE
