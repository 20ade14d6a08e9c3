"""Build the libreader Python package with CMake (see pyproject.toml).

The extension is the SWIG module that the CMake build makes
(bindings/CMakeLists.txt, target reader_python), linked with the static
library so the installed package needs no libreader.so. CMake builds into
setuptools' build_temp; the module and its SWIG-generated native.py are
copied next to the pure-Python package.
"""
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        configure = [
            "cmake", "-S", ROOT, "-B", build,
            "-DCMAKE_BUILD_TYPE=Release",
            "-DPython3_EXECUTABLE=" + sys.executable,
            "-DREADER_BUILD_TESTS=OFF", "-DREADER_BUILD_RUBY=OFF", "-DREADER_BUILD_EXAMPLES=OFF",
            "-DREADER_BINDINGS_STATIC=ON",
        ]
        try:
            subprocess.run(configure, check=True)
            subprocess.run(["cmake", "--build", build, "-j", jobs,
                            "--target", "reader_python", "reader_python_files"], check=True)
        except FileNotFoundError:
            sys.exit("libreader: building needs cmake, swig and the library's build "
                     "dependencies (tools/setup-deps.sh)")
        except subprocess.CalledProcessError as e:
            sys.exit(f"libreader: the CMake build failed ({e.cmd[0]} exited {e.returncode})")
        built = os.path.join(build, "bindings", "python", "libreader")
        target = os.path.dirname(os.path.abspath(self.get_ext_fullpath(ext.name)))
        os.makedirs(target, exist_ok=True)
        shutil.copy2(os.path.join(built, "_native.so"), self.get_ext_fullpath(ext.name))
        shutil.copy2(os.path.join(built, "native.py"), os.path.join(target, "native.py"))


setup(
    ext_modules=[Extension("libreader._native", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Not build/: that is where the CMake build of the project lives.
    options={"build": {"build_base": "build-pip"}, "egg_info": {"egg_base": "build-pip"}},
)
