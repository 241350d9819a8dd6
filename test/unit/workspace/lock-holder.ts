/** A process that takes a workspace's sync lock: prints "took" or "held <pid>", keeps it for argv[3] ms. */
import { acquireSyncLock } from '../../../src-main/workspace/lock';

const [dataDir, holdMs] = process.argv.slice(2);
void acquireSyncLock(dataDir, 'command line').then((taken) => {
  if ('heldBy' in taken) {
    process.stdout.write(`held ${taken.heldBy.pid}\n`);
    return;
  }
  process.stdout.write('took\n');
  setTimeout(() => taken.lock.release(), Number(holdMs));
});
