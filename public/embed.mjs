// The host API client as an ES module: `import { attach } from './embed.mjs'` (types: embed.d.ts).
import './embed.js';

export const StsPlayground = globalThis.StsPlayground;
export const attach = StsPlayground.attach;
export default StsPlayground;
