# frozen_string_literal: true

require_relative "helper"

# Tokens after annotation.
class TestTokens < Minitest::Test
  include ReaderTest

  def test_token_spans_slice_the_surface
    d = annotated
    toks = d.tokens.to_a
    assert_operator toks.size, :>, 500
    toks.each { |t| assert_equal t.surface, d.text[t.start...t.end] }
  end

  def test_token_properties
    t = annotated.tokens.find { |x| x.lemma == "盗む" }
    assert_equal "verb", t.pos_class
    assert t.pos.start_with?("動詞")
    assert t.reading.start_with?("ぬす")
    assert_equal false, t.unknown?
    assert_equal true, t.kanji?
    seg = t.furigana.first
    assert_equal ["盗", "ぬす"], [seg.base, seg.reading]
    assert_equal "盗[ぬす]", seg.to_s
    assert_equal seg.base, t.surface[seg.start...seg.end]
    assert t.inspect.start_with?("#<LibReader::Token #{t.surface.inspect} 盗む/verb"), t.inspect
    assert_equal Encoding::UTF_8, t.lemma.encoding
  end

  def test_romaji_and_glosses
    d = annotated
    t = d.tokens.find { |x| x.surface == "日本" }
    assert_includes %w[nihon nippon], t.romaji if t.respond_to?(:romaji)
    skip "no glossary module" unless defined?(LibReader::Glossary)
    begin
      g = LibReader::Glossary.new
    rescue LibReader::NotFoundError => e
      skip e.message
    end
    d.gloss(g)
    t = d.tokens.find { |x| x.lemma == "盗む" }
    assert_includes t.glosses, "to steal"
    assert_equal "ぬすむ", g.lookup("盗む").first.reading
  end

  def test_tokens_each_without_block_is_an_enumerator
    d = annotated
    s = d.sentences[3]
    assert_kind_of Enumerator, s.tokens.each
    assert_equal s.text, s.tokens.map(&:surface).join unless s.citations.any?
  end

  # 今日 before は and a pause may be the greeting: きょう stays the
  # reading, こんにち is carried with its share; before a predicate it is not.
  def test_heteronym_alternatives
    an = analyzer
    d = LibReader.parse("今日は、みなさん。")
    d.annotate(an)
    t = d.tokens.find { |x| x.surface == "今日" }
    assert_equal "きょう", t.reading
    assert t.uncertain?
    assert_equal ["こんにち"], t.alternatives.map(&:first)
    reading, conf = t.alternatives.first
    assert_equal Encoding::UTF_8, reading.encoding
    assert_kind_of Float, conf
    assert_in_delta 1.0, t.reading_confidence + conf, 0.002
    d2 = LibReader.parse("今日は晴れです。")
    d2.annotate(an)
    t2 = d2.tokens.find { |x| x.surface == "今日" }
    assert_equal [], t2.alternatives
    refute t2.uncertain?
    assert_equal 1.0, t2.reading_confidence
  end
end
