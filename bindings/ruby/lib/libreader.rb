# frozen_string_literal: true

# libreader: Japanese news articles as documents a learner can read and a
# program can query.
#
#   require "libreader"
#   pipeline = LibReader::Pipeline.new
#   doc = pipeline.read_file("corpus/dmm-bitcoin-2024/article.ja.txt")
#   doc.sections.map(&:id)            # => ["1", "1.1", ...]
#   doc.tokens.first.surface
#
# A Pipeline reads an article exactly as `reader render` does (parse,
# annotate, the summaries beside the article, glosses). Every node keeps its
# document alive, so a token may outlive the Document object it came from.
# Failures raise LibReader::Error subclasses carrying the C library's
# message (NotFoundError is a KeyError; `rescue LibReader::Error` catches it
# too). Invalid UTF-8 raises LibReader::InvalidEncoding, which is not Ruby's
# ::EncodingError (that one is about Ruby's own transcoding). Strings are
# UTF-8. Parsing, annotating, writing and pipeline reads release the GVL.
require "libreader/native"

# Node#surface, #reading, #lemma and #pos in C over SWIG's getters (reader_rb.i).
LibReader::Native._init_nodes

module LibReader
  # LibReader::Native is the SWIG layer (raw "_" functions, classes, constants).
  Node = Native::Node
  Document = Native::Document
  VERSION = Native._version

  # A name => value Hash (symbol keys) from the one table in bindings/reader.i.
  def self.names(table)
    Array.new(Native._names_count(table)) { |i| [Native._name_at(table, i).to_sym, Native._value_at(table, i)] }.to_h
  end
  private_class_method :names

  FORMATS = names("format").merge(nil => Native::FORMAT_AUTO).freeze
  FURIGANA = names("furigana").freeze
  TEXT_STYLES = names("text").freeze
  OUTPUTS = names("output").freeze
  SCRIPTS = names("script").freeze
  STAGES = names("stage").freeze

  def self.choose(table, what, value)
    table.fetch(value.nil? ? nil : value.to_sym) do
      raise InvalidArgument, "unknown #{what} #{value.inspect}; use one of #{table.keys.compact.join(', ')}"
    end
  end
  private_class_method :choose

  # Every libreader failure is a LibReader::Error except NotFoundError, which
  # is a KeyError as in Python; Error === matches it too, so `rescue
  # LibReader::Error` still catches every libreader failure.
  class Error
    def self.===(other)
      equal?(Error) ? super || other.is_a?(NotFoundError) : super
    end
  end

  # One furigana segment of a token: +reading+ goes over +base+, which is
  # token.surface[start...end] (characters).
  Furigana = Struct.new(:base, :reading, :start, :end) do
    def to_s = "#{base}[#{reading}]"
  end

  # A live, read-only list of nodes built on the C count/at pairs: size,
  # [] (negative indices and ranges too), each (an Enumerator without a
  # block) and everything Enumerable gives.
  class NodeList
    include Enumerable

    def initialize(owner, count, at)
      @owner = owner
      @count = count
      @at = at
    end

    def size = Native.send(@count, @owner)
    alias length size

    def empty? = size.zero?

    def [](i, len = nil)
      n = size
      if len || i.is_a?(Range)
        return to_a[i, len] if len
        return to_a[i]
      end
      i += n if i.negative?
      return nil unless i >= 0 && i < n
      Native.send(@at, @owner, i)
    end

    def fetch(i)
      self[i] || raise(IndexError, "index #{i} outside of #{size} items")
    end

    def last(n = nil) = n ? to_a.last(n) : self[-1]

    def each
      return enum_for(:each) { size } unless block_given?
      size.times { |i| yield Native.send(@at, @owner, i) }
      self
    end

    def inspect
      items = first(5).map(&:inspect)
      more = size - items.size
      "[#{items.join(', ')}#{more.positive? ? ", ... #{more} more" : ''}]"
    end
    alias to_s inspect
  end

  # A document's tokens: a NodeList whose each walks them in C a chunk at a
  # time (rd_token_records), yielding to the block with no Ruby-level call
  # per token, in the annotation it started with: a re-annotation
  # meanwhile neither mixes in new tokens nor ends it early.
  class DocumentTokens < NodeList
    def initialize(doc) = super(doc, :_doc_token_count, :_doc_token_at)

    def each(&blk)
      return enum_for(:each) { size } unless blk
      Native._token_each(@owner, &blk)
      self
    end
  end

  def self.parse_options(format, front_matter, name)
    fmt = choose(FORMATS, "format", format)
    flags = front_matter ? 0 : Native::PARSE_NO_FRONT_MATTER
    return nil if fmt == Native::FORMAT_AUTO && flags.zero? && name.nil?
    Native::ParseOptions.new(fmt, flags, name)
  end
  private_class_method :parse_options

  # A path as the C library gets it (Pathname, String; NUL refused by Ruby).
  def self.path(p)
    return nil if p.nil?
    p = p.to_path if p.respond_to?(:to_path)
    p.to_s
  end

  # Parse an article (a String; UTF-8 or binary) into a Document, without
  # annotating it (Pipeline#read does the whole reading).
  # format: :text, :html, :xml or :lines; name: used in messages.
  # Raises InvalidEncoding (invalid UTF-8; #offset and #line say where),
  # XmlError, InvalidArgument.
  def self.parse(text, format: nil, name: nil, front_matter: true)
    opts = parse_options(format, front_matter, name)
    opts ? Native._doc_parse(text, opts) : Native._doc_parse(text)
  end

  # A document back from libreader's lossless XML (Document#to_xml).
  def self.from_xml(xml) = Native._doc_parse(xml, Native::ParseOptions.new(Native::FORMAT_XML, 0, nil))

  # Read and parse a file; raises FileError when it cannot be read. Like
  # the command, the summaries.en.xml beside the article is attached
  # (summaries: false skips it, a path names another file); nothing is
  # annotated (no MeCab).
  def self.parse_file(path, format: nil, front_matter: true, summaries: true)
    if summaries == false
      opts = parse_options(format, front_matter, nil)
      return opts ? Native._doc_parse_file(self.path(path), opts) : Native._doc_parse_file(self.path(path))
    end
    @summaries_pipeline ||= Pipeline.new(glosses: false)
    @summaries_pipeline.read_file(path, format: format, front_matter: front_matter,
                                        summaries: summaries == true ? nil : summaries, stages: [:summaries])
  end

  # The tokens of a text in one call (each line a paragraph), read by a
  # default Pipeline made once.
  def self.tokenize(text)
    @default_pipeline ||= Pipeline.new(glosses: false, summaries: false)
    @default_pipeline.read(text, format: :lines, stages: [:annotate]).tokens.to_a
  end

  # Every choice that decides how an article reads, made once, shared by
  # any number of documents and threads: the `reader` command's pipeline
  # with the same defaults.
  #   LibReader::Pipeline.new(dictionary: nil, user_dictionary: nil, overrides: nil,
  #     compounds: nil (EDICT when installed; false: none), glossary: nil, known: nil,
  #     stub: false, rules: true, nippon: false, threads: 0, glosses: true, summaries: true,
  #     names: nil (ENAMDICT when installed; false: none))
  class Pipeline < Native::Pipeline
    def initialize(dictionary: nil, user_dictionary: nil, overrides: nil, compounds: nil, glossary: nil,
                   known: nil, stub: false, rules: true, nippon: false, threads: 0, glosses: true,
                   summaries: true, names: nil)
      flags = (stub ? Native::PIPELINE_STUB : 0) | (rules ? 0 : Native::PIPELINE_NO_RULES) |
              (nippon ? Native::PIPELINE_NIPPON : 0) | (compounds == false ? Native::PIPELINE_NO_COMPOUNDS : 0) |
              (glosses ? 0 : Native::PIPELINE_NO_GLOSSARY) | (summaries ? 0 : Native::PIPELINE_NO_SUMMARIES)
      compounds = nil if compounds == false
      flags |= Native::PIPELINE_NO_NAMES if names == false
      names = nil if names == false
      super(flags, LibReader.path(dictionary), LibReader.path(user_dictionary), LibReader.path(overrides),
            LibReader.path(compounds), LibReader.path(glossary), LibReader.path(known), Integer(threads),
            LibReader.path(names))
    end

    def self.stages(list)
      return STAGES[:all] if list.nil?
      Array(list).reduce(0) { |n, s| n | LibReader.send(:choose, STAGES, "stage", s) }
    end

    def read_options(stages, format, front_matter, name, summaries, lenient)
      st = Pipeline.stages(stages)
      if summaries == false
        st &= ~STAGES[:summaries]
        summaries = nil
      end
      Native::ReadOptions.new(st, LibReader.send(:choose, FORMATS, "format", format),
                              front_matter ? 0 : Native::PARSE_NO_FRONT_MATTER, name, LibReader.path(summaries),
                              lenient ? Native::SUMMARIES_LENIENT : 0)
    end
    private :read_options

    # Read an article file as `reader render` does: parse, annotate, the
    # summaries (a file; nil: summaries.en.xml beside it; false: none) and
    # glosses. stages: some of :annotate, :summaries, :gloss, :words,
    # :alternatives (nil: all); each runs only when named (RD_STAGE_*), so
    # stages: [:annotate] gives no glosses, words or alternative readings.
    def read_file(path, format: nil, summaries: nil, stages: nil, front_matter: true, lenient: false)
      doc, = Native._pipeline_read_file(self, LibReader.path(path),
                                        read_options(stages, format, front_matter, nil, summaries, lenient))
      doc
    end

    # read_file for an article in memory.
    def read(text, format: nil, name: nil, summaries: nil, stages: nil, front_matter: true, lenient: false)
      doc, = Native._pipeline_read(self, text, read_options(stages, format, front_matter, name, summaries,
                                                                   lenient))
      doc
    end

    # Read many article files on all cores (the pipeline's threads, across
    # documents); yields each document in input order as it is ready (an
    # Enumerator without a block). A file that cannot be read raises when
    # its turn comes.
    def read_files(paths, format: nil, stages: nil, front_matter: true, lenient: false, &blk)
      return enum_for(:read_files, paths, format: format, stages: stages, front_matter: front_matter,
                                          lenient: lenient) unless blk
      batch = Native::Batch.new(self, read_options(stages, format, front_matter, nil, nil, lenient))
      paths.each { |p| Native._batch_add_file(batch, LibReader.path(p)) }
      drain(batch, &blk)
    end

    # read_files for articles in memory, named "<text N>" in messages.
    def read_many(texts, format: nil, stages: nil, front_matter: true, &blk)
      return enum_for(:read_many, texts, format: format, stages: stages, front_matter: front_matter) unless blk
      batch = Native::Batch.new(self, read_options(stages, format, front_matter, nil, nil, false))
      texts.each_with_index { |t, i| Native._batch_add(batch, t, "<text #{i}>") }
      drain(batch, &blk)
    end

    def drain(batch)
      loop do
        r = Native._batch_take(batch)
        doc = r.is_a?(Array) ? r[0] : r
        break if doc.nil?
        yield doc
      end
      self
    end
    private :drain

    # Apply stages to a document parsed elsewhere; the pairing report when
    # summaries were loaded, else nil.
    def apply(doc, stages: nil, summaries: nil, lenient: false)
      rep = Native._pipeline_apply(self, doc, read_options(stages, nil, true, nil, summaries, lenient))
      rep && PairingReport.new(rep)
    end

    # Write a document as the command does with this pipeline (its known
    # words get no furigana).
    def render(doc, format = :html)
      Native._doc_render(doc, LibReader.send(:choose, OUTPUTS, "format", format), Native._pipeline_write_options(self))
    end

    def analyzer = Native._pipeline_analyzer(self)
    private :analyzer
    def dictionary_name = analyzer.dictionary_name
    def dictionary_version = analyzer.dictionary_version
    def inspect = "#<#{self.class.name}>"
  end

  # A pipeline that annotates only (MeCab, rules, EDICT compounds), loaded
  # now. Kept for doc.annotate(Analyzer.new); Pipeline is the way to read an
  # article as the page does.
  class Analyzer < Pipeline
    def initialize(dictionary: nil, user_dictionary: nil, overrides: nil, stub: false, nippon: false, rules: true,
                   compounds: nil, threads: 0)
      super(dictionary: dictionary, user_dictionary: user_dictionary, overrides: overrides, compounds: compounds,
            stub: stub, nippon: nippon, rules: rules, threads: threads, glosses: false, summaries: false)
      dictionary_name # load now: a bad dictionary fails here
    end

    def inspect = "#<LibReader::Analyzer #{dictionary_name}>"
  end

  # A parsed article. All nodes it hands out keep it alive.
  class Document
    # The source text, exactly as given; node start/end index it.
    # (text is the SWIG attribute.)
    def sections = NodeList.new(self, :_doc_section_count, :_doc_section_at)
    def top_sections = root.subsections

    # The section with this id path ("4.1", "afterword"); raises
    # NotFoundError if there is none (see #section? for a nil-returning form).
    def section(id)
      Native._doc_section(self, id) || raise(NotFoundError, "no section #{id.inspect}")
    end

    def section?(id) = Native._doc_section(self, id)

    # The section whose heading matches after NFKC normalisation with white
    # space removed; raises NotFoundError.
    def section_by_heading(heading)
      Native._doc_section_by_heading(self, heading) ||
        raise(NotFoundError, "no section with heading #{heading.inspect}")
    end

    def sentences = NodeList.new(self, :_doc_sentence_count, :_doc_sentence_at)
    def tokens = DocumentTokens.new(self)
    def each_sentence(&block) = sentences.each(&block)
    def each_token(&block) = tokens.each(&block)
    # Dictionary words (empty before the pipeline's words stage).
    def words = NodeList.new(self, :_doc_word_count, :_doc_word_at)
    def each_word(&block) = words.each(&block)

    def title = Native._doc_title(self)&.text
    def headline = Native._doc_headline(self)&.text
    # Metadata the source gave (HTML time/meta, byline; Aozora author), or nil.
    def date = Native._doc_date(self)
    def byline = Native._doc_byline(self)
    def title_node = Native._doc_title(self)
    def lead = Native._doc_lead(self)
    def name = Native._doc_name(self)
    def warnings = Array.new(Native._doc_warning_count(self)) { |i| Native._doc_warning_at(self, i) }

    # Segment every sentence and give it tokens with a Pipeline's (or
    # Analyzer's) analyzer. threads: worker threads (nil: the pipeline's).
    def annotate(pipeline, threads: nil)
      raise TypeError, "annotate needs a LibReader::Pipeline, not #{pipeline.class}" unless pipeline.is_a?(Native::Pipeline)
      if threads.nil?
        Native._pipeline_apply(pipeline, self, Native::ReadOptions.new(STAGES[:annotate] | STAGES[:alternatives]))
      else
        Native._doc_annotate(self, Native._pipeline_analyzer(pipeline), Integer(threads))
      end
      self
    end

    def summary = (t = Native._doc_title(self)) && Native._node_summary(t)

    # Attach English summaries from a summaries XML file; returns the
    # pairing report. All or nothing.
    def load_summaries(path, lenient: false, keep: false)
      flags = (lenient ? Native::SUMMARIES_LENIENT : 0) | (keep ? Native::SUMMARIES_KEEP : 0)
      PairingReport.new(Native._doc_load_summaries_file(self, path.to_s, flags))
    end

    def load_summaries_string(xml, lenient: false, keep: false)
      flags = (lenient ? Native::SUMMARIES_LENIENT : 0) | (keep ? Native::SUMMARIES_KEEP : 0)
      PairingReport.new(Native._doc_load_summaries(self, xml, flags))
    end

    def render(format, furigana: :all, known: nil, gloss_known: false)
      if furigana.to_sym == :all && known.nil? && !gloss_known
        return Native._doc_render(self, format)
      end
      f = LibReader.send(:choose, FURIGANA, "furigana setting", furigana)
      known = KnownWords.new(known) unless known.nil? || known.is_a?(Native::KnownWords)
      opts = Native::WriteOptions.new(gloss_known ? Native::WRITE_GLOSS_KNOWN : 0, f, known)
      out = Native._doc_render(self, format, opts)
      known.size if known # keep the list referenced until the call returned
      out
    end
    private :render

    def to_xml(**kw) = render(Native::OUTPUT_XML, **kw)
    def to_json(**kw) = render(Native::OUTPUT_JSON, **kw)
    def to_html(**kw) = render(Native::OUTPUT_HTML, **kw)
    def to_vocab(**kw) = render(Native::OUTPUT_VOCAB, **kw)

    # style: :text, :brackets (盗[ぬす]まれた), :hiragana or :romaji.
    def to_text(style = :text, **kw)
      fmt = LibReader.send(:choose, TEXT_STYLES, "text style", style)
      render(fmt, **kw)
    end

    def to_s = text

    def inspect
      "#<LibReader::Document#{name ? " #{name.inspect}" : ''}: #{Native._doc_section_count(self)} sections, " \
        "#{Native._doc_sentence_count(self)} sentences, #{Native._doc_token_count(self)} tokens>"
    end
  end

  # Any node of the tree: section, heading, paragraph, sentence, token,
  # citation, ... Enumerable over its children.
  class Node
    include Enumerable

    def each
      return enum_for(:each) { Native._node_child_count(self) } unless block_given?
      Native._node_child_count(self).times { |i| yield Native._node_child_at(self, i) }
      self
    end

    def size = Native._node_child_count(self)
    alias length size
    def [](i) = children[i]

    def children = NodeList.new(self, :_node_child_count, :_node_child_at)
    def subsections = NodeList.new(self, :_section_subsection_count, :_section_subsection_at)
    def paragraphs = NodeList.new(self, :_section_paragraph_count, :_section_paragraph_at)
    def sentences = NodeList.new(self, :_block_sentence_count, :_block_sentence_at)
    def tokens = NodeList.new(self, :_sentence_token_count, :_sentence_token_at)
    def citations = NodeList.new(self, :_sentence_citation_count, :_sentence_citation_at)
    def words = NodeList.new(self, :_sentence_word_count, :_sentence_word_at)
    def heading_node = Native._section_heading(self)
    def question = Native._section_question(self)
    def references = Native._node_references(self)
    def target = Native._citation_target(self)
    def next_sibling = Native._node_next(self)
    def prev_sibling = Native._node_prev(self)
    def index = Native._token_index(self)

    def synthesized? = Native._section_is_synthesized(self)
    def afterword? = Native._section_is_afterword(self)
    def unknown? = (flags & Native::TOKEN_UNKNOWN) != 0
    def kanji? = (flags & Native::TOKEN_KANJI) != 0
    def leaf? = size.zero?
    def section? = kind == "section"
    def token? = kind == "token"

    def furigana
      s = surface
      Array.new(_furigana_count) do |i|
        a = _furigana_start(i)
        b = _furigana_end(i)
        Furigana.new(s[a...b], _furigana_reading(i), a, b)
      end
    end

    # The node's text from its tokens' readings: :hiragana, :katakana or
    # :romaji (Hepburn). Raises InvalidArgument before annotation.
    def to_kana(script = :hiragana)
      Native._node_to_kana(self, LibReader.send(:choose, SCRIPTS, "script", script))
    end

    def romaji = to_kana(:romaji)

    def glosses = Array.new(Native._token_gloss_count(self)) { |i| Native._token_gloss_at(self, i) }
    # Other readings of a heteronym here, most likely first: [reading, confidence] pairs.
    def alternatives
      Array.new(Native._token_alternative_count(self)) { |i| [_alternative_reading(i), _alternative_confidence(i)] }
    end
    # Share of the reading among those considered (1.0 without alternatives).
    def reading_confidence = Native._token_reading_confidence(self)
    def uncertain? = (flags & Native::TOKEN_UNCERTAIN) != 0

    def ==(other) = other.is_a?(Native::Node) && _same(other)
    alias eql? ==
    def hash = _address.hash

    def to_s = text || heading || ""

    def inspect
      case kind
      when "section" then "#<LibReader::Section #{id} #{heading.inspect}>"
      when "token" then "#<LibReader::Token #{surface.inspect} #{lemma}/#{pos_class}>"
      when "citation", "reference" then "#<LibReader::#{kind.capitalize} [#{number}] #{url}>"
      else
        t = text
        t = "#{t[0, 20]}…" if t && t.length > 20
        "#<LibReader::#{kind.capitalize}#{t ? " #{t.inspect}" : ''}>"
      end
    end
  end

  # A dictionary word: a span of a sentence's tokens (ビットコイン; 盗まれた =
  # 盗む, passive, past). It keeps its document alive.
  Word = Native::Word
  class Word
    def tokens = NodeList.new(self, :_word_token_count, :_word_token_at)
    def glosses = Array.new(Native._word_gloss_count(self)) { |i| Native._word_gloss_at(self, i) }
    def inflections = Array.new(Native._word_inflection_count(self)) { |i| Native._word_inflection_at(self, i) }
    def sentence = Native._word_sentence(self)
    def pos_class = Native._pos_name(Native._word_pos_class(self))
    def name? = is_name
    def content? = is_content
    def ==(other) = other.is_a?(Native::Word) && _same(other)
    alias eql? ==
    def to_s = surface

    def inspect
      infl = inflection
      "#<LibReader::Word #{surface.inspect} #{lemma}#{infl.empty? ? '' : " (#{infl})"}>"
    end
  end

  # The learner's known words (lemmas): no furigana with furigana: :unknown.
  KnownWords = Native::KnownWords
  class KnownWords
    alias_method :_native_initialize, :initialize
    private :_native_initialize

    def initialize(words = [])
      _native_initialize
      words.each { |w| add(w) }
    end

    # Read a list from a file (UTF-8, one lemma per line, # comments).
    def self.load(path) = Native._known_parse_file(path.to_s)

    def add(lemma)
      Native._known_add(self, lemma)
      self
    end
    alias << add

    def include?(lemma) = lemma.is_a?(String) && Native._known_has(self, lemma)
    def size = Native._known_count(self)
    def inspect = "#<LibReader::KnownWords #{size} lemmas>"
  end

  # Convert kana in text to :hiragana, :katakana or :romaji; other
  # characters pass through.
  def self.kana(text, script = :hiragana)
    case script.to_sym
    when :hiragana then Native._kana_to_hiragana(text)
    when :katakana then Native._kana_to_katakana(text)
    when :romaji then Native._kana_to_romaji(text)
    else raise InvalidArgument, "unknown script #{script.inspect}"
    end
  end

  GlossEntry = Struct.new(:word, :reading, :glosses, :tags, :common) do
    def common? = common
  end

  # English glosses from EDICT (Debian package edict), with a binary cache.
  #   LibReader::Glossary.new(path = nil, cache_dir: nil, cache: true, rebuild: false)
  Glossary = Native::Glossary
  class Glossary
    alias_method :_native_initialize, :initialize
    private :_native_initialize

    def initialize(path = nil, cache_dir: nil, cache: true, rebuild: false)
      flags = (cache ? 0 : Native::GLOSSARY_NO_CACHE) | (rebuild ? Native::GLOSSARY_REBUILD_CACHE : 0)
      _native_initialize(path&.to_s, cache_dir&.to_s, flags)
    end

    def size = Native._glossary_entry_count(self)
    def from_cache? = Native._glossary_from_cache(self)

    # Entries for a dictionary form; reading chooses between homographs.
    def lookup(word, reading = nil)
      r = Native._glossary_lookup(self, word, reading)
      Array.new(Native._gloss_result_count(r)) do |i|
        e = Native._gloss_result_at(r, i)
        GlossEntry.new(Native._gloss_entry_word(e), Native._gloss_entry_reading(e),
                       Array.new(Native._gloss_entry_gloss_count(e)) { |j| Native._gloss_entry_gloss_at(e, j) },
                       Array.new(Native._gloss_entry_tag_count(e)) { |j| Native._gloss_entry_tag_at(e, j) },
                       Native._gloss_entry_is_common(e))
      end
    end

    def inspect = "#<LibReader::Glossary #{size} entries>"
  end

  class Document
    # Attach English glosses to every token; read them with token.glosses.
    def gloss(glossary)
      Native._doc_gloss(self, glossary)
      self
    end
  end

  PairingItem = Struct.new(:kind, :element, :section_id, :heading, :node, :line, :message)

  # What loading a summaries file paired: #paired and #items.
  class PairingReport
    attr_reader :paired, :items

    def initialize(rep)
      @paired = Native._pairing_paired_count(rep)
      @items = Array.new(Native._pairing_item_count(rep)) do |i|
        it = Native._pairing_item_at(rep, i)
        PairingItem.new(it.kind, it.element, it.section_id, it.heading, it.node, it.line, it.message)
      end
    end

    def inspect = "#<LibReader::PairingReport paired=#{paired} items=#{items.size}>"
  end
end
