#include "CSQLiteCalls.h"

// Declarations matching sqlite3.h (3.x, stable ABI) under sqlite-nio's prefix.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite_nio_sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
int sqlite_nio_sqlite3_close_v2(sqlite3 *db);
int sqlite_nio_sqlite3_db_config(sqlite3 *db, int op, ...);
int sqlite_nio_sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *arg, char **error);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *db);
int sqlite_nio_sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned int flags, sqlite3_stmt **stmt, const char **tail);
int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *stmt, int index, long long value);
int sqlite_nio_sqlite3_bind_text(sqlite3_stmt *stmt, int index, const char *text, int bytes, void (*destructor)(void *));
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *stmt, int index);
int sqlite_nio_sqlite3_step(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_clear_bindings(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_column_count(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *stmt, int column);
long long sqlite_nio_sqlite3_column_int64(sqlite3_stmt *stmt, int column);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *stmt, int column);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *stmt, int column);

#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_OPEN_NOMUTEX 0x00008000
#define SQLITE_PREPARE_PERSISTENT 0x01
#define SQLITE_DBCONFIG_ENABLE_QPSG 1007
#define SQLITE_TRANSIENT ((void (*)(void *))-1)

#define DB(db) ((sqlite3 *)(db))
#define STMT(stmt) ((sqlite3_stmt *)(stmt))

int cordon_sqlite_open(const char *path, cordon_sqlite **db) {
    int rc = sqlite_nio_sqlite3_open_v2(path, (sqlite3 **)db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 0);
    // The query planner's stability guarantee: a kept statement's plan does not depend on the values bound to it.
    // Without it, a statement whose plan weighed a bound value (a partial index, a LIMIT) is parsed again after
    // every new binding, which is all that keeping it was meant to save.
    if (rc == 0) rc = sqlite_nio_sqlite3_db_config(DB(*db), SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)0);
    return rc;
}
int cordon_sqlite_close(cordon_sqlite *db) { return sqlite_nio_sqlite3_close_v2(DB(db)); }
int cordon_sqlite_exec(cordon_sqlite *db, const char *sql) { return sqlite_nio_sqlite3_exec(DB(db), sql, 0, 0, 0); }
const char *cordon_sqlite_errmsg(cordon_sqlite *db) { return sqlite_nio_sqlite3_errmsg(DB(db)); }

int cordon_sqlite_prepare(cordon_sqlite *db, const char *sql, cordon_sqlite_stmt **stmt) {
    return sqlite_nio_sqlite3_prepare_v3(DB(db), sql, -1, SQLITE_PREPARE_PERSISTENT, (sqlite3_stmt **)stmt, 0);
}
int cordon_sqlite_bind_int64(cordon_sqlite_stmt *stmt, int index, long long value) {
    return sqlite_nio_sqlite3_bind_int64(STMT(stmt), index, value);
}
int cordon_sqlite_bind_text(cordon_sqlite_stmt *stmt, int index, const char *text, int bytes) {
    return sqlite_nio_sqlite3_bind_text(STMT(stmt), index, text, bytes, SQLITE_TRANSIENT);
}
int cordon_sqlite_bind_null(cordon_sqlite_stmt *stmt, int index) { return sqlite_nio_sqlite3_bind_null(STMT(stmt), index); }
int cordon_sqlite_step(cordon_sqlite_stmt *stmt) { return sqlite_nio_sqlite3_step(STMT(stmt)); }
int cordon_sqlite_reset(cordon_sqlite_stmt *stmt) {
    int rc = sqlite_nio_sqlite3_reset(STMT(stmt));
    sqlite_nio_sqlite3_clear_bindings(STMT(stmt));
    return rc;
}
int cordon_sqlite_finalize(cordon_sqlite_stmt *stmt) { return sqlite_nio_sqlite3_finalize(STMT(stmt)); }
int cordon_sqlite_column_count(cordon_sqlite_stmt *stmt) { return sqlite_nio_sqlite3_column_count(STMT(stmt)); }
int cordon_sqlite_column_type(cordon_sqlite_stmt *stmt, int column) { return sqlite_nio_sqlite3_column_type(STMT(stmt), column); }
long long cordon_sqlite_column_int64(cordon_sqlite_stmt *stmt, int column) { return sqlite_nio_sqlite3_column_int64(STMT(stmt), column); }
const unsigned char *cordon_sqlite_column_text(cordon_sqlite_stmt *stmt, int column) { return sqlite_nio_sqlite3_column_text(STMT(stmt), column); }
int cordon_sqlite_column_bytes(cordon_sqlite_stmt *stmt, int column) { return sqlite_nio_sqlite3_column_bytes(STMT(stmt), column); }
