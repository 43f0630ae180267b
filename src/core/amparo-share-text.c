/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoShare"

#include <glib/gi18n.h>

#include "amparo-codes.h"
#include "amparo-period.h"
#include "amparo-report-private.h"
#include "amparo-share.h"

/* The preview in plain words (DESIGN 5.1: before writing, the person sees
 * exactly the tables that will leave). It is shown inside the agency
 * only, so for a hidden count it may say whether it is small (“fewer than
 * 5”) or hidden to protect a smaller one; the file itself says neither. */

static char *
value_words (const AmparoSharePreview *preview,
             gint64                    published,
             gint64                    exact)
{
  int k = preview->summary->k;

  if (published != AMPARO_COUNT_SUPPRESSED)
    return g_strdup_printf ("%" G_GINT64_FORMAT, published);
  if (exact >= 1 && exact < k)
    /* Translators: in place of a small count, e.g. “fewer than 5” */
    return g_strdup_printf (_("fewer than %d"), k);
  /* Translators: in place of a count that is not small but hidden so that
   * a small one cannot be worked out from it */
  return g_strdup (_("hidden to protect a smaller count"));
}

static void
describe_table (GString                  *out,
                const AmparoSharePreview *preview,
                const AmparoTable        *t)
{
  const AmparoTable *exact = amparo_report_get_table (preview->exact, t->id);
  const char *title = amparo_report_table_title (t->id);
  const char *total_label = amparo_report_total_label (t->id);
  g_autofree char *total = value_words (preview, t->total, exact->total);
  gboolean two_way = amparo_table_n_dims (t) == 2;
  gboolean zeros = FALSE, first = TRUE;

  if (g_str_equal (title, total_label))
    g_string_append_printf (out, "%s: %s.", title, total);
  else
    /* Translators: a table's title, what its total counts, and the
     * total: “Age — Survivors served: 41.” */
    g_string_append_printf (out, _("%s — %s: %s."), title, total_label, total);

  for (guint i = 0; i < t->cells->len; i++)
    {
      const AmparoCell *cell = g_ptr_array_index (t->cells, i);
      const AmparoCell *exact_cell = g_ptr_array_index (exact->cells, i);
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;

      if (two_way && cell->count == 0)
        {
          zeros = TRUE;
          continue;
        }
      label = amparo_report_cell_label (t, cell, ", ");
      value = value_words (preview, cell->count, exact_cell->count);
      g_string_append_printf (out, "%s%s: %s", first ? " " : "; ", label, value);
      first = FALSE;
    }
  if (zeros)
    g_string_append_printf (out, "%s%s", first ? " " : "; ",
                            _("every other combination: 0"));
  if (!first || zeros)
    g_string_append_c (out, '.');
  g_string_append (out, "\n\n");
}

/**
 * amparo_share_preview_to_text:
 * @preview: a preview
 *
 * Says in words everything the summary would share, table by table, and
 * which tables are left out and why.
 *
 * Returns: (transfer full): the text, in paragraphs
 */
char *
amparo_share_preview_to_text (const AmparoSharePreview *preview)
{
  const AmparoSummary *s;
  GString *out;
  AmparoPeriod period;
  g_autofree char *label = NULL;

  g_return_val_if_fail (preview != NULL && preview->summary != NULL, NULL);

  s = preview->summary;
  out = g_string_new (NULL);
  label = amparo_period_parse (s->period, &period, NULL) ? amparo_period_get_label (&period)
                                                         : g_strdup (s->period);
  g_string_append_printf (out, _("The summary for %s (%s) will share exactly this:"), label,
                          s->period);
  g_string_append (out, "\n\n");
  g_string_append_printf (out, _("Agency: %s"), s->agency_name);
  g_string_append_c (out, '\n');
  if (preview->coordinator_name != NULL)
    g_string_append_printf (out, _("Sealed so that only %s can read it (fingerprint %s)."),
                            preview->coordinator_name, preview->coordinator_fingerprint);
  else
    g_string_append (out, _("No coordinator is trusted yet: add the coordinator’s card before "
                            "exporting."));
  g_string_append_c (out, '\n');
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, s->sequence);
    /* Translators: the summary's sequence number and the day it is made */
    g_string_append_printf (out, _("Summary number %s, made on %s."), number, s->generated);
  }
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Every count from 1 to %d is hidden, and a few larger ones too, "
                                 "so that no hidden count can be worked out from the others. "
                                 "Nothing else leaves: no names, no case numbers or reference "
                                 "codes, no dates within the period, no notes."), s->k - 1);
  g_string_append (out, "\n\n");

  for (guint i = 0; i < s->tables->len; i++)
    describe_table (out, preview, g_ptr_array_index (s->tables, i));

  if (preview->dropped->len > 0)
    {
      g_string_append_printf (out, "%s\n", _("Left out of the summary:"));
      for (guint i = 0; i < preview->dropped->len; i++)
        {
          const AmparoReportDropped *d = g_ptr_array_index (preview->dropped, i);
          g_string_append_printf (out, "- %s: %s\n", amparo_report_table_title (d->table_id),
                                  d->reason);
        }
    }
  return g_string_free (out, FALSE);
}
