#ifndef LABKIT_CSQLITE_SHIM_H
#define LABKIT_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot
/// import; it tells sqlite3_bind_text and sqlite3_bind_blob to copy the bytes.
static inline sqlite3_destructor_type labkit_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
