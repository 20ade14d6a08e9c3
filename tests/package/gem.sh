#!/bin/sh
# gem build libreader.gemspec, gem install --local into a scratch GEM_HOME
# (the extension is built by CMake from the gem's own sources), then require
# the installed gem and annotate a sentence.
# Usage: gem.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "gem: FAIL: $*" >&2; exit 1; }
unset RUBYLIB LD_LIBRARY_PATH
(cd "$src" && gem build libreader.gemspec --output "$work/libreader.gem") >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "gem build"; }
export GEM_HOME="$work/home" GEM_PATH="$work/home"
gem install --local --no-document "$work/libreader.gem" >"$work/install.log" 2>&1 ||
  { tail -30 "$work/install.log"; find "$work/home" -name gem_make.out -exec tail -30 {} \; ; fail "gem install"; }
cd "$work"
ruby -e 'require "libreader"
  native = $LOADED_FEATURES.grep(%r{libreader/native})
  abort "not the installed gem: #{native}" unless native.all? { |f| f.start_with?(ENV["GEM_HOME"]) } && !native.empty?
  d = LibReader.parse("北朝鮮のハッカーが暗号資産を盗んだ。\n", format: "text")
  d.annotate(LibReader::Analyzer.new)
  lemmas = d.tokens.map(&:lemma)
  abort "no 盗む in #{lemmas}" unless lemmas.include?("盗む")
  puts "gem: installed gem loads and annotates: #{lemmas.join(" ")}"' || fail "the installed gem"
gem list --local libreader | grep -q "^libreader (0" || fail "gem list"
