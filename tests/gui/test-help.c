/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoTest"

#include <string.h>
#include <adwaita.h>

#include "amparo-help-doc.h"
#include "amparo-help-window.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY()                                   \
  G_STMT_START {                                                 \
    if (!have_display)                                           \
      {                                                          \
        g_test_skip ("no display: run under xvfb-run");          \
        return;                                                  \
      }                                                          \
  } G_STMT_END

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, long enough for the search entry's delay. */
static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

static AmparoHelpDoc *
resource_doc (const char *lang,
              const char *topic)
{
  g_autofree char *path = g_strdup_printf ("/org/amparo/Amparo/help/%s/%s.txt", lang, topic);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  gsize len;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  return amparo_help_doc_parse (data, len, NULL);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

static GtkListBox *
topic_list (AmparoHelpWindow *win)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();

  collect (GTK_WIDGET (win), GTK_TYPE_LIST_BOX, boxes);
  g_assert_cmpuint (boxes->len, ==, 1);
  return g_ptr_array_index (boxes, 0);
}

static GtkEditable *
search_entry (AmparoHelpWindow *win)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  collect (GTK_WIDGET (win), GTK_TYPE_SEARCH_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 1);
  return g_ptr_array_index (entries, 0);
}

/* The page's labels are the selectable ones; the sidebar's are not. */
static GPtrArray *
page_labels (AmparoHelpWindow *win)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GPtrArray *page = g_ptr_array_new ();

  collect (GTK_WIDGET (win), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_label_get_selectable (g_ptr_array_index (labels, i)))
      g_ptr_array_add (page, g_ptr_array_index (labels, i));
  return page;
}

static GPtrArray *
visible_topics (AmparoHelpWindow *win)
{
  GtkListBox *list = topic_list (win);
  GPtrArray *ids = g_ptr_array_new ();
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
      g_ptr_array_add (ids, g_object_get_data (G_OBJECT (row), "topic-id"));
  return ids;
}

static AmparoHelpWindow *
open_window (const char *lang,
             const char *topic)
{
  AmparoHelpWindow *win = amparo_help_window_new (NULL, lang, topic);

  gtk_window_present (GTK_WINDOW (win));
  spin ();
  return win;
}

static void
assert_lists_topics (AmparoHelpWindow *win,
                     const char       *lang)
{
  const char * const *topics = amparo_help_topics ();
  GtkListBox *list = topic_list (win);
  guint n = 0;

  for (GtkListBoxRow *row; (row = gtk_list_box_get_row_at_index (list, n)) != NULL; n++)
    {
      g_autoptr(AmparoHelpDoc) doc = resource_doc (lang, topics[n]);
      GtkWidget *label = gtk_list_box_row_get_child (row);

      g_assert_nonnull (topics[n]);
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "topic-id"), ==, topics[n]);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, amparo_help_doc_get_title (doc));
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) topics));
}

/* Both languages ship the same topic files, and only those. */
static void
test_resources_same_topics (void)
{
  const char * const *topics = amparo_help_topics ();
  g_auto(GStrv) en = g_resources_enumerate_children ("/org/amparo/Amparo/help/en/", 0, NULL);
  g_auto(GStrv) es = g_resources_enumerate_children ("/org/amparo/Amparo/help/es/", 0, NULL);

  g_assert_nonnull (en);
  g_assert_nonnull (es);
  g_assert_cmpuint (g_strv_length (en), ==, g_strv_length ((char **) topics));
  g_assert_cmpuint (g_strv_length (es), ==, g_strv_length ((char **) topics));
  for (guint i = 0; en[i] != NULL; i++)
    {
      g_autofree char *id = g_strndup (en[i], strlen (en[i]) - strlen (".txt"));

      g_assert_true (g_str_has_suffix (en[i], ".txt"));
      g_assert_true (amparo_help_topic_is_known (id));
      g_assert_true (g_strv_contains ((const char * const *) es, en[i]));
    }
}

static void
test_opens_in_english (void)
{
  AmparoHelpWindow *win;
  g_autoptr(AmparoHelpDoc) first = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  SKIP_WITHOUT_DISPLAY ();

  win = open_window ("en", NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (win)));
  g_assert_cmpstr (amparo_help_window_get_language (win), ==, "en");
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, amparo_help_topics ()[0]);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "Amparo — Help");
  assert_lists_topics (win, "en");

  first = resource_doc ("en", amparo_help_topics ()[0]);
  labels = page_labels (win);
  g_assert_cmpuint (labels->len, >, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==,
                   amparo_help_doc_get_title (first));
  gtk_window_destroy (GTK_WINDOW (win));
}

/* Every block of the topic is on the page, in order, and nothing else. */
static void
test_renders_topic (void)
{
  AmparoHelpWindow *win;
  g_autoptr(AmparoHelpDoc) doc = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  guint n_blocks;

  SKIP_WITHOUT_DISPLAY ();

  win = open_window ("en", NULL);
  g_assert_true (amparo_help_window_set_topic (win, "sharing"));
  spin ();
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "sharing");
  g_assert_true (gtk_list_box_row_is_selected (gtk_list_box_get_selected_row (topic_list (win))));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_list_box_get_selected_row (topic_list (win))),
                                      "topic-id"), ==, "sharing");

  doc = resource_doc ("en", "sharing");
  n_blocks = amparo_help_doc_get_n_blocks (doc);
  labels = page_labels (win);
  g_assert_cmpuint (labels->len, ==, n_blocks + 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, amparo_help_doc_get_title (doc));
  for (guint i = 0; i < n_blocks; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i + 1);
      const AmparoHelpBlock *block = amparo_help_doc_get_block (doc, i);

      g_assert_cmpstr (gtk_label_get_text (label), ==, block->text);
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (label), "title-3"), ==,
                       block->kind == AMPARO_HELP_BLOCK_HEADING);
      g_assert_true (gtk_label_get_wrap (label));
    }

  /* An unknown topic changes nothing. */
  g_assert_false (amparo_help_window_set_topic (win, "no-such-topic"));
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "sharing");
  gtk_window_destroy (GTK_WINDOW (win));
}

static void
test_spanish (void)
{
  AmparoHelpWindow *win;
  g_autoptr(AmparoHelpDoc) es = NULL;
  g_autoptr(AmparoHelpDoc) en = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  SKIP_WITHOUT_DISPLAY ();

  win = open_window ("es", "releases");
  g_assert_cmpstr (amparo_help_window_get_language (win), ==, "es");
  assert_lists_topics (win, "es");
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "releases");

  es = resource_doc ("es", "releases");
  en = resource_doc ("en", "releases");
  labels = page_labels (win);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, amparo_help_doc_get_title (es));
  g_assert_cmpstr (amparo_help_doc_get_title (es), !=, amparo_help_doc_get_title (en));
  g_assert_nonnull (strstr (amparo_help_doc_get_block (es, 1)->text, "autorización para divulgar información"));
  gtk_window_destroy (GTK_WINDOW (win));

  /* A locale name picks the language too; a guide we lack falls back to English. */
  win = open_window ("es_MX.UTF-8", NULL);
  g_assert_cmpstr (amparo_help_window_get_language (win), ==, "es");
  gtk_window_destroy (GTK_WINDOW (win));
  win = open_window ("fr", NULL);
  g_assert_cmpstr (amparo_help_window_get_language (win), ==, "en");
  assert_lists_topics (win, "en");
  gtk_window_destroy (GTK_WINDOW (win));
}

/* With no language asked for, the guide follows the interface's. */
static void
test_follows_ui_language (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  AmparoHelpWindow *win;

  SKIP_WITHOUT_DISPLAY ();

  g_setenv ("LANGUAGE", "es_US:es", TRUE);
  win = open_window (NULL, NULL);
  g_assert_cmpstr (amparo_help_window_get_language (win), ==, "es");
  assert_lists_topics (win, "es");
  gtk_window_destroy (GTK_WINDOW (win));

  g_setenv ("LANGUAGE", "en_US:en", TRUE);
  win = open_window (NULL, NULL);
  g_assert_cmpstr (amparo_help_window_get_language (win), ==, "en");
  gtk_window_destroy (GTK_WINDOW (win));

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static void
assert_visible_are_matches (AmparoHelpWindow *win,
                            const char       *lang,
                            const char       *query,
                            guint            *n_out)
{
  const char * const *topics = amparo_help_topics ();
  g_autoptr(GPtrArray) visible = visible_topics (win);
  guint expected = 0;

  for (guint i = 0; topics[i] != NULL; i++)
    {
      g_autoptr(AmparoHelpDoc) doc = resource_doc (lang, topics[i]);
      gboolean match = amparo_help_doc_matches (doc, query);
      gboolean shown = FALSE;

      for (guint j = 0; j < visible->len; j++)
        shown |= g_str_equal (g_ptr_array_index (visible, j), topics[i]);
      g_assert_cmpint (shown, ==, match);
      expected += match;
    }
  *n_out = expected;
}

static void
test_search_filters (void)
{
  const guint n_topics = g_strv_length ((char **) amparo_help_topics ());
  AmparoHelpWindow *win;
  GtkEditable *entry;
  guint n;

  SKIP_WITHOUT_DISPLAY ();

  win = open_window ("en", NULL);
  entry = search_entry (win);
  {
    g_autoptr(GPtrArray) all = visible_topics (win);
    g_assert_cmpuint (all->len, ==, n_topics);
  }

  gtk_editable_set_text (entry, "fingerprint");
  spin_for (400);
  assert_visible_are_matches (win, "en", "fingerprint", &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, n_topics);

  /* Enter opens the first topic left in the list. */
  g_signal_emit_by_name (entry, "activate");
  spin ();
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "sharing");

  gtk_editable_set_text (entry, "USB backup");
  spin_for (400);
  assert_visible_are_matches (win, "en", "USB backup", &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, n_topics);

  gtk_editable_set_text (entry, "zebra quartz");
  spin_for (400);
  {
    g_autoptr(GPtrArray) none = visible_topics (win);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Following a link to a topic the search hides clears the search. */
  {
    g_autoptr(GPtrArray) labels = page_labels (win);
    gboolean handled = FALSE;

    g_signal_emit_by_name (g_ptr_array_index (labels, 1), "activate-link", "topic:roles", &handled);
    g_assert_true (handled);
  }
  spin_for (400);
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "roles");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  {
    g_autoptr(GPtrArray) all = visible_topics (win);
    g_assert_cmpuint (all->len, ==, n_topics);
  }
  gtk_window_destroy (GTK_WINDOW (win));

  /* Spanish searches ignore accents. */
  win = open_window ("es", NULL);
  entry = search_entry (win);
  gtk_editable_set_text (entry, "huella coordinadora");
  spin_for (400);
  assert_visible_are_matches (win, "es", "huella coordinadora", &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, n_topics);
  gtk_window_destroy (GTK_WINDOW (win));
}

static void
test_links (void)
{
  AmparoHelpWindow *win;
  g_autoptr(GPtrArray) labels = NULL;
  gboolean handled = FALSE;

  SKIP_WITHOUT_DISPLAY ();

  win = open_window ("en", "first-run");
  labels = page_labels (win);
  g_signal_emit_by_name (g_ptr_array_index (labels, 1), "activate-link", "topic:backups", &handled);
  spin ();
  g_assert_true (handled);
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "backups");

  /* A web address is swallowed, never opened. */
  g_clear_pointer (&labels, g_ptr_array_unref);
  labels = page_labels (win);
  handled = FALSE;
  g_signal_emit_by_name (g_ptr_array_index (labels, 1), "activate-link", "https://example.org/", &handled);
  spin ();
  g_assert_true (handled);
  g_assert_cmpstr (amparo_help_window_get_topic (win), ==, "backups");
  gtk_window_destroy (GTK_WINDOW (win));
}

static guint
count_help_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (AMPARO_IS_HELP_WINDOW (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        n++;
    }
  return n;
}

/* amparo_help_show() reuses one window and turns it to the asked topic. */
static void
test_show_reuses_window (void)
{
  GListModel *toplevels;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpuint (count_help_windows (), ==, 0);
  amparo_help_show (NULL, "locking");
  spin ();
  g_assert_cmpuint (count_help_windows (), ==, 1);
  amparo_help_show (NULL, "import");
  amparo_help_show (NULL, NULL);
  spin ();
  g_assert_cmpuint (count_help_windows (), ==, 1);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (AMPARO_IS_HELP_WINDOW (item))
        {
          g_assert_cmpstr (amparo_help_window_get_topic (AMPARO_HELP_WINDOW (item)), ==, "import");
          gtk_window_destroy (GTK_WINDOW (item));
        }
    }
  spin ();
  g_assert_cmpuint (count_help_windows (), ==, 0);

  /* After closing, a new one opens. */
  amparo_help_show (NULL, "roles");
  spin ();
  g_assert_cmpuint (count_help_windows (), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  /* gtk_test_init aborts without a display. */
  have_display = g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
  if (have_display)
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
    }
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/help-window/resources-same-topics", test_resources_same_topics);
  g_test_add_func ("/help-window/opens-in-english", test_opens_in_english);
  g_test_add_func ("/help-window/renders-topic", test_renders_topic);
  g_test_add_func ("/help-window/spanish", test_spanish);
  g_test_add_func ("/help-window/follows-ui-language", test_follows_ui_language);
  g_test_add_func ("/help-window/search-filters", test_search_filters);
  g_test_add_func ("/help-window/links", test_links);
  g_test_add_func ("/help-window/show-reuses-window", test_show_reuses_window);

  return g_test_run ();
}
