# frozen_string_literal: true

require_relative "helper"

# Words (issue 11) from Ruby: doc.words, sentence.words, word.tokens,
# glosses, inflections, sentence; a word keeps its document alive.
class TestWords < Minitest::Test
  include ReaderTest

  def pipeline
    @pipeline ||= LibReader::Pipeline.new
  rescue LibReader::AnalyzerError
    skip("no MeCab dictionary")
  end

  def test_words_join_tokens_and_name_the_inflection
    doc = pipeline.read("ビットコインが盗まれた。\n")
    words = doc.words.to_a
    assert_equal %w[ビットコイン が 盗まれた 。], words.map(&:surface)
    stolen = words[2]
    assert_kind_of LibReader::Word, stolen
    assert_equal %w[盗む ぬすむ], [stolen.lemma, stolen.reading]
    assert_equal %w[passive past], stolen.inflections
    assert_equal "passive, past", stolen.inflection
    assert_equal %w[盗ま れ た], stolen.tokens.map(&:surface)
    assert_equal "verb", stolen.pos_class
    assert stolen.content?
    refute stolen.name?
    assert_equal "to steal", stolen.glosses.first unless stolen.glosses.empty?
    assert_equal "ビットコインが盗まれた。", stolen.sentence.text
    assert_equal '#<LibReader::Word "盗まれた" 盗む (passive, past)>', stolen.inspect
    assert_equal stolen, doc.words[2]
  end

  def test_sentence_words_cover_its_tokens
    doc = pipeline.read("日本で漢字が盗まれた。\n日本の東京。\n")
    doc.sentences.each do |s|
      refute_empty s.words
      assert_equal s.tokens.map(&:surface), s.words.flat_map { |w| w.tokens.map(&:surface) }
    end
  end

  def test_a_word_keeps_its_document_alive
    w = pipeline.read("ビットコインが盗まれた。\n").words[2]
    GC.start
    assert_equal "ビットコインが盗まれた。", w.sentence.text
    assert_equal "盗ま", w.tokens[0].surface
  end

  def test_no_words_before_the_words_stage
    doc = LibReader.parse("ビットコインが盗まれた。\n")
    assert_empty doc.words
  end
end
