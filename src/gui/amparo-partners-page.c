/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPartnersPage"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-gui-util.h"
#include "amparo-partner-dialog.h"
#include "amparo-partners-page.h"
#include "amparo-partners.h"
#include "amparo-window.h"

/* The partner directory, for advocates and supervisors: search as you
 * type, each partner's tier and whether its agreement is due for review;
 * add, change and remove partners; hand the directory to another agency
 * as a file and take theirs in. The directory holds organisations only,
 * never client data. A directory file that fails the core's strict
 * checks is refused whole, with the reason, and nothing changes. */

/* An agreement counts as due this long before its review date. */
#define REVIEW_WARNING_DAYS 30

struct _AmparoPartnersPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkSearchEntry  *search_entry;
  GtkLabel        *summary_label;
  GtkListBox      *list;
  GtkWidget       *placeholder;

  AmparoVault     *vault;
  char            *search;          /* casefolded */
  guint            n_partners;
};

G_DEFINE_FINAL_TYPE (AmparoPartnersPage, amparo_partners_page, ADW_TYPE_BIN)

/* A page or section disposed on lock may still get a late callback. */
static gboolean
vault_gone (AmparoVault *vault)
{
  return vault == NULL || amparo_vault_is_locked (vault);
}

/* ------------------------------------------------------------ helpers */

static void
toast (AmparoPartnersPage *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static GtkWindow *
parent_window (AmparoPartnersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Dialogs close when the vault locks. */
static void
track (AmparoPartnersPage *self,
       GtkWidget          *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (AMPARO_IS_WINDOW (root))
    amparo_window_track_dialog (AMPARO_WINDOW (root), GTK_WINDOW (dialog));
}

static char *
fold (const char *text)
{
  g_autofree char *norm = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (norm != NULL ? norm : "", -1);
}

static GtkWidget *
badge (const char *text,
       const char *css_class,
       const char *tooltip)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "badge");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
  return label;
}

static void
append_part (GString    *s,
             const char *label,
             const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  if (s->len > 0)
    g_string_append (s, " · ");
  /* Translators: a field of a partner in the directory list: "Hours: Mon–Fri 9–5" */
  g_string_append_printf (s, _("%s: %s"), label, value);
}

static void edit_clicked_cb   (GtkButton *button, AmparoPartnersPage *self);
static void remove_clicked_cb (GtkButton *button, AmparoPartnersPage *self);

static GtkWidget *
partner_row (AmparoPartnersPage  *self,
             const AmparoPartner *p,
             gboolean             review_due)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autoptr(GString) subtitle = g_string_new (amparo_code_label ("sector", p->sector));
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *tier = NULL;
  g_autofree char *edit_label = NULL;
  g_autofree char *remove_label = NULL;
  g_autofree char *haystack = NULL;

  append_part (details, _("Services"), p->services);
  append_part (details, _("Languages"), p->languages);
  append_part (details, _("Hours"), p->hours);
  append_part (details, _("Contact"), p->channels);
  if (details->len > 0)
    g_string_append_printf (subtitle, "\n%s", details->str);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (review_due)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               badge (_("Agreement review due"), "alert-release",
                                      p->next_review != NULL
                                        ? NULL
                                        : _("No signed agreement is recorded for this tier")));
  /* Translators: a partner's participation tier, 1 to 4, as a short badge */
  tier = g_strdup_printf (_("Tier %d"), p->tier);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             badge (tier, NULL, amparo_partner_tier_label (p->tier)));

  /* Translators: %s is a partner organisation's name */
  edit_label = g_strdup_printf (_("Change %s"), p->name);
  remove_label = g_strdup_printf (_("Remove %s"), p->name);
  gtk_widget_set_tooltip_text (edit, _("Change Partner"));
  gtk_widget_set_tooltip_text (remove, _("Remove Partner"));
  amparo_gui_set_label (edit, edit_label);
  amparo_gui_set_label (remove, remove_label);
  for (GtkWidget *w = edit; w != NULL; w = w == edit ? remove : NULL)
    {
      gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (w, "flat");
      g_object_set_data_full (G_OBJECT (w), "amparo-partner-id",
                              g_memdup2 (&p->id, sizeof p->id), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), w);
    }
  g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  haystack = g_strjoin ("\n", p->name, amparo_code_label ("sector", p->sector),
                        p->services != NULL ? p->services : "",
                        p->languages != NULL ? p->languages : "",
                        p->eligibility != NULL ? p->eligibility : "", NULL);
  g_object_set_data_full (G_OBJECT (row), "amparo-search", fold (haystack), g_free);
  g_object_set_data_full (G_OBJECT (row), "amparo-partner-id",
                          g_memdup2 (&p->id, sizeof p->id), g_free);
  return row;
}

static gint64
widget_partner_id (gpointer widget)
{
  gint64 *id = g_object_get_data (G_OBJECT (widget), "amparo-partner-id");

  return id != NULL ? *id : 0;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  AmparoPartnersPage *self = user_data;
  const char *haystack = g_object_get_data (G_OBJECT (row), "amparo-search");

  if (self->search == NULL || *self->search == '\0' || haystack == NULL)
    return TRUE;
  return strstr (haystack, self->search) != NULL;
}

/* ----------------------------------------------------- edit and remove */

static void
partner_saved_cb (AmparoPartnerDialog *dialog,
                  gint64               id,
                  AmparoPartnersPage  *self)
{
  amparo_partners_page_reload (self);
  toast (self, _("Partner saved"));
}

static void
open_dialog (AmparoPartnersPage  *self,
             const AmparoPartner *partner)
{
  GtkWidget *dialog = amparo_partner_dialog_new (parent_window (self), self->vault, partner);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (partner_saved_cb), self, 0);
  track (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_partner (AmparoPartnersPage *self,
              gint64              id)
{
  g_autoptr(AmparoPartner) partner = NULL;
  g_autoptr(GError) error = NULL;

  if (id <= 0 || vault_gone (self->vault))
    return;
  partner = amparo_partners_get (self->vault, id, &error);
  if (partner == NULL)
    {
      toast (self, error->message);
      return;
    }
  open_dialog (self, partner);
}

static void
edit_clicked_cb (GtkButton          *button,
                 AmparoPartnersPage *self)
{
  edit_partner (self, widget_partner_id (button));
}

static void
row_activated_cb (AmparoPartnersPage *self,
                  GtkListBoxRow      *row)
{
  edit_partner (self, widget_partner_id (row));
}

static void
remove_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    AmparoPartnersPage *self)
{
  gint64 id = widget_partner_id (dialog);
  gboolean retired = FALSE;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || vault_gone (self->vault))
    return;
  if (!amparo_partners_remove (self->vault, id, &retired, &error))
    {
      toast (self, error->message);
      return;
    }
  amparo_partners_page_reload (self);
  toast (self, retired ? _("Partner retired: it stays in the records of what was shared with it")
                       : _("Partner removed"));
}

static void
remove_clicked_cb (GtkButton          *button,
                   AmparoPartnersPage *self)
{
  gint64 id = widget_partner_id (button);
  g_autoptr(AmparoPartner) partner = amparo_partners_get (self->vault, id, NULL);
  GtkWidget *dialog;

  if (partner == NULL)
    return;
  dialog = adw_message_dialog_new (parent_window (self), _("Remove Partner?"), NULL);
  /* Translators: %s is a partner organisation's name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” leaves the directory. If releases, referrals or "
                                    "disclosures mention it, it is kept as retired so the "
                                    "record of what was shared stays whole."), partner->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "amparo-partner-id",
                          g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  track (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------- files and search */

static void
show_import_error (AmparoPartnersPage *self,
                   const GError       *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self),
                                              _("This Directory File Was Not Imported"), NULL);

  /* Translators: %s says what is wrong with the file */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s\n\nNothing in your directory was changed."),
                                  error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "partners-import-error");
  track (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_response_cb (GtkNativeDialog    *chooser,
                    int                 response,
                    AmparoPartnersPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !vault_gone (self->vault))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      amparo_partners_page_import_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static GtkFileFilter *
directory_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Partner directory files"));
  gtk_file_filter_add_pattern (filter, "*.ampd");
  return filter;
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AmparoPartnersPage *self = AMPARO_PARTNERS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = directory_filter ();

  chooser = gtk_file_chooser_native_new (_("Import Partner Directory"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_response_cb (GtkNativeDialog    *chooser,
                    int                 response,
                    AmparoPartnersPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !vault_gone (self->vault))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      amparo_partners_page_export_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AmparoPartnersPage *self = AMPARO_PARTNERS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = directory_filter ();

  chooser = gtk_file_chooser_native_new (_("Export Partner Directory"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* the file name says what it is and nothing about anyone */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "partner-directory.ampd");
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (AMPARO_PARTNERS_PAGE (widget), NULL);
}

static void
search_changed_cb (AmparoPartnersPage *self)
{
  g_free (self->search);
  self->search = fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_list_box_invalidate_filter (self->list);
}

/* ------------------------------------------------------------ GObject */

static void
amparo_partners_page_dispose (GObject *object)
{
  AmparoPartnersPage *self = AMPARO_PARTNERS_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_PARTNERS_PAGE);
  g_clear_pointer (&self->search, g_free);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_partners_page_parent_class)->dispose (object);
}

static void
amparo_partners_page_class_init (AmparoPartnersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_partners_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-partners-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnersPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnersPage, list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "partners.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "partners.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "partners.export", NULL, export_action_cb);
}

static void
amparo_partners_page_init (AmparoPartnersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "partners-page");
  amparo_gui_set_label (GTK_WIDGET (self->search_entry), _("Search partners"));
  self->placeholder = amparo_gui_empty_row (_("No partner matches the search"));
  gtk_list_box_set_placeholder (self->list, self->placeholder);
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
}

/* --------------------------------------------------------- public API */

/**
 * amparo_partners_page_new:
 *
 * Returns: (transfer floating): the Partners page; advocates and
 *   supervisors only
 */
GtkWidget *
amparo_partners_page_new (AmparoVault *vault)
{
  AmparoPartnersPage *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_PARTNERS_PAGE, NULL);
  self->vault = g_object_ref (vault);
  amparo_partners_page_reload (self);
  return GTK_WIDGET (self);
}

void
amparo_partners_page_reload (AmparoPartnersPage *self)
{
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GHashTable) due_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *summary = NULL;

  g_return_if_fail (AMPARO_IS_PARTNERS_PAGE (self));

  amparo_gui_list_box_clear (self->list);
  self->n_partners = 0;
  if (vault_gone (self->vault))
    return;

  partners = amparo_partners_list (self->vault, FALSE, &error);
  if (partners != NULL)
    due = amparo_partners_review_due (self->vault, today, REVIEW_WARNING_DAYS, &error);
  if (partners == NULL || due == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  for (guint i = 0; i < due->len; i++)
    {
      const AmparoPartner *p = g_ptr_array_index (due, i);
      g_hash_table_add (due_ids, g_memdup2 (&p->id, sizeof p->id));
    }
  for (guint i = 0; i < partners->len; i++)
    {
      const AmparoPartner *p = g_ptr_array_index (partners, i);

      gtk_list_box_append (self->list,
                           partner_row (self, p, g_hash_table_contains (due_ids, &p->id)));
    }
  self->n_partners = partners->len;

  if (partners->len == 0)
    summary = g_strdup (_("No partners yet. Add the agencies you refer to, or import a "
                          "directory file another agency gave you."));
  else if (due->len > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u partner",
                                                             "%u partners", partners->len),
                                                partners->len);
      g_autofree char *reviews = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u agreement due for review",
                                                               "%u agreements due for review",
                                                               due->len), due->len);

      /* Translators: "26 partners" and "3 agreements due for review" */
      summary = g_strdup_printf (_("%s; %s"), count, reviews);
    }
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners",
                                            partners->len), partners->len);
  gtk_label_set_text (self->summary_label, summary);
}

/**
 * amparo_partners_page_get_n_shown:
 *
 * Returns: how many partners the search leaves visible
 */
guint
amparo_partners_page_get_n_shown (AmparoPartnersPage *self)
{
  guint n = 0;

  g_return_val_if_fail (AMPARO_IS_PARTNERS_PAGE (self), 0);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c) && c != self->placeholder && widget_partner_id (c) > 0
        && filter_row (GTK_LIST_BOX_ROW (c), self))
      n++;
  return n;
}

void
amparo_partners_page_set_search (AmparoPartnersPage *self,
                                 const char         *text)
{
  g_return_if_fail (AMPARO_IS_PARTNERS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  search_changed_cb (self);
}

/**
 * amparo_partners_page_import_file:
 *
 * Imports a directory file. A file the core refuses changes nothing; the
 * reason is shown in a dialog.
 *
 * Returns: whether the file was imported
 */
gboolean
amparo_partners_page_import_file (AmparoPartnersPage *self,
                                  GFile              *file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 0, updated = 0;

  g_return_val_if_fail (AMPARO_IS_PARTNERS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Choose a file on this computer or on a USB drive"));
  else
    amparo_partners_import (self->vault, path, &added, &updated, &error);
  if (error != NULL)
    {
      show_import_error (self, error);
      return FALSE;
    }
  amparo_partners_page_reload (self);
  /* Translators: the result of importing a partner directory file */
  text = g_strdup_printf (_("Directory imported: %u added, %u updated"), added, updated);
  toast (self, text);
  return TRUE;
}

/**
 * amparo_partners_page_export_file:
 *
 * Returns: whether the directory was written to @file
 */
gboolean
amparo_partners_page_export_file (AmparoPartnersPage *self,
                                  GFile              *file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_return_val_if_fail (AMPARO_IS_PARTNERS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Choose a file on this computer or on a USB drive"));
      return FALSE;
    }
  if (!amparo_partners_export (self->vault, path, &count, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Directory exported: %u partner",
                                       "Directory exported: %u partners", count), count);
  toast (self, text);
  return TRUE;
}
