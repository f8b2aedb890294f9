/**
 * Monaco for the playground, built from the minimal entry: the bare editor, the YAML grammar, the
 * features the lesson needs (hover, suggest, markers and go-to-error, folding, find) and monaco-yaml
 * validating every model against the bundled k8s-subset schema.
 *
 * Evaluating this module configures Monaco once for the whole page (monaco-yaml allows a single
 * configured instance), so only YamlEditor.tsx may import it, and only through a dynamic import:
 * Monaco's UI language has to be chosen before any Monaco module runs.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/suggest/register';
// The suggest feature entry only wires inline completions; the suggest widget itself lives here.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/find/register';
// Ctrl+M (Ctrl+Shift+M on macOS) lets keyboard users leave the editor with Tab instead of indenting.
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml';
import k8sSubsetSchema from './k8s-subset.schema.json';
import YamlWorker from './yaml.worker.ts?worker';

/** The configured Monaco namespace, for YamlEditor.tsx. */
export type MonacoApi = typeof monaco;

// Where the schema claims to live: with a file: URI yaml-language-server never tries to fetch it.
const SCHEMA_URI = 'file:///schemas/k8s-subset.json';

// Both workers come from Vite's `?worker` bundles, so Monaco never derives a worker URL of its own
// and nothing is fetched from anywhere but the playground's origin.
function getWorker(_workerId: string, label: string): Worker {
  return label === 'yaml' ? new YamlWorker() : new EditorWorker();
}
self.MonacoEnvironment = { getWorker };

/** The pre-0.53 options that monaco-worker-manager 2.0.1 (inside monaco-yaml 5.5.1) still passes. */
interface LegacyWebWorkerOptions {
  moduleId: string;
  label?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}

type WebWorkerOptions = Parameters<typeof monaco.editor.createWebWorker>[0];

// Since 0.53 createWebWorker needs a ready Worker in `opts.worker`, but monaco-worker-manager still
// passes moduleId/label/createData and expects Monaco to start the worker and hand it createData;
// without this shim the YAML worker never starts and no schema marker ever appears (monaco-yaml#272).
// The worker's first message makes monaco-worker-manager call initialize(), whose handler then takes
// the second message as createData. Drop this once monaco-yaml ships a fix.
const createWebWorker = monaco.editor.createWebWorker;
Object.assign(monaco.editor, {
  createWebWorker<T extends object>(opts: WebWorkerOptions | LegacyWebWorkerOptions) {
    if ('worker' in opts) return createWebWorker<T>(opts);
    const worker = getWorker(opts.moduleId, opts.label ?? 'yaml');
    // A Worker's postMessage has no target origin, whatever the lint rule (written for windows) says.
    // oxlint-disable-next-line unicorn/require-post-message-target-origin
    worker.postMessage('ignore');
    // oxlint-disable-next-line unicorn/require-post-message-target-origin
    worker.postMessage(opts.createData);
    const { host, keepIdleModels } = opts;
    return createWebWorker<T>({
      worker,
      ...(host === undefined ? {} : { host }),
      ...(keepIdleModels === undefined ? {} : { keepIdleModels }),
    });
  },
});

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  validate: true,
  completion: true,
  hover: true,
  // monaco-yaml 5.5.1 types `format` as an options object and spreads it over its defaults, so
  // `format: false` would neither typecheck nor switch formatting (and its Prettier calls) off.
  format: { enable: false },
  yamlVersion: '1.1',
  schemas: [
    {
      uri: SCHEMA_URI,
      fileMatch: ['*'],
      schema: k8sSubsetSchema as JSONSchema,
    },
  ],
});

export { monaco };
