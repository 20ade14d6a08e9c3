# frozen_string_literal: true

require_relative "helper"
require "tmpdir"

# Writers, summaries and known words.
class TestViews < Minitest::Test
  include ReaderTest

  def render
    yield
  rescue LibReader::InvalidArgument => e
    raise unless e.message.include?("not written yet")
    skip e.message
  end

  def test_to_xml_round_trips
    d = annotated
    xml = render { d.to_xml }
    assert_equal Encoding::UTF_8, xml.encoding
    assert xml.start_with?("<?xml")
    again = LibReader.parse(xml, format: :xml)
    assert_equal SECTION_IDS, again.sections.map(&:id)
  end

  def test_to_json_and_html
    d = annotated
    require "json"
    assert_kind_of Hash, JSON.parse(render { d.to_json })
    assert_includes render { d.to_html }, "<ruby>"
  end

  def test_vocab_leaves_known_words_out
    d = annotated
    assert_includes render { d.to_vocab }, "盗む"
    known = LibReader::KnownWords.new(["盗む"])
    assert known.include?("盗む")
    assert_equal 1, known.size
    refute_includes render { d.to_vocab(known: known) }, "盗む\t"
  end

  def test_known_words_load
    path = File.join(Dir.tmpdir, "libreader-known-#{$$}.txt")
    File.write(path, "# mine\n盗む\n\n日本\n")
    k = LibReader::KnownWords.load(path)
    assert_equal 2, k.size
    assert k.include?("日本")
  ensure
    File.delete(path) if path && File.exist?(path)
  end

  def test_summaries
    d = doc
    skip "no summaries module" unless d.respond_to?(:load_summaries)
    rep = d.load_summaries(SUMMARIES)
    assert_operator rep.paired, :>=, 13
    assert d.section("1").summary.start_with?("An overview of the incident")
    assert_equal Encoding::UTF_8, d.section("1").summary.encoding
    assert_raises(LibReader::XmlError) { doc.load_summaries_string("<summaries><summary") }
  end
end
