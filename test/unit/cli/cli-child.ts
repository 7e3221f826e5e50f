/**
 * Runs the CLI as a real process for tests where the CLI could block (a FIFO's open, /dev/zero's endless read):
 * a blocked thread cannot be timed out in-process, a child with a kill timer can. Same entry as bin/sr-check.js,
 * but from the sources.
 */
import { runFromProcess } from '../../../src/cli/main';

runFromProcess();
