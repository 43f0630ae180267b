/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The offline user guide: one small text file per topic and language.
 *
 *   Title on the first line
 *   (blank line)
 *   Paragraph lines, joined until a blank line.
 *   ## A subheading
 *   - A bullet, whose further lines are
 *     indented by two spaces.
 *
 * Inline: **bold**, `code`, [link text](topic:ID) to another topic and
 * [link text](data:FILE) to a file Amparo installs (offered as a copy).
 * The parser is strict so a mistake in a guide file fails a unit test
 * instead of showing stray asterisks to a worried reader. */

typedef enum
{
  AMPARO_HELP_BLOCK_PARAGRAPH,
  AMPARO_HELP_BLOCK_HEADING,
  AMPARO_HELP_BLOCK_BULLET,
} AmparoHelpBlockKind;

/**
 * AmparoHelpBlock:
 * @kind: paragraph, subheading or bullet
 * @markup: the block as Pango markup, every character of the file escaped
 * @text: the same block as plain text (what the markup displays)
 */
typedef struct
{
  AmparoHelpBlockKind  kind;
  char                *markup;
  char                *text;
} AmparoHelpBlock;

typedef struct _AmparoHelpDoc AmparoHelpDoc;

/* The largest guide file the parser accepts. */
#define AMPARO_HELP_DOC_MAX_BYTES (64 * 1024)

const char * const    *amparo_help_topics          (void);
gboolean               amparo_help_topic_is_known  (const char          *topic);
const char * const    *amparo_help_languages       (void);
const char            *amparo_help_language_for    (const char * const  *language_names);

AmparoHelpDoc         *amparo_help_doc_parse       (const char          *data,
                                                    gsize                len,
                                                    GError             **error);
void                   amparo_help_doc_free        (AmparoHelpDoc       *doc);
const char            *amparo_help_doc_get_title   (const AmparoHelpDoc *doc);
char                  *amparo_help_doc_get_title_markup (const AmparoHelpDoc *doc);
guint                  amparo_help_doc_get_n_blocks (const AmparoHelpDoc *doc);
const AmparoHelpBlock *amparo_help_doc_get_block   (const AmparoHelpDoc *doc,
                                                    guint                index);
const char * const    *amparo_help_doc_get_links   (const AmparoHelpDoc *doc);
gboolean               amparo_help_doc_matches     (const AmparoHelpDoc *doc,
                                                    const char          *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoHelpDoc, amparo_help_doc_free)

G_END_DECLS
