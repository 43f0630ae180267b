/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoDateRow"

#include <stdio.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"

/* An entry row for a date, typed as YYYY-MM-DD (the same in every
 * language, and what spreadsheets and the command line use) or picked
 * from a calendar. A date that is not valid is marked with the error
 * style. An empty row means "no date" when the row is optional. */

struct _AmparoDateRow
{
  AdwEntryRow  parent_instance;

  GtkWidget   *calendar;
  GtkWidget   *menu_button;
  gboolean     optional;
};

G_DEFINE_FINAL_TYPE (AmparoDateRow, amparo_date_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_OPTIONAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
text_changed_cb (AmparoDateRow *self)
{
  if (amparo_date_row_is_valid (self))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
}

static void
day_selected_cb (GtkCalendar   *calendar,
                 AmparoDateRow *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self), text);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
}

/* Opening the calendar shows the typed date, or today. */
static void
popover_show_cb (GtkPopover    *popover,
                 AmparoDateRow *self)
{
  g_autofree char *date = amparo_date_row_get_date (self);
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (date != NULL && sscanf (date, "%d-%d-%d", &y, &m, &d) == 3)
    dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    dt = g_date_time_new_now_local ();
  g_signal_handlers_block_by_func (self->calendar, day_selected_cb, self);
  gtk_calendar_select_day (GTK_CALENDAR (self->calendar), dt);
  g_signal_handlers_unblock_by_func (self->calendar, day_selected_cb, self);
}

static void
amparo_date_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AmparoDateRow *self = AMPARO_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_date_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AmparoDateRow *self = AMPARO_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_OPTIONAL:
      self->optional = g_value_get_boolean (value);
      text_changed_cb (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The text field and the calendar button are named after the row's title,
 * which a template sets after construction. */
static void
title_changed_cb (AmparoDateRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  g_autofree char *pick = NULL;

  if (title == NULL || *title == '\0')
    title = _("Date");
  pick = g_strdup_printf (_("%s: pick from a calendar"), title);
  amparo_gui_label_entry_row (ADW_ENTRY_ROW (self));
  amparo_gui_set_label (self->menu_button, pick);
  amparo_gui_set_label (self->calendar, title);
}

static void
amparo_date_row_class_init (AmparoDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = amparo_date_row_get_property;
  object_class->set_property = amparo_date_row_set_property;

  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
amparo_date_row_init (AmparoDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();

  self->calendar = gtk_calendar_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), self->calendar);
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  g_signal_connect (popover, "show", G_CALLBACK (popover_show_cb), self);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button),
                                 "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Pick from a calendar"));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->menu_button);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  g_signal_connect (self, "changed", G_CALLBACK (text_changed_cb), NULL);
  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
  title_changed_cb (self);
}

/**
 * amparo_date_row_new:
 * @title: what the date is ("Opened", "Date of birth")
 */
GtkWidget *
amparo_date_row_new (const char *title)
{
  return g_object_new (AMPARO_TYPE_DATE_ROW, "title", title, NULL);
}

/**
 * amparo_date_row_get_date:
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL
 *   when the row is empty or not a valid date
 */
char *
amparo_date_row_get_date (AmparoDateRow *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (AMPARO_IS_DATE_ROW (self), NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  return amparo_date_is_valid (text) ? g_steal_pointer (&text) : NULL;
}

void
amparo_date_row_set_date (AmparoDateRow *self,
                          const char    *date)
{
  g_return_if_fail (AMPARO_IS_DATE_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self), date != NULL ? date : "");
}

/**
 * amparo_date_row_is_valid:
 *
 * Returns: whether the row holds a valid date, or is empty and optional
 */
gboolean
amparo_date_row_is_valid (AmparoDateRow *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (AMPARO_IS_DATE_ROW (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  if (*text == '\0')
    return self->optional;
  return amparo_date_is_valid (text);
}
