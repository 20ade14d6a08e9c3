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
end
