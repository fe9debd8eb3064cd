/* partition.c - `cxcalc partition`: an export cut into parts at record
 * boundaries, each part a CSV with the export's header rows (see app.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxcalc/app.h"
#include "cxcalc/layout.h"
#include "cxcalc/reader.h"
#include "io/outfile.h"
#include "report/manifest.h"
#include "util/alloc.h"

/* A record copied out of the reader (whose fields live until the next). */
struct saved {
    struct cx_field_view *fields;
    size_t nfields;
    struct cx_arena arena;
};

static int save(struct saved *s, const struct cx_record *rec)
{
    s->fields = cx_arena_alloc(&s->arena, (rec->nfields ? rec->nfields : 1)
                                              * sizeof *s->fields);
    if (!s->fields)
        return -1;
    for (size_t i = 0; i < rec->nfields; i++) {
        const struct cx_field_view *f = &rec->fields[i];
        char *p = cx_arena_strndup(&s->arena, f->p, f->len);
        if (!p)
            return -1;
        s->fields[i] = (struct cx_field_view){p, f->len};
    }
    s->nfields = rec->nfields;
    return 0;
}

/* FNV-1a: a hash that is the same on every machine and run. */
static uint64_t stable_hash(const char *p, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* An error of the outfile helper names its file as the place: put it in
 * the text instead (the names of the parts and of the manifest are freed
 * before the error is printed). */
static enum cx_status place_in_text(struct cx_error *err)
{
    char text[sizeof err->msg];
    cx_error_format(err, text, sizeof text);
    return cx_error_set(err, err->status, NULL, "%s", text);
}

/* The parts being written: temporary files beside their names (see
 * outfile.h), renamed when all is done. */
struct parts {
    struct cx_outfile *out;
    char **final;
    size_t n;
};

/* Remove the parts not renamed, and free the names unless kept. */
static void parts_close(struct parts *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        if (ps->out)
            cx_outfile_abort(&ps->out[i]);
        if (ps->final)
            cx_free(ps->final[i]);
    }
    cx_free(ps->out);
    cx_free(ps->final);
}

static enum cx_status parts_open(struct parts *ps, const char *dir, size_t n,
                                 struct cx_error *err)
{
    ps->n = n;
    ps->out = cx_calloc(n, sizeof *ps->out);
    ps->final = cx_calloc(n, sizeof *ps->final);
    if (!ps->out || !ps->final)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cx_error_set(err, CX_ERR_IO, &(struct cx_loc){dir, 0, 0},
                            "cannot make the directory: %s", strerror(errno));
    /* Parts of an earlier cut would be read with these (parts/\*.csv). */
    DIR *d = opendir(dir);
    if (!d)
        return cx_error_set(err, CX_ERR_IO, &(struct cx_loc){dir, 0, 0},
                            "cannot read the directory: %s",
                            strerror(errno));
    const char *old = NULL;
    for (struct dirent *e; !old && (e = readdir(d)) != NULL;)
        if ((strncmp(e->d_name, "part-", 5) == 0
             && strstr(e->d_name, ".csv"))
            || strcmp(e->d_name, CX_MANIFEST_NAME) == 0)
            old = e->d_name;
    enum cx_status st = CX_OK;
    if (old)
        st = cx_error_set(err, CX_ERR_IO, &(struct cx_loc){dir, 0, 0},
                          "holds the parts of an earlier cut ('%s'); "
                          "remove them or choose another --out", old);
    closedir(d);
    if (st != CX_OK)
        return st;
    int width = n >= 1000 ? (n >= 10000 ? 5 : 4) : 3;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + 32;
        ps->final[i] = cx_malloc(len);
        if (!ps->final[i])
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        snprintf(ps->final[i], len, "%s/part-%0*zu.csv", dir, width, i + 1);
        if (cx_outfile_open(&ps->out[i], ps->final[i], err) != CX_OK)
            return place_in_text(err);
    }
    return CX_OK;
}

/* Record `fields` into part p. */
static enum cx_status put(struct parts *ps, size_t p,
                          const struct cx_field_view *fields, size_t n,
                          char delim, struct cx_error *err)
{
    if (cx_csv_write_record(ps->out[p].f, fields, n, delim))
        return CX_OK;
    return cx_error_set(err, CX_ERR_IO, NULL, "%s: write error: %s",
                        ps->final[p], strerror(errno ? errno : EIO));
}

/* Close every part, then give each its name: all parts or none under
 * their names.  The first failure is reported. */
static enum cx_status parts_commit(struct parts *ps, struct cx_error *err)
{
    enum cx_status st = CX_OK;
    for (size_t i = 0; st == CX_OK && i < ps->n; i++)
        if (cx_outfile_close(&ps->out[i], err) != CX_OK)
            st = place_in_text(err);
    size_t renamed = 0;
    while (st == CX_OK && renamed < ps->n)
        if (cx_outfile_rename(&ps->out[renamed], err) == CX_OK)
            renamed++;
        else
            st = place_in_text(err);
    for (size_t i = 0; st != CX_OK && i < renamed; i++)
        unlink(ps->final[i]);
    return st;
}

/* The column of the key: a name in any header row, the first row first. */
static long key_column(const struct saved *hdr, size_t nhdr, const char *key)
{
    for (size_t r = 0; r < nhdr; r++)
        for (size_t i = 0; i < hdr[r].nfields; i++)
            if (strcmp(hdr[r].fields[i].p, key) == 0)
                return (long)i;
    return -1;
}

/* Read the header rows of r into hdr (and up to 2 data rows read to
 * detect the layout into *pending). */
static enum cx_status read_header(struct cx_reader *r,
                                  const struct cx_partition_options *po,
                                  struct saved *rows, size_t *nrows,
                                  size_t *header_rows, struct cx_error *err)
{
    struct cx_record rec;
    struct cx_record views[3];
    enum cx_status st = CX_OK;
    *nrows = 0;
    while (*nrows < 3 && (st = cx_reader_next(r, &rec, err)) == CX_OK) {
        if (save(&rows[*nrows], &rec) != 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        views[*nrows] = (struct cx_record){rows[*nrows].fields,
                                           rows[*nrows].nfields, rec.line};
        (*nrows)++;
    }
    if (st != CX_OK && st != CX_DONE)
        return st;
    if (*nrows == 0)
        return cx_error_set(err, CX_ERR_EMPTY,
                            &(struct cx_loc){po->display, 0, 0},
                            "empty input: no header row");
    *header_rows = po->header_rows;
    if (!*header_rows)
        cx_layout_detect(views, *nrows, header_rows);
    if (*header_rows > *nrows)
        *header_rows = *nrows;
    return CX_OK;
}

/* Which part a data record goes to. */
static size_t part_of(const struct cx_partition_options *po,
                      const struct cx_field_view *fields, size_t nfields,
                      long key, uint64_t index, uint64_t total)
{
    if (key >= 0) {
        const struct cx_field_view *f = (size_t)key < nfields
                                            ? &fields[key] : NULL;
        uint64_t h = f ? stable_hash(f->p, f->len) : stable_hash("", 0);
        return (size_t)(h % po->nparts);
    }
    if (total)      /* contiguous: similar numbers of records */
        return (size_t)(index * po->nparts / total);    /* < 2^54 */
    return (size_t)(index % po->nparts);
}

/* Count the data records of a regular file (for contiguous parts). */
static enum cx_status count_records(const struct cx_partition_options *po,
                                    size_t header_rows, uint64_t *total,
                                    struct cx_error *err)
{
    struct cx_reader *r = cx_reader_open(po->path, po->display, &po->reader,
                                         err);
    if (!r)
        return err->status;
    cx_reader_keep(r, (const bool[]){false}, 0);
    struct cx_record rec;
    enum cx_status st;
    uint64_t n = 0;
    while ((st = cx_reader_next(r, &rec, err)) == CX_OK)
        n++;
    cx_reader_free(r);
    if (st != CX_DONE)
        return st;
    *total = n > header_rows ? n - header_rows : 0;
    return CX_OK;
}

/* DIR/cxcalc-partition.json beside the parts (written atomically). */
static enum cx_status write_manifest(const struct cx_partition_options *po,
                                     const struct parts *ps,
                                     struct cx_error *err)
{
    size_t len = strlen(po->out_dir) + sizeof CX_MANIFEST_NAME + 1;
    char *path = cx_malloc(len);
    const char **names = cx_calloc(ps->n, sizeof *names);
    uint64_t *bytes = cx_calloc(ps->n, sizeof *bytes);
    enum cx_status st = CX_OK;
    if (!path || !names || !bytes)
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = 0; st == CX_OK && i < ps->n; i++) {
        struct stat sb;
        const char *slash = strrchr(ps->final[i], '/');
        names[i] = slash ? slash + 1 : ps->final[i];
        if (stat(ps->final[i], &sb) != 0)
            st = cx_error_set(err, CX_ERR_IO, NULL, "%s: %s", ps->final[i],
                              strerror(errno));
        else
            bytes[i] = (uint64_t)sb.st_size;
    }
    if (st == CX_OK) {
        snprintf(path, len, "%s/%s", po->out_dir, CX_MANIFEST_NAME);
        struct cx_outfile out;
        st = cx_outfile_open(&out, path, err);
        if (st == CX_OK) {
            st = cx_write_manifest(out.f, po->path, po->key, names, bytes,
                                   ps->n, err);
            if (st == CX_OK)
                st = cx_outfile_commit(&out, err);
            else
                cx_outfile_abort(&out);
        }
    }
    if (st != CX_OK && err->loc.file == path)
        place_in_text(err);     /* the message outlives path */
    cx_free(path);
    cx_free(names);
    cx_free(bytes);
    return st;
}

enum cx_status cx_app_partition(const struct cx_partition_options *po,
                                struct cx_partition_result *res,
                                struct cx_error *err)
{
    memset(res, 0, sizeof *res);
    struct saved hdr[3];
    memset(hdr, 0, sizeof hdr);
    for (int i = 0; i < 3; i++)
        cx_arena_init(&hdr[i].arena, 0);
    struct parts ps = {0};
    struct cx_reader *r = NULL;
    size_t nhdr = 0, header_rows = 0;
    bool regular = false;
    struct stat sb;
    if (strcmp(po->path, "-") != 0 && stat(po->path, &sb) == 0)
        regular = S_ISREG(sb.st_mode);
    enum cx_status st = CX_OK;
    r = cx_reader_open(po->path, po->display, &po->reader, err);
    if (!r)
        st = err->status;
    if (st == CX_OK)
        st = read_header(r, po, hdr, &nhdr, &header_rows, err);
    long key = -1;
    if (st == CX_OK && po->key
        && (key = key_column(hdr, header_rows, po->key)) < 0)
        st = cx_error_set(err, CX_ERR_COLUMN,
                          &(struct cx_loc){po->display, 0, 0},
                          "no column '%s' to partition by", po->key);
    uint64_t total = 0;
    if (st == CX_OK && key < 0 && regular)
        st = count_records(po, header_rows, &total, err);
    if (st == CX_OK)
        st = parts_open(&ps, po->out_dir, po->nparts, err);
    /* Parts of a whitespace-delimited file are written as CSV: a run of
     * blanks cannot hold an empty field. */
    char delim = r ? cx_reader_delim(r) : ',';
    if (delim == CX_DELIM_WHITESPACE)
        delim = ',';
    for (size_t p = 0; st == CX_OK && p < ps.n; p++)
        for (size_t h = 0; h < header_rows && st == CX_OK; h++)
            st = put(&ps, p, hdr[h].fields, hdr[h].nfields, delim, err);
    uint64_t index = 0;
    /* data rows read while detecting the layout, then the rest */
    for (size_t h = header_rows; st == CX_OK && h < nhdr; h++, index++)
        st = put(&ps, part_of(po, hdr[h].fields, hdr[h].nfields, key, index,
                              total),
                 hdr[h].fields, hdr[h].nfields, delim, err);
    struct cx_record rec;
    while (st == CX_OK && nhdr == 3
           && (st = cx_reader_next(r, &rec, err)) == CX_OK) {
        if (key < 0 && total && index >= total)
            break;              /* more records than counted */
        st = put(&ps, part_of(po, rec.fields, rec.nfields, key, index++,
                              total),
                 rec.fields, rec.nfields, delim, err);
    }
    if (st == CX_DONE)
        st = CX_OK;
    if (st == CX_OK && key < 0 && total && index != total)
        st = cx_error_set(err, CX_ERR_IO,
                          &(struct cx_loc){po->display, 0, 0},
                          "the file changed while it was cut (%llu records "
                          "counted, then %s); no part was written",
                          (unsigned long long)total,
                          index > total ? "more" : "fewer");
    if (st == CX_OK)
        st = parts_commit(&ps, err);
    if (st == CX_OK && (st = write_manifest(po, &ps, err)) != CX_OK)
        for (size_t i = 0; i < ps.n; i++)
            unlink(ps.final[i]);    /* parts without their manifest */
    if (st == CX_OK) {
        res->records = index;
        res->header_rows = header_rows;
        res->paths = (const char *const *)ps.final;
        res->nparts = ps.n;
        ps.final = NULL;
    }
    parts_close(&ps);
    cx_reader_free(r);
    for (int i = 0; i < 3; i++)
        cx_arena_release(&hdr[i].arena);
    return st;
}

void cx_partition_result_release(struct cx_partition_result *res)
{
    for (size_t i = 0; res->paths && i < res->nparts; i++)
        cx_free((void *)res->paths[i]);
    cx_free((void *)res->paths);
    memset(res, 0, sizeof *res);
}

/* The key of the manifest beside `path` that lists it, or false. */
static bool part_key(const char *path, char *key, size_t size)
{
    struct stat sb;
    if (strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 1;
    char manifest[4096];
    if (dirlen + sizeof CX_MANIFEST_NAME + 1 > sizeof manifest)
        return false;
    memcpy(manifest, slash ? path : ".", dirlen);
    snprintf(manifest + dirlen, sizeof manifest - dirlen, "/%s",
             CX_MANIFEST_NAME);
    struct stat mb;
    FILE *f = fopen(manifest, "rb");
    if (!f)
        return false;
    /* a manifest lists at most 1,000 parts: far below 1 MiB */
    char *text = NULL;
    size_t n = 0;
    if (fstat(fileno(f), &mb) == 0 && mb.st_size < (1 << 20)
        && (text = cx_malloc((size_t)mb.st_size + 1)))
        n = fread(text, 1, (size_t)mb.st_size, f);
    fclose(f);
    bool ok = text && n == (size_t)mb.st_size
              && cx_manifest_key(text, n, slash ? slash + 1 : path,
                                 (uint64_t)sb.st_size, key, size);
    cx_free(text);
    return ok;
}

void cx_app_detect_partition(struct cx_run_options *o, char *key,
                             size_t size)
{
    if (!o->m.partial || o->m.partitioned_by)
        return;
    const char *const *paths = o->files;
    size_t n = o->nfiles;
    if (o->command && strcmp(o->command, "report") == 0) {
        paths = o->table_files[CX_TABLE_INTERACTIONS];
        n = o->table_nfiles[CX_TABLE_INTERACTIONS];
    }
    char k[256];
    for (size_t i = 0; i < n; i++) {
        if (!part_key(paths[i], k, sizeof k))
            return;
        if (i == 0 && strlen(k) < size)
            memcpy(key, k, strlen(k) + 1);
        else if (i == 0 || strcmp(k, key) != 0)
            return;
    }
    if (n)
        o->m.partitioned_by = key;
}
