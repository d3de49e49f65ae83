// Writes name.br and name.gz beside every compressible file of a folder, at the highest levels:
// done once at build time, so the server never compresses per request.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt']);
let raw = 0, br = 0, gz = 0;
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !compressible.has(extname(name))) continue;
  const data = readFileSync(path);
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gzip = gzipSync(data, { level: 9 });
  writeFileSync(path + '.br', brotli);
  writeFileSync(path + '.gz', gzip);
  raw += data.length; br += brotli.length; gz += gzip.length;
  console.log(`${name}: ${data.length} B, br ${brotli.length} B, gzip ${gzip.length} B`);
}
console.log(`total: ${raw} B, br ${br} B, gzip ${gz} B`);
