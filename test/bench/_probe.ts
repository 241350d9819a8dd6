import { openStore } from '../../src-main/store/db';
const db = openStore('/tmp/probe/s.sqlite');
const it = db.prepare('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts').raw();
const page = db.prepare('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?').raw();
for (let rep = 0; rep < 2; rep++) {
let t = performance.now(); let n = 0;
for (const r of it.iterate(1, -1e16, 1e16)) n++;
console.log('iterate', n, (performance.now() - t).toFixed(0));
t = performance.now(); n = 0;
let from = -1e16;
for (;;) { const rows = page.all(1, from, 1e16, 8192) as [number, number][]; if (!rows.length) break; n += rows.length; from = rows[rows.length-1][0] + 1; }
console.log('pages', n, (performance.now() - t).toFixed(0));
const cols = db.prepare('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?').pluck();
}
