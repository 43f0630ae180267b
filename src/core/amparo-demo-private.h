/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <glib.h>

#include "amparo-cases.h"
#include "amparo-demo-data.h"

G_BEGIN_DECLS

/* Shared by the demo generator's files: amparo-demo.c (directory, batches,
 * writing) and amparo-demo-case.c (one case and everything that hangs off
 * it). */

#define DEMO_YEARS 5

/* ------------------------------------------------------------------ PRNG */

typedef struct
{
  guint64 s[4];
} DemoRng;

static inline guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
rng_seed (DemoRng *r,
          guint64  seed)
{
  for (guint i = 0; i < 4; i++)
    r->s[i] = splitmix64 (&seed);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (DemoRng *r)
{
  guint64 *s = r->s;
  guint64  result = rotl (s[1] * 5, 7) * 9;
  guint64  t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* uniform in [0, n) */
static inline guint
rng_below (DemoRng *r,
           guint    n)
{
  return (guint)(((rng_next (r) >> 32) * (guint64)n) >> 32);
}

/* uniform in [lo, hi] */
static inline guint
rng_range (DemoRng *r,
           guint    lo,
           guint    hi)
{
  return lo + rng_below (r, hi - lo + 1);
}

static inline gboolean
rng_percent (DemoRng *r,
             guint    percent)
{
  return rng_below (r, 1000) < percent * 10;
}

static inline gboolean
rng_permille (DemoRng *r,
              guint    permille)
{
  return rng_below (r, 1000) < permille;
}

typedef struct
{
  const char *code;
  guint       weight;
} DemoWeighted;

#define W_END                                                                                      \
  {                                                                                                \
    NULL, 0                                                                                        \
  }

static inline const char *
rng_pick (DemoRng            *r,
          const DemoWeighted *table)
{
  guint total = 0, x;

  for (const DemoWeighted *w = table; w->code != NULL; w++)
    total += w->weight;
  x = rng_below (r, total);
  for (const DemoWeighted *w = table; w->code != NULL; w++)
    {
      if (x < w->weight)
        return w->code;
      x -= w->weight;
    }
  g_assert_not_reached ();
}

static inline const char *
rng_item (DemoRng            *r,
          AmparoDemoNameList  list)
{
  guint              n;
  const char *const *items = amparo_demo_names (list, &n);

  return items[rng_below (r, n)];
}

/* ----------------------------------------------------------------- dates */

/* Days are GDate Julian day numbers, so arithmetic is plain addition. */
typedef guint32 DemoDay;

static inline DemoDay
day_from_dmy (guint d,
              guint m,
              guint y)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

static inline void
day_format (DemoDay day,
            char    out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

static inline char *
day_dup (DemoDay day)
{
  char buf[11];

  day_format (day, buf);
  return g_strdup (buf);
}

typedef struct
{
  gint64      id;
  const char *sector; /* interned */
} DemoPartner;

/* ------------------------------------------------------- generated extras */

typedef struct
{
  guint       case_index;
  const char *type;
  DemoDay     date;
  guint       minutes;
} DemoService;

typedef struct
{
  guint   case_index;
  DemoDay entered;
  DemoDay exited; /* 0: still in shelter */
  guint   children;
} DemoStay;

typedef struct
{
  guint       case_index;
  guint       partner; /* index into DemoGenerator.partners */
  const char *scope;
  const char *purpose;
  const char *form;
  DemoDay     signed_on;
  DemoDay     expires;
  DemoDay     revoked; /* 0: not revoked */
  gint64      id;      /* once written */
} DemoRelease;

typedef struct
{
  guint       case_index;
  DemoDay     date;
  gboolean    out;
  guint       partner;
  const char *service_needed;
  gboolean    warm;
  const char *status;
  DemoDay     follow_up;
  const char *outcome;
  gint        release; /* index into DemoGenerator.releases, or -1 */
} DemoReferral;

typedef struct
{
  guint       case_index;
  DemoDay     date;
  const char *kind;
  gint        partner; /* -1: none */
  const char *sector;
  const char *report_type;
  const char *scope;
  gint        release;
} DemoDisclosure;

typedef struct
{
  DemoDay opened;
  DemoDay latest; /* last activity */
} DemoCaseDays;

typedef struct
{
  DemoRng     rng;
  const char *user;
  DemoDay     start;
  DemoDay     end;
  guint       release_days;
  guint       n_cases;         /* in this run */
  guint       generated;       /* so far */
  GArray     *partners;        /* DemoPartner */
  GHashTable *sector_partners; /* sector → GArray of indexes */
  GHashTable *refcodes;        /* base-30 value + 1 of every code in use */

  /* the current batch */
  GArray *days; /* DemoCaseDays per case */
  GArray *services;
  GArray *stays;
  GArray *releases;
  GArray *referrals;
  GArray *disclosures;
} DemoGenerator;

gboolean         amparo_demo_load_refcodes (DemoGenerator  *g,
                                            sqlite3        *db,
                                            GError        **error);
AmparoCaseDraft *amparo_demo_generate_case (DemoGenerator  *g,
                                            guint           case_index);

G_END_DECLS
