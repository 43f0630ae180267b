/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoHelp"

#include <string.h>

#include "amparo-error.h"
#include "amparo-help-doc.h"

struct _AmparoHelpDoc
{
  char      *title;
  GPtrArray *blocks;      /* AmparoHelpBlock */
  GPtrArray *links;       /* char *, NULL-terminated */
  char      *search_text; /* title and every block, for amparo_help_doc_matches() */
};

/* The guide's topics in reading order. Every language ships exactly
 * these files (tests/unit/test-help-doc.c and tests/gui/test-help.c). */
static const char *const topics[] = {
  "first-run",
  "cases",
  "services",
  "closing",
  "releases",
  "sharing",
  "counting",
  "backups",
  "lost-laptop",
  "locking",
  "roles",
  "import",
  NULL
};

static const char *const languages[] = { "en", "es", NULL };

static gboolean
fail (GError    **error,
      guint       line,
      const char *what)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED, "line %u: %s", line, what);
  return FALSE;
}

static void
block_free (gpointer data)
{
  AmparoHelpBlock *block = data;

  g_free (block->markup);
  g_free (block->text);
  g_free (block);
}

static void
append_escaped (GString    *markup,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (markup, escaped);
}

static gboolean
link_target_is_valid (const char *target)
{
  const char *name;

  if (g_str_has_prefix (target, "topic:"))
    return amparo_help_topic_is_known (target + strlen ("topic:"));
  if (!g_str_has_prefix (target, "data:"))
    return FALSE;
  name = target + strlen ("data:");
  if (*name == '\0' || *name == '.')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* Turns one block's text into Pango markup and plain text. */
static gboolean
convert_inline (AmparoHelpDoc    *doc,
                const char       *source,
                guint             line,
                AmparoHelpBlock  *block,
                GError          **error)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean bold = FALSE;
  const char *p = source;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "**"))
        {
          g_string_append (markup, bold ? "</b>" : "<b>");
          bold = !bold;
          p += 2;
        }
      else if (*p == '`')
        {
          const char *end = strchr (p + 1, '`');

          if (end == NULL || end == p + 1)
            return fail (error, line, "a ` has no closing `");
          /* Monospace at full size towers over the body text. */
          g_string_append (markup, "<span font_family=\"monospace\" size=\"90%\">");
          append_escaped (markup, p + 1, end - p - 1);
          g_string_append (markup, "</span>");
          g_string_append_len (text, p + 1, end - p - 1);
          p = end + 1;
        }
      else if (*p == '[' && strstr (p, "](") != NULL)
        {
          const char *mid = strstr (p, "](");
          const char *end = strchr (mid, ')');
          g_autofree char *target = NULL;

          if (end == NULL || mid == p + 1 || memchr (p + 1, '[', mid - p - 1) != NULL)
            return fail (error, line, "a link is not written [text](target)");
          target = g_strndup (mid + 2, end - mid - 2);
          if (!link_target_is_valid (target))
            return fail (error, line, "a link points to an unknown topic or file name");
          g_string_append_printf (markup, "<a href=\"%s\">", target);
          append_escaped (markup, p + 1, mid - p - 1);
          g_string_append (markup, "</a>");
          g_string_append_len (text, p + 1, mid - p - 1);
          g_ptr_array_insert (doc->links, doc->links->len - 1, g_steal_pointer (&target));
          p = end + 1;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          append_escaped (markup, p, next - p);
          g_string_append_len (text, p, next - p);
          p = next;
        }
    }
  if (bold)
    return fail (error, line, "a ** has no closing **");
  if (text->len == 0)
    return fail (error, line, "a block has no text");

  block->markup = g_string_free (g_steal_pointer (&markup), FALSE);
  block->text = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

/* A block being gathered from consecutive lines. */
typedef struct
{
  AmparoHelpBlockKind kind;
  GString            *source;
  guint               line;
} Pending;

static void
pending_clear (Pending *pending)
{
  if (pending->source != NULL)
    g_string_free (g_steal_pointer (&pending->source), TRUE);
}

static gboolean
flush (AmparoHelpDoc  *doc,
       Pending        *pending,
       GError        **error)
{
  AmparoHelpBlock *block;

  if (pending->source == NULL)
    return TRUE;
  block = g_new0 (AmparoHelpBlock, 1);
  block->kind = pending->kind;
  if (!convert_inline (doc, pending->source->str, pending->line, block, error))
    {
      block_free (block);
      pending_clear (pending);
      return FALSE;
    }
  g_ptr_array_add (doc->blocks, block);
  pending_clear (pending);
  return TRUE;
}

static void
start (Pending             *pending,
       AmparoHelpBlockKind  kind,
       const char          *text,
       guint                line)
{
  pending->kind = kind;
  pending->source = g_string_new (text);
  pending->line = line;
}

static gboolean
parse_lines (AmparoHelpDoc  *doc,
             char          **lines,
             GError        **error)
{
  Pending pending = { 0, NULL, 0 };

  for (guint i = 2; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      guint number = i + 1;

      if (*line == '\0')
        {
          if (!flush (doc, &pending, error))
            return FALSE;
        }
      else if (g_str_has_prefix (line, "## "))
        {
          if (!flush (doc, &pending, error))
            return FALSE;
          start (&pending, AMPARO_HELP_BLOCK_HEADING, g_strstrip (line + 3), number);
          if (!flush (doc, &pending, error))
            return FALSE;
        }
      else if (*line == '#')
        return fail (error, number, "only ## subheadings are allowed");
      else if (g_str_has_prefix (line, "- "))
        {
          if (!flush (doc, &pending, error))
            return FALSE;
          start (&pending, AMPARO_HELP_BLOCK_BULLET, g_strstrip (line + 2), number);
        }
      else if (g_str_has_prefix (line, "  "))
        {
          if (pending.source == NULL || pending.kind != AMPARO_HELP_BLOCK_BULLET)
            {
              pending_clear (&pending);
              return fail (error, number, "an indented line does not continue a bullet");
            }
          g_string_append_c (pending.source, ' ');
          g_string_append (pending.source, g_strstrip (line));
        }
      else if (g_ascii_isspace (*line))
        {
          pending_clear (&pending);
          return fail (error, number, "a line starts with a space or tab");
        }
      else if (pending.source != NULL && pending.kind == AMPARO_HELP_BLOCK_BULLET)
        {
          pending_clear (&pending);
          return fail (error, number, "indent a bullet's further lines by two spaces");
        }
      else if (pending.source != NULL)
        {
          g_string_append_c (pending.source, ' ');
          g_string_append (pending.source, g_strchomp (line));
        }
      else
        start (&pending, AMPARO_HELP_BLOCK_PARAGRAPH, g_strchomp (line), number);
    }
  return flush (doc, &pending, error);
}

static char *
build_search_text (AmparoHelpDoc *doc)
{
  GString *all = g_string_new (doc->title);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const AmparoHelpBlock *block = g_ptr_array_index (doc->blocks, i);

      g_string_append_c (all, '\n');
      g_string_append (all, block->text);
    }
  return g_string_free (all, FALSE);
}

/**
 * amparo_help_topics:
 *
 * Returns: (transfer none): the guide's topic ids in reading order
 */
const char * const *
amparo_help_topics (void)
{
  return topics;
}

gboolean
amparo_help_topic_is_known (const char *topic)
{
  return topic != NULL && g_strv_contains (topics, topic);
}

/**
 * amparo_help_languages:
 *
 * Returns: (transfer none): the languages the guide is written in
 */
const char * const *
amparo_help_languages (void)
{
  return languages;
}

static gboolean
name_is_language (const char *name,
                  const char *code)
{
  gsize n = strlen (code);

  return strncmp (name, code, n) == 0
         && (name[n] == '\0' || name[n] == '_' || name[n] == '.' || name[n] == '@');
}

/**
 * amparo_help_language_for:
 * @language_names: locale names in order of preference, as from
 *   g_get_language_names()
 *
 * Picks the guide's language the way gettext picks the interface's: the
 * first name the guide is written in wins; "C" means English.
 *
 * Returns: "es" or "en"
 */
const char *
amparo_help_language_for (const char * const *language_names)
{
  g_return_val_if_fail (language_names != NULL, "en");

  for (guint i = 0; language_names[i] != NULL; i++)
    {
      const char *name = language_names[i];

      if (name_is_language (name, "es"))
        return "es";
      if (name_is_language (name, "en") || g_str_equal (name, "C") || g_str_equal (name, "POSIX"))
        return "en";
    }
  return "en";
}

/**
 * amparo_help_doc_parse:
 * @data: one guide file, UTF-8
 * @len: its length in bytes
 *
 * Returns: (transfer full): the parsed topic, or %NULL with
 *   %AMPARO_ERROR_MALFORMED naming the line at fault
 */
AmparoHelpDoc *
amparo_help_doc_parse (const char  *data,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(AmparoHelpDoc) doc = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > AMPARO_HELP_DOC_MAX_BYTES)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE, "the guide file is too large");
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED, "the guide file is not UTF-8");
      return NULL;
    }

  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED, "the guide file holds a NUL byte");
      return NULL;
    }

  copy = g_strndup (data, len);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize n = strlen (lines[i]);

      if (n > 0 && lines[i][n - 1] == '\r')
        lines[i][n - 1] = '\0';
    }

  if (lines[0] == NULL || *g_strstrip (lines[0]) == '\0' || lines[0][0] == '#'
      || g_str_has_prefix (lines[0], "- "))
    {
      fail (error, 1, "the first line must be the topic's title");
      return NULL;
    }
  if (lines[1] == NULL || *lines[1] != '\0')
    {
      fail (error, 2, "a blank line must follow the title");
      return NULL;
    }

  doc = g_new0 (AmparoHelpDoc, 1);
  doc->title = g_strdup (lines[0]);
  doc->blocks = g_ptr_array_new_with_free_func (block_free);
  doc->links = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (doc->links, NULL);

  if (!parse_lines (doc, lines, error))
    return NULL;
  if (doc->blocks->len == 0)
    {
      fail (error, 3, "the topic has no text");
      return NULL;
    }
  doc->search_text = build_search_text (doc);
  return g_steal_pointer (&doc);
}

void
amparo_help_doc_free (AmparoHelpDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_clear_pointer (&doc->blocks, g_ptr_array_unref);
  g_clear_pointer (&doc->links, g_ptr_array_unref);
  g_free (doc->search_text);
  g_free (doc);
}

const char *
amparo_help_doc_get_title (const AmparoHelpDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return doc->title;
}

/**
 * amparo_help_doc_get_title_markup:
 *
 * Returns: (transfer full): the title escaped for Pango markup
 */
char *
amparo_help_doc_get_title_markup (const AmparoHelpDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return g_markup_escape_text (doc->title, -1);
}

guint
amparo_help_doc_get_n_blocks (const AmparoHelpDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);
  return doc->blocks->len;
}

const AmparoHelpBlock *
amparo_help_doc_get_block (const AmparoHelpDoc *doc,
                           guint                index)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (index < doc->blocks->len, NULL);
  return g_ptr_array_index (doc->blocks, index);
}

/**
 * amparo_help_doc_get_links:
 *
 * Returns: (transfer none): every link target in the topic, in order
 */
const char * const *
amparo_help_doc_get_links (const AmparoHelpDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return (const char * const *) doc->links->pdata;
}

/**
 * amparo_help_doc_matches:
 * @query: words typed in the guide's search entry
 *
 * Every word of @query must begin a word of the topic; case and accents
 * are ignored, so "autorizacion" finds "autorización".
 *
 * Returns: whether the topic matches (an empty query matches everything)
 */
gboolean
amparo_help_doc_matches (const AmparoHelpDoc *doc,
                         const char          *query)
{
  g_return_val_if_fail (doc != NULL, FALSE);

  if (query == NULL)
    return TRUE;
  for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return g_str_match_string (query, doc->search_text, TRUE);
  return TRUE;
}
