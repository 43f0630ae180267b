/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCodeRow"

#include <glib/gi18n.h>

#include "amparo-code-row.h"
#include "amparo-codes.h"

/* A combo row choosing one code of a category. It shows translated
 * labels and answers with the stable code. Usable from .ui files:
 * <object class="AmparoCodeRow"><property name="category">gender</property>. */

struct _AmparoCodeRow
{
  AdwComboRow  parent_instance;

  char        *category;
  GPtrArray   *codes;                  /* parallel to the model's labels */
};

G_DEFINE_FINAL_TYPE (AmparoCodeRow, amparo_code_row, ADW_TYPE_COMBO_ROW)

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rebuild (AmparoCodeRow     *self,
         const char *const *only)
{
  const AmparoCategory *cat = amparo_category_lookup (self->category);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  glong longest = 0;

  g_ptr_array_set_size (self->codes, 0);
  if (cat == NULL)
    {
      g_critical ("Unknown code category “%s”", self->category);
      return;
    }
  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    {
      if (only != NULL && !g_strv_contains (only, c->code))
        continue;
      g_ptr_array_add (self->codes, (gpointer) c->code);
      gtk_string_list_append (labels, _(c->label));
      longest = MAX (longest, g_utf8_strlen (_(c->label), -1));
    }
  /* a long choice (often longer in Spanish) would be cut short beside the
   * title: show it under the title instead, where it can wrap */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (self), longest > 26);
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (labels));
}

static void
selected_changed_cb (AmparoCodeRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

static void
amparo_code_row_constructed (GObject *object)
{
  AmparoCodeRow *self = AMPARO_CODE_ROW (object);

  G_OBJECT_CLASS (amparo_code_row_parent_class)->constructed (object);

  /* start at "not reported", never at a real answer nobody gave */
  if (self->category != NULL)
    {
      rebuild (self, NULL);
      amparo_code_row_set_code (self, NULL);
    }
  g_signal_connect_swapped (self, "notify::selected", G_CALLBACK (selected_changed_cb), self);
}

static void
amparo_code_row_finalize (GObject *object)
{
  AmparoCodeRow *self = AMPARO_CODE_ROW (object);

  g_free (self->category);
  g_ptr_array_unref (self->codes);

  G_OBJECT_CLASS (amparo_code_row_parent_class)->finalize (object);
}

static void
amparo_code_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AmparoCodeRow *self = AMPARO_CODE_ROW (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_CODE:
      g_value_set_string (value, amparo_code_row_get_code (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_code_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AmparoCodeRow *self = AMPARO_CODE_ROW (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      self->category = g_value_dup_string (value);
      break;
    case PROP_CODE:
      amparo_code_row_set_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_code_row_class_init (AmparoCodeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = amparo_code_row_constructed;
  object_class->finalize = amparo_code_row_finalize;
  object_class->get_property = amparo_code_row_get_property;
  object_class->set_property = amparo_code_row_set_property;

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
amparo_code_row_init (AmparoCodeRow *self)
{
  self->codes = g_ptr_array_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

GtkWidget *
amparo_code_row_new (const char *category,
                     const char *title)
{
  return g_object_new (AMPARO_TYPE_CODE_ROW, "category", category, "title", title, NULL);
}

/**
 * amparo_code_row_get_code:
 *
 * Returns: (nullable): the chosen code
 */
const char *
amparo_code_row_get_code (AmparoCodeRow *self)
{
  guint selected;

  g_return_val_if_fail (AMPARO_IS_CODE_ROW (self), NULL);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  return selected < self->codes->len ? g_ptr_array_index (self->codes, selected) : NULL;
}

/**
 * amparo_code_row_set_code:
 * @code: (nullable): a code of the category; an unknown code or %NULL
 *   selects "not reported" where the category has it
 */
void
amparo_code_row_set_code (AmparoCodeRow *self,
                          const char    *code)
{
  guint fallback = 0;

  g_return_if_fail (AMPARO_IS_CODE_ROW (self));

  for (guint i = 0; i < self->codes->len; i++)
    {
      const char *c = g_ptr_array_index (self->codes, i);

      if (g_strcmp0 (c, code) == 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self), i);
          return;
        }
      if (g_str_equal (c, "not_reported") || g_str_equal (c, "not_asked")
          || g_str_equal (c, "not_assessed"))
        fallback = i;
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), fallback);
}

/**
 * amparo_code_row_set_codes:
 * @codes: (nullable): the codes to offer, in the category's order; %NULL
 *   for all of them
 *
 * Narrows the choice (the service types of one VOCA category). The current
 * code stays chosen if it is still offered.
 */
void
amparo_code_row_set_codes (AmparoCodeRow     *self,
                           const char *const *codes)
{
  g_autofree char *current = NULL;

  g_return_if_fail (AMPARO_IS_CODE_ROW (self));

  current = g_strdup (amparo_code_row_get_code (self));
  rebuild (self, codes);
  amparo_code_row_set_code (self, current);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}
