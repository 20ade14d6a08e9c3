# frozen_string_literal: true

require_relative "helper"

# The pipeline in Ruby reads an article as the command does; long calls
# release the GVL.
class TestPipeline < Minitest::Test
  include ReaderTest

  def pipeline
    @pipeline ||= begin
      p = LibReader::Pipeline.new
      p.dictionary_name
      p
    rescue LibReader::AnalyzerError
      skip("no MeCab dictionary")
    end
  end

  def test_read_file_gives_the_commands_brackets
    cli = ENV["READER_CLI"] or skip("READER_CLI is not set (ctest sets it)")
    want = IO.popen([cli, "render", ARTICLE, "--format", "brackets"], err: File::NULL, &:read)
    assert_equal want.force_encoding("UTF-8"), pipeline.read_file(ARTICLE).to_text(:brackets)
  end

  def test_stages_and_summaries
    d = pipeline.read_file(ARTICLE, stages: [:summaries])
    assert_empty d.tokens.to_a
    refute_nil d.section("1").summary
    d = pipeline.read_file(ARTICLE, summaries: false, stages: [:annotate])
    assert_nil d.section("1").summary
    refute_empty d.tokens.to_a
    assert_raises(LibReader::InvalidArgument) { pipeline.read_file(ARTICLE, stages: [:dance]) }
  end

  def test_parse_file_loads_summaries_beside_the_article
    refute_nil LibReader.parse_file(ARTICLE).section("1").summary
    assert_nil LibReader.parse_file(ARTICLE, summaries: false).section("1").summary
  end

  def test_tokenize_and_analyzer
    pipeline
    assert_equal %w[猫 が 好き です 。], LibReader.tokenize("猫が好きです。").map(&:surface)
    d = LibReader.parse_file(ARTICLE)
    d.annotate(LibReader::Analyzer.new)
    assert_equal pipeline.read_file(ARTICLE, stages: [:annotate]).tokens.map(&:surface), d.tokens.map(&:surface)
  end

  def test_from_xml_round_trip
    d = LibReader::Pipeline.new(stub: true, glosses: false).read("猫が好きです。", format: :lines)
    assert_equal d.to_xml, LibReader.from_xml(d.to_xml).to_xml
  end

  # Two threads annotating at once finish with equal results, and the other
  # thread runs while one is inside the C call (the GVL is released: with
  # the GVL held, the counter could not move during the call).
  def test_two_threads_annotate_with_the_gvl_released
    p = pipeline
    text = File.read(ARTICLE, encoding: "UTF-8") * 4
    results = Array.new(2) { Thread.new { p.read(text, summaries: false).to_text(:brackets) } }.map(&:value)
    assert_equal results[0], results[1]
    ticks = 0
    running = true
    spinner = Thread.new { (ticks += 1; Thread.pass) while running }
    doc = LibReader.parse(text)
    before = ticks
    doc.annotate(p)
    during = ticks - before
    running = false
    spinner.join
    assert_operator during, :>, 0
  end
end

class TestBatch < Minitest::Test
  include ReaderTest
  def test_read_many_in_order_and_read_files_enumerator
    p = LibReader::Pipeline.new(stub: true, compounds: false, glosses: false, summaries: false, threads: 2)
    texts = (0...40).map { |i| ("東京で見た。" * (i % 5 == 0 ? 200 : 1)) + i.to_s }
    assert_equal texts, p.read_many(texts, format: :lines).map(&:text)
    article = File.join(SOURCE_DIR, "corpus", "dmm-bitcoin-2024", "article.ja.txt")
    e = p.read_files([article, "/nonexistent/a.txt"])
    assert_equal article, e.next.name
    assert_raises(LibReader::FileError) { e.next }
  end
end
