/* DuckDB through its C API, for benchmarks: libduckdb.so ships in the npm package
   @duckdb/node-bindings-linux-x64 but no header does, so the few prototypes are declared here.
   Build: gcc -O2 duckdb_capi.c -o duckdb_capi -L$L -lduckdb -Wl,-rpath,$L  (L = that package folder)
   Run:   duckdb_capi FILE THREADS  -> NPS by segment, one line per segment.

   Extended for tests/bench/run.sh:
   Run:   duckdb_capi THREADS 'SQL'  -> runs SQL with SET threads=THREADS and prints the
          result as tab-separated text: a header line of column names, then one line per
          row; NULL prints as NULL, DOUBLE columns with 17 significant digits (so the
          agreement check sees every bit), everything else as DuckDB's VARCHAR cast.
   The original two-argument form (FILE THREADS, the first argument not a number) is kept. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
typedef struct { void *internal_ptr; } *duckdb_database;
typedef struct { void *internal_ptr; } *duckdb_connection;
typedef struct { uint64_t fields[16]; } duckdb_result; /* the real one is 48 bytes; room to spare */
typedef int duckdb_state;
typedef int duckdb_type;                  /* enum DUCKDB_TYPE in duckdb.h */
enum { DUCKDB_TYPE_DOUBLE = 11 };
duckdb_state duckdb_open(const char *path, duckdb_database *out);
duckdb_state duckdb_connect(duckdb_database db, duckdb_connection *out);
duckdb_state duckdb_query(duckdb_connection c, const char *q, duckdb_result *r);
uint64_t duckdb_row_count(duckdb_result *r);
uint64_t duckdb_column_count(duckdb_result *r);
const char *duckdb_column_name(duckdb_result *r, uint64_t col);
duckdb_type duckdb_column_type(duckdb_result *r, uint64_t col);
char *duckdb_value_varchar(duckdb_result *r, uint64_t col, uint64_t row);
double duckdb_value_double(duckdb_result *r, uint64_t col, uint64_t row);
_Bool duckdb_value_is_null(duckdb_result *r, uint64_t col, uint64_t row);
const char *duckdb_result_error(duckdb_result *r);
void duckdb_destroy_result(duckdb_result *r);
void duckdb_free(void *p);
void duckdb_disconnect(duckdb_connection *c);
void duckdb_close(duckdb_database *db);

/* A positive decimal number, so "2" is THREADS and "export.csv" a FILE. */
static int is_count(const char *s) {
  if (!*s) return 0;
  for (; *s; s++) if (*s < '0' || *s > '9') return 0;
  return 1;
}

/* Run q; print 0: nothing, 1: TSV with a header, 2: the original "SEGMENT NPS" lines. */
static int run(duckdb_connection con, const char *q, int print) {
  duckdb_result r;
  if (duckdb_query(con, q, &r)) {
    fprintf(stderr, "duckdb_capi: %s\n", duckdb_result_error(&r));
    duckdb_destroy_result(&r);
    return 1;
  }
  if (print) {
    uint64_t cols = duckdb_column_count(&r), n = duckdb_row_count(&r);
    char sep = print == 2 ? ' ' : '\t';
    for (uint64_t c = 0; c < cols && print == 1; c++)
      printf("%s%s", c ? "\t" : "", duckdb_column_name(&r, c));
    if (print == 1) putchar('\n');
    for (uint64_t i = 0; i < n; i++) {
      for (uint64_t c = 0; c < cols; c++) {
        if (c) putchar(sep);
        if (duckdb_value_is_null(&r, c, i)) fputs("NULL", stdout);
        else if (print == 1 && duckdb_column_type(&r, c) == DUCKDB_TYPE_DOUBLE)
          printf("%.17g", duckdb_value_double(&r, c, i));
        else {
          char *v = duckdb_value_varchar(&r, c, i);
          fputs(v ? v : "NULL", stdout);
          duckdb_free(v);
        }
      }
      putchar('\n');
    }
  }
  duckdb_destroy_result(&r);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: duckdb_capi THREADS 'SQL'\n       duckdb_capi FILE THREADS\n");
    return 2;
  }
  int sql_form = is_count(argv[1]);
  const char *threads = sql_form ? argv[1] : argv[2];
  if (!is_count(threads)) { fprintf(stderr, "duckdb_capi: THREADS must be a number\n"); return 2; }
  duckdb_database db; duckdb_connection con;
  if (duckdb_open(NULL, &db)) return 1;
  if (duckdb_connect(db, &con)) return 1;
  char set[64]; snprintf(set, sizeof set, "SET threads=%s", threads);
  if (run(con, set, 0)) return 1;
  int rc;
  if (sql_form) {
    rc = run(con, argv[2], 1);
  } else {
    /* The original benchmark: NPS by segment of FILE. */
    const char *fmt = "select segment, 100.0*(count(*) filter (where nps>=9) - count(*) filter (where nps<=6))/count(nps) nps from read_csv('%s') group by segment order by segment";
    size_t len = strlen(fmt) + strlen(argv[1]) + 1;
    char *q = malloc(len);
    if (!q) return 1;
    snprintf(q, len, fmt, argv[1]);
    rc = run(con, q, 2);
    free(q);
  }
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return rc;
}
