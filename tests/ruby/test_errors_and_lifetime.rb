# frozen_string_literal: true

require_relative "helper"

# Exceptions carry the C message; nodes keep their document alive.
class TestErrorsAndLifetime < Minitest::Test
  include ReaderTest

  def test_exception_classes
    assert_operator LibReader::Error, :<, StandardError
    %i[InvalidEncoding InvalidArgument AnalyzerError XmlError FileError].each do |c|
      assert_operator LibReader.const_get(c), :<, LibReader::Error
    end
    # As in Python, a failed look-up is a KeyError; rescue LibReader::Error still catches it.
    assert_operator LibReader::NotFoundError, :<, KeyError
    assert_raises(LibReader::Error) { LibReader.parse("本文。").section("9") }
    assert_raises(KeyError) { LibReader.parse("本文。").section("9") }
    refute LibReader::Error === KeyError.new("not ours")
    refute LibReader::InvalidArgument === LibReader::NotFoundError.new("x")
  end

  def test_no_class_shadows_rubys_own_encoding_error
    refute LibReader.const_defined?(:EncodingError, false)
    refute_operator LibReader::InvalidEncoding, :<, ::EncodingError
  end

  def test_invalid_utf8_raises_encoding_error_with_offset
    e = assert_raises(LibReader::InvalidEncoding) { LibReader.parse("first line\nab\xFFc".b) }
    assert_match(/invalid UTF-8 at byte 13/, e.message)
    assert_equal 13, e.offset
    assert_equal 2, e.line
  end

  def test_missing_file_names_it
    e = assert_raises(LibReader::FileError) { LibReader.parse_file("/nonexistent/article.txt") }
    assert_match(%r{/nonexistent/article\.txt}, e.message)
  end

  def test_bad_dictionary_raises_analyzer_error
    e = assert_raises(LibReader::AnalyzerError) { LibReader::Analyzer.new(dictionary: "/nonexistent/dic") }
    assert_match(%r{/nonexistent/dic}, e.message)
  end

  def test_bad_format_is_invalid_argument
    assert_raises(LibReader::InvalidArgument) { LibReader.parse("x", format: :pdf) }
  end

  def test_non_utf8_string_is_transcoded
    d = LibReader.parse("見出し\n\n本文です。".encode("Shift_JIS"), format: :lines)
    assert_equal "見出し", d.sentences.first.text
  end

  def test_held_token_outlives_its_document
    d = annotated
    t = d.tokens[42]
    surface = t.surface
    s = d.section("2.1")
    d = nil # rubocop:disable Lint/UselessAssignment
    GC.start(full_mark: true, immediate_sweep: true)
    20.times { LibReader.parse("上書き" * 1000) }
    GC.start
    assert_equal surface, t.surface
    assert_equal surface, t.doc.text[t.start...t.end]
    assert_equal "マルウェア感染の経緯", s.heading
  end

  def test_many_documents_keep_memory_flat
    skip "no /proc" unless File.exist?("/proc/self/statm")
    skip "RSS is meaningless under ASan" if ENV["ASAN_OPTIONS"]
    text = File.read(ARTICLE, encoding: "UTF-8")
    # Collect every 500 documents: Ruby frees a document only when its wrapper
    # is collected, and a lazily grown Ruby heap would hide (or fake) a leak.
    churn = ->(n) { n.times { |i| LibReader.parse(text).sections.map(&:id); GC.start if (i % 500).zero? } }
    rss = -> { File.read("/proc/self/statm").split[1].to_i * 4 }
    churn.call(1000)
    GC.start
    before = rss.call
    churn.call(10_000)
    GC.start
    grown = rss.call - before
    assert_operator grown, :<, 16 * 1024, "RSS grew by #{grown} kB over 10,000 documents"
  end
end

# Several Ruby threads share one analyzer and get the serial result.
class TestThreads < Minitest::Test
  include ReaderTest

  def tokens_of(an)
    d = LibReader.parse_file(ARTICLE)
    d.annotate(an)
    d.tokens.map { |t| [t.surface, t.lemma, t.reading, t.start] }
  end

  def test_threads_share_one_analyzer
    an = analyzer
    serial = tokens_of(an)
    results = Array.new(4) { Thread.new { tokens_of(an) } }.map(&:value)
    assert(results.all? { |r| r == serial })
  end
end
