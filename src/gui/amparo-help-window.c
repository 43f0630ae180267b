/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoHelpWindow"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-help-doc.h"
#include "amparo-help-window.h"
#include "amparo-resources.h"

#define HELP_RESOURCE_PATH "/org/amparo/Amparo/help"

struct _AmparoHelpWindow
{
  AdwWindow          parent_instance;

  GtkSearchEntry    *search_entry;
  GtkListBox        *topic_list;
  GtkScrolledWindow *page_scroller;
  GtkBox            *page_box;
  AdwToastOverlay   *toast_overlay;

  char              *language;
  char              *topic;
  GHashTable        *docs;          /* topic id → AmparoHelpDoc */
  GFile             *copy_source;   /* the file a save dialog is copying */
};

G_DEFINE_FINAL_TYPE (AmparoHelpWindow, amparo_help_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_TOPIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The one window amparo_help_show() reuses. */
static AmparoHelpWindow *shared_window;

/* ------------------------------------------------------------ helpers */

static AmparoHelpDoc *
load_doc (const char *language,
          const char *topic)
{
  g_autofree char *path = g_strdup_printf (HELP_RESOURCE_PATH "/%s/%s.txt", language, topic);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AmparoHelpDoc *doc;
  gsize len;
  const char *data;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_warning ("Guide topic %s/%s is missing: %s", language, topic, error->message);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &len);
  doc = amparo_help_doc_parse (data, len, &error);
  if (doc == NULL)
    g_warning ("Guide topic %s/%s does not parse: %s", language, topic, error->message);
  return doc;
}

static gboolean label_activate_link_cb (AmparoHelpWindow *self,
                                        const char       *uri,
                                        GtkLabel         *label);

/* @level: 0 for body text, else the heading level screen readers announce */
static GtkWidget *
page_label (AmparoHelpWindow *self,
            const char       *markup,
            const char       *css_class,
            int               level)
{
  GtkWidget *label;

  if (level > 0)
    {
      label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, level, -1);
    }
  else
    label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  g_signal_connect_object (label, "activate-link", G_CALLBACK (label_activate_link_cb), self,
                           G_CONNECT_SWAPPED);
  return label;
}

static void
clear_page (AmparoHelpWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box))) != NULL)
    gtk_box_remove (self->page_box, child);
}

static void
render_doc (AmparoHelpWindow    *self,
            const AmparoHelpDoc *doc)
{
  g_autofree char *title = amparo_help_doc_get_title_markup (doc);
  GtkWidget *bullets = NULL;
  GtkAdjustment *adjustment;

  clear_page (self);
  gtk_box_append (self->page_box, page_label (self, title, "title-1", 1));

  for (guint i = 0; i < amparo_help_doc_get_n_blocks (doc); i++)
    {
      const AmparoHelpBlock *block = amparo_help_doc_get_block (doc, i);
      GtkWidget *label;

      /* Consecutive bullets share a tighter box of their own. */
      if (block->kind != AMPARO_HELP_BLOCK_BULLET)
        bullets = NULL;

      switch (block->kind)
        {
        case AMPARO_HELP_BLOCK_HEADING:
          label = page_label (self, block->markup, "title-3", 2);
          gtk_widget_set_margin_top (label, 12);
          gtk_box_append (self->page_box, label);
          break;

        case AMPARO_HELP_BLOCK_PARAGRAPH:
          gtk_box_append (self->page_box, page_label (self, block->markup, NULL, 0));
          break;

        case AMPARO_HELP_BLOCK_BULLET:
          {
            GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
            GtkWidget *mark = gtk_label_new ("•");

            if (bullets == NULL)
              {
                bullets = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
                gtk_widget_set_margin_start (bullets, 6);
                gtk_box_append (self->page_box, bullets);
              }
            /* The mark sits on the first line's baseline, whatever its font. */
            label = page_label (self, block->markup, NULL, 0);
            gtk_widget_set_valign (mark, GTK_ALIGN_BASELINE);
            gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
            gtk_box_set_baseline_position (GTK_BOX (row), GTK_BASELINE_POSITION_TOP);
            gtk_box_append (GTK_BOX (row), mark);
            gtk_box_append (GTK_BOX (row), label);
            gtk_box_append (GTK_BOX (bullets), row);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  adjustment = gtk_scrolled_window_get_vadjustment (self->page_scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
render_missing (AmparoHelpWindow *self)
{
  g_autofree char *markup = g_markup_escape_text (_("This topic could not be shown."), -1);

  clear_page (self);
  gtk_box_append (self->page_box, page_label (self, markup, NULL, 0));
}

static GtkListBoxRow *
find_row (AmparoHelpWindow *self,
          const char       *topic)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->topic_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "topic-id"), topic) == 0)
      return row;
  return NULL;
}

static gboolean
row_matches (AmparoHelpWindow *self,
             GtkListBoxRow    *row)
{
  const char *topic = g_object_get_data (G_OBJECT (row), "topic-id");
  const AmparoHelpDoc *doc = g_hash_table_lookup (self->docs, topic);

  return doc != NULL
         && amparo_help_doc_matches (doc, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static gboolean
topic_row_filter (GtkListBoxRow *row,
                  gpointer       user_data)
{
  return row_matches (AMPARO_HELP_WINDOW (user_data), row);
}

static void
build_topic_list (AmparoHelpWindow *self)
{
  const char * const *topics = amparo_help_topics ();
  GtkWidget *placeholder;

  for (guint i = 0; topics[i] != NULL; i++)
    {
      AmparoHelpDoc *doc = load_doc (self->language, topics[i]);
      GtkWidget *row, *label;

      if (doc == NULL)
        continue;
      g_hash_table_insert (self->docs, (char *) topics[i], doc);

      label = gtk_label_new (amparo_help_doc_get_title (doc));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "topic-id", (char *) topics[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, amparo_help_doc_get_title (doc),
                                      -1);
      gtk_list_box_append (self->topic_list, row);
    }

  placeholder = gtk_label_new (_("No topic has all these words."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_valign (placeholder, GTK_ALIGN_START);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->topic_list, placeholder);
  gtk_list_box_set_filter_func (self->topic_list, topic_row_filter, self, NULL);
}

static GFile *
installed_data_file (const char *name)
{
  /* Installed next to the CSV templates; a build run from the source tree
   * finds them in data/. */
  const char *const dirs[] = { PKGDATADIR, SOURCE_DATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_file_new_for_path (path);
    }
  return NULL;
}

static void
toast (AmparoHelpWindow *self,
       const char       *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* ---------------------------------------------------------- callbacks */

static void
copy_finished_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AmparoHelpWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_copy_finish (G_FILE (source), result, &error))
    toast (self, _("Copy saved"));
  else
    toast (self, _("The copy could not be saved. Check that the drive has room and is not "
                   "write-protected."));
}

static void
save_dialog_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         gpointer         user_data)
{
  AmparoHelpWindow *self = AMPARO_HELP_WINDOW (user_data);
  g_autoptr(GFile) source = g_steal_pointer (&self->copy_source);

  if (response == GTK_RESPONSE_ACCEPT && source != NULL)
    {
      g_autoptr(GFile) dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      /* The chooser already asked before replacing a file. */
      g_file_copy_async (source, dest, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, NULL, NULL,
                         NULL, copy_finished_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_copy (AmparoHelpWindow *self,
           const char       *name)
{
  g_autoptr(GFile) source = installed_data_file (name);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());
  GtkFileChooserNative *dialog;

  if (source == NULL)
    {
      toast (self, _("This file was not installed with Amparo."));
      return;
    }

  g_set_object (&self->copy_source, source);
  dialog = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_dialog_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
label_activate_link_cb (AmparoHelpWindow *self,
                        const char       *uri,
                        GtkLabel         *label)
{
  if (g_str_has_prefix (uri, "topic:"))
    amparo_help_window_set_topic (self, uri + strlen ("topic:"));
  else if (g_str_has_prefix (uri, "data:"))
    save_copy (self, uri + strlen ("data:"));

  /* Nothing else is ever opened: the guide has no web links. */
  return TRUE;
}

static void
topic_list_row_selected_cb (AmparoHelpWindow *self,
                            GtkListBoxRow    *row)
{
  const char *topic;
  const AmparoHelpDoc *doc;

  if (row == NULL)
    return;
  topic = g_object_get_data (G_OBJECT (row), "topic-id");
  if (g_strcmp0 (topic, self->topic) == 0)
    return;

  g_free (self->topic);
  self->topic = g_strdup (topic);
  doc = g_hash_table_lookup (self->docs, topic);
  if (doc != NULL)
    render_doc (self, doc);
  else
    render_missing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC]);
}

static void
search_entry_search_changed_cb (AmparoHelpWindow *self)
{
  gtk_list_box_invalidate_filter (self->topic_list);
}

static void
search_entry_activate_cb (AmparoHelpWindow *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->topic_list, i)) != NULL; i++)
    if (row_matches (self, row))
      {
        gtk_list_box_select_row (self->topic_list, row);
        return;
      }
}

static void
search_entry_stop_search_cb (AmparoHelpWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
focus_search_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AmparoHelpWindow *self = AMPARO_HELP_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------- GObject overrides */

static void
amparo_help_window_constructed (GObject *object)
{
  AmparoHelpWindow *self = AMPARO_HELP_WINDOW (object);
  GtkListBoxRow *first;

  G_OBJECT_CLASS (amparo_help_window_parent_class)->constructed (object);

  if (self->language == NULL)
    self->language = g_strdup (amparo_help_language_for (g_get_language_names ()));
  build_topic_list (self);

  first = gtk_list_box_get_row_at_index (self->topic_list, 0);
  if (first != NULL)
    gtk_list_box_select_row (self->topic_list, first);
  gtk_window_set_focus (GTK_WINDOW (self), first != NULL ? GTK_WIDGET (first) : NULL);
}

static void
amparo_help_window_finalize (GObject *object)
{
  AmparoHelpWindow *self = AMPARO_HELP_WINDOW (object);

  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->topic, g_free);
  g_clear_pointer (&self->docs, g_hash_table_unref);
  g_clear_object (&self->copy_source);

  G_OBJECT_CLASS (amparo_help_window_parent_class)->finalize (object);
}

static void
amparo_help_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AmparoHelpWindow *self = AMPARO_HELP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_help_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AmparoHelpWindow *self = AMPARO_HELP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      {
        const char *lang = g_value_get_string (value);
        const char *names[] = { lang, NULL };

        /* Construct-only: accepts "es", "es_MX.UTF-8" and the like. */
        g_clear_pointer (&self->language, g_free);
        if (lang != NULL)
          self->language = g_strdup (amparo_help_language_for (names));
      }
      break;
    case PROP_TOPIC:
      amparo_help_window_set_topic (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_help_window_class_init (AmparoHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = amparo_help_window_constructed;
  object_class->finalize = amparo_help_window_finalize;
  object_class->get_property = amparo_help_window_get_property;
  object_class->set_property = amparo_help_window_set_property;

  /**
   * AmparoHelpWindow:language:
   *
   * The guide's language, "en" or "es"; %NULL at construction follows
   * the interface's language.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AmparoHelpWindow:topic:
   *
   * The id of the topic shown, one of amparo_help_topics().
   */
  properties[PROP_TOPIC] =
    g_param_spec_string ("topic", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the bundle links it into every program using this class;
   * its constructor registers it. */
  (void) amparo_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoHelpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AmparoHelpWindow, topic_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoHelpWindow, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, AmparoHelpWindow, page_box);
  gtk_widget_class_bind_template_child (widget_class, AmparoHelpWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, topic_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "help.focus-search", NULL, focus_search_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "help.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
amparo_help_window_init (AmparoHelpWindow *self)
{
  self->docs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) amparo_help_doc_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/* --------------------------------------------------------- public API */

/**
 * amparo_help_window_new:
 * @parent: (nullable): the window asking for help; the guide closes with it
 * @lang: (nullable): "en" or "es"; %NULL follows the interface's language
 * @topic: (nullable): a topic id from amparo_help_topics(); %NULL shows the first
 *
 * Returns: (transfer none): a new guide window, not yet shown; GTK owns
 *   it until it is closed
 */
AmparoHelpWindow *
amparo_help_window_new (GtkWindow  *parent,
                        const char *lang,
                        const char *topic)
{
  AmparoHelpWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (AMPARO_TYPE_HELP_WINDOW, "language", lang, NULL);
  if (topic != NULL)
    amparo_help_window_set_topic (self, topic);

  if (parent != NULL)
    {
      GtkApplication *app = gtk_window_get_application (parent);

      /* Not transient: staff read the guide beside the case they work on. */
      if (app != NULL)
        gtk_window_set_application (GTK_WINDOW (self), app);
      g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), self,
                               G_CONNECT_SWAPPED);
    }
  return self;
}

const char *
amparo_help_window_get_language (AmparoHelpWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_HELP_WINDOW (self), NULL);
  return self->language;
}

const char *
amparo_help_window_get_topic (AmparoHelpWindow *self)
{
  g_return_val_if_fail (AMPARO_IS_HELP_WINDOW (self), NULL);
  return self->topic;
}

/**
 * amparo_help_window_set_topic:
 * @topic: a topic id from amparo_help_topics()
 *
 * Shows @topic, clearing a search that hides it.
 *
 * Returns: %FALSE when there is no such topic
 */
gboolean
amparo_help_window_set_topic (AmparoHelpWindow *self,
                              const char       *topic)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (AMPARO_IS_HELP_WINDOW (self), FALSE);

  row = topic != NULL ? find_row (self, topic) : NULL;
  if (row == NULL)
    return FALSE;
  if (!row_matches (self, row))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_list_box_select_row (self->topic_list, row);
  return TRUE;
}

/**
 * amparo_help_show:
 * @parent: (nullable): the window asking for help
 * @topic: (nullable): a topic id, or %NULL to open the guide where it was
 *
 * Opens the user guide in the interface's language, reusing the guide
 * window when one is open. For `app.help` and F1.
 */
void
amparo_help_show (GtkWindow  *parent,
                  const char *topic)
{
  if (shared_window == NULL)
    {
      shared_window = amparo_help_window_new (parent, NULL, topic);
      g_object_add_weak_pointer (G_OBJECT (shared_window), (gpointer *) &shared_window);
    }
  else if (topic != NULL)
    amparo_help_window_set_topic (shared_window, topic);
  gtk_window_present (GTK_WINDOW (shared_window));
}
