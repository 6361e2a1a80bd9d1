/**
 * How much memory the workspace's DuckDB may hold by default (the config's
 * `duckdb.memoryLimit` sets another). Its own default is 80 % of the machine's RAM, and it
 * keeps every block it wrote or read cached up to that, so a migration's memory grew with
 * the size of its workspace: exporting and profiling the `large` dataset peaked at 2.7 GB
 * of RSS, 1.1 GB with this limit. Past it, DuckDB evicts its cache and spills big sorts,
 * joins and temporary tables to `<workspace>.tmp`. Smaller limits were tried on `large` and
 * refused: 128 MB ran out in provision with two threads, and with one thread late in the
 * conversations' import ("failed to allocate data of size 8.0 MiB (114.2 MiB/122.0 MiB
 * used)"): something DuckDB cannot evict grows with the workspace there, not yet found (key
 * indexes are small: about 20 MB for 1.3 million keys; temporary tables are evicted).
 * `medium` never fills this limit and peaks at the same RSS under 128 MB as under 512 MB
 * (624 and 634 MB); `large` fills it, and its allocator holds more than DuckDB accounts
 * for, so `large` peaks at 1.2 GB under it (`scripts/bench/export-memory.ts` shows the split).
 * @default '512MB'
 */
export const WORKSPACE_MEMORY_LIMIT = '512MB';
