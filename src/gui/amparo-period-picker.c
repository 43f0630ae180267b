/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPeriodPicker"

#include <time.h>

#include <glib/gi18n.h>

#include "amparo-gui-util.h"
#include "amparo-period-picker.h"

/* Picks one of the fixed periods reports and summaries cover: a kind
 * (quarter, half-year, month), which one, and the year. It starts on the
 * last complete quarter, the one a report is usually due for. The Share
 * page fixes the kind to the one the agreement sets. Emits "changed". */

struct _AmparoPeriodPicker
{
  GtkBox         parent_instance;

  GtkDropDown   *kind_dropdown;
  GtkDropDown   *index_dropdown;
  GtkSpinButton *year_spin;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (AmparoPeriodPicker, amparo_period_picker, GTK_TYPE_BOX)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* in the drop-down's order */
static const AmparoPeriodKind kinds[] = {
  AMPARO_PERIOD_QUARTER, AMPARO_PERIOD_HALF, AMPARO_PERIOD_MONTH,
};

static const char *const kind_names[] = {
  N_("Quarter"), N_("Half-year"), N_("Month"),
};

static const char *const quarter_names[] = {
  N_("January to March (Q1)"), N_("April to June (Q2)"),
  N_("July to September (Q3)"), N_("October to December (Q4)"),
};

static const char *const half_names[] = {
  N_("January to June (H1)"), N_("July to December (H2)"),
};

static AmparoPeriodKind
current_kind (AmparoPeriodPicker *self)
{
  guint i = gtk_drop_down_get_selected (self->kind_dropdown);

  return i < G_N_ELEMENTS (kinds) ? kinds[i] : AMPARO_PERIOD_QUARTER;
}

static void
fill_index (AmparoPeriodPicker *self,
            AmparoPeriodKind    kind)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  if (kind == AMPARO_PERIOD_QUARTER)
    for (guint i = 0; i < G_N_ELEMENTS (quarter_names); i++)
      gtk_string_list_append (list, _(quarter_names[i]));
  else if (kind == AMPARO_PERIOD_HALF)
    for (guint i = 0; i < G_N_ELEMENTS (half_names); i++)
      gtk_string_list_append (list, _(half_names[i]));
  else
    for (int m = 1; m <= 12; m++)
      gtk_string_list_append (list, amparo_month_name (m));
  gtk_drop_down_set_model (self->index_dropdown, G_LIST_MODEL (list));
}

static void
emit_changed (AmparoPeriodPicker *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
kind_changed_cb (AmparoPeriodPicker *self)
{
  if (self->updating)
    return;
  self->updating = TRUE;
  fill_index (self, current_kind (self));
  gtk_drop_down_set_selected (self->index_dropdown, 0);
  self->updating = FALSE;
  emit_changed (self);
}

static void
amparo_period_picker_class_init (AmparoPeriodPickerClass *klass)
{
  /**
   * AmparoPeriodPicker::changed:
   *
   * The period picked changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
amparo_period_picker_init (AmparoPeriodPicker *self)
{
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);
  GtkAdjustment *years = gtk_adjustment_new (2026, 2000, 2100, 1, 1, 0);
  AmparoPeriod last;

  gtk_box_set_spacing (GTK_BOX (self), 6);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_list, _(kind_names[i]));
  self->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kind_list)),
                                                          NULL));
  self->index_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  self->year_spin = GTK_SPIN_BUTTON (gtk_spin_button_new (years, 1, 0));
  gtk_spin_button_set_numeric (self->year_spin, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->kind_dropdown), "period-kind");
  gtk_widget_set_name (GTK_WIDGET (self->index_dropdown), "period-index");
  gtk_widget_set_name (GTK_WIDGET (self->year_spin), "period-year");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of period"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->index_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Which months"), -1);
  /* names the spin button's text field too */
  amparo_gui_set_label (GTK_WIDGET (self->year_spin), _("Year"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->year_spin), _("Year"));
  for (GtkWidget *w = GTK_WIDGET (self->kind_dropdown); w != NULL;
       w = w == GTK_WIDGET (self->kind_dropdown) ? GTK_WIDGET (self->index_dropdown)
         : w == GTK_WIDGET (self->index_dropdown) ? GTK_WIDGET (self->year_spin) : NULL)
    {
      gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (self), w);
    }

  amparo_period_picker_last_complete (&last, AMPARO_PERIOD_QUARTER);
  self->updating = TRUE;
  fill_index (self, AMPARO_PERIOD_QUARTER);
  self->updating = FALSE;
  {
    g_autofree char *text = amparo_period_to_string (&last);
    amparo_period_picker_set_period (self, text);
  }
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected",
                            G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (self->index_dropdown, "notify::selected",
                            G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->year_spin, "value-changed", G_CALLBACK (emit_changed), self);
}

GtkWidget *
amparo_period_picker_new (void)
{
  return g_object_new (AMPARO_TYPE_PERIOD_PICKER, NULL);
}

/**
 * amparo_period_picker_last_complete:
 * @period: (out): the last period of @kind that ended before today
 */
void
amparo_period_picker_last_complete (AmparoPeriod     *period,
                                    AmparoPeriodKind  kind)
{
  GDate today;
  AmparoPeriod current;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  amparo_period_containing (&current, kind, &today);
  amparo_period_previous (&current, period);
}

/**
 * amparo_period_picker_dup_period:
 *
 * Returns: (transfer full): the period picked, `2026-Q3`
 */
char *
amparo_period_picker_dup_period (AmparoPeriodPicker *self)
{
  AmparoPeriod period;

  g_return_val_if_fail (AMPARO_IS_PERIOD_PICKER (self), NULL);

  if (!amparo_period_init (&period, current_kind (self),
                           gtk_spin_button_get_value_as_int (self->year_spin),
                           (int) gtk_drop_down_get_selected (self->index_dropdown) + 1))
    return NULL;
  return amparo_period_to_string (&period);
}

/**
 * amparo_period_picker_set_period:
 * @period: `2026-Q3`, `2026-H2` or `2026-07`
 *
 * Returns: %FALSE if @period is not a period, or not of the fixed kind
 */
gboolean
amparo_period_picker_set_period (AmparoPeriodPicker *self,
                                 const char         *period)
{
  AmparoPeriod p;
  guint kind_index = 0;

  g_return_val_if_fail (AMPARO_IS_PERIOD_PICKER (self), FALSE);

  if (period == NULL || !amparo_period_parse (period, &p, NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == p.kind)
      kind_index = i;
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->kind_dropdown)) && p.kind != current_kind (self))
    return FALSE;

  self->updating = TRUE;
  if (gtk_drop_down_get_selected (self->kind_dropdown) != kind_index)
    {
      gtk_drop_down_set_selected (self->kind_dropdown, kind_index);
      fill_index (self, p.kind);
    }
  gtk_drop_down_set_selected (self->index_dropdown, (guint) p.index - 1);
  gtk_spin_button_set_value (self->year_spin, p.year);
  self->updating = FALSE;
  emit_changed (self);
  return TRUE;
}

/**
 * amparo_period_picker_set_fixed_kind:
 *
 * Only periods of @kind may be picked (summaries are shared by the kind
 * the agreement sets); picks the last complete one.
 */
void
amparo_period_picker_set_fixed_kind (AmparoPeriodPicker *self,
                                     AmparoPeriodKind    kind)
{
  AmparoPeriod last;
  g_autofree char *text = NULL;

  g_return_if_fail (AMPARO_IS_PERIOD_PICKER (self));

  amparo_period_picker_last_complete (&last, kind);
  text = amparo_period_to_string (&last);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), TRUE);
  amparo_period_picker_set_period (self, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), FALSE);
}
