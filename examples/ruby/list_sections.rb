#!/usr/bin/env ruby
# frozen_string_literal: true

# List the sections of an article, indented by level, with their headings.
#   ruby examples/ruby/list_sections.rb corpus/dmm-bitcoin-2024/article.ja.txt
require "libreader"

abort "usage: #{$PROGRAM_NAME} ARTICLE" unless ARGV.size == 1
begin
  doc = LibReader.parse_file(ARGV[0])
rescue LibReader::Error => e
  warn "#{$PROGRAM_NAME}: #{e.message}"
  exit 1
end
puts doc.title || "(untitled)"
doc.sections.each do |s|
  mark = s.synthesized? ? " (from the contents)" : ""
  puts "#{'  ' * (s.level - 1)}#{s.id}\t#{s.heading}#{mark}"
end
