/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-cli.h"
#include "amparo-consent.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-forms.h"
#include "amparo-partners.h"
#include "amparo-refcode.h"

/* Partners, releases, referrals, mandated reports and the
 * confidentiality audit. Outputs name cases by number and reference code
 * and partners by id and organisation, never a survivor; only a printed
 * form may carry her details, and only as far as a release allows. */

/* Usage lines: amparo_cli_usage() translates them (see the note for
 * translators on commands[] in amparo-cli.c). */
#define PARTNER_USAGE \
  N_("partner add --name ORG --sector S [--tier 1-4] [--services T] [--eligibility T]" \
     " [--languages T] [--hours T] [--channels T] [--contact T] [--signed D] [--review D]" \
     " [--duties T] | update ID [same options] | remove ID | list [--all] | export --to FILE" \
     " | import FILE")
#define RELEASE_USAGE \
  N_("release add CASE PARTNER --scope a|b --purpose P [--signed D] [--expires D] [--verbal]" \
     " | revoke ID | list [--case CASE] [--expiring DAYS] | form ID --lang en|es --to FILE")
#define REFERRAL_USAGE \
  N_("referral add CASE --partner ID --service S [--warm] [--direction out|in] [--sector S]" \
     " [--follow-up D] | update ID [--status S] [--outcome O] [--follow-up D] | list [CASE]" \
     " | form ID --lang en|es --to FILE")
#define MANDATED_USAGE \
  N_("mandated-report CASE --type child_abuse|vulnerable_adult_abuse --sector S --scope a|b" \
     " [--partner ID] [--date D]")
#define AUDIT_USAGE N_("confidentiality-audit --period 2026-H1 [--expiring DAYS]")

/* ------------------------------------------------------------ helpers */

static gboolean
parse_id (const char *text,
          gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* A case given by number or by reference code. */
static gint64
resolve_case (AmparoVault *vault,
              const char  *arg,
              GError     **error)
{
  g_autofree char *code = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  gint64 id;

  if (parse_id (arg, &id))
    return id;
  code = amparo_refcode_normalize (arg);
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return 0;
  if (code != NULL)
    {
      stmt = amparo_db_prepare (db, "SELECT id FROM cases WHERE ref_code = ?;", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return sqlite3_column_int64 (stmt, 0);
    }
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                       _("No case has this number or reference code"));
  return 0;
}

/* Periods as in DESIGN 7: 2026-Q3, 2026-H2, 2026-07; and a whole year. */
static gboolean
parse_period (const char *period,
              char      **out_from,
              char      **out_to)
{
  g_autoptr(GDate) end = NULL;
  int year, first, last;
  char kind = 0;
  guint n;

  if (period == NULL || strlen (period) < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (period[i]))
      return FALSE;
  year = atoi (period);
  if (year < 1900 || year > 2200)
    return FALSE;
  if (period[4] == '\0')
    {
      first = 1;
      last = 12;
    }
  else if (strlen (period) == 7 && period[4] == '-'
           && (period[5] == 'Q' || period[5] == 'H') && g_ascii_isdigit (period[6]))
    {
      kind = period[5];
      n = (guint) (period[6] - '0');
      if (kind == 'Q' && (n < 1 || n > 4))
        return FALSE;
      if (kind == 'H' && (n < 1 || n > 2))
        return FALSE;
      first = kind == 'Q' ? (int) (n - 1) * 3 + 1 : (int) (n - 1) * 6 + 1;
      last = kind == 'Q' ? first + 2 : first + 5;
    }
  else if (strlen (period) == 7 && period[4] == '-' && g_ascii_isdigit (period[5])
           && g_ascii_isdigit (period[6]))
    {
      first = last = atoi (period + 5);
      if (first < 1 || first > 12)
        return FALSE;
    }
  else
    return FALSE;

  end = g_date_new_dmy (g_date_get_days_in_month (last, year), last, year);
  *out_from = g_strdup_printf ("%04d-%02d-01", year, first);
  *out_to = g_strdup_printf ("%04d-%02d-%02d", year, last, g_date_get_day (end));
  return TRUE;
}

static const char *
state_code (const AmparoRelease *release,
            const char          *today)
{
  switch (amparo_release_state (release, today))
    {
    case AMPARO_RELEASE_CURRENT: return "current";
    case AMPARO_RELEASE_NOT_YET: return "not_yet";
    case AMPARO_RELEASE_EXPIRED: return "expired";
    case AMPARO_RELEASE_REVOKED: return "revoked";
    default: return "-";
    }
}

static char *
scope_text (GStrv scope)
{
  if (scope == NULL || scope[0] == NULL)
    return g_strdup ("-");
  return g_strjoinv ("|", scope);
}

static void
print_release (const AmparoRelease *r,
               const char          *today)
{
  g_autofree char *scope = scope_text (r->scope);

  g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s"
           "\t%s\t%s\n",
           r->id, r->case_id, r->ref_code, r->partner_id, scope, r->purpose, r->signed_date,
           r->expires, r->verbal ? "verbal" : "written",
           r->revoked != NULL ? r->revoked : state_code (r, today));
}

/* ------------------------------------------------------------ partner */

typedef struct
{
  char *name, *sector, *services, *eligibility, *languages, *hours, *channels, *contact;
  char *signed_date, *review, *duties;
  int   tier;
} PartnerOptions;

static void
partner_options_clear (PartnerOptions *o)
{
  g_free (o->name);
  g_free (o->sector);
  g_free (o->services);
  g_free (o->eligibility);
  g_free (o->languages);
  g_free (o->hours);
  g_free (o->channels);
  g_free (o->contact);
  g_free (o->signed_date);
  g_free (o->review);
  g_free (o->duties);
}

static void
apply (char       **field,
       const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  /* an empty option clears the field */
  *field = value[0] != '\0' ? g_strdup (value) : NULL;
}

static void
partner_options_apply (const PartnerOptions *o,
                       AmparoPartner        *p)
{
  apply (&p->name, o->name);
  apply (&p->sector, o->sector);
  apply (&p->services, o->services);
  apply (&p->eligibility, o->eligibility);
  apply (&p->languages, o->languages);
  apply (&p->hours, o->hours);
  apply (&p->channels, o->channels);
  apply (&p->contact_person, o->contact);
  apply (&p->agreement_signed, o->signed_date);
  apply (&p->next_review, o->review);
  apply (&p->duties, o->duties);
  if (o->tier != 0)
    p->tier = o->tier;
}

int
amparo_cli_partner (AmparoCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  PartnerOptions o = { 0 };
  g_autofree char *to = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, NULL, NULL },
    { "sector", 0, 0, G_OPTION_ARG_STRING, &o.sector, NULL, NULL },
    { "tier", 0, 0, G_OPTION_ARG_INT, &o.tier, NULL, NULL },
    { "services", 0, 0, G_OPTION_ARG_STRING, &o.services, NULL, NULL },
    { "eligibility", 0, 0, G_OPTION_ARG_STRING, &o.eligibility, NULL, NULL },
    { "languages", 0, 0, G_OPTION_ARG_STRING, &o.languages, NULL, NULL },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &o.hours, NULL, NULL },
    { "channels", 0, 0, G_OPTION_ARG_STRING, &o.channels, NULL, NULL },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &o.contact, NULL, NULL },
    { "signed", 0, 0, G_OPTION_ARG_STRING, &o.signed_date, NULL, NULL },
    { "review", 0, 0, G_OPTION_ARG_STRING, &o.review, NULL, NULL },
    { "duties", 0, 0, G_OPTION_ARG_STRING, &o.duties, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  const char *sub;
  gint64 id = 0;
  int rc = AMPARO_CLI_OK;

  if (!amparo_cli_parse (entries, &argc, &argv, 1, 2))
    {
      partner_options_clear (&o);
      return amparo_cli_usage (PARTNER_USAGE);
    }
  sub = argv[1];
  if (!((g_str_equal (sub, "add") && argc == 2 && o.name != NULL && o.sector != NULL)
        || ((g_str_equal (sub, "update") || g_str_equal (sub, "remove")) && argc == 3
            && parse_id (argv[2], &id))
        || (g_str_equal (sub, "list") && argc == 2)
        || (g_str_equal (sub, "export") && argc == 2 && to != NULL)
        || (g_str_equal (sub, "import") && argc == 3)))
    {
      partner_options_clear (&o);
      return amparo_cli_usage (PARTNER_USAGE);
    }

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    {
      partner_options_clear (&o);
      return amparo_cli_fail (error);
    }

  if (g_str_equal (sub, "add") || g_str_equal (sub, "update"))
    {
      g_autoptr(AmparoPartner) p = NULL;

      if (g_str_equal (sub, "add"))
        p = amparo_partner_new ();
      else
        p = amparo_partners_get (vault, id, &error);
      if (p != NULL)
        {
          partner_options_apply (&o, p);
          if (g_str_equal (sub, "add"))
            id = amparo_partners_add (vault, p, &error);
          else if (!amparo_partners_update (vault, p, &error))
            id = 0;
        }
      if (p == NULL || id == 0)
        rc = amparo_cli_fail (error);
      else
        g_print ("%" G_GINT64_FORMAT "\n", id);
    }
  else if (g_str_equal (sub, "remove"))
    {
      gboolean retired = FALSE;

      if (!amparo_partners_remove (vault, id, &retired, &error))
        rc = amparo_cli_fail (error);
      else
        g_print ("%s\n", retired ? _("The partner was retired: releases or referrals mention it")
                                 : _("The partner was removed"));
    }
  else if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) list = amparo_partners_list (vault, all, &error);

      if (list == NULL)
        rc = amparo_cli_fail (error);
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          AmparoPartner *p = g_ptr_array_index (list, i);

          g_print ("%" G_GINT64_FORMAT "\t%d\t%s\t%s\t%s%s\n", p->id, p->tier, p->sector,
                   p->next_review != NULL ? p->next_review : "-", p->name,
                   p->active ? "" : _(" (retired)"));
        }
    }
  else if (g_str_equal (sub, "export"))
    {
      guint count = 0;

      if (!amparo_partners_export (vault, to, &count, &error))
        rc = amparo_cli_fail (error);
      else
        g_print ("%s\n", to);
    }
  else
    {
      guint added = 0, updated = 0;

      if (!amparo_partners_import (vault, argv[2], &added, &updated, &error))
        rc = amparo_cli_fail (error);
      else
        g_print (_("Directory imported: %u added, %u updated\n"), added, updated);
    }
  partner_options_clear (&o);
  return rc;
}

/* ------------------------------------------------------------ release */

int
amparo_cli_release (AmparoCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  g_autofree char *scope = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *signed_date = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *case_arg = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *to = NULL;
  g_autofree char *today = amparo_date_today ();
  gboolean verbal = FALSE;
  int expiring = -1;
  GOptionEntry entries[] = {
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope, NULL, NULL },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, NULL, NULL },
    { "signed", 0, 0, G_OPTION_ARG_STRING, &signed_date, NULL, NULL },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, NULL, NULL },
    { "verbal", 0, 0, G_OPTION_ARG_NONE, &verbal, NULL, NULL },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_arg, NULL, NULL },
    { "expiring", 0, 0, G_OPTION_ARG_INT, &expiring, NULL, NULL },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  const char *sub;
  gint64 id = 0, partner_id = 0;

  if (!amparo_cli_parse (entries, &argc, &argv, 1, 3))
    return amparo_cli_usage (RELEASE_USAGE);
  sub = argv[1];
  if (!((g_str_equal (sub, "add") && argc == 4 && parse_id (argv[3], &partner_id)
         && scope != NULL && purpose != NULL)
        || (g_str_equal (sub, "revoke") && argc == 3 && parse_id (argv[2], &id))
        || (g_str_equal (sub, "list") && argc == 2 && expiring >= -1)
        || (g_str_equal (sub, "form") && argc == 3 && parse_id (argv[2], &id) && lang != NULL
            && to != NULL)))
    return amparo_cli_usage (RELEASE_USAGE);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);

  if (g_str_equal (sub, "add"))
    {
      g_autoptr(AmparoRelease) r = amparo_release_new ();

      r->case_id = resolve_case (vault, argv[2], &error);
      if (r->case_id == 0)
        return amparo_cli_fail (error);
      r->partner_id = partner_id;
      r->scope = g_strsplit (scope, "|", -1);
      r->purpose = g_strdup (purpose);
      r->signed_date = g_strdup (signed_date);
      r->expires = g_strdup (expires);
      r->verbal = verbal;
      id = amparo_releases_add (vault, r, &error);
      if (id == 0)
        return amparo_cli_fail (error);
      g_print ("%" G_GINT64_FORMAT "\n", id);
    }
  else if (g_str_equal (sub, "revoke"))
    {
      if (!amparo_releases_revoke (vault, id, &error))
        return amparo_cli_fail (error);
      g_print (_("Release %lld revoked as of %s\n"), (long long) id, today);
    }
  else if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) list = NULL;
      gint64 case_id = 0;

      if (case_arg != NULL && (case_id = resolve_case (vault, case_arg, &error)) == 0)
        return amparo_cli_fail (error);
      if (expiring >= 0)
        list = amparo_releases_expiring (vault, today, expiring, &error);
      else
        list = amparo_releases_list (vault, case_id, &error);
      if (list == NULL)
        return amparo_cli_fail (error);
      for (guint i = 0; i < list->len; i++)
        {
          AmparoRelease *r = g_ptr_array_index (list, i);

          if (case_id == 0 || r->case_id == case_id)
            print_release (r, today);
        }
    }
  else
    {
      if (!amparo_forms_release_pdf (vault, id, lang, to, &error))
        return amparo_cli_fail (error);
      g_print ("%s\n", to);
    }
  return AMPARO_CLI_OK;
}

/* ----------------------------------------------------------- referral */

int
amparo_cli_referral (AmparoCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  g_autofree char *partner = NULL;
  g_autofree char *service = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *sector = NULL;
  g_autofree char *follow_up = NULL;
  g_autofree char *status = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *to = NULL;
  gboolean warm = FALSE;
  GOptionEntry entries[] = {
    { "partner", 0, 0, G_OPTION_ARG_STRING, &partner, NULL, NULL },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, NULL, NULL },
    { "warm", 0, 0, G_OPTION_ARG_NONE, &warm, NULL, NULL },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction, NULL, NULL },
    { "sector", 0, 0, G_OPTION_ARG_STRING, &sector, NULL, NULL },
    { "follow-up", 0, 0, G_OPTION_ARG_STRING, &follow_up, NULL, NULL },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, NULL, NULL },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, NULL, NULL },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  const char *sub;
  gint64 id = 0, partner_id = 0;

  if (!amparo_cli_parse (entries, &argc, &argv, 1, 2))
    return amparo_cli_usage (REFERRAL_USAGE);
  sub = argv[1];
  if (partner != NULL && !parse_id (partner, &partner_id))
    return amparo_cli_usage (REFERRAL_USAGE);
  if (!((g_str_equal (sub, "add") && argc == 3 && (partner_id != 0 || sector != NULL))
        || (g_str_equal (sub, "update") && argc == 3 && parse_id (argv[2], &id))
        || (g_str_equal (sub, "list") && argc <= 3)
        || (g_str_equal (sub, "form") && argc == 3 && parse_id (argv[2], &id) && lang != NULL
            && to != NULL)))
    return amparo_cli_usage (REFERRAL_USAGE);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);

  if (g_str_equal (sub, "add"))
    {
      g_autoptr(AmparoReferral) r = amparo_referral_new ();

      r->case_id = resolve_case (vault, argv[2], &error);
      if (r->case_id == 0)
        return amparo_cli_fail (error);
      r->direction = g_strdup (direction != NULL ? direction : "out");
      r->partner_id = partner_id;
      r->sector = g_strdup (sector);
      r->service_needed = g_strdup (service);
      r->warm = warm;
      r->follow_up = g_strdup (follow_up);
      id = amparo_referrals_add (vault, r, &error);
      if (id == 0)
        return amparo_cli_fail (error);
      g_print ("%" G_GINT64_FORMAT "\n", id);
    }
  else if (g_str_equal (sub, "update"))
    {
      g_autoptr(AmparoReferral) r = amparo_referrals_get (vault, id, &error);

      if (r == NULL)
        return amparo_cli_fail (error);
      apply (&r->status, status);
      apply (&r->outcome, outcome);
      apply (&r->follow_up, follow_up);
      apply (&r->service_needed, service);
      if (warm)
        r->warm = TRUE;
      if (!amparo_referrals_update (vault, r, &error))
        return amparo_cli_fail (error);
      g_print ("%" G_GINT64_FORMAT "\n", id);
    }
  else if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) list = NULL;
      gint64 case_id = 0;

      if (argc == 3 && (case_id = resolve_case (vault, argv[2], &error)) == 0)
        return amparo_cli_fail (error);
      list = amparo_referrals_list (vault, case_id, &error);
      if (list == NULL)
        return amparo_cli_fail (error);
      for (guint i = 0; i < list->len; i++)
        {
          AmparoReferral *r = g_ptr_array_index (list, i);

          g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%" G_GINT64_FORMAT
                   "\t%s\t%s\t%s\t%s\t%s\t%s\n",
                   r->id, r->case_id, r->ref_code, r->date, r->direction, r->partner_id,
                   r->sector, r->service_needed != NULL ? r->service_needed : "-",
                   r->warm ? "warm" : "-", r->status, r->follow_up != NULL ? r->follow_up : "-",
                   r->outcome != NULL ? r->outcome : "-");
        }
    }
  else
    {
      g_autofree char *today = amparo_date_today ();
      g_auto(GStrv) included = NULL;
      g_autofree char *included_text = NULL;

      if (!amparo_forms_referral_pdf (vault, id, lang, to, &error))
        return amparo_cli_fail (error);
      /* what went on the form, as codes: the same decision the form made */
      included = amparo_forms_referral_scope (vault, id, today, NULL);
      included_text = scope_text (included);
      g_print ("%s\n", to);
      g_print (_("Identifying details on the form: %s\n"), included_text);
    }
  return AMPARO_CLI_OK;
}

/* ---------------------------------------------------- mandated report */

int
amparo_cli_mandated_report (AmparoCliContext *ctx,
                            int               argc,
                            char            **argv)
{
  g_autofree char *type = NULL;
  g_autofree char *sector = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *partner = NULL;
  g_autofree char *date = NULL;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, NULL, NULL },
    { "sector", 0, 0, G_OPTION_ARG_STRING, &sector, NULL, NULL },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope, NULL, NULL },
    { "partner", 0, 0, G_OPTION_ARG_STRING, &partner, NULL, NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_auto(GStrv) scopes = NULL;
  gint64 case_id, partner_id = 0, id;

  if (!amparo_cli_parse (entries, &argc, &argv, 1, 1) || type == NULL || scope == NULL
      || (sector == NULL && partner == NULL)
      || (partner != NULL && !parse_id (partner, &partner_id)))
    return amparo_cli_usage (MANDATED_USAGE);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  case_id = resolve_case (vault, argv[1], &error);
  if (case_id == 0)
    return amparo_cli_fail (error);
  scopes = g_strsplit (scope, "|", -1);
  id = amparo_mandated_report_add (vault, case_id, type, sector, partner_id,
                                   (const char *const *) scopes, date, &error);
  if (id == 0)
    return amparo_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return AMPARO_CLI_OK;
}

/* ------------------------------------------------ confidentiality audit */

static void
print_release_section (const char *heading,
                       GPtrArray  *releases,
                       gboolean    show_revoked)
{
  g_print ("%s: %u\n", heading, releases->len);
  for (guint i = 0; i < releases->len; i++)
    {
      AmparoRelease *r = g_ptr_array_index (releases, i);
      g_autofree char *scope = scope_text (r->scope);

      g_print (_("  release %lld  case %lld (%s)  partner %lld %s  scope %s  %s %s\n"),
               (long long) r->id, (long long) r->case_id, r->ref_code, (long long) r->partner_id,
               r->partner_name != NULL ? r->partner_name : "-", scope,
               show_revoked ? _("revoked") : _("until"),
               show_revoked ? r->revoked : r->expires);
    }
}

static char *
grounds_text (const AmparoDisclosure *d)
{
  const char *grounds = amparo_disclosure_grounds (d);

  if (g_str_equal (grounds, "release"))
    return g_strdup_printf (_("release %lld"), (long long) d->release_id);
  if (g_str_equal (grounds, "mandated_report"))
    return g_strdup_printf (_("mandated report (%s)"), d->report_type);
  return g_strdup (_("nothing identifying shared"));
}

int
amparo_cli_confidentiality_audit (AmparoCliContext *ctx,
                                  int               argc,
                                  char            **argv)
{
  g_autofree char *period = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *heading = NULL;
  int expiring = 14;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, NULL, NULL },
    { "expiring", 0, 0, G_OPTION_ARG_INT, &expiring, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(AmparoConfidentialityAudit) a = NULL;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || expiring < 0
      || !parse_period (period, &from, &to))
    return amparo_cli_usage (AUDIT_USAGE);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  a = amparo_confidentiality_audit (vault, from, to, today, expiring, &error);
  if (a == NULL)
    return amparo_cli_fail (error);

  g_print (_("Confidentiality audit for %s (%s to %s), run on %s\n\n"), period, from, to, today);
  print_release_section (_("Releases that expired in the period"), a->expired, FALSE);
  print_release_section (_("Releases revoked in the period"), a->revoked, TRUE);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Releases ending within %d day",
                                          "Releases ending within %d days", expiring),
                             expiring);
  print_release_section (heading, a->expiring, FALSE);

  g_print ("%s: %u\n", _("Disclosures in the period"), a->disclosures->len);
  for (guint i = 0; i < a->disclosures->len; i++)
    {
      AmparoDisclosure *d = g_ptr_array_index (a->disclosures, i);
      g_autofree char *scope = scope_text (d->scope);
      g_autofree char *grounds = grounds_text (d);

      g_autofree char *partner = d->partner_id > 0 ? g_strdup_printf ("%lld", (long long) d->partner_id)
                                                   : g_strdup ("-");

      g_print (_("  %s  case %lld  %s  partner %s  sector %s  shared %s  grounds: %s  by %s\n"),
               d->date, (long long) d->case_id, d->kind, partner,
               d->recipient_sector != NULL ? d->recipient_sector : "-", scope, grounds, d->staff);
    }

  g_print ("%s: %u\n", _("Staff who viewed contact records"), a->views->len);
  for (guint i = 0; i < a->views->len; i++)
    {
      AmparoStaffCount *c = g_ptr_array_index (a->views, i);

      g_print ("  %s\t%" G_GINT64_FORMAT "\n", c->staff, c->count);
    }

  g_print ("%s: %u\n", _("Files written (exports, backups, printed forms)"), a->files->len);
  for (guint i = 0; i < a->files->len; i++)
    {
      AmparoAuditEntry *e = g_ptr_array_index (a->files, i);

      g_print ("  %s  %s  %s", e->at, e->actor, e->action);
      if (e->case_id > 0)
        g_print (_("  case %lld"), (long long) e->case_id);
      g_print ("\n");
    }
  return AMPARO_CLI_OK;
}
