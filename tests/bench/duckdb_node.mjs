// DuckDB through its Node.js client (@duckdb/node-api), for tests/bench/run.sh.
//
// Usage: node duckdb_node.mjs THREADS 'SQL'
//
// Opens an in-memory database with `threads` = THREADS, runs every statement
// of SQL in order and prints the last result like duckdb_capi.c does: a
// tab-separated header of column names, then one line per row; NULL as NULL,
// doubles with 17 significant digits, everything else as its text form.
// The package is looked up in tests/bench/.deps, where run.sh installs it
// (npm install --prefix tests/bench/.deps @duckdb/node-api), or in the folder
// named by DUCKDB_NODE_DEPS; ES modules ignore NODE_PATH, hence createRequire.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const deps = process.env.DUCKDB_NODE_DEPS
  || path.join(path.dirname(fileURLToPath(import.meta.url)), '.deps');
const { DuckDBInstance } = createRequire(path.join(deps, 'package.json'))('@duckdb/node-api');

function text(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(17);
  return String(v);
}

async function main() {
  const [threads, sql] = process.argv.slice(2);
  if (!/^[0-9]+$/.test(threads ?? '') || !sql) {
    process.stderr.write("usage: node duckdb_node.mjs THREADS 'SQL'\n");
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads });
  const connection = await instance.connect();
  const statements = await connection.extractStatements(sql);
  let reader = null;
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    reader = await prepared.runAndReadAll();
  }
  if (!reader) return;
  const lines = [reader.columnNames().join('\t')];
  for (const row of reader.getRows()) lines.push(row.map(text).join('\t'));
  process.stdout.write(lines.join('\n') + '\n');
  connection.closeSync?.();
}

main().catch((e) => {
  process.stderr.write(`duckdb_node: ${e.message}\n`);
  process.exit(1);
});
