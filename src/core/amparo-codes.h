/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AmparoCode:
 * @code: the stable string stored in databases and summaries; never renamed
 * @label: an untranslated label (pass through amparo_code_label() or _())
 */
typedef struct
{
  const char *code;
  const char *label;
} AmparoCode;

/**
 * AmparoCategory:
 * @id: stable category id, also used as a summary dimension name
 * @title: untranslated title
 * @multi: a case may hold several codes of this category
 * @codes: %NULL-terminated list; every case category ends in `not_reported`
 *   (or `not_asked`/`not_assessed` where the field says so)
 */
typedef struct
{
  const char       *id;
  const char       *title;
  gboolean          multi;
  const AmparoCode *codes;
} AmparoCategory;

const AmparoCategory *amparo_category_lookup   (const char *category_id);
const AmparoCategory *const *amparo_categories (guint *n_categories);
gboolean              amparo_code_is_valid     (const char *category_id,
                                                const char *code);
const char           *amparo_code_label        (const char *category_id,
                                                const char *code);
const char           *amparo_category_title    (const char *category_id);
guint                 amparo_category_n_codes  (const char *category_id);

/* The VOCA category a service type belongs to, or NULL. */
const char           *amparo_service_type_category (const char *service_type);

G_END_DECLS
