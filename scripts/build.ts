/**
 * The build's second step, after tsc (`npm run build`): writes the prebuilt forms of the shipped data into
 * dist/prebuilt (src/build/prebuilt.ts; read at run time by src/prebuilt.ts).
 */
import { join } from 'node:path';
import { writePrebuilt } from '../src/build/prebuilt';

const ROOT = join(__dirname, '..');

const written = writePrebuilt(join(ROOT, 'dist', 'prebuilt'));
process.stdout.write(`dist/prebuilt: ${written.length} files\n`);
