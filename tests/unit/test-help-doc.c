/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoTest"

#include <string.h>
#include <pango/pango.h>

#include "amparo-error.h"
#include "amparo-help-doc.h"

static char *
guide_dir (const char *lang)
{
  return g_build_filename (SOURCE_DATADIR, "help", lang, NULL);
}

static AmparoHelpDoc *
load_topic (const char *lang,
            const char *topic)
{
  g_autofree char *dir = guide_dir (lang);
  g_autofree char *name = g_strconcat (topic, ".txt", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  AmparoHelpDoc *doc;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  doc = amparo_help_doc_parse (data, len, &error);
  if (doc == NULL)
    g_error ("%s/%s: %s", lang, topic, error->message);
  return doc;
}

static GPtrArray *
sorted_file_names (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  return names;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every language folder holds exactly one file per topic id, no more. */
static void
test_topics_same_in_every_language (void)
{
  const char * const *topics = amparo_help_topics ();
  const char * const *langs = amparo_help_languages ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (g_strv_length ((char **) topics), >=, 10);
  for (guint i = 0; topics[i] != NULL; i++)
    g_ptr_array_add (expected, g_strconcat (topics[i], ".txt", NULL));
  g_ptr_array_sort (expected, compare_strings);

  g_assert_cmpstr (langs[0], ==, "en");
  g_assert_cmpstr (langs[1], ==, "es");
  for (guint l = 0; langs[l] != NULL; l++)
    {
      g_autofree char *dir = guide_dir (langs[l]);
      g_autoptr(GPtrArray) found = sorted_file_names (dir);

      g_ptr_array_sort (found, compare_strings);
      g_assert_cmpuint (found->len, ==, expected->len);
      for (guint i = 0; i < found->len; i++)
        g_assert_cmpstr (g_ptr_array_index (found, i), ==, g_ptr_array_index (expected, i));
    }
}

/* GtkLabel takes <a href> links out before Pango sees the markup. */
static void
assert_markup_shows_text (const char *markup,
                          const char *text)
{
  g_autoptr(GRegex) links = g_regex_new ("<a href=\"(topic|data):[a-z0-9._-]+\">|</a>", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *pango = g_regex_replace_literal (links, markup, -1, 0, "", 0, NULL);

  if (!pango_parse_markup (pango, -1, 0, NULL, &shown, NULL, &error))
    g_error ("not Pango markup (%s): %s", error->message, markup);
  g_assert_cmpstr (shown, ==, text);
}

static guint
count_headings (const AmparoHelpDoc *doc)
{
  guint n = 0;

  for (guint i = 0; i < amparo_help_doc_get_n_blocks (doc); i++)
    if (amparo_help_doc_get_block (doc, i)->kind == AMPARO_HELP_BLOCK_HEADING)
      n++;
  return n;
}

static GPtrArray *
sorted_links (const AmparoHelpDoc *doc)
{
  const char * const *links = amparo_help_doc_get_links (doc);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; links[i] != NULL; i++)
    g_ptr_array_add (out, (gpointer) links[i]);
  g_ptr_array_sort (out, compare_strings);
  return out;
}

/* Every file parses to valid markup, its links lead somewhere, and the
 * Spanish topic is a translation of the English one, not a copy. */
static void
test_topics_parse_and_agree (void)
{
  const char * const *topics = amparo_help_topics ();

  for (guint t = 0; topics[t] != NULL; t++)
    {
      g_autoptr(AmparoHelpDoc) en = load_topic ("en", topics[t]);
      g_autoptr(AmparoHelpDoc) es = load_topic ("es", topics[t]);
      g_autoptr(GPtrArray) en_links = sorted_links (en);
      g_autoptr(GPtrArray) es_links = sorted_links (es);
      const AmparoHelpDoc *docs[] = { en, es };

      g_test_message ("topic %s", topics[t]);
      g_assert_cmpstr (amparo_help_doc_get_title (en), !=, amparo_help_doc_get_title (es));
      g_assert_cmpuint (count_headings (en), ==, count_headings (es));
      g_assert_cmpuint (en_links->len, ==, es_links->len);
      for (guint i = 0; i < en_links->len; i++)
        {
          const char *en_link = g_ptr_array_index (en_links, i);
          const char *es_link = g_ptr_array_index (es_links, i);

          /* Data files may differ by language (csv-guide.en.md, .es.md). */
          if (g_str_has_prefix (en_link, "topic:"))
            g_assert_cmpstr (en_link, ==, es_link);
        }

      for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
        {
          const char * const *links = amparo_help_doc_get_links (docs[d]);
          g_autofree char *title = amparo_help_doc_get_title_markup (docs[d]);

          assert_markup_shows_text (title, amparo_help_doc_get_title (docs[d]));
          g_assert_cmpuint (amparo_help_doc_get_n_blocks (docs[d]), >=, 3);
          for (guint i = 0; i < amparo_help_doc_get_n_blocks (docs[d]); i++)
            {
              const AmparoHelpBlock *block = amparo_help_doc_get_block (docs[d], i);

              assert_markup_shows_text (block->markup, block->text);
              g_assert_null (strstr (block->text, "**"));
            }
          for (guint i = 0; links[i] != NULL; i++)
            if (g_str_has_prefix (links[i], "data:"))
              {
                g_autofree char *path = g_build_filename (SOURCE_DATADIR, links[i] + 5, NULL);
                g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
              }
            else
              g_assert_true (amparo_help_topic_is_known (links[i] + strlen ("topic:")));
        }
    }
}

static void
test_parse_structure (void)
{
  static const char text[] =
    "Title & <more>\r\n"
    "\r\n"
    "First paragraph, <b>not bold</b> &amp; **bold** and `a|b`\n"
    "continues here.\n"
    "\n"
    "## A heading\n"
    "- one bullet with [a link](topic:backups)\n"
    "  that continues\n"
    "- [a file](data:csv-template.csv)\n"
    "\n"
    "Last.";
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoHelpDoc) doc = amparo_help_doc_parse (text, strlen (text), &error);
  g_autofree char *title = NULL;
  const AmparoHelpBlock *b;
  const char * const *links;

  g_assert_no_error (error);
  g_assert_cmpstr (amparo_help_doc_get_title (doc), ==, "Title & <more>");
  title = amparo_help_doc_get_title_markup (doc);
  g_assert_cmpstr (title, ==, "Title &amp; &lt;more&gt;");
  g_assert_cmpuint (amparo_help_doc_get_n_blocks (doc), ==, 5);

  b = amparo_help_doc_get_block (doc, 0);
  g_assert_cmpint (b->kind, ==, AMPARO_HELP_BLOCK_PARAGRAPH);
  g_assert_cmpstr (b->markup, ==,
                   "First paragraph, &lt;b&gt;not bold&lt;/b&gt; &amp;amp; <b>bold</b> and "
                   "<span font_family=\"monospace\" size=\"90%\">a|b</span> continues here.");
  g_assert_cmpstr (b->text, ==, "First paragraph, <b>not bold</b> &amp; bold and a|b continues here.");

  b = amparo_help_doc_get_block (doc, 1);
  g_assert_cmpint (b->kind, ==, AMPARO_HELP_BLOCK_HEADING);
  g_assert_cmpstr (b->text, ==, "A heading");

  b = amparo_help_doc_get_block (doc, 2);
  g_assert_cmpint (b->kind, ==, AMPARO_HELP_BLOCK_BULLET);
  g_assert_cmpstr (b->markup, ==, "one bullet with <a href=\"topic:backups\">a link</a> that continues");
  g_assert_cmpstr (b->text, ==, "one bullet with a link that continues");

  b = amparo_help_doc_get_block (doc, 3);
  g_assert_cmpint (b->kind, ==, AMPARO_HELP_BLOCK_BULLET);
  g_assert_cmpstr (b->text, ==, "a file");

  b = amparo_help_doc_get_block (doc, 4);
  g_assert_cmpint (b->kind, ==, AMPARO_HELP_BLOCK_PARAGRAPH);
  g_assert_cmpstr (b->markup, ==, "Last.");

  links = amparo_help_doc_get_links (doc);
  g_assert_cmpuint (g_strv_length ((char **) links), ==, 2);
  g_assert_cmpstr (links[0], ==, "topic:backups");
  g_assert_cmpstr (links[1], ==, "data:csv-template.csv");
}

static void
test_parse_rejects (void)
{
  static const struct { const char *text; const char *why; } bad[] = {
    { "", "empty" },
    { "\n\nText", "no title" },
    { "## Title\n\nText", "heading as title" },
    { "Title\nText", "no blank line after the title" },
    { "Title\n\n", "no text" },
    { "Title\n\nSome **bold", "unclosed bold" },
    { "Title\n\nSome `code", "unclosed code" },
    { "Title\n\nSee [this](topic:nowhere).", "unknown topic" },
    { "Title\n\nSee [this](https://example.org).", "web link" },
    { "Title\n\nSee [this](data:../keys).", "file outside the data folder" },
    { "Title\n\nSee [this](data:a/b).", "file in a subfolder" },
    { "Title\n\n# Big heading", "level 1 heading" },
    { "Title\n\n### Small heading", "level 3 heading" },
    { "Title\n\n## ", "empty heading" },
    { "Title\n\nText\n  indented", "indented line after a paragraph" },
    { "Title\n\n- bullet\nnot indented", "bullet continued without indent" },
    { "Title\n\n\tTabbed", "tab at the start" },
    { "Title\n\n- ****", "empty bold only" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AmparoHelpDoc) doc = amparo_help_doc_parse (bad[i].text, strlen (bad[i].text), &error);

      g_test_message ("%s", bad[i].why);
      g_assert_null (doc);
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
    }
}

static void
test_parse_rejects_bytes (void)
{
  static const char nul[] = "Title\n\nText\0more";
  static const char latin1[] = "T\xedtulo\n\nTexto";
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (AMPARO_HELP_DOC_MAX_BYTES + 1, 'a');
  AmparoHelpDoc *doc;

  doc = amparo_help_doc_parse (nul, sizeof nul - 1, &error);
  g_assert_null (doc);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
  g_clear_error (&error);

  doc = amparo_help_doc_parse (latin1, strlen (latin1), &error);
  g_assert_null (doc);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
  g_clear_error (&error);

  huge[0] = 'T';
  huge[1] = '\n';
  huge[2] = '\n';
  doc = amparo_help_doc_parse (huge, strlen (huge), &error);
  g_assert_null (doc);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
}

static void
test_search_words (void)
{
  static const char text[] = "Autorizaciones\n\nUna **autorización** para divulgar información.\n\n"
                             "- Memoria USB";
  g_autoptr(AmparoHelpDoc) doc = amparo_help_doc_parse (text, strlen (text), NULL);

  g_assert_nonnull (doc);
  g_assert_true (amparo_help_doc_matches (doc, ""));
  g_assert_true (amparo_help_doc_matches (doc, "  "));
  g_assert_true (amparo_help_doc_matches (doc, NULL));
  g_assert_true (amparo_help_doc_matches (doc, "autorizacion"));
  g_assert_true (amparo_help_doc_matches (doc, "AUTORIZACIÓN"));
  g_assert_true (amparo_help_doc_matches (doc, "divul usb"));
  g_assert_true (amparo_help_doc_matches (doc, "autorizaciones"));
  g_assert_false (amparo_help_doc_matches (doc, "usb coordinadora"));
  g_assert_false (amparo_help_doc_matches (doc, "zacion"));
  g_assert_false (amparo_help_doc_matches (doc, "backup"));
}

/* On the real guide, a search narrows the list without emptying it. */
static void
test_search_real_guide (void)
{
  static const struct { const char *lang, *query, *must_match; } cases[] = {
    { "en", "fingerprint", "sharing" },
    { "en", "usb stick", "backups" },
    { "en", "ctrl+l", "locking" },
    { "es", "huella", "sharing" },
    { "es", "copia memoria", "backups" },
    { "es", "autorizacion", "releases" },
  };
  const char * const *topics = amparo_help_topics ();

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint matched = 0;
      gboolean found = FALSE;

      for (guint t = 0; topics[t] != NULL; t++)
        {
          g_autoptr(AmparoHelpDoc) doc = load_topic (cases[c].lang, topics[t]);

          if (amparo_help_doc_matches (doc, cases[c].query))
            {
              matched++;
              found |= g_str_equal (topics[t], cases[c].must_match);
            }
        }
      g_test_message ("%s \"%s\": %u topics", cases[c].lang, cases[c].query, matched);
      g_assert_true (found);
      g_assert_cmpuint (matched, <, g_strv_length ((char **) topics));
    }
}

static void
test_language_follows_locale (void)
{
  static const struct { const char *names[6]; const char *expected; } cases[] = {
    { { "es_MX.UTF-8", "es_MX", "es.UTF-8", "es", "C", NULL }, "es" },
    { { "es", NULL }, "es" },
    { { "en_US.UTF-8", "en_US", "en", "C", NULL }, "en" },
    { { "C.UTF-8", "C", NULL }, "en" },
    { { "C", NULL }, "en" },
    { { NULL }, "en" },
    /* No French guide: gettext falls through to the next language. */
    { { "fr_FR", "fr", "es", "C", NULL }, "es" },
    { { "fr_FR", "fr", "C", NULL }, "en" },
    { { "en_GB", "en", "es", NULL }, "en" },
    /* Estonian and the like are not Spanish. */
    { { "est", "et", "C", NULL }, "en" },
    { { "es@latin", NULL }, "es" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (amparo_help_language_for (cases[i].names), ==, cases[i].expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/help/topics/same-in-every-language", test_topics_same_in_every_language);
  g_test_add_func ("/help/topics/parse-and-agree", test_topics_parse_and_agree);
  g_test_add_func ("/help/parse/structure", test_parse_structure);
  g_test_add_func ("/help/parse/rejects", test_parse_rejects);
  g_test_add_func ("/help/parse/rejects-bytes", test_parse_rejects_bytes);
  g_test_add_func ("/help/search/words", test_search_words);
  g_test_add_func ("/help/search/real-guide", test_search_real_guide);
  g_test_add_func ("/help/language/follows-locale", test_language_follows_locale);

  return g_test_run ();
}
