#!/usr/bin/env ruby
# frozen_string_literal: true

# Export the vocabulary of an article as TSV (lemma, reading, count, English
# gloss, first sentence), content words only, most frequent first.
#   ruby examples/ruby/export_vocab.rb corpus/dmm-bitcoin-2024/article.ja.txt > vocab.tsv
require "libreader"

CONTENT = %w[noun proper-noun verb adjective adjectival-noun adverb].freeze

abort "usage: #{$PROGRAM_NAME} ARTICLE" unless ARGV.size == 1
begin
  doc = LibReader.parse_file(ARGV[0])
  analyzer = LibReader::Analyzer.new
rescue LibReader::AnalyzerError => e
  warn "#{$PROGRAM_NAME}: #{e.message}"
  exit 77
rescue LibReader::Error => e
  warn "#{$PROGRAM_NAME}: #{e.message}"
  exit 1
end
doc.annotate(analyzer)
glossed = false
if defined?(LibReader::Glossary)
  begin
    doc.gloss(LibReader::Glossary.new)
    glossed = true
  rescue LibReader::Error => e # no EDICT: export without glosses
    warn "#{$PROGRAM_NAME}: no glosses: #{e.message}"
  end
end
words = doc.tokens.select { |t| CONTENT.include?(t.pos_class) && !t.unknown? && t.kanji? }
            .group_by { |t| [t.lemma, t.reading] }
puts "lemma\treading\tcount\tgloss\tsentence"
words.sort_by { |_, ts| -ts.size }.each do |(lemma, reading), ts|
  gloss = glossed ? ts[0].glosses.first(3).join("; ") : ""
  puts [lemma, reading, ts.size, gloss, ts[0].parent.text].join("\t")
end
