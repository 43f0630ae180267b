/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoGui"

#include <stdio.h>
#include <glib/gi18n.h>

#include "amparo-gui-util.h"
#include "amparo-resources.h"

/* Small helpers shared by the case page, its sections and the intake
 * assistant: dates as people read them, toasts, and rows whose controls
 * carry an accessible name. */

/* Dates follow the language Amparo speaks, not only LC_TIME: staff who
 * chose Spanish on a shared laptop whose system locale is English (or C)
 * read day/month/year. English keeps the system's own "%x". */
static const char *
date_pattern (void)
{
  /* Translators: a g_date_time_format() pattern for a date. Keep "%x" to
   * follow the system locale, or give an explicit order, e.g. "%d/%m/%Y" */
  /* xgettext:no-c-format */
  return C_("date format", "%x");
}

/**
 * amparo_gui_format_date:
 * @iso: (nullable): YYYY-MM-DD, optionally followed by " HH:MM:SS"
 *
 * Returns: the date in the user's locale ("%x"; with the time when given),
 *   or an empty string
 */
char *
amparo_gui_format_date (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d, hh = 0, mm = 0, ss = 0;
  int n;

  if (iso == NULL)
    return g_strdup ("");
  n = sscanf (iso, "%4d-%2d-%2d %2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss);
  if (n < 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso);
  dt = g_date_time_new_local (y, m, d, hh, mm, ss);
  if (dt == NULL)
    return g_strdup (iso);
  if (n >= 5)
    {
      g_autofree char *pattern = g_strconcat (date_pattern (), " %H:%M", NULL);
      return g_date_time_format (dt, pattern);
    }
  return g_date_time_format (dt, date_pattern ());
}

/**
 * amparo_gui_format_timestamp:
 * @utc_iso: a UTC time as the audit log writes it (2026-01-05T10:00:00Z)
 *
 * Returns: the local date and time in the user's locale
 */
char *
amparo_gui_format_timestamp (const char *utc_iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *pattern = NULL;

  if (utc_iso == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (utc_iso, NULL);
  if (utc == NULL)
    return g_strdup (utc_iso);
  local = g_date_time_to_local (utc);
  pattern = g_strconcat (date_pattern (), " %H:%M", NULL);
  return g_date_time_format (local, pattern);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         owner)
{
  AmparoGuiChosenFunc chosen = g_object_get_data (G_OBJECT (chooser), "amparo-chosen");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file != NULL)
    chosen (owner, file);
}

/**
 * amparo_gui_choose:
 * @chooser: (transfer full): a file chooser, not yet shown
 * @owner: the object that asked; nothing is called once it is gone
 * @chosen: called with the chosen file or folder
 *
 * Shows @chooser modally and hands what the person chose to @chosen.
 */
void
amparo_gui_choose (GtkFileChooserNative *chooser,
                   gpointer              owner,
                   AmparoGuiChosenFunc   chosen)
{
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "amparo-chosen", chosen);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), owner, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Toasts go to the nearest overlay; messages never hold identifying data
 * (core errors are written that way). */
void
amparo_gui_toast (GtkWidget  *widget,
                  const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_debug ("No toast overlay for a message");
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

void
amparo_gui_error (GtkWidget    *widget,
                  const GError *error)
{
  amparo_gui_toast (widget, error != NULL ? error->message : _("Something went wrong"));
}

static GtkWidget *
find_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_text (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Screen readers name a control by this label. A spin button's or a search
 * entry's text field takes the focus, so it gets the name too. */
void
amparo_gui_set_label (GtkWidget  *control,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (GTK_IS_SPIN_BUTTON (control) || GTK_IS_SEARCH_ENTRY (control))
    {
      GtkWidget *text = find_text (control);
      if (text != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        label, -1);
    }
}

/**
 * amparo_gui_label_entry_row:
 *
 * Gives the text field inside an #AdwEntryRow the row's title as its
 * accessible name; libadwaita 1.2 leaves it unnamed.
 */
void
amparo_gui_label_entry_row (AdwEntryRow *row)
{
  GtkWidget *text = find_text (GTK_WIDGET (row));

  if (text != NULL)
    amparo_gui_set_label (text, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

GtkWidget *
amparo_gui_switch_row (const char *title,
                       const char *subtitle,
                       GtkWidget **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  amparo_gui_set_label (sw, title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  if (out_switch != NULL)
    *out_switch = sw;
  return row;
}

GtkWidget *
amparo_gui_spin_row (const char *title,
                     double      min,
                     double      max,
                     double      step,
                     GtkWidget **out_spin)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  amparo_gui_set_label (spin, title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  if (out_spin != NULL)
    *out_spin = spin;
  return row;
}

void
amparo_gui_list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A dim, non-activatable row saying a list is empty. */
GtkWidget *
amparo_gui_empty_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/**
 * amparo_gui_ensure_resources:
 *
 * The templates live in a GResource that registers itself when the
 * program starts, but only if it is linked in: a program or test using
 * the static amparo-gui library links it because this refers to it.
 */
void
amparo_gui_ensure_resources (void)
{
  (void) amparo_get_resource ();
}
