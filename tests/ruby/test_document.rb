# frozen_string_literal: true

require_relative "helper"

# Documents, sections and the Enumerable protocols.
class TestDocument < Minitest::Test
  include ReaderTest

  # Metadata the source gave (issue 17): HTML date, Aozora author; kept by the XML round trip.
  def test_date_and_byline
    page = LibReader.parse_file(File.join(SOURCE_DIR, "tests", "data", "html", "nhk-easy-like.html"))
    assert_equal "2025-01-10", page.date
    assert_nil doc.date
    assert_nil doc.byline
    aozora = LibReader.parse_file(File.join(SOURCE_DIR, "tests", "data", "aozora", "yuki-no-hi.txt"))
    assert_equal "山田花子", aozora.byline
    assert_equal Encoding::UTF_8, aozora.byline.encoding
    back = LibReader.from_xml(aozora.to_xml)
    assert_equal "山田花子", back.byline
  end

  def test_parse_file_lists_sections_in_order
    assert_equal SECTION_IDS, doc.sections.map(&:id)
  end

  def test_sections_support_size_negative_index_ranges_and_each
    secs = doc.sections
    assert_equal SECTION_IDS.size, secs.size
    assert_equal "afterword", secs[-1].id
    assert_equal "4.2", secs[-2].id
    assert_equal %w[1.1 1.2], secs[1..2].map(&:id)
    assert_nil secs[SECTION_IDS.size]
    assert_raises(IndexError) { secs.fetch(99) }
    assert_kind_of Enumerator, secs.each
    assert_equal SECTION_IDS.size, secs.each.size
    assert_equal "1", secs.first.id
    assert_equal %w[1 2 3 4 afterword], doc.sections.select { |s| s.level == 1 }.map(&:id)
  end

  def test_node_each_yields_children_and_returns_an_enumerator_without_block
    s = doc.section("1.1")
    assert_kind_of Enumerator, s.each
    kids = []
    assert_same s, s.each { |c| kids << c }
    assert_equal s.size, kids.size
    assert_equal %w[heading paragraph], kids.map(&:kind).uniq
    assert_includes s.map(&:kind), "paragraph"
  end

  def test_section_lookup
    s = doc.section("4.1")
    assert_equal "過去のサイバー攻撃との関連", s.heading
    assert_equal "1", doc.section_by_heading("事件 の概要").id
    assert_nil doc.section?("9")
    e = assert_raises(LibReader::NotFoundError) { doc.section("9") }
    assert_equal 'no section "9"', e.message
  end

  def test_predicates_end_in_question_marks
    d = doc
    assert_equal true, d.section("afterword").afterword?
    assert_equal false, d.section("1").afterword?
    assert_equal false, d.section("1").synthesized?
    refute d.section("1").leaf?
  end

  def test_paragraphs_sentences_and_citations
    p = doc.section("1.1").paragraphs[0]
    assert_equal "paragraph", p.kind
    assert_equal p.text, p.sentences.map(&:text).join
    cites = p.sentences[-1].citations.to_a
    assert_equal [1, 2, 3], cites.map(&:number)
    assert(cites.all? { |c| c.url.start_with?("http") })
  end

  def test_strings_are_utf8
    d = doc
    [d.text, d.title, d.section("2").heading, d.section("2").id, d.lead.text].each do |s|
      assert_equal Encoding::UTF_8, s.encoding
      assert s.valid_encoding?
    end
  end

  def test_spans_index_the_text_in_characters
    d = doc
    d.sentences.each do |s|
      next unless s.citations.empty?
      assert_equal s.text, d.text[s.start...s.end]
    end
  end

  def test_to_s_and_inspect
    d = doc
    s = d.section("4.1")
    # String#inspect escapes non-ASCII under a non-UTF-8 locale (LANG=C), so
    # compare with the heading's own inspect rather than a literal.
    assert_equal "#<LibReader::Section 4.1 #{"過去のサイバー攻撃との関連".inspect}>", s.inspect
    assert_match(/13 sections/, d.inspect)
    assert_equal d.lead.text, d.lead.to_s
    assert_match(/\A\[#<LibReader::Section 1 /, d.sections.inspect)
  end

  def test_nodes_compare_by_identity
    d = doc
    assert_equal d.section("1.1"), d.sections[1]
    assert d.section("1.1").eql?(d.sections[1])
    assert_equal 2, [d.section("1.1"), d.sections[1], d.section("1.2")].uniq.size
  end
end
