# frozen_string_literal: true

require_relative "helper"

# The chunked token walk (doc.tokens.each: rd_token_records) and the node
# wrappers made without SWIG's type tag: the same values as indexed access,
# documents kept alive, and the annotate stage alone doing only that.
class TestFastWalk < Minitest::Test
  include ReaderTest

  FIELDS = %i[surface reading lemma pos start end flags kind text pos_class].freeze

  def pipeline
    @pipeline ||= begin
      p = LibReader::Pipeline.new(summaries: false)
      p.dictionary_name
      p
    rescue LibReader::AnalyzerError
      skip("no MeCab dictionary")
    end
  end

  def test_walk_gives_the_indexed_values_for_every_token
    d = pipeline.read_file(ARTICLE, stages: [:annotate])
    walked = d.tokens.to_a
    n = d.tokens.size
    assert_operator n, :>, 256 # more than one chunk
    assert_equal n, walked.size
    by_sentence = d.sentences.flat_map { |s| s.tokens.to_a }
    walked.each_with_index do |t, i|
      other = by_sentence[i]
      indexed = LibReader::Native._doc_token_at(d, i)
      assert_equal other, t
      assert_equal indexed, t
      assert_equal i, t.index
      FIELDS.each { |f| assert_equal indexed.send(f), t.send(f), "token #{i} #{f}" }
      assert_equal t.surface, d.text[t.start...t.end]
      assert_equal Encoding::UTF_8, t.surface.encoding
      assert_equal "sentence", t.parent.kind
    end
  end

  def test_a_walked_token_outlives_its_document
    d = pipeline.read_file(ARTICLE, stages: [:annotate])
    toks = d.tokens.to_a
    keep = [toks[0], toks[300], toks[-1]]
    want = keep.map { |t| FIELDS.map { |f| t.send(f) } + [t.parent.text] }
    d = toks = nil
    GC.start
    junk = Array.new(20) { LibReader.parse("上書き" * 1000) }
    assert_equal want, keep.map { |t| FIELDS.map { |f| t.send(f) } + [t.parent.text] }
    assert_equal keep[1].surface, keep[1].doc.text[keep[1].start...keep[1].end]
    refute_nil junk
  end

  def test_walk_stops_resumes_and_survives_reannotation
    d = pipeline.read_file(ARTICLE, stages: [:annotate])
    all = d.tokens.map(&:surface)
    assert_equal all.first(3), d.tokens.first(3).map(&:surface)  # break out of the C walk
    e = d.tokens.each                                           # an Enumerator (a Fiber)
    assert_equal all.first(2), [e.next.surface, e.next.surface]
    assert_raises(RuntimeError) { d.tokens.each { |t| raise "stop at #{t.surface}" } }
    seen = []
    d.tokens.each do |t|
      d.annotate(pipeline) if seen.size == 300 # the walk keeps its own tokens
      seen << t.surface
    end
    assert_equal all, seen
    assert_raises(ArgumentError) { LibReader::Native._token_each(d) }
  end

  def test_node_arguments_are_checked
    assert_raises(TypeError) { LibReader::Native._token_next("not a node") }
    assert_raises(TypeError) { LibReader::Native._token_chunk(LibReader.parse("本文。")) }
    assert_equal [], LibReader::Native._token_chunk(nil)
  end

  def test_annotate_stage_alone_gives_no_glosses_words_or_alternatives
    d = pipeline.read_file(ARTICLE, stages: [:annotate])
    toks = d.tokens.to_a
    refute_empty toks
    assert(toks.none? { |t| t.glosses.any? })
    assert_empty d.words.to_a
    assert(toks.none? { |t| t.alternatives.any? || t.uncertain? })
    full = pipeline.read_file(ARTICLE)
    assert_equal toks.map(&:reading), full.tokens.map(&:reading)
    refute_empty full.words.to_a
    assert(full.tokens.any? { |t| t.glosses.any? }) if File.exist?("/usr/share/edict/edict")
  end
end
