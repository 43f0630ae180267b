/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/* A suppressed count (or total) is published as null. */
#define AMPARO_COUNT_SUPPRESSED ((gint64) -1)

typedef struct
{
  char  **key;    /* one code per dimension */
  gint64  count;  /* >= 0, or AMPARO_COUNT_SUPPRESSED */
} AmparoCell;

/**
 * AmparoTable:
 * @id: table id from the catalogue (amparo_table_spec_lookup())
 * @dims: category ids, one per dimension
 * @additive: the cells partition @total, so a reader may subtract
 * @total: the table's total, or %AMPARO_COUNT_SUPPRESSED
 * @cells: (element-type AmparoCell): cells in catalogue order
 *
 * A one- or two-way count table of a period report or summary.
 */
struct _AmparoTable
{
  char       *id;
  char      **dims;
  gboolean    additive;
  gint64      total;
  GPtrArray  *cells;
};

/**
 * AmparoTableSpec:
 * @id: stable table id
 * @title: untranslated title
 * @dims: category ids (NULL-terminated; at most two)
 * @additive: whether cells partition the total
 * @total_label: untranslated words for what the total counts
 *
 * The catalogue of tables an agency summary may hold. Summaries list
 * every code of every dimension, zeros included, in catalogue order.
 */
typedef struct
{
  const char *id;
  const char *title;
  const char *dims[3];
  gboolean    additive;
  const char *total_label;
} AmparoTableSpec;

const AmparoTableSpec *amparo_table_specs       (guint *n_specs);
const AmparoTableSpec *amparo_table_spec_lookup (const char *id);

AmparoTable *amparo_table_new        (const char          *id,
                                      const char * const  *dims,
                                      gboolean             additive);
AmparoTable *amparo_table_new_from_spec (const AmparoTableSpec *spec);
void         amparo_table_free       (AmparoTable         *table);
AmparoTable *amparo_table_copy       (const AmparoTable   *table);
AmparoCell  *amparo_table_add        (AmparoTable         *table,
                                      const char * const  *key,
                                      gint64               count);
AmparoCell  *amparo_table_lookup     (const AmparoTable   *table,
                                      const char * const  *key);
void         amparo_table_increment  (AmparoTable         *table,
                                      const char * const  *key,
                                      gint64               by);
guint        amparo_table_n_dims     (const AmparoTable   *table);
gboolean     amparo_table_equal      (const AmparoTable   *a,
                                      const AmparoTable   *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoTable, amparo_table_free)

G_END_DECLS
