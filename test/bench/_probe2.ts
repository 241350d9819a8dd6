import { openStore } from '../../src-main/store/db';
import { exportPoints } from '../../src-main/export';
const db = openStore('/tmp/probe/s.sqlite');
const t = performance.now(); const c = process.cpuUsage();
exportPoints(db, { format: (process.argv[2] ?? 'csv') as 'csv', out: '/tmp/probe/o.' + (process.argv[2] ?? 'csv') }).then((r) => { const u = process.cpuUsage(c); console.log(r.rows, 'wall', (performance.now() - t).toFixed(0), 'cpu', ((u.user + u.system) / 1000).toFixed(0), 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0)); });
