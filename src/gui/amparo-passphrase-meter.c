/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPassphraseMeter"

#include <glib/gi18n.h>
#include <zxcvbn.h>

#include "amparo-passphrase-meter.h"

/* A level bar and a hint in words under a new passphrase. The hint always
 * says what to do ("add another word"), never just a score. */

struct _AmparoPassphraseMeter
{
  GtkWidget    parent_instance;

  GtkLevelBar *level_bar;
  GtkLabel    *hint_label;

  GStrv        user_words;
  gboolean     acceptable;
};

G_DEFINE_FINAL_TYPE (AmparoPassphraseMeter, amparo_passphrase_meter, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCEPTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * amparo_passphrase_entropy_bits:
 * @user_words: (nullable): words a guesser would try first (agency or
 *   account name)
 *
 * Returns: zxcvbn's estimate of the passphrase's entropy in bits
 */
double
amparo_passphrase_entropy_bits (const char        *passphrase,
                                const char *const *user_words)
{
  if (passphrase == NULL || *passphrase == '\0')
    return 0.0;
  return ZxcvbnMatch (passphrase, (const char **) user_words, NULL);
}

static void
amparo_passphrase_meter_dispose (GObject *object)
{
  AmparoPassphraseMeter *self = AMPARO_PASSPHRASE_METER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_PASSPHRASE_METER);
  g_clear_pointer (&self->user_words, g_strfreev);
  G_OBJECT_CLASS (amparo_passphrase_meter_parent_class)->dispose (object);
}

static void
amparo_passphrase_meter_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  AmparoPassphraseMeter *self = AMPARO_PASSPHRASE_METER (object);

  switch (prop_id)
    {
    case PROP_ACCEPTABLE:
      g_value_set_boolean (value, self->acceptable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
amparo_passphrase_meter_class_init (AmparoPassphraseMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_passphrase_meter_dispose;
  object_class->get_property = amparo_passphrase_meter_get_property;

  properties[PROP_ACCEPTABLE] =
    g_param_spec_boolean ("acceptable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-passphrase-meter.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoPassphraseMeter, level_bar);
  gtk_widget_class_bind_template_child (widget_class, AmparoPassphraseMeter, hint_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
amparo_passphrase_meter_init (AmparoPassphraseMeter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  /* one style class per level (see style.css); Adwaita colours the
   * default "low" offset like any other */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->level_bar, "too-weak", 1.0);
  gtk_level_bar_add_offset_value (self->level_bar, "weak", 2.0);
  gtk_level_bar_add_offset_value (self->level_bar, "good", 3.0);
  gtk_level_bar_add_offset_value (self->level_bar, "strong", 4.0);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->level_bar),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->hint_label, NULL,
                                  -1);
  amparo_passphrase_meter_set_passphrase (self, NULL);
}

void
amparo_passphrase_meter_set_user_words (AmparoPassphraseMeter *self,
                                        const char *const     *words)
{
  g_return_if_fail (AMPARO_IS_PASSPHRASE_METER (self));

  g_strfreev (self->user_words);
  self->user_words = g_strdupv ((char **) words);
}

void
amparo_passphrase_meter_set_passphrase (AmparoPassphraseMeter *self,
                                        const char            *passphrase)
{
  double bits;
  double level;
  const char *hint;
  gboolean acceptable;

  g_return_if_fail (AMPARO_IS_PASSPHRASE_METER (self));

  bits = amparo_passphrase_entropy_bits (passphrase, (const char *const *) self->user_words);
  if (passphrase == NULL || *passphrase == '\0')
    {
      level = 0;
      hint = _("Use three or four unrelated words — a short, odd sentence is easy to remember "
               "and hard to guess.");
    }
  else if (bits < 28)
    {
      level = 1;
      hint = _("Too easy to guess. Add more unrelated words.");
    }
  else if (bits < AMPARO_PASSPHRASE_MIN_BITS)
    {
      level = 2;
      hint = _("Still easy to guess. Add another word or two.");
    }
  else if (bits < 60)
    {
      level = 3;
      hint = _("Good. This passphrase is hard to guess.");
    }
  else
    {
      level = 4;
      hint = _("Strong. This passphrase is very hard to guess.");
    }

  gtk_level_bar_set_value (self->level_bar, level);
  gtk_label_set_label (self->hint_label, hint);
  acceptable = bits >= AMPARO_PASSPHRASE_MIN_BITS && g_utf8_strlen (passphrase, -1) >= 8;
  if (acceptable != self->acceptable)
    {
      self->acceptable = acceptable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTABLE]);
    }
}

gboolean
amparo_passphrase_meter_get_acceptable (AmparoPassphraseMeter *self)
{
  g_return_val_if_fail (AMPARO_IS_PASSPHRASE_METER (self), FALSE);
  return self->acceptable;
}
