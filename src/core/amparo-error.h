/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AMPARO_ERROR (amparo_error_quark ())

/**
 * AmparoError:
 *
 * Every error a person may see. Messages are translated and never hold
 * identifying data (no names, no cell contents, no case numbers of
 * survivors in messages meant for logs).
 */
typedef enum
{
  AMPARO_ERROR_FAILED,
  AMPARO_ERROR_WRONG_PASSPHRASE,   /* the passphrase does not open this account */
  AMPARO_ERROR_NO_SUCH_ACCOUNT,
  AMPARO_ERROR_DAMAGED_KEYS,       /* the keys file is unreadable or altered */
  AMPARO_ERROR_DAMAGED_DATABASE,   /* a store is unreadable, altered or not ours */
  AMPARO_ERROR_WEAK_KDF,           /* keys file asks for weak/absurd limits or another algorithm */
  AMPARO_ERROR_NO_CIPHER,          /* SQLCipher missing: plain SQLite got linked */
  AMPARO_ERROR_NOT_PERMITTED,      /* the role may not do this */
  AMPARO_ERROR_LOCKED,             /* the vault is locked */
  AMPARO_ERROR_NO_VAULT,
  AMPARO_ERROR_EXISTS,
  AMPARO_ERROR_NOT_FOUND,
  AMPARO_ERROR_INVALID,            /* bad input from a person or a file */
  AMPARO_ERROR_IO,                 /* disk full, stick pulled, read-only */
  AMPARO_ERROR_INTEGRITY,          /* check found a problem */
  AMPARO_ERROR_AUDIT_CHAIN,        /* audit log edited, deleted or reordered */
  AMPARO_ERROR_TOO_LARGE,
  AMPARO_ERROR_MALFORMED,          /* summary/card/directory file not well-formed */
  AMPARO_ERROR_NOT_FOR_US,         /* sealed to another coordinator */
  AMPARO_ERROR_BAD_SIGNATURE,
  AMPARO_ERROR_KEY_CHANGED,        /* agency signing key differs from the pinned one */
  AMPARO_ERROR_UNKNOWN_AGENCY,
  AMPARO_ERROR_STALE,              /* lower sequence than already imported */
  AMPARO_ERROR_ALREADY_IMPORTED,
  AMPARO_ERROR_SUPPRESSION,        /* a summary breaks the suppression rule */
  AMPARO_ERROR_NO_COORDINATOR,     /* no trusted coordinator card */
  AMPARO_ERROR_WRONG_KIND,         /* agency command on a coordinator vault or back */
  AMPARO_ERROR_CONFLICT,           /* same sequence already imported with other figures */
} AmparoError;

GQuark amparo_error_quark (void);

G_END_DECLS
