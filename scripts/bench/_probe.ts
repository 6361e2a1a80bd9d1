import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
const t = performance.now();
const d = generateDataset({ seed: 1, scale: process.argv[2] ?? 'medium' });
console.log('ms', Math.round(performance.now() - t));
const k: any = d.khoros;
for (const [name, v] of Object.entries(k)) console.log(name, Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).map((x) => `${x}:${Array.isArray((v as any)[x]) ? (v as any)[x].length : typeof (v as any)[x]}`).join(' ') : v);
