/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCodeChecklist"

#include <glib/gi18n.h>

#include "amparo-code-checklist.h"
#include "amparo-codes.h"
#include "amparo-gui-util.h"

/* A group of check boxes, one per code of a multi-valued category
 * (victimization, risk indicators, safety plan steps). "Not reported" is
 * not a box: nothing ticked means nothing reported. Emits "toggled" with
 * the code when a person ticks or unticks a box, never when the program
 * sets the boxes. */

struct _AmparoCodeChecklist
{
  AdwPreferencesGroup  parent_instance;

  char                *category;
  GPtrArray           *checks;          /* GtkCheckButton, data "code" */
  gboolean             setting;
};

G_DEFINE_FINAL_TYPE (AmparoCodeChecklist, amparo_code_checklist, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CATEGORY,
  N_PROPS
};

enum {
  TOGGLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
check_toggled_cb (GtkCheckButton      *check,
                  AmparoCodeChecklist *self)
{
  if (self->setting)
    return;
  g_signal_emit (self, signals[TOGGLED], 0, g_object_get_data (G_OBJECT (check), "code"),
                 gtk_check_button_get_active (check));
}

static void
amparo_code_checklist_constructed (GObject *object)
{
  AmparoCodeChecklist *self = AMPARO_CODE_CHECKLIST (object);
  const AmparoCategory *cat;

  G_OBJECT_CLASS (amparo_code_checklist_parent_class)->constructed (object);

  cat = self->category != NULL ? amparo_category_lookup (self->category) : NULL;
  if (cat == NULL)
    {
      g_critical ("Unknown code category “%s”", self->category);
      return;
    }
  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    {
      GtkWidget *row, *check;

      if (g_str_equal (c->code, "not_reported"))
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(c->label));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      amparo_gui_set_label (check, _(c->label));
      g_object_set_data (G_OBJECT (check), "code", (gpointer) c->code);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->checks, check);
    }
}

static void
amparo_code_checklist_finalize (GObject *object)
{
  AmparoCodeChecklist *self = AMPARO_CODE_CHECKLIST (object);

  g_free (self->category);
  g_ptr_array_unref (self->checks);

  G_OBJECT_CLASS (amparo_code_checklist_parent_class)->finalize (object);
}

static void
amparo_code_checklist_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AmparoCodeChecklist *self = AMPARO_CODE_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_code_checklist_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AmparoCodeChecklist *self = AMPARO_CODE_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      self->category = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_code_checklist_class_init (AmparoCodeChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = amparo_code_checklist_constructed;
  object_class->finalize = amparo_code_checklist_finalize;
  object_class->get_property = amparo_code_checklist_get_property;
  object_class->set_property = amparo_code_checklist_set_property;

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AmparoCodeChecklist::toggled:
   * @code: the code whose box a person ticked or unticked
   * @active: whether it is ticked now
   */
  signals[TOGGLED] = g_signal_new ("toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_BOOLEAN);
}

static void
amparo_code_checklist_init (AmparoCodeChecklist *self)
{
  self->checks = g_ptr_array_new ();
}

GtkWidget *
amparo_code_checklist_new (const char *category,
                           const char *title)
{
  return g_object_new (AMPARO_TYPE_CODE_CHECKLIST, "category", category, "title", title, NULL);
}

/**
 * amparo_code_checklist_get_selected:
 *
 * Returns: (transfer full): the ticked codes, in the category's order
 */
GStrv
amparo_code_checklist_get_selected (AmparoCodeChecklist *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (AMPARO_IS_CODE_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "code"));
    }
  return g_strv_builder_end (builder);
}

/* Sets every box from @codes without emitting "toggled". */
void
amparo_code_checklist_set_selected (AmparoCodeChecklist *self,
                                    const char *const   *codes)
{
  g_return_if_fail (AMPARO_IS_CODE_CHECKLIST (self));

  self->setting = TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      const char *code = g_object_get_data (G_OBJECT (check), "code");

      gtk_check_button_set_active (check, codes != NULL && g_strv_contains (codes, code));
    }
  self->setting = FALSE;
}

/* Ticks or unticks one box as a person would: "toggled" is emitted. */
void
amparo_code_checklist_set_active (AmparoCodeChecklist *self,
                                  const char          *code,
                                  gboolean             active)
{
  g_return_if_fail (AMPARO_IS_CODE_CHECKLIST (self));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "code"), code) == 0)
        gtk_check_button_set_active (check, active);
    }
}
