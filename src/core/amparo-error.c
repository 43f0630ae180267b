/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "amparo-error.h"

G_DEFINE_QUARK (amparo-error-quark, amparo_error)
