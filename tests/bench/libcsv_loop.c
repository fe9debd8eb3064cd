/* The floor for reading CSV with libcsv: a bare parse loop, nothing else.

   Reads FILE (or stdin) in 1 MiB blocks, feeds them to libcsv in strict
   mode (CSV_STRICT | CSV_STRICT_FINI, the options cxcalc's reader uses) and
   counts fields and records in the callbacks; prints "RECORDS FIELDS".
   Any time cxcalc spends above this is its own: cell parsing, roles,
   grouping, metrics and output.

   Build: gcc -O2 libcsv_loop.c -o libcsv_loop -lcsv
   Run:   libcsv_loop FILE */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK ((size_t)1 << 20)

struct counts {
    unsigned long long fields;
    unsigned long long records;
};

static void on_field(void *data, size_t len, void *ctx) {
    (void)data;
    (void)len;
    ((struct counts *)ctx)->fields++;
}

static void on_record(int term, void *ctx) {
    (void)term;
    ((struct counts *)ctx)->records++;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "-";
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fputs("csv_init failed\n", stderr);
        return 1;
    }
    char *buf = malloc(BLOCK);
    if (!buf) {
        fputs("out of memory\n", stderr);
        return 1;
    }
    struct counts c = {0, 0};
    size_t n;
    while ((n = fread(buf, 1, BLOCK, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &c) != n) {
            fprintf(stderr, "%s: %s after %llu records\n", path,
                    csv_strerror(csv_error(&p)), c.records);
            return 1;
        }
    }
    if (ferror(f)) {
        perror(path);
        return 1;
    }
    if (csv_fini(&p, on_field, on_record, &c) != 0) {
        fprintf(stderr, "%s: %s at end of input\n", path,
                csv_strerror(csv_error(&p)));
        return 1;
    }
    csv_free(&p);
    free(buf);
    printf("%llu %llu\n", c.records, c.fields);
    return 0;
}
