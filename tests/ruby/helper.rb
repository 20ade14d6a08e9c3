# frozen_string_literal: true

# Shared setup of the Ruby binding tests: the seed article and one analyzer
# (tests that need it skip when there is no MeCab dictionary).
require "minitest/autorun"
require "libreader"

module ReaderTest
  SOURCE_DIR = ENV.fetch("READER_SOURCE_DIR", File.expand_path("../..", __dir__))
  ARTICLE = File.join(SOURCE_DIR, "corpus", "dmm-bitcoin-2024", "article.ja.txt")
  SUMMARIES = File.join(SOURCE_DIR, "corpus", "dmm-bitcoin-2024", "summaries.en.xml")
  SECTION_IDS = %w[1 1.1 1.2 2 2.1 2.2 3 3.1 3.2 4 4.1 4.2 afterword].freeze

  def self.analyzer
    return @analyzer if defined?(@analyzer)
    @analyzer = begin
      LibReader::Analyzer.new
    rescue LibReader::AnalyzerError
      nil
    end
  end

  def analyzer
    ReaderTest.analyzer || skip("no MeCab dictionary")
  end

  def doc = LibReader.parse_file(ARTICLE)

  def annotated
    d = doc
    d.annotate(analyzer)
    d
  end
end
