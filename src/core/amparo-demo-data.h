/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Word lists and the partner directory of the demo generator (private to
 * amparo-demo*.c). */

typedef enum
{
  AMPARO_DEMO_NAMES_WOMEN_EN,
  AMPARO_DEMO_NAMES_WOMEN_ES,
  AMPARO_DEMO_NAMES_MEN_EN,
  AMPARO_DEMO_NAMES_MEN_ES,
  AMPARO_DEMO_NAMES_NEUTRAL,
  AMPARO_DEMO_NAMES_LAST_EN,
  AMPARO_DEMO_NAMES_LAST_ES,
  AMPARO_DEMO_NAMES_STREETS,
  AMPARO_DEMO_NAMES_TOWNS,
  AMPARO_DEMO_NAMES_SAFE_CONTACT_EN,
  AMPARO_DEMO_NAMES_SAFE_CONTACT_ES,
  AMPARO_DEMO_NAMES_NOTES_EN,
  AMPARO_DEMO_NAMES_NOTES_ES,
  AMPARO_DEMO_NAMES_PLANS_EN,
  AMPARO_DEMO_NAMES_PLANS_ES,
  AMPARO_DEMO_NAMES_N_LISTS,
} AmparoDemoNameList;

typedef struct
{
  const char *name;
  const char *sector;
  const char *services;     /* service_type codes, |-separated */
  const char *eligibility;
  const char *languages;    /* in words, as staff would type them */
  const char *hours;
  const char *channels;
  const char *duties;
} AmparoDemoPartnerInfo;

const char *const           *amparo_demo_names             (AmparoDemoNameList list,
                                                            guint             *n_items);
const AmparoDemoPartnerInfo *amparo_demo_partner_directory (guint             *n_items);

G_END_DECLS
