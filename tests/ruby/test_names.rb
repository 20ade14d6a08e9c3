# frozen_string_literal: true

require_relative "helper"

# Names (issue 12, item 1) from Ruby: Token#name_kind and Word#name_kind from
# MeCab's proper nouns and the names rule (the ENAMDICT test fixture), and
# Pipeline.new(names: false).
class TestNames < Minitest::Test
  include ReaderTest

  FIXTURE = File.join(SOURCE_DIR, "tests", "data", "names", "enamdict-fixture.eucjp")

  def pipeline(**kw)
    LibReader::Pipeline.new(glosses: false, **kw)
  rescue LibReader::AnalyzerError
    skip("no MeCab dictionary")
  end

  def test_names_rule_reads_and_flags_a_place_and_a_person
    doc = pipeline(names: FIXTURE).read("立川市の藤井聡太さん\n")
    tokens = doc.tokens.to_a.to_h { |t| [t.surface, t] }
    place = tokens["立川市"]
    assert_equal ["たちかわし", "name", "place"], [place.reading, place.rule, place.name_kind]
    assert_equal "person", tokens["聡太"].name_kind
    assert_nil tokens["さん"].name_kind
    word = doc.words.to_a.find { |w| w.surface == "立川市" }
    assert_equal "place", word.name_kind
    assert word.name?
  end

  def test_without_names_mecab_kinds_only
    doc = pipeline(names: false).read("立川市\n")
    assert_equal [%w[立川 たつかわ place], ["市", "し", nil]], doc.tokens.map { |t| [t.surface, t.reading, t.name_kind] }
  end
end
