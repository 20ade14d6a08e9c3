#!/usr/bin/env ruby
# frozen_string_literal: true

# Print one section with furigana in brackets after each kanji run
# (盗[ぬす]まれた), built from the tokens' furigana segments.
#   ruby examples/ruby/furigana_section.rb corpus/dmm-bitcoin-2024/article.ja.txt 1.1
require "libreader"

def with_furigana(sentence)
  sentence.tokens.map do |t|
    s = t.surface
    pos = 0
    out = +""
    t.furigana.each do |seg|
      out << s[pos...seg.start] << "#{seg.base}[#{seg.reading}]"
      pos = seg.end
    end
    out << s[pos..]
  end.join
end

abort "usage: #{$PROGRAM_NAME} ARTICLE SECTION-ID" unless ARGV.size == 2
begin
  doc = LibReader.parse_file(ARGV[0])
  section = doc.section(ARGV[1])
  analyzer = LibReader::Analyzer.new
rescue LibReader::AnalyzerError => e
  warn "#{$PROGRAM_NAME}: #{e.message}"
  exit 77 # no dictionary: tests count this as skipped
rescue LibReader::Error => e
  warn "#{$PROGRAM_NAME}: #{e.message}"
  exit 1
end
doc.annotate(analyzer)
puts "#{section.id} #{with_furigana(section.heading_node.sentences[0])}"
section.paragraphs.each { |p| puts p.sentences.map { |s| with_furigana(s) }.join }
