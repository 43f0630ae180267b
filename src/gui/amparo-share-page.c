/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSharePage"

#include <glib/gi18n.h>

#include "amparo-card.h"
#include "amparo-gui-util.h"
#include "amparo-period-picker.h"
#include "amparo-share-page.h"
#include "amparo-share.h"
#include "amparo-window.h"

/* Sharing the agency's summary with the coalition (DESIGN 5.2): the
 * trusted coordinator and its fingerprint, the period (of the kind the
 * agreement sets), the preview in plain words — exactly what leaves —
 * then a folder, a write that is read back, and only then “Safe to remove
 * the USB stick”. Every role may share (the summary holds suppressed
 * counts only); trusting a coordinator's card is for supervisors. */

struct _AmparoSharePage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwActionRow       *coordinator_row;
  GtkButton          *trust_button;
  AdwActionRow       *period_row;
  GtkSpinner         *spinner;
  GtkLabel           *preview_label;
  GtkButton          *export_button;
  GtkProgressBar     *progress_bar;
  GtkBox             *status_box;
  GtkImage           *status_icon;
  GtkLabel           *status_title;
  GtkLabel           *status_detail;
  GtkListBox         *history_list;

  AmparoVault        *vault;
  AmparoPeriodPicker *picker;
  GCancellable       *preview_cancellable;
  gboolean            has_coordinator;
  gboolean            preview_ok;
  gboolean            loaded;
  guint               busy;
  guint               pulse_id;
  AmparoShareState    state;
  char               *written_path;
};

G_DEFINE_FINAL_TYPE (AmparoSharePage, amparo_share_page, ADW_TYPE_BIN)

static void
toast (AmparoSharePage *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
update_sensitivity (AmparoSharePage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            self->busy == 0 && self->has_coordinator && self->preview_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->picker), self->state != AMPARO_SHARE_STATE_WRITING);
}

static void
set_busy (AmparoSharePage *self,
          gboolean         busy)
{
  self->busy = busy ? self->busy + 1 : self->busy - 1;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  update_sensitivity (self);
}

static gboolean
focus_status_cb (gpointer data)
{
  AmparoSharePage *self = data;

  GtkWidget *box = GTK_WIDGET (self->status_box);
  GtkWidget *scrolled;
  double x = 0, y = 0;

  if (box == NULL || !gtk_widget_get_visible (box))
    return G_SOURCE_REMOVE;
  gtk_widget_grab_focus (GTK_WIDGET (self->status_title));
  scrolled = gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL
      && gtk_widget_translate_coordinates (box, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           0, gtk_widget_get_height (box), &x, &y))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double bottom = y + 18;

      if (bottom > gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj))
        gtk_adjustment_set_value (adj, bottom - gtk_adjustment_get_page_size (adj));
    }
  return G_SOURCE_REMOVE;
}

static void
set_status (AmparoSharePage  *self,
            AmparoShareState  state,
            const char       *icon,
            const char       *title,
            const char       *detail)
{
  self->state = state;
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), title != NULL);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_label_set_label (self->status_title, title != NULL ? title : "");
  gtk_label_set_label (self->status_detail, detail != NULL ? detail : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_title), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_title), "error");
  if (state == AMPARO_SHARE_STATE_SAFE)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_title), "success");
  else if (state == AMPARO_SHARE_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_title), "error");
  update_sensitivity (self);
  /* the outcome gets the focus: it scrolls into view, and a screen
   * reader says it */
  if (state == AMPARO_SHARE_STATE_SAFE || state == AMPARO_SHARE_STATE_FAILED)
    g_timeout_add_full (G_PRIORITY_LOW, 150, focus_status_cb, g_object_ref (self), g_object_unref);
}

/* ------------------------------------------------------------ coordinator */

static void
load_coordinator (AmparoSharePage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *fingerprint = NULL;
  gboolean supervisor = amparo_vault_get_role (self->vault) == AMPARO_ROLE_SUPERVISOR;

  self->has_coordinator = amparo_share_get_coordinator (self->vault, &name, &fingerprint, NULL);
  if (self->has_coordinator)
    {
      /* Translators: %s is a fingerprint: groups of letters and digits to read aloud */
      g_autofree char *subtitle = g_strdup_printf (_("Fingerprint: %s"), fingerprint);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->coordinator_row), name);
      adw_action_row_set_subtitle (self->coordinator_row, subtitle);
      gtk_button_set_label (self->trust_button, _("_Replace Card…"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->coordinator_row),
                                     _("No coordinator trusted yet"));
      adw_action_row_set_subtitle (self->coordinator_row,
                                   supervisor ? _("Add the card your coordinator gave you "
                                                  "(a .ampc file).")
                                              : _("A supervisor adds the coordinator’s card."));
      gtk_button_set_label (self->trust_button, _("_Add Card…"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->trust_button), supervisor);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   AmparoSharePage  *self)
{
  GBytes *bytes = g_object_get_data (G_OBJECT (dialog), "amparo-card");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "trust") != 0 || amparo_vault_is_locked (self->vault))
    return;
  if (!amparo_share_trust_card (self->vault, bytes, NULL, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Coordinator trusted"));
  amparo_share_page_reload (self);
}

static void
card_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AmparoSharePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *fingerprint = NULL;
  GtkWidget *dialog;
  GtkRoot *root;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      toast (self, error->message);
      return;
    }
  bytes = g_bytes_new_take (contents, length);
  if (length > AMPARO_CARD_MAX_SIZE)
    {
      toast (self, _("This file is too large to be a card"));
      return;
    }
  card = amparo_card_from_bytes (bytes, &error);
  if (card == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (card->kind != AMPARO_CARD_KIND_COORDINATOR)
    {
      toast (self, _("This is an agency’s card; an agency trusts a coordinator’s card"));
      return;
    }
  fingerprint = amparo_card_fingerprint (card);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Trust This Coordinator?"), NULL);
  /* Translators: %s are the coordinator's name and the card's fingerprint */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Coordinator: %s\n\nFingerprint:\n%s\n\nAsk the coordinator "
                                    "to read their fingerprint aloud, by phone or in person. "
                                    "Trust the card only if every group matches; summaries will "
                                    "be sealed so that only they can open them."),
                                  card->name, fingerprint);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("It Matches: _Trust"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "amparo-card", g_bytes_ref (bytes),
                          (GDestroyNotify) g_bytes_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  if (AMPARO_IS_WINDOW (root))
    amparo_window_track_dialog (AMPARO_WINDOW (root), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * amparo_share_page_open_card:
 * @file: a coordinator card (`.ampc`)
 *
 * Reads @file and asks, showing its fingerprint to compare with the one
 * the coordinator reads aloud, whether to trust it. Nothing is trusted
 * without that confirmation.
 */
void
amparo_share_page_open_card (AmparoSharePage *self,
                             GFile           *file)
{
  g_return_if_fail (AMPARO_IS_SHARE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, NULL, card_loaded_cb, g_object_ref (self));
}

static void
trust_clicked_cb (AmparoSharePage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Coordinator cards"));
  gtk_file_filter_add_pattern (filter, "*.ampc");
  chooser = gtk_file_chooser_native_new (_("Choose the Coordinator’s Card"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  amparo_gui_choose (chooser, self, (AmparoGuiChosenFunc) amparo_share_page_open_card);
}

/* ------------------------------------------------------------ preview */

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AmparoSharePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSharePreview) preview = amparo_share_preview_finish (result, &error);
  g_autofree char *text = NULL;

  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  set_busy (self, FALSE);
  /* a newer preview replaced this one */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->preview_ok = preview != NULL;
  if (preview == NULL)
    {
      gtk_label_set_label (self->preview_label, error->message);
      update_sensitivity (self);
      return;
    }
  text = amparo_share_preview_to_text (preview);
  gtk_label_set_label (self->preview_label, g_strchomp (text));
  update_sensitivity (self);
}

static void
load_preview (AmparoSharePage *self)
{
  g_autofree char *period = amparo_period_picker_dup_period (self->picker);
  g_autoptr(GError) error = NULL;

  if (period == NULL || amparo_vault_is_locked (self->vault))
    return;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_ok = FALSE;
  if (!amparo_share_check_period (self->vault, period, &error))
    {
      gtk_label_set_label (self->preview_label, error->message);
      update_sensitivity (self);
      return;
    }
  self->preview_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->preview_label, _("Counting…"));
  set_busy (self, TRUE);
  self->loaded = TRUE;
  /* previews and exports run on a connection of their own, with their
   * own copy of the signing key: a lock need not wait for them */
  amparo_share_preview_async (self->vault, period, self->preview_cancellable, preview_done_cb,
                              g_object_ref (self));
}

static void
period_changed_cb (AmparoSharePage *self)
{
  /* a new period: the old outcome no longer applies */
  if (self->state != AMPARO_SHARE_STATE_WRITING)
    set_status (self, AMPARO_SHARE_STATE_IDLE, NULL, NULL, NULL);
  load_preview (self);
}

/* ------------------------------------------------------------ history */

static void
load_history (AmparoSharePage *self)
{
  g_autoptr(GPtrArray) items = amparo_share_list_exports (self->vault, NULL);

  amparo_gui_list_box_clear (self->history_list);
  if (items == NULL || items->len == 0)
    {
      gtk_list_box_append (self->history_list,
                           amparo_gui_empty_row (_("No summary has been exported yet.")));
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      const AmparoShareExport *item = g_ptr_array_index (items, i);
      GtkWidget *row = adw_action_row_new ();
      AmparoPeriod period;
      g_autofree char *label = amparo_period_parse (item->period, &period, NULL)
                                 ? amparo_period_get_label (&period) : g_strdup (item->period);
      g_autofree char *title = g_strdup_printf ("%s (%s)", label, item->period);
      g_autofree char *date = amparo_gui_format_date (item->generated);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, item->sequence);
      /* Translators: summary number, the day it was made, and its file name */
      g_autofree char *subtitle = g_strdup_printf (_("Number %s, made on %s — %s"), number, date,
                                                   item->file_name);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->history_list, row);
    }
}

/* ------------------------------------------------------------ export */

static gboolean
pulse_cb (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (data));
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (AmparoSharePage *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AmparoSharePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  amparo_share_export_finish (result, &path, &error);
  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  stop_progress (self);
  set_busy (self, FALSE);
  if (path == NULL)
    {
      g_autofree char *detail =
        g_strdup_printf ("%s\n%s", error->message,
                         _("Nothing was recorded as sent, and no unfinished file was left "
                           "under a summary’s name. Check the stick or folder and try again."));
      set_status (self, AMPARO_SHARE_STATE_FAILED, "dialog-error-symbolic",
                  _("The summary was not written"), detail);
      return;
    }
  g_free (self->written_path);
  self->written_path = g_strdup (path);
  {
    g_autofree char *base = g_path_get_basename (path);
    /* Translators: %s is the file's name, e.g. amparo-2026-Q3-KQWZXRTB.amps */
    g_autofree char *detail = g_strdup_printf (_("The summary was written as “%s”, then read "
                                                 "back and checked. Take it to your "
                                                 "coordinator."), base);
    set_status (self, AMPARO_SHARE_STATE_SAFE, "emblem-ok-symbolic",
                _("Safe to remove the USB stick"), detail);
  }
  load_history (self);
  load_preview (self);
}

/**
 * amparo_share_page_export_to_folder:
 * @folder: where to write: a USB stick, a shared drive
 *
 * Writes the summary of the period picked into @folder on a worker
 * thread, with progress; the page then says it is safe to remove the
 * stick, or why nothing was written.
 */
void
amparo_share_page_export_to_folder (AmparoSharePage *self,
                                    GFile           *folder)
{
  g_autofree char *period = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (AMPARO_IS_SHARE_PAGE (self));
  g_return_if_fail (G_IS_FILE (folder));

  period = amparo_period_picker_dup_period (self->picker);
  dir = g_file_get_path (folder);
  if (dir == NULL)
    {
      set_status (self, AMPARO_SHARE_STATE_FAILED, "dialog-error-symbolic",
                  _("The summary was not written"),
                  _("Choose a folder on this computer, a USB stick or a shared drive."));
      return;
    }
  if (period == NULL || amparo_vault_is_locked (self->vault) || self->busy > 0)
    return;
  set_status (self, AMPARO_SHARE_STATE_WRITING, "document-save-symbolic",
              _("Writing… do not remove the USB stick"), NULL);
  gtk_progress_bar_set_text (self->progress_bar,
                             _("Writing the summary and reading it back to check it"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  self->pulse_id = g_timeout_add (120, pulse_cb, self->progress_bar);
  set_busy (self, TRUE);
  amparo_share_export_async (self->vault, period, dir, NULL, export_done_cb, g_object_ref (self));
}

static void
export_clicked_cb (AmparoSharePage *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the USB Stick or Shared Folder"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export Here"),
                                         _("_Cancel"));
  amparo_gui_choose (chooser, self, (AmparoGuiChosenFunc) amparo_share_page_export_to_folder);
}

static void
map_cb (AmparoSharePage *self)
{
  if (!self->loaded)
    load_preview (self);
}

/* ------------------------------------------------------------ boilerplate */

static void
amparo_share_page_dispose (GObject *object)
{
  AmparoSharePage *self = AMPARO_SHARE_PAGE (object);

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_SHARE_PAGE);
  g_clear_pointer (&self->written_path, g_free);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_share_page_parent_class)->dispose (object);
}

static void
amparo_share_page_class_init (AmparoSharePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_share_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-share-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, coordinator_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, period_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, export_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, status_box);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, status_title);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, status_detail);
  gtk_widget_class_bind_template_child (widget_class, AmparoSharePage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, trust_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}

static void
amparo_share_page_init (AmparoSharePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->picker = AMPARO_PERIOD_PICKER (amparo_period_picker_new ());
  gtk_widget_set_name (GTK_WIDGET (self->picker), "share-period");
  gtk_widget_set_valign (GTK_WIDGET (self->picker), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->period_row, GTK_WIDGET (self->picker));
}

/**
 * amparo_share_page_new:
 *
 * Returns: (transfer floating): the Share page of an agency vault
 */
GtkWidget *
amparo_share_page_new (AmparoVault *vault)
{
  AmparoSharePage *self;
  g_autofree char *kind_text = NULL;
  AmparoPeriodKind kind = AMPARO_PERIOD_QUARTER;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_SHARE_PAGE, NULL);
  self->vault = g_object_ref (vault);
  /* only periods of the agreed kind are shared (see amparo-share.c) */
  kind_text = amparo_vault_get_setting (vault, "period_kind");
  if (kind_text == NULL || !amparo_period_kind_from_string (kind_text, &kind))
    kind = AMPARO_PERIOD_QUARTER;
  amparo_period_picker_set_fixed_kind (self->picker, kind);
  g_signal_connect_swapped (self->picker, "changed", G_CALLBACK (period_changed_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  amparo_share_page_reload (self);
  return GTK_WIDGET (self);
}

/**
 * amparo_share_page_reload:
 *
 * Reads the trusted coordinator, the preview and the exports again.
 */
void
amparo_share_page_reload (AmparoSharePage *self)
{
  g_return_if_fail (AMPARO_IS_SHARE_PAGE (self));

  if (amparo_vault_is_locked (self->vault))
    return;
  load_coordinator (self);
  load_history (self);
  /* counted when first shown (or again once shown), not when the vault opens */
  if (self->loaded || gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_preview (self);
}


gboolean
amparo_share_page_set_period (AmparoSharePage *self,
                              const char      *period)
{
  g_return_val_if_fail (AMPARO_IS_SHARE_PAGE (self), FALSE);
  return amparo_period_picker_set_period (self->picker, period);
}

gboolean
amparo_share_page_is_busy (AmparoSharePage *self)
{
  g_return_val_if_fail (AMPARO_IS_SHARE_PAGE (self), FALSE);
  return self->busy > 0;
}

AmparoShareState
amparo_share_page_get_state (AmparoSharePage *self)
{
  g_return_val_if_fail (AMPARO_IS_SHARE_PAGE (self), AMPARO_SHARE_STATE_IDLE);
  return self->state;
}

/**
 * amparo_share_page_get_written_path:
 *
 * Returns: (nullable): the file the last export wrote
 */
const char *
amparo_share_page_get_written_path (AmparoSharePage *self)
{
  g_return_val_if_fail (AMPARO_IS_SHARE_PAGE (self), NULL);
  return self->written_path;
}
