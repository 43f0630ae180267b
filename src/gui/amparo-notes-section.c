/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoNotesSection"

#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-gui-util.h"
#include "amparo-notes-section.h"
#include "amparo-vault.h"

/* Case notes: narratives, kept in the identifying store. Built only for
 * roles that may see it. Notes are added, never edited: the record shows
 * what was written when. Note text is shown in plain labels (never
 * markup) and cannot be selected, so it does not end up on the clipboard. */

struct _AmparoNotesSection
{
  AdwPreferencesPage  parent_instance;

  AmparoVault        *vault;
  AmparoCase         *kase;

  GtkTextView        *note_view;
  GtkListBox         *notes_list;
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoNotesSection, amparo_notes_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

static GtkWidget *
note_row (const AmparoNote *n)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *meta, *body;
  g_autofree char *when = amparo_gui_format_date (n->created);
  /* Translators: when a note was written and by which staff account */
  g_autofree char *meta_text = g_strdup_printf (_("%s · %s"), when, n->author);

  meta = gtk_label_new (meta_text);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  body = gtk_label_new (n->body);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), meta);
  gtk_box_append (GTK_BOX (box), body);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
amparo_notes_section_refresh (AmparoCaseSection *section,
                              AmparoCase        *kase)
{
  AmparoNotesSection *self = AMPARO_NOTES_SECTION (section);
  GPtrArray *notes = amparo_case_get_notes (kase);

  g_return_if_fail (notes != NULL);

  amparo_gui_list_box_clear (self->notes_list);
  for (guint i = 0; i < notes->len; i++)
    gtk_list_box_append (self->notes_list, note_row (g_ptr_array_index (notes, i)));
  if (notes->len == 0)
    gtk_list_box_append (self->notes_list, amparo_gui_empty_row (_("No notes yet")));
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_notes_section_refresh;
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AmparoNotesSection *self = AMPARO_NOTES_SECTION (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (amparo_case_add_note (self->vault, amparo_case_get_id (self->kase), text, &error) == 0)
    {
      amparo_gui_error (widget, error);
      return;
    }
  gtk_text_buffer_set_text (buffer, "", -1);
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), self->kase);
}

static void
amparo_notes_section_dispose (GObject *object)
{
  AmparoNotesSection *self = AMPARO_NOTES_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (amparo_notes_section_parent_class)->dispose (object);
}

static void
amparo_notes_section_class_init (AmparoNotesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_notes_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-notes-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoNotesSection, note_view);
  gtk_widget_class_bind_template_child (widget_class, AmparoNotesSection, notes_list);

  gtk_widget_class_install_action (widget_class, "notes.add", NULL, add_action_cb);
}

static void
amparo_notes_section_init (AmparoNotesSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "notes-section");
}

/**
 * amparo_notes_section_new:
 *
 * Only for roles that may see the identifying store.
 */
GtkWidget *
amparo_notes_section_new (AmparoVault *vault,
                          AmparoCase  *kase)
{
  AmparoNotesSection *self;

  g_return_val_if_fail (amparo_case_get_notes (kase) != NULL, NULL);

  self = g_object_new (AMPARO_TYPE_NOTES_SECTION, NULL);
  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}
