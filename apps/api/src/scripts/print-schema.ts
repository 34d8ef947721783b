import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printedSchema } from '../schema-print.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');
writeFileSync(out, await printedSchema());
console.log(`wrote ${out}`);
