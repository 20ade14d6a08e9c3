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

  # The token getters in C (Node#surface, #reading, #lemma, #pos) give a
  # new, unfrozen UTF-8 String per call, as SWIG's did, though they are
  # made from one shared copy per distinct string: changing one changes no
  # other token's.
  def test_token_strings_are_new_unfrozen_and_independent
    d = pipeline.read_file(ARTICLE, stages: [:annotate])
    toks = d.tokens.to_a
    t = toks.find { |x| toks.count { |y| y.surface == x.surface } > 1 }
    same = toks.find { |x| !x.equal?(t) && x.surface == t.surface }
    %i[surface reading lemma pos].each do |f|
      a = t.send(f)
      next if a.nil?
      refute a.frozen?, f
      assert_equal Encoding::UTF_8, a.encoding
      refute_same a, t.send(f)
      want = a.dup
      a << "!"
      assert_equal want, t.send(f), f
      assert_equal want, same.send(f), f if f == :surface
    end
    assert_nil d.root.surface
    assert_nil d.sentences.first.reading
    assert_raises(TypeError) { LibReader::Native::Node.instance_method(:surface).bind_call(Object.new) }
  end

  # Tokens hold a document reference each (no Ruby mark): after the
  # Document, the walk and every other token are gone and the collector
  # has run, tokens from the first and a later chunk still read their
  # document, and its text, spans and parents agree.
  def test_tokens_of_different_chunks_outlive_everything_else
    d = pipeline.read_file(ARTICLE, stages: [:annotate])
    n = d.tokens.size
    assert_operator n, :>, 512 # three chunks at least
    keep = []
    want = []
    d.tokens.each_with_index do |t, i|
      next unless [0, 255, 256, 511, n - 1].include?(i)
      keep << t
      want << [t.surface, t.reading, t.lemma, t.pos, t.start, t.end, t.parent.text]
    end
    d = nil
    3.times { GC.start(full_mark: true, immediate_sweep: true) }
    junk = Array.new(30) { LibReader.parse("上書き。" * 500).text }
    GC.compact if GC.respond_to?(:compact)
    got = keep.map { |t| [t.surface, t.reading, t.lemma, t.pos, t.start, t.end, t.parent.text] }
    assert_equal want, got
    keep.each { |t| assert_equal t.surface, t.doc.text[t.start...t.end] }
    refute_nil junk
  end

  # Under GC.stress every allocation collects: the walk, the string table
  # and the node objects must survive it with the same values.
  def test_walk_under_gc_stress
    text = "東京で雨が降った。\n大阪の天気は晴れです。ビットコインが盗まれた。"
    d = pipeline.read(text, format: :lines, stages: [:annotate])
    want = d.tokens.map { |t| [t.surface, t.reading, t.lemma, t.pos] }
    refute_empty want
    got = nil
    begin
      GC.stress = true
      got = pipeline.read(text, format: :lines, stages: [:annotate]).tokens.map do |t|
        [t.surface, t.reading, t.lemma, t.pos]
      end
      kept = LibReader::Native._doc_token_at(pipeline.read(text, format: :lines, stages: [:annotate]), 2)
      GC.start
      assert_equal want[2], [kept.surface, kept.reading, kept.lemma, kept.pos]
    ensure
      GC.stress = false
    end
    assert_equal want, got
  end
end
