# gem build libreader.gemspec && gem install --local libreader-0.1.0.gem
# The gem carries the C sources; installing it builds the Ruby extension with
# CMake (bindings/ruby/ext/libreader/extconf.rb), the library linked in, so
# it needs the build dependencies of the library (tools/setup-deps.sh) but
# no installed libreader.
version = File.read(File.join(__dir__, "CMakeLists.txt"))[/project\(libreader VERSION ([0-9.]+)/, 1]

Gem::Specification.new do |s|
  s.name = "libreader"
  s.version = version
  s.summary = "Japanese news articles as readable, queryable documents"
  s.description = "Reads a Japanese news article into sections, paragraphs, sentences and " \
                  "citations, segments it with MeCab, adds furigana, English glosses and " \
                  "summaries, and writes XML, JSON, an HTML reader page, text or a vocabulary list."
  s.authors = ["libreader maintainers"]
  s.required_ruby_version = ">= 3.0"
  s.require_paths = ["bindings/ruby/lib"]
  s.extensions = ["bindings/ruby/ext/libreader/extconf.rb"]
  s.files = Dir.chdir(__dir__) do
    Dir["{CMakeLists.txt,README.md}", "{cmake,include,libreader,schemas,bindings}/**/*",
        "tools/*.{c,h}", "tools/completion/*", "bench/bench.c", "docs/Doxyfile.in", "docs/man/*"]
      .reject { |f| File.directory?(f) }
  end
end
