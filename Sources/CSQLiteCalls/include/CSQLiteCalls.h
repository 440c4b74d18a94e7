#ifndef CSQLITECALLS_H
#define CSQLITECALLS_H

// The few SQLite calls Cordon's quick reads make, forwarded to the SQLite that sqlite-nio builds into the binary.
// Cordon must not link a second copy of SQLite: two copies in one process release each other's POSIX locks and can
// corrupt the database (sqlite.org/howtocorrupt.html, 2.2.1). sqlite-nio prefixes its copy's symbols with
// `sqlite_nio_` and does not export its module, so the forwarding functions in CSQLiteCalls.c name them directly.

typedef struct cordon_sqlite cordon_sqlite;
typedef struct cordon_sqlite_stmt cordon_sqlite_stmt;

#define CORDON_SQLITE_OK 0
#define CORDON_SQLITE_ROW 100
#define CORDON_SQLITE_DONE 101
#define CORDON_SQLITE_INTEGER 1
#define CORDON_SQLITE_TEXT 3
#define CORDON_SQLITE_NULL 5

/// Opens a read-write connection without SQLite's own mutex (the caller serialises its use), with the query
/// planner's stability guarantee on.
int cordon_sqlite_open(const char *path, cordon_sqlite **db);
int cordon_sqlite_close(cordon_sqlite *db);
int cordon_sqlite_exec(cordon_sqlite *db, const char *sql);
const char *cordon_sqlite_errmsg(cordon_sqlite *db);

/// Prepares a statement meant to be kept and run many times.
int cordon_sqlite_prepare(cordon_sqlite *db, const char *sql, cordon_sqlite_stmt **stmt);
int cordon_sqlite_bind_int64(cordon_sqlite_stmt *stmt, int index, long long value);
/// Binds text that SQLite copies (SQLITE_TRANSIENT), so the caller's buffer may go away.
int cordon_sqlite_bind_text(cordon_sqlite_stmt *stmt, int index, const char *text, int bytes);
int cordon_sqlite_bind_null(cordon_sqlite_stmt *stmt, int index);
int cordon_sqlite_step(cordon_sqlite_stmt *stmt);
/// Resets the statement and clears its bindings, ready for the next run.
int cordon_sqlite_reset(cordon_sqlite_stmt *stmt);
int cordon_sqlite_finalize(cordon_sqlite_stmt *stmt);
int cordon_sqlite_column_count(cordon_sqlite_stmt *stmt);
int cordon_sqlite_column_type(cordon_sqlite_stmt *stmt, int column);
long long cordon_sqlite_column_int64(cordon_sqlite_stmt *stmt, int column);
const unsigned char *cordon_sqlite_column_text(cordon_sqlite_stmt *stmt, int column);
int cordon_sqlite_column_bytes(cordon_sqlite_stmt *stmt, int column);

#endif
