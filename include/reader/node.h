/** @file reader/node.h
 *  Nodes of the document tree: kinds, navigation, spans, typed accessors.
 */
#ifndef READER_NODE_H
#define READER_NODE_H

#include "reader/common.h"

RD_BEGIN_DECL

/** @defgroup node Nodes
 *  A document is a tree:
 *
 *      DOCUMENT
 *        HEADING (title), HEADING (headline), PARAGRAPH (lead)   -- as present
 *        SECTION id="1"
 *          HEADING > SENTENCE
 *          PARAGRAPH > SENTENCE > TOKEN | CITATION
 *          SECTION id="1.1" ...
 *        REFERENCES > REFERENCE ...                              -- the article's sources
 *        SECTION id="afterword"
 *          HEADING, QUESTION > SENTENCE, PARAGRAPH ..., REFERENCES
 *
 *  Every node belongs to one rd_doc and is valid while that document lives.
 *  Tokens exist after rd_doc_annotate(); they are stored compactly but are
 *  presented here as ordinary TOKEN children of their sentence, in source
 *  order with the sentence's CITATION children.
 *  @{ */

/** Opaque document (see the doc group). */
typedef struct rd_doc rd_doc;
/** Opaque node of a document tree. */
typedef struct rd_node rd_node;

/** The kind of a node. */
typedef enum rd_node_kind {
  RD_NODE_NONE = 0,
  RD_NODE_DOCUMENT,   /**< the root */
  RD_NODE_SECTION,    /**< numbered section, subsection or the afterword */
  RD_NODE_HEADING,    /**< title, headline or a section's heading */
  RD_NODE_PARAGRAPH,  /**< a paragraph (the lead is one too) */
  RD_NODE_SENTENCE,   /**< one sentence of a heading, paragraph or question */
  RD_NODE_QUESTION,   /**< the afterword's follow-up question */
  RD_NODE_REFERENCES, /**< a numbered list of sources ("Citations:") */
  RD_NODE_REFERENCE,  /**< one numbered source URL */
  RD_NODE_CITATION,   /**< an inline [n] marker, resolved to a REFERENCE */
  RD_NODE_TOKEN       /**< one word (after annotation) */
} rd_node_kind;

/** Bit for a kind, for iterator masks: RD_MASK(RD_NODE_TOKEN). */
#define RD_MASK(kind) (1u << (unsigned)(kind))

/** Roles of a HEADING. */
typedef enum rd_heading_role {
  RD_HEADING_SECTION = 0, /**< the heading of its parent SECTION */
  RD_HEADING_TITLE,       /**< the page title (first line) */
  RD_HEADING_HEADLINE     /**< the headline (second line of the seed format) */
} rd_heading_role;

/** Lower-case name of a kind ("section", "token"). Ownership: static string. */
RD_EXPORT const char *rd_node_kind_name(rd_node_kind kind);

/* ---- generic navigation -------------------------------------------------- */

/** The node's kind; RD_NODE_NONE for NULL. */
RD_EXPORT rd_node_kind rd_node_kind_of(const rd_node *node);
/** The document the node belongs to. Ownership: borrowed. */
RD_EXPORT rd_doc *rd_node_doc(const rd_node *node);
/** Parent, children and siblings; NULL where there is none.
 *  Ownership: borrowed; valid while the document lives. */
RD_EXPORT rd_node *rd_node_parent(const rd_node *node);
/** @copydoc rd_node_parent() */
RD_EXPORT rd_node *rd_node_first_child(const rd_node *node);
/** @copydoc rd_node_parent() */
RD_EXPORT rd_node *rd_node_last_child(const rd_node *node);
/** @copydoc rd_node_parent() */
RD_EXPORT rd_node *rd_node_next(const rd_node *node);
/** @copydoc rd_node_parent() */
RD_EXPORT rd_node *rd_node_prev(const rd_node *node);
/** Number of children (tokens and citations for a sentence). */
RD_EXPORT size_t rd_node_child_count(const rd_node *node);
/** The i-th child (0-based), or NULL if i is out of range.
 *  Ownership: borrowed. */
RD_EXPORT rd_node *rd_node_child_at(const rd_node *node, size_t i);

/** The node's text without markup or citation markers: a heading's text
 *  (without its number), a paragraph's, question's or sentence's text, a
 *  token's surface, a reference's URL, a citation's marker ("[3]").
 *  NULL for DOCUMENT, SECTION and REFERENCES. *len_out (if given) receives
 *  the byte length. A paragraph's or question's text, and a sentence's
 *  that is its source span, is made on the first call (so a big document
 *  does not hold it twice) and the same pointer returned after; should
 *  that allocation fail, NULL with *len_out 0 and RD_ENOMEM in
 *  rd_error_last(). Safe to call from several threads at once.
 *  Ownership: borrowed; NUL-terminated UTF-8. */
RD_EXPORT const char *rd_node_text(size_t *len_out, const rd_node *node);

/** Where the node came from in the document's source text
 *  (rd_doc_source()): [*start_out, *end_out) in bytes. A synthesised
 *  section has an empty span where it would have stood. */
RD_EXPORT void rd_node_span(size_t *start_out, size_t *end_out, const rd_node *node);
/** The same span in code points, so that Python and Ruby slicing agree. */
RD_EXPORT void rd_node_char_span(size_t *start_out, size_t *end_out, const rd_node *node);
/** 1-based line of the node's start in the source. */
RD_EXPORT size_t rd_node_line(const rd_node *node);

/* ---- sections -------------------------------------------------------------- */

/** Id path of a SECTION ("1", "4.1", "afterword"); NULL for other kinds.
 *  Ownership: borrowed. */
RD_EXPORT const char *rd_section_id(const rd_node *section);
/** Depth of a SECTION (1 for "1", 2 for "1.2"; the afterword is 1) or of a
 *  HEADING (its section's level; 0 for title and headline). 0 otherwise. */
RD_EXPORT int rd_section_level(const rd_node *node);
/** The HEADING child of a SECTION, or NULL. Ownership: borrowed. */
RD_EXPORT rd_node *rd_section_heading(const rd_node *section);
/** Whether the section's heading was absent from the body and the section
 *  was made from the table of contents. */
RD_EXPORT bool rd_section_is_synthesized(const rd_node *section);
/** Whether the section is the afterword (あとがき). */
RD_EXPORT bool rd_section_is_afterword(const rd_node *section);
/** Direct subsections of a SECTION (or the top-level sections of the
 *  DOCUMENT node). */
RD_EXPORT size_t rd_section_subsection_count(const rd_node *section);
/** @copydoc rd_section_subsection_count() */
RD_EXPORT rd_node *rd_section_subsection_at(const rd_node *section, size_t i);
/** PARAGRAPH and QUESTION children of a SECTION (the lead for the DOCUMENT
 *  node), in order; not those of subsections. */
RD_EXPORT size_t rd_section_paragraph_count(const rd_node *section);
/** @copydoc rd_section_paragraph_count() */
RD_EXPORT rd_node *rd_section_paragraph_at(const rd_node *section, size_t i);
/** The QUESTION of an afterword SECTION, or NULL. Ownership: borrowed. */
RD_EXPORT rd_node *rd_section_question(const rd_node *section);
/** The REFERENCES that citations inside this node resolve against: the
 *  nearest one held by the node or an ancestor. Ownership: borrowed. */
RD_EXPORT rd_node *rd_node_references(const rd_node *node);

/** The role of a HEADING. */
RD_EXPORT rd_heading_role rd_heading_role_of(const rd_node *heading);

/* ---- blocks and sentences --------------------------------------------------- */

/** SENTENCE children of a HEADING, PARAGRAPH or QUESTION. */
RD_EXPORT size_t rd_block_sentence_count(const rd_node *block);
/** @copydoc rd_block_sentence_count() */
RD_EXPORT rd_node *rd_block_sentence_at(const rd_node *block, size_t i);

/** TOKEN children of a SENTENCE (0 before annotation). */
RD_EXPORT size_t rd_sentence_token_count(const rd_node *sentence);
/** @copydoc rd_sentence_token_count() */
RD_EXPORT rd_node *rd_sentence_token_at(const rd_node *sentence, size_t i);
/** CITATION children of a SENTENCE. */
RD_EXPORT size_t rd_sentence_citation_count(const rd_node *sentence);
/** @copydoc rd_sentence_citation_count() */
RD_EXPORT rd_node *rd_sentence_citation_at(const rd_node *sentence, size_t i);
/** Byte offset within the sentence's text (rd_node_text()) at which a
 *  CITATION marker stood. */
RD_EXPORT size_t rd_citation_text_offset(const rd_node *citation);
/** How a SENTENCE's text maps onto the source: the text is made of runs
 *  (pieces) of rd_doc_source(), as citation markers and markup are left
 *  out. Piece i maps text bytes [*text_offset_out, +*len_out) to source
 *  bytes [*source_offset_out, +*len_out). 0 for other kinds.
 *  rd_sentence_piece_at() returns false if i is out of range (NULL outputs
 *  are skipped). Ownership: plain values. */
RD_EXPORT size_t rd_sentence_piece_count(const rd_node *sentence);
/** @copydoc rd_sentence_piece_count() */
RD_EXPORT bool rd_sentence_piece_at(const rd_node *sentence, size_t i, size_t *text_offset_out, size_t *source_offset_out,
                                    size_t *len_out);

/* ---- citations and references ----------------------------------------------- */

/** The number of a CITATION ([3] -> 3) or REFERENCE; 0 for other kinds. */
RD_EXPORT unsigned rd_node_number(const rd_node *node);
/** The REFERENCE a CITATION resolves to in its part's REFERENCES, or NULL
 *  when that list has no such number (reported by rd_doc_warning_at()).
 *  Ownership: borrowed. */
RD_EXPORT rd_node *rd_citation_target(const rd_node *citation);
/** The URL of a REFERENCE (same as rd_node_text()). Ownership: borrowed. */
RD_EXPORT const char *rd_reference_url(const rd_node *reference);
/** The REFERENCE numbered n in a REFERENCES list, or NULL. */
RD_EXPORT rd_node *rd_references_find(const rd_node *references, unsigned n);

/** @} */

RD_END_DECL

#endif
